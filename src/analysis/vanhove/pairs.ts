import { type Cell, cartToFrac, cellHeights } from '../../core/cell.js';

/**
 * Histogram the self displacements |x_u(t) − x_u(0)| of N atoms into bins of width dr:
 * bin ⌊d/dr⌋ for every d < rmax (pymatgen's `int(dist / dr)` over `dist < rmax`). The
 * positions are unwrapped (no periodic image is taken), as in pymatgen, which measures them
 * with `get_distance_and_image(..., jimage=[0, 0, 0])` on unwrapped structures.
 *
 * @param hist counts per bin, length ≥ ngrid; incremented in place
 * @param x0 positions at the origin, 3N (Å)
 * @param xt positions at the target time, 3N (Å)
 */
export function binSelf(hist: Float64Array, x0: Float64Array, xt: Float64Array, rmax: number, dr: number): void {
  for (let i = 0; i < xt.length; i += 3) {
    const dx = xt[i]! - x0[i]!, dy = xt[i + 1]! - x0[i + 1]!, dz = xt[i + 2]! - x0[i + 2]!;
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (d < rmax) hist[Math.floor(d / dr)]! += 1;
  }
}

/** Scratch buffers for binDistinct, reused between calls. */
export class DistinctScratch {
  /** Fractional coordinates of the origin positions in the target cell. */
  f0 = new Float64Array(0);
  /** Fractional coordinates of the target positions. */
  ft = new Float64Array(0);
  /** Make both buffers hold `n` numbers (3 per atom). */
  size(n: number): void {
    if (this.f0.length !== n) {
      this.f0 = new Float64Array(n);
      this.ft = new Float64Array(n);
    }
  }
}

/**
 * Histogram the distinct distances |x_u(t) + n·L − x_v(0)| < rmax over all ordered pairs
 * (u, v) and all lattice translations n of `cell`, leaving out only u = v with n = 0 (the
 * self term). Bin ⌊d/dr⌋ as in binSelf.
 *
 * Every periodic image within rmax is counted, so rmax may exceed half the cell: this is what
 * pymatgen's VanHoveAnalysis does with its default `cell_range=1` (27 images of unwrapped
 * fractional differences), and for rmax ≤ half the shortest cell height it is the minimum
 * image. The images are enumerated exactly rather than from a fixed ±1 range: a translated
 * vector (g + n)·M is at least |g_i + n_i|·h_i long (h_i the height of the cell across
 * lattice vector i), so only n_i with |g_i + n_i| < rmax/h_i can lie within rmax.
 *
 * The target frame's cell is used for the images (the same cell for all frames in NVT).
 *
 * @param hist counts per bin, length ≥ ngrid; incremented in place
 * @param x0 positions at the origin, 3N (Å), unwrapped or not
 * @param xt positions at the target time, 3N (Å), the same atoms in the same order
 */
export function binDistinct(hist: Float64Array, x0: Float64Array, xt: Float64Array, cell: Cell, rmax: number, dr: number, scratch = new DistinctScratch()): void {
  scratch.size(x0.length);
  const f0 = cartToFrac(cell, x0, scratch.f0), ft = cartToFrac(cell, xt, scratch.ft);
  const [h0, h1, h2] = cellHeights(cell);
  const a0 = rmax / h0, a1 = rmax / h1, a2 = rmax / h2;
  const m = cell.matrix;
  const m0 = m[0]!, m1 = m[1]!, m2 = m[2]!, m3 = m[3]!, m4 = m[4]!, m5 = m[5]!, m6 = m[6]!, m7 = m[7]!, m8 = m[8]!;
  const n = xt.length;
  // A coarse test on d² first skips most square roots; the exact test stays on d (see below).
  const rmax2 = rmax * rmax * (1 + 1e-12);
  if (a0 < 0.5 && a1 < 0.5 && a2 < 0.5) {
    // rmax below half of every height: only n_i = −round(g_i) can have |g_i + n_i| < a_i < ½,
    // so one candidate image per pair (the minimum image when the cell is not too skewed).
    for (let u = 0; u < n; u += 3) {
      const tu0 = ft[u]!, tu1 = ft[u + 1]!, tu2 = ft[u + 2]!;
      for (let v = 0; v < n; v += 3) {
        const g0 = tu0 - f0[v]!, g1 = tu1 - f0[v + 1]!, g2 = tu2 - f0[v + 2]!;
        const n0 = Math.floor(g0 + 0.5), n1 = Math.floor(g1 + 0.5), n2 = Math.floor(g2 + 0.5);
        if (u === v && n0 === 0 && n1 === 0 && n2 === 0) continue;
        const e0 = g0 - n0, e1 = g1 - n1, e2 = g2 - n2;
        if (Math.abs(e0) >= a0 || Math.abs(e1) >= a1 || Math.abs(e2) >= a2) continue;
        const x = e0 * m0 + e1 * m3 + e2 * m6;
        const y = e0 * m1 + e1 * m4 + e2 * m7;
        const z = e0 * m2 + e1 * m5 + e2 * m8;
        const d2 = x * x + y * y + z * z;
        if (d2 > rmax2) continue;
        const d = Math.sqrt(d2);
        if (d < rmax) hist[Math.floor(d / dr)]! += 1;
      }
    }
    return;
  }
  for (let u = 0; u < n; u += 3) {
    const tu0 = ft[u]!, tu1 = ft[u + 1]!, tu2 = ft[u + 2]!;
    for (let v = 0; v < n; v += 3) {
      const g0 = tu0 - f0[v]!, g1 = tu1 - f0[v + 1]!, g2 = tu2 - f0[v + 2]!;
      const lo0 = Math.ceil(-a0 - g0), hi0 = Math.floor(a0 - g0);
      if (lo0 > hi0) continue;
      const lo1 = Math.ceil(-a1 - g1), hi1 = Math.floor(a1 - g1);
      if (lo1 > hi1) continue;
      const lo2 = Math.ceil(-a2 - g2), hi2 = Math.floor(a2 - g2);
      if (lo2 > hi2) continue;
      const same = u === v;
      for (let i = lo0; i <= hi0; i++) {
        const e0 = g0 + i;
        for (let j = lo1; j <= hi1; j++) {
          const e1 = g1 + j;
          for (let k = lo2; k <= hi2; k++) {
            if (same && i === 0 && j === 0 && k === 0) continue;
            const e2 = g2 + k;
            const x = e0 * m0 + e1 * m3 + e2 * m6;
            const y = e0 * m1 + e1 * m4 + e2 * m7;
            const z = e0 * m2 + e1 * m5 + e2 * m8;
            const d2 = x * x + y * y + z * z;
            if (d2 > rmax2) continue;
            // The exact test on d, as pymatgen compares distances, so edge cases agree.
            const d = Math.sqrt(d2);
            if (d < rmax) hist[Math.floor(d / dr)]! += 1;
          }
        }
      }
    }
  }
}
