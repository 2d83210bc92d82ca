import { PaddlewheelError } from '../../core/errors.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { quantity, type Quantity } from '../../core/result.js';
import type { RotationState } from './analysis.js';
import { windowSums } from '../spectra/lag-window.js';
import { CorrelationWork, correlationSums, correlationsFromSums, rotationPlan, type CorrelationSums } from './correlate.js';
import { fitRelaxation, type RelaxationFit } from './fit.js';

/** Result body of `rotation` (SPEC 10: `lag`, `C1`, `C2`, `tau1`, `tau2`, `units`). */
export interface RotationResult {
  formula: string;
  element: string;
  anions: number;
  /** Unit vectors followed (anions × atoms of the element). */
  vectors: number;
  frames: number;
  /** Lags (ps), 0 … maxLag. */
  lag: number[];
  C1: number[];
  C2: number[];
  /**
   * Integral relaxation times (τ/β)Γ(1/β) of the fitted decays (ps), with the fit parameters;
   * null when the curve does not fall below NO_DECAY_LEVEL within the window or the fit fails.
   */
  tau1: Quantity | null;
  tau2: Quantity | null;
  fit: { model: string; window: [number, number]; errors: string };
  units: Record<string, string>;
}

/** A correlation whose minimum over the fit window stays above this is not fitted (W_NO_DECAY). */
export const NO_DECAY_LEVEL = 0.5;

/** Anions needed for the delete-one-anion jackknife; fewer use the fit covariance. */
export const JACKKNIFE_MIN_ANIONS = 3;

/** Correlations, fits and errors from the collected vectors (`dt`: frame spacing, ps). */
export function rotationResult(state: RotationState, dt: number, diagnostics: DiagnosticLog): RotationResult {
  const { model, params } = state;
  const V = model.slots.length, T = state.frames, K = model.anions, per = model.perAnion;
  if (T < 3) throw new PaddlewheelError('E_SELECTION', `rotation needs at least 3 frames, got ${T}`);
  const L = params.maxLag === undefined ? Math.floor((T - 1) / 2) : Math.min(T - 1, Math.round(params.maxLag / dt));
  if (params.maxLag !== undefined && Math.round(params.maxLag / dt) > T - 1) {
    diagnostics.warn('W_MAX_LAG', `rotation: --max-lag ${params.maxLag} ps is longer than the trajectory; lags stop at ${((T - 1) * dt).toPrecision(4)} ps`);
  }
  if (L < 2) throw new PaddlewheelError('E_SELECTION', `rotation: --max-lag ${params.maxLag} ps is under two frame spacings (${dt} ps)`);
  const perAnion: CorrelationSums[] = [];
  if (state.window) {
    // Bounded-memory sums: lags up to min(T − 1, window M) = L.
    const sums = windowSums(state.window, rotationPlan(K, per));
    for (let k = 0; k < K; k++) perAnion.push({ dot: sums[2 * k]!.subarray(0, L + 1), dot2: sums[2 * k + 1]!.subarray(0, L + 1) });
  } else {
    const work = new CorrelationWork(T, L);
    for (let k = 0; k < K; k++) perAnion.push(correlationSums(state.vectors, L, k * per, (k + 1) * per, work));
  }
  const total = sumOf(perAnion, L);
  const { C1, C2 } = correlationsFromSums(total, T, V);
  const lag = Array.from({ length: L + 1 }, (_, m) => m * dt);
  const first = Math.min(L - 1, Math.ceil(params.fitStart / dt - 1e-9));
  const window: [number, number] = [first * dt, L * dt];
  const fitOf = (C: Float64Array) => fitRelaxation(lag.slice(first), C.slice(first), params.model);
  // A curve that never falls below half its start has no decay to fit: a stretched
  // exponential through a plateau returns β → 0 and τ beyond any scale, so report none.
  const decays = (C: Float64Array, name: string) => {
    let min = Infinity;
    for (let m = first; m <= L; m++) min = Math.min(min, C[m]!);
    if (min > NO_DECAY_LEVEL) {
      diagnostics.warn('W_NO_DECAY', `rotation: ${name} stays above ${min.toFixed(3)} up to ${(L * dt).toPrecision(4)} ps — no reorientation on this time scale; ${name === 'C1' ? 'τ1' : 'τ2'} ≫ ${(L * dt).toPrecision(3)} ps is not fitted`);
      return false;
    }
    return true;
  };
  const ok1 = decays(C1, 'C1'), ok2 = decays(C2, 'C2');
  const f1 = ok1 ? safeFit(() => fitOf(C1)) : undefined, f2 = ok2 ? safeFit(() => fitOf(C2)) : undefined;
  // Errors: anions are independent molecules, so leave one out at a time (each re-fitted).
  let errors: string;
  let se1 = f1?.tauIntegralStderr ?? NaN, se2 = f2?.tauIntegralStderr ?? NaN;
  if (K >= JACKKNIFE_MIN_ANIONS) {
    const t1: number[] = [], t2: number[] = [];
    for (let k = 0; k < K; k++) {
      const rest = sumOf(perAnion.filter((_, j) => j !== k), L);
      const c = correlationsFromSums(rest, T, V - per);
      if (ok1) t1.push(safeFit(() => fitOf(c.C1))?.tauIntegral ?? NaN);
      if (ok2) t2.push(safeFit(() => fitOf(c.C2))?.tauIntegral ?? NaN);
    }
    se1 = jackknife(t1); se2 = jackknife(t2);
    errors = `delete-one-anion jackknife over ${K} anions (each re-fitted)`;
  } else {
    errors = `fit covariance s²(JᵀJ)⁻¹ by the delta method (only ${K} anion${K === 1 ? '' : 's'}: no jackknife; residuals of neighbouring lags are correlated, so this underestimates the error)`;
  }
  const span = L * dt;
  const tauQ = (f: RelaxationFit | undefined, se: number, name: string): Quantity | null => {
    if (!f && !(name === 'τ1' ? ok1 : ok2)) return null;
    if (!f) {
      diagnostics.warn('W_FIT_FAILED', `rotation: the ${name} fit did not converge to a finite time; the correlation curve is still reported`);
      return null;
    }
    if (f.tauIntegral > span) diagnostics.warn('W_TAU_EXTRAPOLATED', `rotation: ${name} = ${f.tauIntegral.toPrecision(3)} ps is longer than the lag window (${span.toPrecision(3)} ps): extrapolated from a partial decay`);
    return quantity(f.tauIntegral, 'ps', {
      ...(Number.isFinite(se) ? { stderr: se, method: errors } : {}),
      definition: '(τ/β)·Γ(1/β) of the fitted A·exp(−(t/τ)^β)', amplitude: f.amplitude, tauKww: f.tau, beta: f.beta, converged: f.converged,
    });
  };
  return {
    formula: model.formula, element: model.element, anions: K, vectors: V, frames: T,
    lag, C1: Array.from(C1), C2: Array.from(C2),
    tau1: tauQ(f1, se1, 'τ1'), tau2: tauQ(f2, se2, 'τ2'),
    fit: { model: params.model === 'stretched' ? 'A·exp(−(t/τ)^β), Levenberg–Marquardt' : 'A·exp(−t/τ), Levenberg–Marquardt', window, errors },
    units: { lag: 'ps', C1: '1', C2: '1' },
  };
}

function sumOf(parts: CorrelationSums[], L: number): CorrelationSums {
  const dot = new Float64Array(L + 1), dot2 = new Float64Array(L + 1);
  for (const p of parts) for (let m = 0; m <= L; m++) { dot[m] += p.dot[m]!; dot2[m] += p.dot2[m]!; }
  return { dot, dot2 };
}

function safeFit(f: () => RelaxationFit): RelaxationFit | undefined {
  try {
    const r = f();
    return Number.isFinite(r.tauIntegral) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Delete-one jackknife standard error √((n−1)/n · Σ(θᵢ − θ̄)²). */
function jackknife(x: number[]): number {
  if (x.some((v) => !Number.isFinite(v))) return NaN;
  const n = x.length, m = x.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(((n - 1) / n) * x.reduce((a, b) => a + (b - m) ** 2, 0));
}
