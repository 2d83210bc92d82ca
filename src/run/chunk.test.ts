import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/data.js';
import { makeCell } from '../core/cell.js';
import { DiagnosticLog } from '../core/diagnostics.js';
import type { Frame } from '../core/frame.js';
import { openTrajectory } from '../io/open.js';
import { REGISTRY } from '../analysis/registry.js';
import { ANALYSIS_TABLE, chunkingOf, tableEntryOf } from './analysis-table.js';
import { ChunkReducer, ChunkRun, fromWire, toWire } from './chunk.js';
import { packFrames, unpackFrames } from './frame-pack.js';
import { referenceContext } from './jobs.js';
import { everyEntry, exactJson } from './parallel-testing.js';
import { plainDataIssue } from './plain-data.js';
import { PaddlewheelError, UsageError } from '../core/errors.js';

describe('ChunkReducer', () => {
  it('merges in chunk order with a tree fixed by the number of chunks', () => {
    const r = new ChunkReducer<string>((a, b) => `(${a}${b})`);
    for (const s of 'abcdefg') r.add(s);
    expect(r.chunks).toBe(7);
    // Binary counter: ab, cd → (ab)(cd); ef; g; then the rest folds from the right.
    expect(r.result()).toBe('(((ab)(cd))((ef)g))');
    const one = new ChunkReducer<string>((a, b) => a + b);
    one.add('x');
    expect(one.result()).toBe('x');
    expect(new ChunkReducer<string>((a, b) => a + b).result()).toBeUndefined();
  });
  it('is a concatenation for any number of chunks (order kept)', () => {
    for (let n = 1; n <= 40; n++) {
      const r = new ChunkReducer<number[]>((a, b) => [...a, ...b]);
      for (let i = 0; i < n; i++) r.add([i]);
      expect(r.result()).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('frame packing', () => {
  it('gives the same numbers bit for bit and leaves the frames as they were', () => {
    const cell = makeCell([10, 0, 0, 0.5, 9, 0, 0.1, 0.2, 8]);
    const f0: Frame = { index: 3, segment: 0, time: 0.15, positions: Float64Array.from([0, -0, 1e-300, NaN, 2, 3]), cell, temperature: 800 };
    const f1 = { index: 4, segment: 1, step: 7, energy: -1.5, positions: Float64Array.from([1, 2, 3, 4, 5, 6]), cell, velocities: Float64Array.from([1, 1, 1, 2, 2, 2]), forces: new Float64Array(6), stress: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), label: 'extra' } as Frame;
    const packed = packFrames([f0, f1]);
    const back = unpackFrames(structuredClone(packed, { transfer: [packed.data.buffer as ArrayBuffer] }));
    const same = (a: Float64Array | undefined, b: Float64Array | undefined) => {
      expect(b === undefined).toBe(a === undefined);
      if (a && b) expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toBe(true);
    };
    for (const [a, b] of [[f0, back[0]!], [f1, back[1]!]] as const) {
      same(a.positions, b.positions); same(a.velocities, b.velocities); same(a.forces, b.forces); same(a.stress, b.stress);
      same(a.cell.matrix, b.cell.matrix); same(a.cell.inverse, b.cell.inverse);
      expect(b.cell.volume).toBe(a.cell.volume);
      for (const k of ['index', 'segment', 'time', 'step', 'energy', 'temperature'] as const) expect(b[k]).toBe(a[k]);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    }
    expect((back[1] as Frame & { label: string }).label).toBe('extra');
    // The originals are still usable (their buffers were copied, not transferred).
    expect(f0.positions.length).toBe(6);
    expect(cell.matrix[0]).toBe(10);
  });
});

describe('plain data and errors across threads', () => {
  it('flags what a structured clone would change', () => {
    expect(plainDataIssue({ a: [1, 'x', null, undefined], b: new Float64Array(2), c: new Map([[1, { d: new Set([2]) }]]), e: Object.create(null) })).toBeUndefined();
    expect(plainDataIssue({ a: { b: new DiagnosticLog() } }, 'p')).toBe('p.a.b: a DiagnosticLog');
    expect(plainDataIssue({ f: () => 1 })).toBe('value.f: a function');
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic['self'] = cyclic;
    expect(plainDataIssue(cyclic)).toBeUndefined();
  });
  it('keeps the code and message of our errors, and marks others as bugs', () => {
    const e = fromWire(structuredClone(toWire(new UsageError('--x: bad'))));
    expect(e).toBeInstanceOf(PaddlewheelError);
    expect((e as PaddlewheelError).code).toBe('E_USAGE');
    expect(e.message).toBe('--x: bad');
    const bug = fromWire(structuredClone(toWire(new TypeError('x is undefined'))));
    expect(bug).not.toBeInstanceOf(PaddlewheelError);
    expect(bug.name).toBe('TypeError');
  });
});

describe('analysis table', () => {
  const FIX = join(ROOT, 'fixtures', 'li2b12h12-prim-800K');
  const fx = { files: [join(FIX, 'lbh.pos.gz')], open: { qeInput: join(FIX, 'lbh.in') }, selection: { cation: 'Li', anion: 'B12H12' } };

  it('holds every registry analysis and the internal ones, with plain-data chunk states', async () => {
    const traj = await openTrajectory(fx.files, { ...fx.open, frames: '0:6' });
    const frames: Frame[] = [];
    for await (const f of traj.frames()) frames.push(f);
    const ctx = referenceContext(traj, frames[0]!, fx.selection);
    const jobs = everyEntry(fx, { r1: 6.3, closest: 3.29 })(ctx);
    expect(jobs.map((j) => j.id)).toEqual([...REGISTRY.map((e) => e.id), '#closest']);
    expect(ANALYSIS_TABLE.size).toBe(new Set([...ANALYSIS_TABLE.values()].map((l) => l.analysis)).size);
    const { diagnostics: _log, ...plain } = ctx;
    expect(plainDataIssue(plain, 'ctx')).toBeUndefined();
    for (const [slot, j] of jobs.entries()) {
      expect(tableEntryOf(j.analysis), j.id).toBeDefined();
      expect(plainDataIssue(j.params, `${j.id}.params`)).toBeUndefined();
      if (chunkingOf(j.analysis) === 'serial') continue;
      const run = new ChunkRun([{ slot, analysis: j.analysis, params: j.params }], plain);
      for (const f of frames) run.push(f);
      const [o] = run.finish();
      expect(o && 'state' in o, j.id).toBe(true);
      // What a worker sends back is what the main thread would have kept.
      expect(plainDataIssue((o as { state: unknown }).state, `${j.id}.state`)).toBeUndefined();
    }
    // renew (skipping a costly init) gives exactly init's empty state, even from a state that has frames.
    const renewed = jobs.filter((j) => tableEntryOf(j.analysis)?.renew);
    expect(renewed.map((j) => j.id).sort()).toEqual(['distortion', 'sites']);
    for (const j of renewed) {
      const used = j.analysis.init(j.params, { ...ctx, diagnostics: new DiagnosticLog() });
      for (const f of frames) j.analysis.push(used, f);
      const fresh = j.analysis.init(j.params, { ...ctx, diagnostics: new DiagnosticLog() });
      expect(exactJson(tableEntryOf(j.analysis)!.renew!(used)), j.id).toBe(exactJson(fresh));
    }
    // vanhove cannot be chunked (an origin correlates with every later frame): one state on the main thread.
    expect(chunkingOf(ANALYSIS_TABLE.get('vanhove')!.analysis)).toBe('serial');
  });
});
