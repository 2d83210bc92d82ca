import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/data.js';
import { isPaddlewheelError, type PaddlewheelError } from '../core/errors.js';
import { openTrajectory } from '../io/open.js';
import { pairAnalyses } from '../analysis/angles/combine.js';
import { closestApproachAnalysis } from '../analysis/angles/closest.js';
import { defaultRdfParams } from '../analysis/rdf/entry.js';
import { rdfAnalysis } from '../analysis/rdf/analysis.js';
import { spectraAnalysis } from '../analysis/spectra/analysis.js';
import type { AnalysisContext } from '../analysis/types.js';
import type { MultiJob } from './jobs.js';
import { collectMulti, runMulti } from './multi.js';
import { exactJson, numericDifferences } from './parallel-testing.js';
import { runSerial } from './serial.js';

// 60 frames (5 fs apart, with velocities) of the demo's spectra run, and two damaged copies.
const dir = mkdtempSync(join(tmpdir(), 'pw-parallel-'));
const lines = gunzipSync(readFileSync(join(ROOT, 'fixtures', 'demo', 'li2b12h12-800K-spectra-2ps.extxyz.gz'))).toString().split('\n');
const N = Number(lines[0]), FRAMES = 60;
const block = (k: number) => lines.slice(k * (N + 2), (k + 1) * (N + 2));
const write = (name: string, edit: (k: number, b: string[]) => string[], from = 0, to = FRAMES) => {
  const path = join(dir, name);
  writeFileSync(path, `${Array.from({ length: to - from }, (_, i) => edit(from + i, block(from + i)).join('\n')).join('\n')}\n`);
  return path;
};
const GOOD = write('good.extxyz', (_k, b) => b);
// A restart segment without velocities from frame 35 on: spectra's push refuses (E_FORMAT) in the 4th chunk of 10.
const NO_VEL = [write('vel.extxyz', (_k, b) => b, 0, 35), write('novel.extxyz', (_k, b) => [b[0]!, b[1]!.replace(':velo:R:3', ''), ...b.slice(2).map((l) => l.split(/\s+/).slice(0, 4).join(' '))], 35, FRAMES)];
// Frame 42 has a malformed coordinate: the reader's ParseError, on the main thread.
const BAD = write('bad.extxyz', (k, b) => (k === 42 ? [b[0]!, b[1]!, b[2]!.replace(/ \S+$/, ' 1.2.3'), ...b.slice(3)] : b));
const SEL = { cation: 'Li', anion: 'B12H12' };
const SPECTRA = { velocities: 'auto' as const };

async function failure(p: Promise<unknown>): Promise<PaddlewheelError> {
  try { await p; } catch (e) { if (isPaddlewheelError(e)) return e; throw e; }
  throw new Error('expected a failure');
}

describe('chunked driver: errors, refusals, options', () => {
  it('an error in push inside a worker ends the pass with its code and message, as the one pass does', async () => {
    const jobs = (): MultiJob[] => [{ id: 'spectra', analysis: spectraAnalysis, params: SPECTRA }, { id: 'rdf', analysis: rdfAnalysis, params: defaultRdfParams() }];
    const plain = await failure(runMulti(await openTrajectory(NO_VEL), jobs, SEL));
    const inWorker = await failure(runMulti(await openTrajectory(NO_VEL), jobs, { ...SEL, workers: 2, chunkFrames: 10 }));
    expect(plain.code).toBe('E_FORMAT');
    expect(inWorker.code).toBe(plain.code);
    expect(inWorker.message).toBe(plain.message);
  });

  it('a reader error ends the pass (workers stopped); an init refusal fails that job only', async () => {
    const jobs = (): MultiJob[] => [
      { id: 'rdf', analysis: rdfAnalysis, params: defaultRdfParams() },
      { id: 'bad-r1', analysis: rdfAnalysis, params: { ...defaultRdfParams(), r1: 99 } },
    ];
    const plain = await failure(runMulti(await openTrajectory([BAD]), jobs, SEL));
    const chunked = await failure(runMulti(await openTrajectory([BAD]), jobs, { ...SEL, workers: 2, chunkFrames: 10 }));
    expect(plain.code).toBe('E_PARSE');
    expect(chunked.message).toBe(plain.message);
    const ok = await runMulti(await openTrajectory([GOOD]), jobs, { ...SEL, workers: 2, chunkFrames: 10 });
    const one = await runMulti(await openTrajectory([GOOD]), jobs, SEL);
    const view = (r: typeof ok) => r.outcomes.map((o) => (o.ok ? { id: o.id, ok: true } : { id: o.id, code: o.code, reason: o.reason }));
    expect(view(ok)).toEqual(view(one));
    expect(view(ok)).toContainEqual({ id: 'bad-r1', code: 'E_USAGE', reason: expect.stringMatching(/--r1 99/) });
  });

  it('jobs a worker cannot run (analysis not in the table, parameters not plain data) run on the main thread, chunked alike', async () => {
    const pair = pairAnalyses(rdfAnalysis, closestApproachAnalysis);
    const fnParams = { ...defaultRdfParams(), note: () => 'not cloneable' };
    const jobs = (): MultiJob[] => [
      { id: 'pair', analysis: pair, params: [defaultRdfParams(), { cutoff: 10 }] },
      { id: 'fn', analysis: rdfAnalysis, params: fnParams },
      { id: 'rdf', analysis: rdfAnalysis, params: defaultRdfParams() },
    ];
    const results = async (workers: number) => {
      const r = await runMulti(await openTrajectory([GOOD]), jobs, { ...SEL, workers, chunkFrames: 7 });
      return Object.fromEntries(r.outcomes.map((o) => [o.id, o.ok ? o.result : o.reason]));
    };
    const w1 = await results(1), w3 = await results(3);
    expect(exactJson(w3)).toBe(exactJson(w1));
    // All three are the same g(r), wherever they ran.
    expect(exactJson((w3['pair'] as unknown[])[0])).toBe(exactJson(w3['rdf']));
    expect(exactJson(w3['fn'])).toBe(exactJson(w3['rdf']));
  });

  it('collectMulti hands back the merged states; the reference option fixes ctx.reference; progress sees every frame', async () => {
    const traj = await openTrajectory([GOOD], { frames: '20:60' });
    let first;
    for await (const f of (await openTrajectory([GOOD])).frames()) { first = f; break; }
    const seen: number[] = [];
    const jobs = (ctx: AnalysisContext): MultiJob[] => [{ id: 'rdf', analysis: rdfAnalysis, params: defaultRdfParams() }, { id: 'refs', analysis: closestApproachAnalysis, params: { cutoff: 10 + 0 * ctx.reference.index } }];
    const c = await collectMulti(traj, jobs, { ...SEL, workers: 2, chunkFrames: 9, reference: first, onFrame: (f) => seen.push(f.index) });
    expect(c.context.reference.index).toBe(0);
    expect(c.frames).toBe(40);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => 20 + i));
    expect(c.jobs.map((j) => j.id)).toEqual(['rdf', 'refs']);
    expect((c.jobs[0]!.state as { frames: number }).frames).toBe(40);
    const again = await runMulti(await openTrajectory([GOOD], { frames: '20:60' }), jobs, { ...SEL, workers: 2, chunkFrames: 9, reference: first });
    expect(exactJson(again.outcomes.map((o) => o.ok && o.result))).toBe(exactJson(c.jobs.map((j) => j.analysis.finalize(j.state, j.ctx))));
  });

  it('runSerial takes workers too: the same numbers, refusals thrown as before', async () => {
    const one = await runSerial(await openTrajectory([GOOD]), rdfAnalysis, defaultRdfParams(), SEL);
    const two = await runSerial(await openTrajectory([GOOD]), rdfAnalysis, defaultRdfParams(), { ...SEL, workers: 2, chunkFrames: 16 });
    expect(two.frames).toBe(FRAMES);
    expect(numericDifferences(two.result, one.result)).toEqual([]);
    const refused = await failure(runSerial(await openTrajectory([GOOD]), rdfAnalysis, { ...defaultRdfParams(), r1: 99 }, { ...SEL, workers: 2, chunkFrames: 16 }));
    expect(refused.code).toBe('E_USAGE');
    await expect(runSerial(await openTrajectory([GOOD]), rdfAnalysis, defaultRdfParams(), { ...SEL, workers: 0 })).rejects.toThrow(/--workers 0/);
  });
});
