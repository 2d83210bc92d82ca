import { PaddlewheelError } from '../../core/errors.js';
import type { VanHoveState } from './analysis.js';
import { binWeights, normaliseRow, radialGrid, shellFactors } from './normalise.js';

/**
 * The van Hove functions on the r–t grid. Rows are times, columns radii:
 * `self[k][j]` is 4πr²G_s(r_j, t_k) in Å⁻¹ (pymatgen's `gsrt`), `distinct[k][j]` is
 * G_d(r_j, t_k), dimensionless (pymatgen's `gdrt`).
 */
export interface VanHoveResult {
  /** Radial grid r_j = j·dr (Å), ngrid points from 0 to rmax. */
  r: Float64Array;
  /** Lag of each row in frames (k·lagStep). */
  lagFrames: number[];
  /** Lag of each row (ps), when the frame spacing is known. */
  t: number[] | null;
  /** 4πr²G_s(r, t): radial probability density of the cation displacement after t (Å⁻¹); rows t, columns r. */
  self: Float64Array[];
  /** G_d(r, t): other cations at distance r at t from where a cation was at 0, over the ideal-gas value; rows t, columns r. */
  distinct: Float64Array[];
  /** Time origins averaged in each row. */
  rowOrigins: number[];
  /** Time origins started. */
  origins: number;
  cations: number;
  /** ρ = N/⟨V⟩ (Å⁻³), ⟨V⟩ the mean cell volume over the origin frames. */
  density: number;
  meanVolume: number;
  rmax: number;
  ngrid: number;
  dr: number;
  sigma: number;
  /** Whether rmax exceeds half the shortest cell height, so that several images of a pair count. */
  imagesBeyondMinimum: boolean;
  /** Most origin frames held in memory at once. */
  maxHeldOrigins: number;
}

/**
 * Normalise the summed histograms. Rows reported: with a finite number of origins, the rows
 * every origin reached (pymatgen's rule: lags k·step_skip ≤ T − avg_nsteps for consecutive
 * origins); with every frame as an origin, each row up to the largest lag that at least one
 * origin reached, averaged over the origins that reached it (`rowOrigins`).
 *
 * @throws PaddlewheelError E_USAGE when fewer origins could start than were asked for (the
 *   trajectory is shorter than the origin window).
 */
export function vanHoveResult(state: VanHoveState, frameSpacing: number | undefined): VanHoveResult {
  const p = state.params;
  const finite = Number.isFinite(p.origins);
  if (finite && state.originsStarted < p.origins) {
    throw new PaddlewheelError(
      'E_USAGE',
      `vanhove: only ${state.originsStarted} of the ${p.origins} time origins fit in the ${state.framesPushed} frames read (origins ${p.originStep} frame(s) apart); use fewer origins (--origins / --avg-nsteps) or more frames`,
    );
  }
  if (state.originsStarted === 0) throw new PaddlewheelError('E_USAGE', 'vanhove: no time origin in the frames read');
  const rows: number[] = [];
  for (let k = 0; k < state.rowOrigins.length; k++) {
    const n = state.rowOrigins[k]!;
    if (finite ? n === state.originsStarted : n > 0) rows.push(k);
  }
  const N = state.cations.length;
  const meanVolume = state.volumeSum / state.originsStarted;
  const density = N / meanVolume;
  const weights = binWeights(p.ngrid, p.rmax, p.sigma);
  const shells = shellFactors(p.ngrid, p.rmax);
  const self: Float64Array[] = [], distinct: Float64Array[] = [];
  for (const k of rows) {
    const row = normaliseRow(state.selfCounts[k]!, state.distinctCounts[k]!, state.rowOrigins[k]!, N, density, weights, shells);
    self.push(row.self);
    distinct.push(row.distinct);
  }
  const lagFrames = rows.map((k) => k * p.lagStep);
  return {
    r: radialGrid(p.ngrid, p.rmax),
    lagFrames,
    // 12 significant digits drop the rounding noise of k·Δt (0.7000000000000001).
    t: frameSpacing === undefined ? null : lagFrames.map((l) => Number((l * frameSpacing).toPrecision(12))),
    self,
    distinct,
    rowOrigins: rows.map((k) => state.rowOrigins[k]!),
    origins: state.originsStarted,
    cations: N,
    density,
    meanVolume,
    rmax: p.rmax,
    ngrid: p.ngrid,
    dr: p.dr,
    sigma: p.sigma,
    imagesBeyondMinimum: state.imagesBeyondMinimum,
    maxHeldOrigins: state.maxHeld,
  };
}
