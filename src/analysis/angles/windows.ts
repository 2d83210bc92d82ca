/**
 * Angle windows of the template scores (SPEC section 6): the union of [a − w, a + w] over
 * the template angles a, clipped to [0°, 180°], and the fraction of isotropically random
 * directions that falls in it (the pure-geometry baseline).
 *
 * Why a baseline: the angle θ between two independent, isotropically random directions has
 * density ½ sin θ (θ in radians), so a window of ±5° around 90° holds 8.7 % of random pairs
 * but the same window around 41.8° only 5.8 %, and near 180° far less. A score is only
 * meaningful against what the windows catch by chance: fraction = Σ over the merged
 * windows [θ₁, θ₂] of ½ (cos θ₁ − cos θ₂).
 */

/** Default half-width of a template window (degrees). */
export const DEFAULT_WINDOW = 5;

/** Closed interval [from, to] in degrees. */
export type Interval = [number, number];

/** The merged windows [a − halfWidth, a + halfWidth] ∩ [0, 180] of `angles` (degrees), ascending and disjoint. */
export function templateWindows(angles: readonly number[], halfWidth: number = DEFAULT_WINDOW): Interval[] {
  const raw = angles.map((a): Interval => [Math.max(0, a - halfWidth), Math.min(180, a + halfWidth)]).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const w of raw) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

/** Whether θ (degrees) lies in one of the windows. */
export function inWindows(theta: number, windows: readonly Interval[]): boolean {
  for (const [a, b] of windows) {
    if (theta < a) return false;
    if (theta <= b) return true;
  }
  return false;
}

/** Fraction of isotropically random direction pairs whose angle lies in the windows: Σ ½(cos θ₁ − cos θ₂). */
export function isotropicFraction(windows: readonly Interval[]): number {
  const rad = Math.PI / 180;
  let s = 0;
  for (const [a, b] of windows) s += 0.5 * (Math.cos(a * rad) - Math.cos(b * rad));
  return s;
}
