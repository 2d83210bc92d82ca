import { chi2Survival } from './chi2.js';

/**
 * A straight line y = a + b·x fitted by weighted least squares, with the parameter covariance
 * and the χ² of the residuals.
 *
 * The fit is computed about the weighted mean x̄ = Σwx/Σw, where the intercept m = ŷ(x̄) and the
 * slope are uncorrelated: var(m) = s/Σw, var(b) = s/Sxx with Sxx = Σw(x − x̄)², and s the
 * error scale below. Predictions then have var ŷ(x₀) = s·(1/Σw + (x₀ − x̄)²/Sxx), which
 * carries the intercept–slope correlation that a slope-only error would miss.
 *
 * Error convention (`scale` = s):
 * - with standard errors σᵢ (weights 1/σᵢ²) and ν = n − 2 ≥ 1: s = max(1, χ²/ν). Errors are
 *   scaled by √(χ²_red) only when the scatter exceeds what the σᵢ allow (the Birge-ratio
 *   convention of the Particle Data Group); a small χ²_red never shrinks them below the
 *   propagated σᵢ.
 * - with σᵢ and n = 2 (ν = 0): the line passes through both points, s = 1 (errors from the σᵢ only).
 * - without σᵢ (all weights 1): s = χ²/ν, the residual variance (needs n ≥ 3; with n = 2 the
 *   errors are unknown and s = NaN).
 */
export interface LineFit {
  n: number;
  /** a, the value at x = 0. */
  intercept: number;
  /** b. */
  slope: number;
  /** Weighted mean x̄ of the abscissae. */
  xMean: number;
  /** ŷ(x̄), uncorrelated with the slope. */
  yAtMean: number;
  /** Σw (unscaled). */
  sumW: number;
  /** Σw(x − x̄)² (unscaled). */
  sxx: number;
  /** Covariance of [a, b] after scaling, row-major 2×2: [[var a, cov], [cov, var b]]. */
  covariance: [[number, number], [number, number]];
  /** Σ wᵢ (yᵢ − ŷᵢ)². */
  chi2: number;
  /** n − 2. */
  dof: number;
  /** χ²/ν, or null when ν = 0. */
  reducedChi2: number | null;
  /** P(χ²_ν ≥ χ²) when the σᵢ were given and ν ≥ 1, else null. */
  pValue: number | null;
  /** The factor s multiplying the covariance (see the convention above). */
  scale: number;
  /** True when the σᵢ were given. */
  weighted: boolean;
}

/**
 * Fit y = a + b·x. `sigma` (same length, all finite and > 0) gives the standard errors of y;
 * omit it for an unweighted fit. Needs n ≥ 2 and at least two distinct x (RangeError otherwise).
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>, sigma?: ArrayLike<number>): LineFit {
  const n = x.length;
  if (y.length !== n || (sigma && sigma.length !== n)) throw new RangeError('fitLine: x, y and sigma differ in length');
  if (n < 2) throw new RangeError(`fitLine: needs at least 2 points, got ${n}`);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = sigma ? sigma[i]! : 1;
    if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`fitLine: sigma[${i}] = ${s} is not a positive finite number`);
    w[i] = 1 / (s * s);
  }
  let sw = 0, swx = 0, swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    swx += w[i]! * x[i]!;
    swy += w[i]! * y[i]!;
  }
  const xMean = swx / sw, yMean = swy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - xMean;
    sxx += w[i]! * dx * dx;
    sxy += w[i]! * dx * (y[i]! - yMean);
  }
  // Relative test: x spans a range negligible against its magnitude means one temperature.
  let spread = 0;
  for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(x[i]! - xMean));
  if (!(spread > 1e-12 * Math.abs(xMean)) || !(sxx > 0)) throw new RangeError('fitLine: all x are equal; a slope needs two distinct abscissae');
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - yMean - slope * (x[i]! - xMean);
    chi2 += w[i]! * r * r;
  }
  const dof = n - 2;
  const reducedChi2 = dof > 0 ? chi2 / dof : null;
  const weighted = sigma !== undefined;
  let scale: number;
  if (weighted) scale = reducedChi2 === null ? 1 : Math.max(1, reducedChi2);
  else scale = reducedChi2 === null ? NaN : reducedChi2;
  const varB = scale / sxx;
  const varA = scale / sw + xMean * xMean * varB;
  const cov = -xMean * varB;
  return {
    n, intercept, slope, xMean, yAtMean: yMean, sumW: sw, sxx,
    covariance: [[varA, cov], [cov, varB]],
    chi2, dof, reducedChi2,
    pValue: weighted && dof > 0 ? chi2Survival(chi2, dof) : null,
    scale, weighted,
  };
}

/** ŷ(x₀) = a + b·x₀ and its standard error from the full (scaled) covariance of the fit. */
export function predictLine(fit: LineFit, x0: number): { value: number; stderr: number } {
  const dx = x0 - fit.xMean;
  const value = fit.yAtMean + fit.slope * dx;
  const variance = fit.scale * (1 / fit.sumW + (dx * dx) / fit.sxx);
  return { value, stderr: Math.sqrt(variance) };
}
