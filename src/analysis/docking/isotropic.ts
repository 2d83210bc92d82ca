import { TRIAD_AXES } from '../../chem/icosahedron.js';

/**
 * The no-docking baseline: the distribution of the angle between an isotropically random
 * direction and the nearest of the 20 triad axes of a regular icosahedron. Without it the
 * measured distribution is hard to read — even random directions never lie farther than
 * 37.4° from a triad axis, and the density per degree vanishes at 0° for any distribution
 * smooth on the sphere (solid angle ∝ sin θ), so "docked cations sit near 0°" means a peak
 * at a few degrees well left of the isotropic one.
 *
 * Computed by quadrature on a Fibonacci sphere of `POINTS` nearly uniform directions
 * (deterministic; the density is accurate to ≈ 1e-3 per degree at 1° bins).
 */
const POINTS = 200_000;

const cache = new Map<string, { density: Float64Array; mean: number }>();

/**
 * Isotropic density (per degree) of the nearest-triad angle on bins [b·w, (b+1)·w), b < bins,
 * and its mean (degrees).
 */
export function isotropicTriadAngleDensity(binWidth: number, bins: number): { density: Float64Array; mean: number } {
  const key = `${binWidth}/${bins}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const counts = new Float64Array(bins);
  const golden = Math.PI * (3 - Math.sqrt(5));
  let sum = 0;
  for (let i = 0; i < POINTS; i++) {
    const z = 1 - (2 * (i + 0.5)) / POINTS;
    const r = Math.sqrt(1 - z * z);
    const x = r * Math.cos(golden * i), y = r * Math.sin(golden * i);
    let best = -2, bf = 0;
    for (let f = 0; f < 20; f++) {
      const c = x * TRIAD_AXES[3 * f]! + y * TRIAD_AXES[3 * f + 1]! + z * TRIAD_AXES[3 * f + 2]!;
      if (c > best) { best = c; bf = f; }
    }
    const ax = TRIAD_AXES[3 * bf]!, ay = TRIAD_AXES[3 * bf + 1]!, az = TRIAD_AXES[3 * bf + 2]!;
    const theta = (Math.atan2(Math.hypot(y * az - z * ay, z * ax - x * az, x * ay - y * ax), best) * 180) / Math.PI;
    sum += theta;
    const b = Math.min(bins - 1, Math.floor(theta / binWidth));
    counts[b]++;
  }
  const out = { density: counts.map((c) => c / (POINTS * binWidth)), mean: sum / POINTS };
  cache.set(key, out);
  return out;
}
