import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticLog } from '../core/diagnostics.js';
import { isPaddlewheelError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { checkPartials, equivalentFrames, type LoadedPartial, logRecord, mergedLog, mergeInOrder, PARTIAL_FORMAT, PARTIAL_FORMAT_VERSION, type PartialFile, readPartial } from './partial.js';

/** A partial file with only what checkPartials reads. */
function part(path: string, start: number, stop: number | null, opts: { step?: number; frames?: number; reachedEnd?: boolean; request?: unknown; sha?: string; ref?: string; jobs?: string[] } = {}): LoadedPartial {
  const step = opts.step ?? 1;
  const frames = opts.frames ?? (stop === null ? 10 : Math.ceil((stop - start) / step));
  const file = {
    format: PARTIAL_FORMAT, formatVersion: PARTIAL_FORMAT_VERSION, tool: 'paddlewheel', version: VERSION, created: 'x',
    request: opts.request ?? { cation: 'Li', r1: 6.2 },
    range: { start, stop, step, frames, first: start, last: start + (frames - 1) * step, reachedEnd: opts.reachedEnd ?? stop === null },
    inputs: [{ path: 'a.xyz', bytes: 10, sha256: opts.sha ?? 'ab'.repeat(32) }],
    reference: { sha256: opts.ref ?? 'r', frame: null },
    trajectory: { format: 'extxyz', files: ['a.xyz'], paths: ['a.xyz'], frameSpacing: 0.1, frameSpacingSource: 'file', hasVelocities: false },
    context: { sha256: 'c', data: null },
    diagnostics: { items: [], suppressed: {} },
    main: { jobs: (opts.jobs ?? ['rdf', 'msd']).map((id) => ({ id, state: null, diagnostics: { items: [], suppressed: {} } })), failed: [], seconds: 0 },
  } satisfies PartialFile;
  return { path, file };
}

function usage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isPaddlewheelError(e) && e.code).toBe('E_USAGE');
    return (e as Error).message;
  }
  return 'accepted';
}

describe('checkPartials: partials of one run, tiling the frames from 0', () => {
  it('orders by frame range and says what one run they equal', () => {
    const set = checkPartials([part('c', 110, null), part('a', 0, 50), part('b', 50, 110)]);
    expect(set.parts.map((p) => p.path)).toEqual(['a', 'b', 'c']);
    expect(set.range).toEqual({ stop: null, step: 1, frames: 50 + 60 + 10 });
    expect(equivalentFrames(set.range)).toBeUndefined();
    // The last range stopped at its stop: the trajectory may go on.
    const closed = checkPartials([part('a', 0, 50), part('b', 50, 160)]);
    expect(equivalentFrames(closed.range)).toBe('0:160');
    // Fewer frames than the range asks for: the trajectory ended inside it.
    const ended = checkPartials([part('a', 0, 50), part('b', 50, 200, { frames: 110, reachedEnd: true })]);
    expect(equivalentFrames(ended.range)).toBeUndefined();
    expect(equivalentFrames(checkPartials([part('a', 0, 70, { step: 2 }), part('b', 70, null, { step: 2 })]).range)).toBe('::2');
    expect(equivalentFrames(checkPartials([part('a', 0, 70, { step: 2 }), part('b', 70, 100, { step: 2 })]).range)).toBe('0:100:2');
  });

  it('refuses overlaps, gaps (saying which frames), misaligned steps, and ranges after the end', () => {
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 40, 100)]))).toBe('frames 40:50 are in both a and b: the ranges overlap');
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 60, 100)]))).toBe('frames 50:60 are missing (between a and b); add a partial over --frames 50:60');
    expect(usage(() => checkPartials([part('b', 10, 100)]))).toMatch(/^frames 0:10 are missing \(the first partial, b, starts at frame 10\)/);
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 50, null), part('c', 100, null)]))).toMatch(/^b reached the end of the trajectory .* but c starts at frame 100/);
    expect(usage(() => checkPartials([part('a', 0, 50, { step: 2 }), part('b', 50, null, { step: 1 })]))).toMatch(/steps 2 and 1 differ/);
    expect(usage(() => checkPartials([part('a', 0, 51, { step: 2 }), part('b', 51, null, { step: 2 })]))).toMatch(/b: starts at frame 51, not a multiple of the step 2/);
    expect(usage(() => checkPartials([]))).toMatch(/no partial files given/);
  });

  it('refuses partials of other options, inputs, reference frames, analyses or versions, naming both files', () => {
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 50, null, { request: { cation: 'Li', r1: 6 } })]))).toMatch(/^a and b: the options differ \(r1: 6\.2 vs 6\)/);
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 50, null, { sha: 'cd'.repeat(32) })]))).toMatch(/^a and b: the input files differ \(a\.xyz \(10 bytes, sha256 abababababab…\) vs a\.xyz \(10 bytes, sha256 cdcdcdcdcdcd…\)\)/);
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 50, null, { ref: 'other' })]))).toMatch(/^a and b: the reference frames .* differ/);
    expect(usage(() => checkPartials([part('a', 0, 50), part('b', 50, null, { jobs: ['rdf'] })]))).toMatch(/^a and b: the analyses run differ/);
    const old = part('b', 50, null);
    old.file.version = '0.0.1';
    expect(usage(() => checkPartials([part('a', 0, 50), old]))).toMatch(/the paddlewheel versions differ/);
  });
});

describe('partial files on disk', () => {
  it('reads its own layout and refuses anything else (E_FORMAT, E_IO)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-partial-'));
    const p = part('x', 0, null).file;
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(p));
    writeFileSync(join(dir, 'text.json'), 'not json');
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ tool: 'paddlewheel', command: 'analyze' }));
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...p, formatVersion: 99 }));
    expect((await readPartial(join(dir, 'ok.json'))).file.range.start).toBe(0);
    const code = (f: string) => readPartial(join(dir, f)).then(() => 'read', (e: { code: string; message: string }) => `${e.code}: ${e.message}`);
    expect(await code('text.json')).toMatch(/^E_FORMAT: .*text\.json: not a paddlewheel partial file \(not JSON/);
    expect(await code('results.json')).toMatch(/^E_FORMAT: .*results\.json: not a paddlewheel partial file/);
    expect(await code('future.json')).toMatch(/^E_FORMAT: .*layout 99/);
    expect(await code('missing.json')).toMatch(/^E_IO: /);
  });
});

describe('merging in frame order', () => {
  it('merges consecutive states earlier-first, whatever the count', () => {
    for (let n = 1; n <= 9; n++) {
      const states = Array.from({ length: n }, (_, i) => [i]);
      expect(mergeInOrder(states, (a, b) => [...a, ...b])).toEqual(states.flat());
    }
  });

  it('replays recorded logs as one log would have kept them: repeats dropped, suppressed ones counted', () => {
    const emit = (log: DiagnosticLog, frames: number[]) => {
      log.info('I_SETUP', 'the same in every range');
      for (const f of frames) log.warn('W_STEP', `step at frame ${f}`, { frame: f });
    };
    const one = new DiagnosticLog();
    emit(one, Array.from({ length: 45 }, (_, i) => i));
    const a = new DiagnosticLog(), b = new DiagnosticLog(), c = new DiagnosticLog();
    emit(a, Array.from({ length: 12 }, (_, i) => i));
    emit(b, Array.from({ length: 25 }, (_, i) => 12 + i));
    emit(c, Array.from({ length: 8 }, (_, i) => 37 + i));
    const merged = mergedLog([a, b, c].map((log, i) => ({ tag: `${i}`, log: JSON.parse(JSON.stringify(logRecord(log))) })));
    expect(merged.toArray()).toEqual(one.toArray());
    expect(one.toArray().at(-1)!.message).toBe('25 more diagnostics with code W_STEP were suppressed');
  });
});
