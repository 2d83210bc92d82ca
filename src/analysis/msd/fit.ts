import { glsFit, variance } from '../../math/stats.js';

/**
 * Fitting D to an MSD curve with an honest standard error.
 *
 * The MSD at different lags is computed from overlapping time origins, so its values are
 * strongly correlated and an ordinary least-squares error is far too small. We use the
 * covariance that the MSD estimator has for free (Brownian) diffusion, exactly, for the
 * actual number of frames and lags (Qian, Sheetz & Elson, Biophys. J. 60, 910 (1991);
 * Bullerjahn, von Bülow & Hummer, J. Chem. Phys. 153, 024116 (2020)), in a generalised
 * least-squares fit (glsFit).
 *
 * Model: each 1-D coordinate makes independent Gaussian steps of variance s² per frame;
 * the displacement over lag m from origin t is the sum of steps t … t+m−1, so two
 * displacements have covariance s²·(number of shared steps) and, being Gaussian,
 * Cov(d², d′²) = 2·Cov(d, d′)². Averaging over origins,
 *
 *   Cov(M_m, M_n) = 2 s⁴ · C₀(m, n),   C₀(m, n) = Σ_{t,t′} ov(t, m; t′, n)² / (N_m N_n),
 *
 * with N_m = T − m origins. For a d-dimensional MSD averaged over N independent atoms
 * with slope b (= 2d·D), s² = b·Δt/d per coordinate, so Cov = (2/d)·b²·Δt²·C₀/N.
 */
export function freeDiffusionShape(lags: readonly number[], frames: number): Float64Array {
  const K = lags.length;
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const v = overlapSum(Math.min(lags[i]!, lags[j]!), Math.max(lags[i]!, lags[j]!), frames) / ((frames - lags[i]!) * (frames - lags[j]!));
      C[i * K + j] = v;
      C[j * K + i] = v;
    }
  }
  return C;
}

/**
 * Σ over origin pairs (t, t+δ) of the squared number of shared steps of a lag-m and a lag-n
 * displacement (m ≤ n) in a T-frame series. Only −n < δ < m share steps: O(m + n).
 */
function overlapSum(m: number, n: number, T: number): number {
  let s = 0;
  for (let d = -(n - 1); d <= m - 1; d++) {
    const ov = Math.min(m, d + n) - Math.max(0, d);
    if (ov <= 0) continue;
    // origins t with 0 ≤ t ≤ T−1−m and 0 ≤ t+d ≤ T−1−n
    const count = Math.min(T - 1 - m, T - 1 - n - d) - Math.max(0, -d) + 1;
    if (count > 0) s += count * ov * ov;
  }
  return s;
}

/**
 * At most `max` integer lags evenly spread over [first, last] (both included, no
 * duplicates). The fit uses these rather than every lag: neighbouring lags carry almost the
 * same information, and a covariance matrix of hundreds of nearly equal rows is singular.
 */
export function fitLags(first: number, last: number, max = 32): number[] {
  const n = last - first + 1;
  if (n <= max) return Array.from({ length: n }, (_, i) => first + i);
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const v = Math.round(first + ((last - first) * i) / (max - 1));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/** A slope fitted by fitSlope, with the parts of its standard error. */
export interface SlopeFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope from the free-diffusion covariance model. */
  modelStderr: number;
  modelInterceptStderr: number;
  /** Standard error from the spread of the per-atom slopes (sd/√N), when per-atom data were given. */
  spreadStderr: number | null;
  /** The reported standard error: the larger of the two. */
  stderr: number;
  /** b used to scale the covariance (mean of MSD(t)/t over the fit lags). */
  scale: number;
}

/**
 * GLS fit of MSD(t) = intercept + slope·t at the fit lags, with the free-diffusion
 * covariance. The covariance is scaled by b̄ = mean over fit lags of MSD(t)/t (≥ 0 even
 * when the fitted slope is not, so a non-diffusing species still gets an error bar), for
 * `independent` independent copies (atoms; 1 for the collective MSD) of a `dims`-dimensional
 * MSD. When `perAtom` (values at the fit lags, one row per atom, averaging to `msd`) is given,
 * the spread of the per-atom slopes gives a second, model-free estimate sd/√N, and the
 * larger of the two is reported: it catches non-Gaussian and heterogeneous motion that the
 * model ignores (correlations between atoms are caught by neither).
 */
export function fitSlope(
  lags: readonly number[],
  msd: readonly number[] | Float64Array,
  frames: number,
  dt: number,
  dims: number,
  independent: number,
  shape: Float64Array,
  perAtom?: readonly Float64Array[],
): SlopeFit {
  const t = lags.map((m) => m * dt);
  const g = glsFit(t, msd, shape);
  let scale = 0;
  for (let i = 0; i < t.length; i++) scale += msd[i]! / t[i]!;
  scale = Math.max(0, scale / t.length);
  // Cov(M) = (2/d)·b²·Δt²/N · C₀; glsFit's covariance assumed C₀ itself.
  const factor = ((2 / dims) * scale * scale * dt * dt) / independent;
  const modelStderr = Math.sqrt(g.covariance[3] * factor);
  const modelInterceptStderr = Math.sqrt(g.covariance[0] * factor);
  let spreadStderr: number | null = null;
  if (perAtom && perAtom.length >= 2) {
    const slopes = perAtom.map((row) => {
      let s = 0;
      for (let i = 0; i < row.length; i++) s += g.slopeWeights[i]! * row[i]!;
      return s;
    });
    spreadStderr = Math.sqrt(variance(slopes) / slopes.length);
  }
  return {
    slope: g.slope,
    intercept: g.intercept,
    modelStderr,
    modelInterceptStderr,
    spreadStderr,
    stderr: Math.max(modelStderr, spreadStderr ?? 0),
    scale,
  };
}
