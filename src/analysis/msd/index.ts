/**
 * Transport (SPEC section 4): unwrapped tracer MSD by FFT, D with a named standard error,
 * the collective (charge) MSD — by default over every ion of the neutral cell, so free of any
 * drift reference (`collective: 'cations'` for the mobile ions only) — σ, Nernst–Einstein σ
 * and the Haven ratio.
 *
 * `diffusionFromTrajectory` is the library entry point (the Arrhenius analysis calls it for
 * each `--run`); its signature is stable.
 */
import { selectIons, type IonSelectionOptions } from '../../chem/select.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { requireFrameSpacing, type Trajectory } from '../../io/open.js';
import type { AnalysisContext } from '../types.js';
import { msdAnalysis, type MsdState } from './analysis.js';
import type { MsdParams, MsdResult } from './types.js';

export type { CollectiveMode, DriftSpec, FitWindowSpec, MsdFit, MsdParams, MsdResult, StatQuantity } from './types.js';
export { msdAnalysis, type MsdState, type JumpRecord } from './analysis.js';
export { DEFAULT_FORMAL_CHARGES, DEFAULT_JUMP_THRESHOLD, parseCharges, parseCollective, parseDrift, parseFitWindow, resolveCharges } from './params.js';
export { ANION_FORMAL_CHARGES, SPECTATOR_FORMAL_CHARGES, type IonKind } from './ions.js';
export { msdFft, msdDirect, msdAtLags } from './fft-msd.js';

/** Options of diffusionFromTrajectory: the analysis parameters plus the ion selection. */
export interface DiffusionOptions extends MsdParams, IonSelectionOptions {
  /** Called after each frame is read (progress). */
  onFrame?: (frame: Frame) => void;
}

/**
 * Read a trajectory once and compute its transport numbers: D* (cm²/s and Å²/ps, with a
 * standard error and its method), the MSD curves, and σ, σ_NE and the Haven ratio when a
 * temperature is known (`options.temperature`, else the mean of the file's frame
 * temperatures). Throws E_NO_TIME before reading when the frame spacing is unknown, and
 * E_USAGE when the fit window does not fit the data.
 */
export async function diffusionFromTrajectory(traj: Trajectory, options: DiffusionOptions = {}): Promise<MsdResult> {
  const frameSpacing = requireFrameSpacing(traj, 'the MSD');
  const { cation, anion, tolerance, slack, onFrame, ...params } = options;
  // The serial driver's loop, inlined: analyses sit below run/ in the import order.
  let ctx: AnalysisContext | undefined;
  let state: MsdState | undefined;
  for await (const frame of traj.frames()) {
    if (!ctx) {
      const ions = selectIons(traj.topology, frame, { cation, anion, tolerance, slack });
      for (const d of ions.diagnostics) traj.diagnostics.add(d);
      ctx = { topology: traj.topology, ions, reference: frame, frameSpacing, temperature: params.temperature, diagnostics: traj.diagnostics };
      state = msdAnalysis.init(params, ctx);
    }
    msdAnalysis.push(state!, frame);
    onFrame?.(frame);
  }
  if (!ctx) throw new PaddlewheelError('E_SELECTION', `${traj.files.join(', ')}: no frames selected (check --frames)`);
  return msdAnalysis.finalize(state!, ctx);
}
