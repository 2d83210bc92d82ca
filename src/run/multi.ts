import { DiagnosticLog } from '../core/diagnostics.js';
import { isPaddlewheelError, PaddlewheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import type { IonSelectionOptions } from '../chem/select.js';
import { referenceContext } from './serial.js';
import type { Trajectory } from '../io/open.js';
import type { Analysis, AnalysisContext } from '../analysis/types.js';

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
  /** Called after each frame has been pushed to every job (progress). */
  onFrame?: (frame: Frame) => void;
}

/**
 * Run several analyses over a trajectory in one streaming pass: the first selected frame
 * becomes the reference (ion selection, as {@link runSerial} does), `makeJobs(ctx)` then says
 * which analyses run (so applicability can depend on the selected ions), and every frame is
 * pushed to every job. Memory is the sum of what the analyses keep, never the trajectory.
 *
 * Each job gets its own context whose `diagnostics` is its own log; reader and selection
 * diagnostics go to `traj.diagnostics`, shared by all. A job whose `init` or `finalize`
 * throws a PaddlewheelError (bad parameters for this data, nothing to analyse) is reported
 * as not ok with the error's message and code, and the others go on; reader errors (a
 * malformed file) and internal errors propagate and end the pass.
 */
export async function runMulti(
  traj: Trajectory,
  makeJobs: (ctx: AnalysisContext) => MultiJob[],
  options: MultiRunOptions = {},
): Promise<{ outcomes: MultiOutcome[]; context: AnalysisContext; frames: number }> {
  let ctx: AnalysisContext | undefined;
  const live: { job: MultiJob; state: unknown; ctx: AnalysisContext }[] = [];
  const failed: MultiOutcome[] = [];
  let n = 0;
  for await (const frame of traj.frames()) {
    if (!ctx) {
      ctx = referenceContext(traj, frame, options);
      for (const job of makeJobs(ctx)) {
        const own: AnalysisContext = { ...ctx, diagnostics: new DiagnosticLog() };
        try {
          live.push({ job, state: job.analysis.init(job.params, own), ctx: own });
        } catch (e) {
          failed.push(refusal(job.id, e, own.diagnostics));
        }
      }
    }
    for (const j of live) j.job.analysis.push(j.state, frame);
    n++;
    options.onFrame?.(frame);
  }
  if (!ctx) throw new PaddlewheelError('E_SELECTION', `${traj.files.join(', ')}: no frames selected (check --frames)`);
  const outcomes: MultiOutcome[] = [...failed];
  for (const j of live) {
    try {
      const result = j.job.analysis.finalize(j.state, j.ctx);
      outcomes.push({ id: j.job.id, ok: true, result, context: j.ctx, diagnostics: j.ctx.diagnostics });
    } catch (e) {
      outcomes.push(refusal(j.job.id, e, j.ctx.diagnostics));
    }
  }
  return { outcomes, context: ctx, frames: n };
}

function refusal(id: string, e: unknown, diagnostics: DiagnosticLog): MultiOutcome {
  // Parse, I/O and internal errors are not a property of one analysis: they end the run.
  if (!isPaddlewheelError(e) || e.code === 'E_PARSE' || e.code === 'E_IO' || e.code === 'E_INTERNAL') throw e;
  return { id, ok: false, reason: e.message, code: e.code, diagnostics };
}
