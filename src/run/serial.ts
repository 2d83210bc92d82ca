import { PaddlewheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import type { IonSelectionOptions } from '../chem/select.js';
import type { Trajectory } from '../io/open.js';
import type { Analysis, AnalysisContext } from '../analysis/types.js';
import { referenceContext } from './jobs.js';
import { collectChunked } from './parallel.js';

export { referenceContext } from './jobs.js';

/** Options of a serial analysis run. */
export interface SerialRunOptions extends IonSelectionOptions {
  /** Temperature (K) when the file does not give one. */
  temperature?: number;
  /** Called after each frame (progress). */
  onFrame?: (frame: Frame) => void;
  /** Chunked run on this many worker threads (1: chunked on the main thread); see MultiRunOptions. */
  workers?: number;
  /** Frames per chunk of a chunked run; see MultiRunOptions. */
  chunkFrames?: number;
}

/**
 * Run one analysis over a trajectory in a single streaming pass: the first selected frame
 * becomes the reference (ion selection, reference topologies), then every frame is pushed.
 * Memory is what the analysis keeps, never the trajectory. With `workers` or `chunkFrames`
 * the pass is chunked (collectChunked: bit-identical for every worker count at one chunk
 * size, equal to this pass to rounding); errors are the same either way (`init` refusals
 * are thrown).
 */
export async function runSerial<P, S, R>(
  traj: Trajectory,
  analysis: Analysis<P, S, R>,
  params: P,
  options: SerialRunOptions = {},
): Promise<{ result: R; context: AnalysisContext; frames: number }> {
  if (options.workers !== undefined || options.chunkFrames !== undefined) {
    const c = await collectChunked(traj, () => [{ id: analysis.id, analysis, params }], options, true);
    const job = c.jobs[0]!;
    return { result: analysis.finalize(job.state as S, job.ctx), context: c.context, frames: c.frames };
  }
  let state: S | undefined;
  let ctx: AnalysisContext | undefined;
  let n = 0;
  for await (const frame of traj.frames()) {
    if (!ctx) {
      ctx = referenceContext(traj, frame, options);
      state = analysis.init(params, ctx);
    }
    analysis.push(state!, frame);
    n++;
    options.onFrame?.(frame);
  }
  if (!ctx) throw new PaddlewheelError('E_SELECTION', `${traj.files.join(', ')}: no frames selected (check --frames)`);
  return { result: analysis.finalize(state!, ctx), context: ctx, frames: n };
}
