import { PaddlewheelError } from '../core/errors.js';
import type { Trajectory } from '../io/open.js';
import type { AnalysisContext } from '../analysis/types.js';
import { type MultiJob, type MultiOutcome, type MultiRunOptions, refusal, startJobs, type StartedJob } from './jobs.js';
import { collectChunked, type CollectedJob, type MultiCollection } from './parallel.js';

export type { MultiJob, MultiOutcome, MultiRunOptions } from './jobs.js';
export type { CollectedJob, MultiCollection } from './parallel.js';

/**
 * Run several analyses over a trajectory and return their states before `finalize` (e.g. to
 * write partial states to disk). The reference frame (`options.reference`, else the first
 * selected frame) fixes the ion selection; `makeJobs(ctx)` then says which analyses run (so
 * applicability can depend on the selected ions), each is initialised once with its own log,
 * and every frame is pushed to every job.
 *
 * Without `workers` and `chunkFrames`: one streaming pass, one state per job. With either:
 * the chunked pass of {@link collectChunked} (chunk states merged in a fixed order; worker
 * threads when `workers` ≥ 2). Memory is the sum of what the analyses keep (plus a few chunks
 * of frames in flight), never the trajectory.
 *
 * A job whose `init` throws a PaddlewheelError (bad parameters for this data, nothing to
 * analyse) is listed in `failed` with the error's message and code, and the others go on;
 * reader errors (a malformed file), errors in `push` and internal errors end the pass.
 */
export async function collectMulti(
  traj: Trajectory,
  makeJobs: (ctx: AnalysisContext) => MultiJob[],
  options: MultiRunOptions = {},
): Promise<MultiCollection> {
  if (options.workers !== undefined || options.chunkFrames !== undefined) return collectChunked(traj, makeJobs, options);
  let ctx: AnalysisContext | undefined;
  let live: StartedJob[] = [];
  const failed: MultiOutcome[] = [];
  let n = 0;
  for await (const frame of traj.frames()) {
    if (!ctx) {
      const s = startJobs(traj, frame, makeJobs, options);
      ctx = s.ctx;
      live = s.live;
      failed.push(...s.failed);
    }
    for (const j of live) j.job.analysis.push(j.state, frame);
    n++;
    options.onFrame?.(frame);
  }
  if (!ctx) throw new PaddlewheelError('E_SELECTION', `${traj.files.join(', ')}: no frames selected (check --frames)`);
  const jobs: CollectedJob[] = live.map((j) => ({ id: j.job.id, analysis: j.job.analysis, params: j.job.params, state: j.state, ctx: j.ctx }));
  return { jobs, failed, context: ctx, frames: n };
}

/**
 * Run several analyses over a trajectory: {@link collectMulti}, then every job's `finalize`
 * with its own context (whose `diagnostics` is its own log; reader and selection diagnostics
 * go to `traj.diagnostics`, shared by all). A job whose `init` or `finalize` throws a
 * PaddlewheelError is reported as not ok with the error's message and code, and the others go
 * on; reader errors, errors in `push` and internal errors propagate and end the pass.
 * Outcomes: the refused jobs first, then the others in `makeJobs` order.
 */
export async function runMulti(
  traj: Trajectory,
  makeJobs: (ctx: AnalysisContext) => MultiJob[],
  options: MultiRunOptions = {},
): Promise<{ outcomes: MultiOutcome[]; context: AnalysisContext; frames: number }> {
  const c = await collectMulti(traj, makeJobs, options);
  const outcomes: MultiOutcome[] = [...c.failed];
  for (const j of c.jobs) {
    try {
      const result = j.analysis.finalize(j.state, j.ctx);
      outcomes.push({ id: j.id, ok: true, result, context: j.ctx, diagnostics: j.ctx.diagnostics });
    } catch (e) {
      outcomes.push(refusal(j.id, e, j.ctx.diagnostics));
    }
  }
  return { outcomes, context: c.context, frames: c.frames };
}
