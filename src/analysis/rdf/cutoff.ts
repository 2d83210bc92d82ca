/**
 * First-shell cutoff r₁ (SPEC section 5): the first minimum of g(r) after its main peak,
 * found where g′(r) = 0 on a lightly smoothed curve.
 *
 * Smoothing: a Gaussian of standard deviation σ (default 0.1 Å, a few bins at the usual
 * 0.02–0.05 Å widths) over the bins, truncated at 3σ and renormalised near the ends; it
 * removes bin-to-bin counting noise but moves a minimum of a real shell structure by far
 * less than its width. The main peak is the highest point of the smoothed curve. From there
 * the curve is followed downhill; the first dip at least MIN_RISE·g_peak deep on both sides is
 * the minimum (the lowest point of any shallower ripples passed on the way):
 * the vertex of the parabola through it and its two neighbours (where the interpolated
 * derivative is zero), or the middle of a flat stretch (a gap between the shells of a
 * perfect lattice, where g = 0).
 */

/**
 * A dip counts as the minimum only when it lies at least this fraction of the main peak's
 * height below the peak and below the next maximum; shallower dips are noise ripples.
 */
export const MIN_RISE = 0.05;

/** Default Gaussian σ (Å) of the smoothing before the minimum search. */
export const DEFAULT_SMOOTHING = 0.1;

/** Where the first shell ends. */
export interface FirstShell {
  /** First-shell cutoff (Å). */
  r1: number;
  /** Position of the main peak (Å), on the smoothed curve. */
  peak: number;
  /** Smoothed g at the main peak. */
  gPeak: number;
  /** Smoothed g at the minimum. */
  gMin: number;
}

/**
 * Gaussian-smoothed copy of y on a uniform grid x (σ in the units of x). σ no larger than a
 * tenth of the spacing returns an unchanged copy.
 */
export function smoothUniform(x: ArrayLike<number>, y: ArrayLike<number>, sigma = DEFAULT_SMOOTHING): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y as ArrayLike<number>);
  if (n < 2 || !(sigma > 0)) return out;
  const h = (x[n - 1]! - x[0]!) / (n - 1);
  const s = sigma / h;
  if (s <= 0.1) return out;
  const half = Math.ceil(3 * s);
  const w = Float64Array.from({ length: half + 1 }, (_, k) => Math.exp(-0.5 * (k / s) ** 2));
  for (let i = 0; i < n; i++) {
    let sum = 0, norm = 0;
    for (let k = -half; k <= half; k++) {
      const j = i + k;
      if (j < 0 || j >= n) continue;
      const wk = w[Math.abs(k)]!;
      sum += wk * y[j]!;
      norm += wk;
    }
    out[i] = sum / norm;
  }
  return out;
}

/**
 * First minimum of g(r) after its main peak (see the module comment for the method).
 *
 * @param r bin centres (Å), uniformly spaced, ascending
 * @param g g(r) at those centres
 * @param sigma Gaussian smoothing σ (Å); 0 for none
 * @returns the first shell, or null when g has no peak (all zero) or does not turn up again
 *   before the last bin (the minimum lies beyond rmax)
 */
export function firstShellCutoff(r: ArrayLike<number>, g: ArrayLike<number>, sigma = DEFAULT_SMOOTHING): FirstShell | null {
  const n = g.length;
  if (n < 3 || r.length !== n) return null;
  const s = smoothUniform(r, g, sigma);
  let p = 0;
  for (let i = 1; i < n; i++) if (s[i]! > s[p]!) p = i;
  if (!(s[p]! > 0)) return null;
  const tol = 1e-9 * s[p]!;
  // Follow the curve downhill; a dip less than MIN_RISE·g_peak below the peak or below the
  // next maximum is a ripple, not the minimum, and the walk goes on (keeping the lowest point).
  let best = -1, bestEnd = -1;
  let k = p;
  for (;;) {
    while (k + 1 < n && s[k + 1]! < s[k]! - tol) k++;
    if (k + 1 >= n) return null;
    let j = k;
    while (j + 1 < n && Math.abs(s[j + 1]! - s[k]!) <= tol) j++;
    if (j + 1 >= n) return null;
    if (best < 0 || s[k]! < s[best]!) { best = k; bestEnd = j; }
    let q = j;
    while (q + 1 < n && s[q + 1]! >= s[q]! - tol) q++;
    const depth = MIN_RISE * s[p]!;
    if (s[p]! - s[best]! >= depth && s[q]! - s[best]! >= depth) break;
    if (q + 1 >= n) return null;
    k = q;
  }
  const h = (r[n - 1]! - r[0]!) / (n - 1);
  let r1: number;
  if (bestEnd > best) {
    r1 = 0.5 * (r[best]! + r[bestEnd]!);
  } else {
    const a = s[best - 1]!, b = s[best]!, c = s[best + 1]!;
    const curv = a - 2 * b + c;
    const off = curv > 0 ? Math.max(-0.5, Math.min(0.5, (a - c) / (2 * curv))) : 0;
    r1 = r[best]! + off * h;
  }
  return { r1, peak: r[p]!, gPeak: s[p]!, gMin: s[best]! };
}
