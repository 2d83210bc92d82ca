import { DiagnosticLog } from '../core/diagnostics.js';
import { isPaddlewheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import { selectIons, type IonSelectionOptions } from '../chem/select.js';
import type { Trajectory } from '../io/open.js';
import type { Analysis, AnalysisContext } from '../analysis/types.js';

/**
 * Default frames per chunk of a chunked run: enough that each chunk's `init` and merges cost
 * little next to its frames, few enough that the chunks in flight stay small. Never derived
 * from the worker count, so the result does not depend on the machine.
 */
export const DEFAULT_CHUNK_FRAMES = 256;

/** One analysis with its parameters, to run alongside others over the same frames. */
export interface MultiJob {
  id: string;
  // Heterogeneous analyses share one loop; each job's P, S, R stay consistent by construction.
  analysis: Analysis<any, any, any>;
  params: unknown;
}

/** What became of one job: its result, or why it could not run (its own init/finalize refused). */
export type MultiOutcome =
  | { id: string; ok: true; result: unknown; context: AnalysisContext; diagnostics: DiagnosticLog }
  | { id: string; ok: false; reason: string; code: string; diagnostics: DiagnosticLog };

/** Options of a multi-analysis pass. */
export interface MultiRunOptions extends IonSelectionOptions {
  /** Temperature (K) when the file does not give one. */
  temperature?: number;
  /** Called after each frame has been read and handed to every job (progress). */
  onFrame?: (frame: Frame) => void;
  /**
   * The frame that fixes the ion selection and `ctx.reference`, instead of the first selected
   * one (e.g. the whole trajectory's first frame for a run over `--frames a:b`). It is not
   * pushed unless the selection reads it too.
   */
  reference?: Frame;
  /**
   * Chunked run: frames are cut into chunks of `chunkFrames` consecutive frames, each job
   * gets a fresh state per chunk, and the chunk states merge in chunk order. `workers` ≥ 2
   * runs the chunks on that many worker threads, 1 on the main thread; results are
   * bit-identical for every worker count at one chunk size, and agree with the one-pass run
   * (both left undefined) to rounding (≤ 1e-10 relative). Default 1 when only `chunkFrames`
   * is given.
   */
  workers?: number;
  /** Frames per chunk (default DEFAULT_CHUNK_FRAMES); fixes the result bit for bit, whatever `workers`. */
  chunkFrames?: number;
}

/** A job that has been initialised: its state (or the probe state of a chunked job) and its own context. */
export interface StartedJob {
  job: MultiJob;
  state: unknown;
  /** The job's context: the shared one with the job's own diagnostics log. */
  ctx: AnalysisContext;
}

/**
 * The context from the reference frame (`options.reference`, else `first`), the jobs
 * `makeJobs` asks for, each initialised once with its own log. A job whose `init` refuses
 * (a PaddlewheelError other than parse, I/O or internal) is listed as failed. `single` (one
 * analysis, as runSerial runs it): the job writes to the trajectory's log, and its refusal
 * is thrown as the run's error.
 */
export function startJobs(
  traj: Trajectory,
  first: Frame,
  makeJobs: (ctx: AnalysisContext) => MultiJob[],
  options: MultiRunOptions,
  single = false,
): { ctx: AnalysisContext; live: StartedJob[]; failed: MultiOutcome[] } {
  const ctx = referenceContext(traj, options.reference ?? first, options);
  const live: StartedJob[] = [];
  const failed: MultiOutcome[] = [];
  for (const job of makeJobs(ctx)) {
    const own: AnalysisContext = single ? ctx : { ...ctx, diagnostics: new DiagnosticLog() };
    try {
      live.push({ job, state: job.analysis.init(job.params, own), ctx: own });
    } catch (e) {
      if (single) throw e;
      failed.push(refusal(job.id, e, own.diagnostics));
    }
  }
  return { ctx, live, failed };
}

/** A job's refusal as an outcome; parse, I/O and internal errors are not one job's: they end the run. */
export function refusal(id: string, e: unknown, diagnostics: DiagnosticLog): MultiOutcome {
  if (!isPaddlewheelError(e) || e.code === 'E_PARSE' || e.code === 'E_IO' || e.code === 'E_INTERNAL') throw e;
  return { id, ok: false, reason: e.message, code: e.code, diagnostics };
}

/**
 * The analysis context of a trajectory from its reference frame: ions selected there
 * (`--cation`, `--anion`; their diagnostics go to the trajectory's log), the spacing of the
 * selected frames, and the temperature (option, else the frame's). Shared by every driver.
 */
export function referenceContext(traj: Trajectory, frame: Frame, options: IonSelectionOptions & { temperature?: number }): AnalysisContext {
  const ions = selectIons(traj.topology, frame, options);
  for (const d of ions.diagnostics) traj.diagnostics.add(d);
  return {
    topology: traj.topology,
    ions,
    reference: frame,
    frameSpacing: traj.frameSpacing === undefined ? undefined : traj.frameSpacing * traj.selection.step,
    temperature: options.temperature ?? frame.temperature,
    diagnostics: traj.diagnostics,
  };
}
