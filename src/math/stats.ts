/**
 * Small statistics kit: straight-line fits with their parameter covariance (ordinary and
 * generalised least squares), Cholesky factorisation, and error bars of the mean of a
 * correlated time series (block averaging; Flyvbjerg–Petersen blocking).
 */

/** A fitted line y ≈ intercept + slope·x with the covariance of (intercept, slope). */
export interface LinearFit {
  intercept: number;
  slope: number;
  /** Covariance matrix of (intercept, slope), row-major 2×2: [var a, cov, cov, var b]. */
  covariance: [number, number, number, number];
  /** Standard errors √diag(covariance). */
  interceptStderr: number;
  slopeStderr: number;
  /** Number of points. */
  n: number;
}

function fromCovariance(intercept: number, slope: number, c: [number, number, number, number], n: number): LinearFit {
  return { intercept, slope, covariance: c, interceptStderr: Math.sqrt(Math.max(0, c[0])), slopeStderr: Math.sqrt(Math.max(0, c[3])), n };
}

/**
 * Ordinary least squares of y on x with the textbook covariance s²(XᵀX)⁻¹, s² = RSS/(n − 2).
 * That covariance assumes independent, equal-variance residuals: it is NOT an honest error for
 * serially correlated data such as an MSD curve (use glsFit with the data's covariance).
 */
export function olsFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  const n = x.length;
  if (n !== y.length || n < 2) throw new RangeError(`olsFit needs ≥ 2 points of x and y of equal length (got ${x.length}, ${y.length})`);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { const dx = x[i]! - mx; sxx += dx * dx; sxy += dx * (y[i]! - my); }
  if (!(sxx > 0)) throw new RangeError('olsFit: all x are equal');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) { const r = y[i]! - intercept - slope * x[i]!; rss += r * r; }
  const s2 = n > 2 ? rss / (n - 2) : NaN;
  const vb = s2 / sxx;
  return fromCovariance(intercept, slope, [s2 * (1 / n + (mx * mx) / sxx), -mx * vb, -mx * vb, vb], n);
}

/**
 * Cholesky factor L (lower triangular, row-major n×n) with A = L·Lᵀ, for a symmetric
 * positive-definite A (row-major n×n). Throws RangeError when A is not positive definite.
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`matrix is not positive definite (pivot ${i}: ${s})`);
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j]!;
      }
    }
  }
  return L;
}

/** Solve L·z = b in place for lower-triangular L (row-major n×n). */
function forwardSubstitute(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * b[k]!;
    b[i] = s / L[i * n + i]!;
  }
  return b;
}

/**
 * Generalised least squares of y on x with the covariance matrix C of y (row-major n×n):
 * β = (XᵀC⁻¹X)⁻¹XᵀC⁻¹y with X = [1, x], and Cov(β) = (XᵀC⁻¹X)⁻¹, exact when C is the true
 * covariance of y. Solved by whitening with the Cholesky factor of C. When C is numerically
 * singular (highly correlated neighbours), a relative jitter of 1e-12·mean(diag C) is added
 * to the diagonal, and again ×100, up to five times.
 *
 * Also returns `weights`: the row vector w with slope = w·y (so the slope of any other curve
 * with the same covariance shape is w·y′).
 */
export function glsFit(x: ArrayLike<number>, y: ArrayLike<number>, cov: ArrayLike<number>): LinearFit & { slopeWeights: Float64Array; interceptWeights: Float64Array } {
  const n = x.length;
  if (n !== y.length || cov.length !== n * n || n < 2) throw new RangeError(`glsFit: need n ≥ 2 points and an n×n covariance (n = ${x.length}, ${y.length} values, ${cov.length} covariance entries)`);
  const L = choleskyWithJitter(cov, n);
  // Whitened design columns and data: L⁻¹·1, L⁻¹·x, L⁻¹·y.
  const u = forwardSubstitute(L, n, new Float64Array(n).fill(1));
  const v = forwardSubstitute(L, n, Float64Array.from(x as ArrayLike<number>));
  const w = forwardSubstitute(L, n, Float64Array.from(y as ArrayLike<number>));
  let uu = 0, uv = 0, vv = 0, uw = 0, vw = 0;
  for (let i = 0; i < n; i++) { uu += u[i]! * u[i]!; uv += u[i]! * v[i]!; vv += v[i]! * v[i]!; uw += u[i]! * w[i]!; vw += v[i]! * w[i]!; }
  const det = uu * vv - uv * uv;
  if (!(det > 0)) throw new RangeError('glsFit: degenerate design (all x equal?)');
  // (XᵀC⁻¹X)⁻¹ = [[vv, −uv], [−uv, uu]]/det
  const intercept = (vv * uw - uv * vw) / det;
  const slope = (uu * vw - uv * uw) / det;
  // Weights: β = M⁻¹ Xᵀ C⁻¹ y = M⁻¹ (L⁻¹X)ᵀ (L⁻¹ y); the row for y is M⁻¹ (L⁻¹X)ᵀ L⁻¹.
  const aRow = new Float64Array(n), bRow = new Float64Array(n);
  for (let i = 0; i < n; i++) { aRow[i] = (vv * u[i]! - uv * v[i]!) / det; bRow[i] = (uu * v[i]! - uv * u[i]!) / det; }
  const slopeWeights = backSubstituteTransposed(L, n, bRow);
  const interceptWeights = backSubstituteTransposed(L, n, aRow);
  const fit = fromCovariance(intercept, slope, [vv / det, -uv / det, -uv / det, uu / det], n);
  return { ...fit, slopeWeights, interceptWeights };
}

/** r·L⁻¹ for a row vector r, i.e. solve Lᵀ·zᵀ = rᵀ (back substitution). */
function backSubstituteTransposed(L: Float64Array, n: number, r: Float64Array): Float64Array {
  const z = Float64Array.from(r);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * z[k]!;
    z[i] = s / L[i * n + i]!;
  }
  return z;
}

function choleskyWithJitter(cov: ArrayLike<number>, n: number): Float64Array {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += cov[i * n + i]!;
  meanDiag /= n;
  let jitter = 0;
  for (let attempt = 0; ; attempt++) {
    const a = Float64Array.from(cov as ArrayLike<number>);
    for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + jitter;
    try {
      return cholesky(a, n);
    } catch (e) {
      if (attempt >= 5) throw e;
      jitter = jitter === 0 ? 1e-12 * meanDiag : jitter * 100;
    }
  }
}

/** Arithmetic mean (NaN for no values). */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Unbiased sample variance (divides by n − 1; NaN for fewer than 2 values). */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) { const d = x[i]! - m; s += d * d; }
  return s / (n - 1);
}

/**
 * Mean of a series and its standard error from `blocks` contiguous blocks of equal length
 * (the remainder at the end is dropped): stderr = sd(block means)/√blocks. Honest for a
 * correlated series when each block is much longer than the correlation time.
 */
export function blockAverage(x: ArrayLike<number>, blocks: number): { mean: number; stderr: number; blocks: number; blockLength: number; blockMeans: number[] } {
  const len = Math.floor(x.length / blocks);
  if (!(blocks >= 2 && len >= 1)) throw new RangeError(`blockAverage: need ≥ 2 blocks of ≥ 1 value (${x.length} values, ${blocks} blocks)`);
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    for (let i = b * len; i < (b + 1) * len; i++) s += x[i]!;
    means.push(s / len);
  }
  return { mean: mean(means), stderr: Math.sqrt(variance(means) / blocks), blocks, blockLength: len, blockMeans: means };
}

/** One level of Flyvbjerg–Petersen blocking. */
export interface BlockingLevel {
  /** Block length (values per block, 2^level). */
  blockLength: number;
  /** Number of blocks at this level. */
  blocks: number;
  /** Standard error of the mean estimated at this level, and its own uncertainty. */
  stderr: number;
  stderrError: number;
}

/**
 * Standard error of the mean of a correlated series by Flyvbjerg–Petersen blocking
 * (J. Chem. Phys. 91, 461 (1989)): repeatedly average neighbouring pairs; the naive
 * standard error grows with the block length until blocks are longer than the correlation
 * time, then plateaus. The level is chosen by the criterion of Lee, Needs & Drummond
 * (Phys. Rev. E 83, 066706 (2011)): the smallest block length B with
 * B³ > 2·n·(se_B/se_1)⁴. `converged` is false when no level satisfies it (the series is too
 * short for its correlation time; the largest level with ≥ 4 blocks is returned then).
 */
export function flyvbjergPetersen(x: ArrayLike<number>): { mean: number; stderr: number; blockLength: number; converged: boolean; levels: BlockingLevel[] } {
  const n0 = x.length;
  if (n0 < 2) throw new RangeError('flyvbjergPetersen: need ≥ 2 values');
  let data = Float64Array.from(x as ArrayLike<number>);
  const m = mean(data);
  const levels: BlockingLevel[] = [];
  for (let len = 1; data.length >= 2; len *= 2) {
    const k = data.length;
    const se = Math.sqrt(variance(data) / k);
    levels.push({ blockLength: len, blocks: k, stderr: se, stderrError: se / Math.sqrt(2 * (k - 1)) });
    const next = new Float64Array(Math.floor(k / 2));
    for (let i = 0; i < next.length; i++) next[i] = 0.5 * (data[2 * i]! + data[2 * i + 1]!);
    data = next;
  }
  const se1 = levels[0]!.stderr;
  let chosen = levels.find((l) => se1 === 0 || l.blockLength ** 3 > 2 * n0 * (l.stderr / se1) ** 4);
  const converged = chosen !== undefined && chosen.blocks >= 4;
  if (!converged) chosen = [...levels].reverse().find((l) => l.blocks >= 4) ?? levels[levels.length - 1]!;
  return { mean: m, stderr: chosen!.stderr, blockLength: chosen!.blockLength, converged, levels };
}
