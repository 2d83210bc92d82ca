import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { FirstShell } from './shell.js';

/**
 * The closest anion-centre–cation approach over all frames: the default r_min of the angle
 * ranges ("the smallest anion–cation distance seen"). A separate, cheap pass, because the
 * ranges must be fixed before the angle histograms are filled; merge takes the minimum.
 */
export interface ClosestState {
  cutoff: number;
  /** Smallest distance seen (Å); Infinity while none was within `cutoff`. */
  closest: number;
  frames: number;
}

const shells = new WeakMap<ClosestState, FirstShell>();

export const closestApproachAnalysis: Analysis<{ cutoff: number }, ClosestState, { closest: number | null; frames: number }> = {
  id: 'closest-approach',
  init(params: { cutoff: number }, ctx: AnalysisContext): ClosestState {
    if (!(params.cutoff > 0 && Number.isFinite(params.cutoff))) throw new UsageError(`closest approach: search radius ${params.cutoff}: expected a positive distance in Å`);
    const state: ClosestState = { cutoff: params.cutoff, closest: Infinity, frames: 0 };
    shells.set(state, new FirstShell(ctx.topology, ctx.ions.anionClusters, ctx.ions.cations, params.cutoff));
    return state;
  },
  push(state: ClosestState, frame: Frame): void {
    const shell = shells.get(state);
    if (!shell) throw new PaddlewheelError('E_INTERNAL', 'closest approach: push on a state that was not made by init in this process');
    const n = shell.compute(frame.positions, frame.cell);
    for (let e = 0; e < n; e++) if (shell.dist[e]! < state.closest) state.closest = shell.dist[e]!;
    state.frames++;
  },
  merge(a: ClosestState, b: ClosestState): ClosestState {
    const m = { ...a, closest: Math.min(a.closest, b.closest), frames: a.frames + b.frames };
    const s = shells.get(a) ?? shells.get(b);
    if (s) shells.set(m, s);
    return m;
  },
  finalize(state: ClosestState): { closest: number | null; frames: number } {
    return { closest: Number.isFinite(state.closest) ? state.closest : null, frames: state.frames };
  },
};
