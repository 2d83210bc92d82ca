import type { CubicLattice } from '../pauling/pauling.js';
import { SITE_CUTOFF_FACTOR as SHARED_CUTOFF } from '../../chem/lattice.js';

/**
 * Ideal cubic anion lattices and the interstitial sites of SPEC section 2 seen from one
 * anion: cliques of the anion neighbour graph (edges → linear, triangles → trigonal,
 * 4-cliques → tetrahedral) that contain the anion at the origin.
 *
 * Lengths are in units of the cubic lattice parameter a unless a is given (Å).
 */

/** Interstitial site types that are cliques of the anion neighbour graph. */
export const CLIQUE_SITE_TYPES = ['linear', 'trigonal', 'tetrahedral'] as const;
export type CliqueSiteType = (typeof CLIQUE_SITE_TYPES)[number];

/** Anions per site of each type (clique size). */
export const CLIQUE_SIZE: Record<CliqueSiteType, number> = { linear: 2, trigonal: 3, tetrahedral: 4 };

/**
 * Default neighbour cutoff r_c / a (SPEC section 2): 0.85 for fcc (between the first shell at
 * 0.707a and the second at a), 1.2 for bcc (both shells, 0.866a and a, but not 1.414a).
 */
export const SITE_CUTOFF_FACTOR: Record<CubicLattice, number> = SHARED_CUTOFF;

/** Fractional basis of the conventional cubic cell (flat, 3 per point). */
export const CUBIC_BASIS: Record<CubicLattice, readonly number[]> = {
  fcc: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
  bcc: [0, 0, 0, 0.5, 0.5, 0.5],
};

/**
 * Lattice points (Cartesian, flat) within `radius` of the origin, the origin excluded, for a
 * lattice of parameter `a`. Order: by conventional cell (i, j, k ascending), then basis.
 */
export function latticePointsNear(lattice: CubicLattice, a: number, radius: number): Float64Array {
  const basis = CUBIC_BASIS[lattice];
  const n = Math.ceil(radius / a) + 1;
  const out: number[] = [];
  const r2 = radius * radius;
  for (let i = -n; i <= n; i++) for (let j = -n; j <= n; j++) for (let k = -n; k <= n; k++) {
    for (let b = 0; b < basis.length; b += 3) {
      const x = (i + basis[b]!) * a, y = (j + basis[b + 1]!) * a, z = (k + basis[b + 2]!) * a;
      const d2 = x * x + y * y + z * z;
      if (d2 > 0 && d2 < r2) out.push(x, y, z);
    }
  }
  return Float64Array.from(out);
}

/**
 * Centres (Cartesian, flat, relative to the origin anion) of the sites of `type` that the
 * anion at the origin belongs to: centroids of the cliques {origin, n₁, …} of the neighbour
 * graph with cutoff `cutoff` (in units of a; default SITE_CUTOFF_FACTOR). Every member of
 * such a clique is a neighbour of the origin, so only the shell within the cutoff is searched.
 * fcc gives 12 / 24 / 8 and bcc 14 / 36 / 24 linear / trigonal / tetrahedral sites.
 */
export function siteCentresAroundAnion(lattice: CubicLattice, type: CliqueSiteType, cutoff: number = SITE_CUTOFF_FACTOR[lattice], a = 1): Float64Array {
  const rc = cutoff * a;
  const p = latticePointsNear(lattice, a, rc);
  const m = p.length / 3;
  const near = (u: number, v: number) => Math.hypot(p[3 * u]! - p[3 * v]!, p[3 * u + 1]! - p[3 * v + 1]!, p[3 * u + 2]! - p[3 * v + 2]!) < rc;
  const out: number[] = [];
  const push = (members: number[]) => {
    const k = members.length + 1; // the origin is a member at (0, 0, 0)
    for (let c = 0; c < 3; c++) out.push(members.reduce((s, u) => s + p[3 * u + c]!, 0) / k);
  };
  for (let u = 0; u < m; u++) {
    if (type === 'linear') { push([u]); continue; }
    for (let v = u + 1; v < m; v++) {
      if (!near(u, v)) continue;
      if (type === 'trigonal') { push([u, v]); continue; }
      for (let w = v + 1; w < m; w++) if (near(u, w) && near(v, w)) push([u, v, w]);
    }
  }
  return Float64Array.from(out);
}

/** Unit vectors along the rows of a flat 3-per-row array (new array). */
export function normalised(v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i += 3) {
    const n = Math.hypot(v[i]!, v[i + 1]!, v[i + 2]!);
    out[i] = v[i]! / n; out[i + 1] = v[i + 1]! / n; out[i + 2] = v[i + 2]! / n;
  }
  return out;
}
