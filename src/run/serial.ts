import { PaddlewheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import { selectIons, type IonSelectionOptions } from '../chem/select.js';
import type { Trajectory } from '../io/open.js';
import type { Analysis, AnalysisContext } from '../analysis/types.js';

/** Options of a serial analysis run. */
export interface SerialRunOptions extends IonSelectionOptions {
  /** Temperature (K) when the file does not give one. */
  temperature?: number;
  /** Called after each frame (progress). */
  onFrame?: (frame: Frame) => void;
}

/**
 * Run one analysis over a trajectory in a single streaming pass: the first selected frame
 * becomes the reference (ion selection, reference topologies), then every frame is pushed.
 * Memory is what the analysis keeps, never the trajectory.
 */
export async function runSerial<P, S, R>(
  traj: Trajectory,
  analysis: Analysis<P, S, R>,
  params: P,
  options: SerialRunOptions = {},
): Promise<{ result: R; context: AnalysisContext; frames: number }> {
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

/**
 * The analysis context of a trajectory from its first selected frame: ions selected there
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
