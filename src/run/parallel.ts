import { PaddlewheelError, UsageError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import type { Trajectory } from '../io/open.js';
import type { AnalysisContext } from '../analysis/types.js';
import { chunkingOf, tableEntryOf } from './analysis-table.js';
import { type ChunkJob, type ChunkOutcome, ChunkReducer, ChunkRun, fromWire, type PlainContext } from './chunk.js';
import { packFrames } from './frame-pack.js';
import { DEFAULT_CHUNK_FRAMES, type MultiJob, type MultiOutcome, type MultiRunOptions, refusal, type StartedJob, startJobs } from './jobs.js';
import { plainDataIssue } from './plain-data.js';
import { WorkerPool } from './worker-pool.js';

export { DEFAULT_CHUNK_FRAMES } from './jobs.js';

/** A job after the pass: its merged state (before finalize) and its own context. */
export interface CollectedJob {
  id: string;
  analysis: MultiJob['analysis'];
  params: unknown;
  state: unknown;
  ctx: AnalysisContext;
}

/** What a pass collected: every live job's state, the refused ones, the shared context and the frames read. */
export interface MultiCollection {
  jobs: CollectedJob[];
  failed: MultiOutcome[];
  context: AnalysisContext;
  frames: number;
}

/** A chunked job's bookkeeping on the main thread. */
interface Tracked {
  started: StartedJob;
  reducer: ChunkReducer<unknown>;
  refused?: MultiOutcome;
}

/** Check `workers` and `chunkFrames` (UsageError naming the flag). */
export function checkParallelOptions(workers: number | undefined, chunkFrames: number | undefined): void {
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`--workers ${workers}: expected a whole number ≥ 1`);
  if (chunkFrames !== undefined && !(Number.isInteger(chunkFrames) && chunkFrames >= 1)) throw new UsageError(`--chunk-frames ${chunkFrames}: expected a whole number ≥ 1`);
}

/**
 * The chunked pass (MultiRunOptions `workers`, `chunkFrames`). The main thread reads the frames
 * (streaming) and cuts them into chunks of `chunkFrames` consecutive frames. Per chunk every
 * chunked job gets a fresh state from `init` and the chunk's frames; chunk states merge per
 * job in chunk order with a fixed tree (ChunkReducer), so the result depends on the chunk
 * size only, never on the worker count or on which thread ran a chunk.
 *
 * Where jobs run: analyses the table marks `serial` (chunk states that do not merge, or cost
 * more than their frames) get one state pushed frame by frame on the main thread, exactly as
 * the one-pass run; chunked jobs run on
 * `workers` worker threads when `workers` ≥ 2, their analysis is in the table and their
 * parameters are plain data, else on the main thread (chunked the same way). Workers start
 * only once a second chunk begins (a one-chunk run never pays their start-up); the main
 * thread holds at most `2 × workers` chunks of frames in flight (WorkerPool back-pressure).
 *
 * Errors are runMulti's: a refusal in `init` (on the main thread before any chunk, or in a
 * chunk) makes the job not ok and the others go on; errors in `push`, reader errors and bugs
 * end the pass. Workers are terminated at the end and on every error. `single`: one analysis
 * as runSerial runs it (startJobs).
 */
export async function collectChunked(
  traj: Trajectory,
  makeJobs: (ctx: AnalysisContext) => MultiJob[],
  options: MultiRunOptions = {},
  single = false,
): Promise<MultiCollection> {
  checkParallelOptions(options.workers, options.chunkFrames);
  const size = options.chunkFrames ?? DEFAULT_CHUNK_FRAMES;
  const workers = options.workers ?? 1;
  let ctx: AnalysisContext | undefined;
  let plain: PlainContext | undefined;
  const failed: MultiOutcome[] = [];
  let serial: StartedJob[] = [];
  let startOrder: StartedJob[] = [];
  const tracked: Tracked[] = [];
  let local: ChunkJob[] = [], remote: ChunkJob[] = [];
  let run: ChunkRun | undefined;
  const made = new Map<number, unknown>();
  let buffer: Frame[] = [];
  let firstChunk: Frame[] | undefined;
  let pool: WorkerPool | undefined;
  let chunk = 0, n = 0;

  const accept = (outcomes: ChunkOutcome[]) => {
    for (const o of outcomes) {
      const t = tracked[o.slot]!;
      if (t.refused) continue;
      const log = t.started.ctx.diagnostics;
      for (const d of o.diagnostics) log.add(d);
      if (!('error' in o)) { t.reducer.add(o.state); continue; }
      const e = fromWire(o.error);
      if (o.phase === 'init' && !single) t.refused = refusal(t.started.job.id, e, log);
      else throw e;
    }
  };
  const endChunk = async () => {
    if (run) accept(run.finish());
    run = undefined;
    if (remote.length === 0) return;
    const frames = buffer;
    buffer = [];
    if (pool) await pool.submit(chunk, packFrames(frames));
    else firstChunk = frames; // held: workers start only once a second chunk begins
  };
  const startPool = async () => {
    pool = new WorkerPool(workers, { type: 'setup', ctx: plain!, jobs: remote.map((j) => ({ slot: j.slot, id: j.analysis.id, params: j.params })) }, (_k, o) => accept(o));
    await pool.submit(0, packFrames(firstChunk!));
    firstChunk = undefined;
  };

  try {
    for await (const frame of traj.frames()) {
      if (!ctx) {
        const s = startJobs(traj, frame, makeJobs, options, single);
        ctx = s.ctx;
        failed.push(...s.failed);
        startOrder = s.live;
        const { diagnostics: _shared, ...rest } = ctx;
        plain = rest;
        serial = s.live.filter((j) => chunkingOf(j.job.analysis) === 'serial');
        for (const started of s.live) {
          if (chunkingOf(started.job.analysis) === 'serial') continue;
          const slot = tracked.length;
          tracked.push({ started, reducer: new ChunkReducer((a, b) => started.job.analysis.merge(a, b)) });
          const cj: ChunkJob = { slot, analysis: started.job.analysis, params: started.job.params };
          const away = workers >= 2 && tableEntryOf(cj.analysis) !== undefined && plainDataIssue(cj.params) === undefined;
          (away ? remote : local).push(cj);
        }
      }
      if (firstChunk) await startPool();
      for (const j of serial) j.job.analysis.push(j.state, frame);
      if (!run && local.length) run = new ChunkRun(local, plain!, made);
      run?.push(frame);
      if (remote.length) buffer.push(frame);
      n++;
      options.onFrame?.(frame);
      if (n % size === 0) {
        await endChunk();
        chunk++;
      }
    }
    if (!ctx) throw new PaddlewheelError('E_SELECTION', `${traj.files.join(', ')}: no frames selected (check --frames)`);
    if (n % size !== 0) await endChunk();
    if (firstChunk) {
      // One chunk in all: run it here rather than start a worker for it (same states either way).
      const only = new ChunkRun(remote, plain!, made);
      for (const f of firstChunk) only.push(f);
      accept(only.finish());
    }
    await pool?.drain();
  } finally {
    await pool?.close();
  }

  // makeJobs order, as the one-pass run lists them.
  const byStart = new Map<StartedJob, Tracked>(tracked.map((t) => [t.started, t]));
  const jobs: CollectedJob[] = [];
  for (const started of startOrder) {
    const t = byStart.get(started);
    if (t?.refused) { failed.push(t.refused); continue; }
    const state = t ? t.reducer.result() : started.state;
    if (state === undefined) throw new PaddlewheelError('E_INTERNAL', `chunked run: job ${started.job.id} got no chunk`);
    jobs.push({ id: started.job.id, analysis: started.job.analysis, params: started.job.params, state, ctx: started.ctx });
  }
  return { jobs, failed, context: ctx, frames: n };
}
