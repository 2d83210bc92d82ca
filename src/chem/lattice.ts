import { type Cell, cartToFrac, fracToCart } from '../core/cell.js';
import { PaddlewheelError } from '../core/errors.js';
import { NeighbourGrid } from '../math/neighbour-grid.js';

/**
 * Recognition of a cubic point lattice (fcc or bcc) from points in a periodic cell — the
 * anion centres of a closo-borate, say — and its cubic lattice parameter a (Å).
 *
 * Method: with ρ = N/V the number density, each lattice type fixes a (fcc: 4 points per
 * cubic cell, a = (4/ρ)^(1/3); bcc: 2, a = (2/ρ)^(1/3)). The shell structure decides which:
 * for every point the sorted distances to its neighbours (all periodic images) are
 * scanned for the largest relative gap r_(k+1)/r_k, k = 4…20. In fcc it follows the 12th
 * neighbour (12 at a/√2, then 6 at a: ratio √2); in bcc the 14th (8 at a√3/2 and 6 at a,
 * then 12 at a√2: ratio √2, while the 8→9 gap is only 1.15). Each point votes for its k;
 * the winning k must be 12 (fcc) or 14 (bcc), carried by at least `minConfidence` of the
 * points, the first-shell distances must give the density's a to within `aTolerance`
 * (which rejects strained or vacancy-ridden lattices), and the first-shell bonds must share
 * one orientation across the cell: the global Steinhardt order parameter Q6 of the 12 (fcc)
 * or 14 (bcc) nearest-neighbour bonds of all points must reach `minQ6` (ideal fcc 0.575,
 * bcc 0.511; ≈ 0.1 for the argyrodite S/Cl framework, a tetrahedrally close-packed
 * arrangement in which most points also have 12 near neighbours). Otherwise: `other`.
 *
 * Why this works on thermal, small and non-cubic cells: a √2 gap survives thermal noise
 * far larger than an 800 K anion lattice has (the largest of 12 noisy first-shell distances
 * stays below the smallest of the next shell), whereas a least-squares fit of sorted
 * distances does not (sorting smears fcc and bcc profiles into each other); the neighbour
 * search finds every periodic image within range (a 1-point primitive cell sees its 12
 * images); and nothing depends on the cell's shape, only on mutual distances and density.
 *
 * a comes from the density (robust to noise, exact for a perfect lattice filling the
 * cell); `aFromNeighbours` (from the mean distance of the first 12 (fcc) or 8 + 6 (bcc)
 * neighbours) is the cross-check. `misfit` (RMS difference between the sorted distances
 * to the first 18 neighbours and the ideal ones, in units of ρ^(−1/3)) measures the noise.
 */
export type CubicLatticeKind = 'fcc' | 'bcc';

/** One lattice hypothesis. */
export interface LatticeCandidate {
  /** Cubic lattice parameter from the number density (Å). */
  a: number;
  /** Lattice parameter from the mean first-shell distances (fcc: 12 neighbours; bcc: 8 + 6) (Å). */
  aFromNeighbours: number;
  /** RMS difference between the sorted distances to the first 18 neighbours and the ideal ones, in units of ρ^(−1/3). */
  misfit: number;
}

/** Result of recogniseLattice. */
export interface LatticeRecognition {
  lattice: CubicLatticeKind | 'other';
  /** Cubic lattice parameter (Å) of the recognised lattice (from the density); null for `other`. */
  a: number | null;
  /** Fraction of points whose largest neighbour-distance gap sits where the winning lattice has it (0–1). */
  confidence: number;
  /** Points per position k of the largest gap r_(k+1)/r_k ({"12": 8} for a perfect fcc of 8 points). */
  votes: Record<string, number>;
  /**
   * Global Steinhardt bond-order parameters of the first-shell bonds of the winning shell
   * count (12 or 14 nearest neighbours per point): Q_l² = (1/B²) Σ_b Σ_b' P_l(b̂·b̂'), over
   * all B bonds (a deterministic sample of 4000 when there are more). Null for `other` shells.
   */
  order: { Q4: number; Q6: number } | null;
  /** Number of points. */
  points: number;
  /** Number density (Å⁻³). */
  density: number;
  fcc: LatticeCandidate;
  bcc: LatticeCandidate;
  /** One sentence saying why (for diagnostics and error messages). */
  reason: string;
}

/** Thresholds of recogniseLattice. */
export interface LatticeOptions {
  /** Smallest fraction of points that must vote for the winning shell structure (default 0.5). */
  minConfidence?: number;
  /** Largest relative difference between aFromNeighbours and the density's a (default 0.08). */
  aTolerance?: number;
  /** Smallest global Q6 of the first-shell bonds (default 0.3). */
  minQ6?: number;
}

/** Neighbours kept per point. */
const K = 24;
/** Neighbours compared with the ideal profile for `misfit`. */
const K_PROFILE = 18;
/** Largest gap searched after neighbour k = GAP_MIN … GAP_MAX. */
const GAP_MIN = 4, GAP_MAX = 20;
/** Points per conventional cubic cell. */
export const POINTS_PER_CUBIC_CELL: Record<CubicLatticeKind, number> = { fcc: 4, bcc: 2 };
/** Position of the largest neighbour-distance gap of each lattice. */
const GAP_AT: Record<CubicLatticeKind, number> = { fcc: 12, bcc: 14 };

/** Ideal sorted distances to the first 18 neighbours for a = 1. */
const PROFILE: Record<CubicLatticeKind, Float64Array> = {
  fcc: Float64Array.from([...Array<number>(12).fill(Math.SQRT1_2), ...Array<number>(6).fill(1)]),
  bcc: Float64Array.from([...Array<number>(8).fill(Math.sqrt(3) / 2), ...Array<number>(6).fill(1), ...Array<number>(4).fill(Math.SQRT2)]),
};

/**
 * Decide fcc / bcc / other for points (Cartesian Å, 3 per point, wrapped or not) in `cell`.
 * @throws PaddlewheelError E_SELECTION when there are no points
 */
export function recogniseLattice(positions: ArrayLike<number>, cell: Cell, options: LatticeOptions = {}): LatticeRecognition {
  const n = positions.length / 3;
  if (!(n >= 1) || !Number.isInteger(n)) throw new PaddlewheelError('E_SELECTION', 'lattice recognition needs at least one point');
  const minConfidence = options.minConfidence ?? 0.5;
  const aTolerance = options.aTolerance ?? 0.08;
  const minQ6 = options.minQ6 ?? 0.3;
  const density = n / cell.volume;
  const d = Math.cbrt(1 / density);
  const { dist, bonds } = sortedNeighbours(positions, cell, 2.4 * d);
  const fcc = candidate('fcc', dist, n, density, d);
  const bcc = candidate('bcc', dist, n, density, d);

  const votes = new Map<number, number>();
  for (let p = 0; p < n; p++) {
    let best = GAP_MIN, ratio = 0;
    for (let k = GAP_MIN; k <= GAP_MAX; k++) {
      const g = dist[p * K + k]! / dist[p * K + k - 1]!;
      if (g > ratio) { ratio = g; best = k; }
    }
    votes.set(best, (votes.get(best) ?? 0) + 1);
  }
  let winner = 0, top = -1;
  for (const [k, c] of [...votes.entries()].sort((x, y) => x[0] - y[0])) if (c > top) { top = c; winner = k; }
  const confidence = top / n;
  const kind: CubicLatticeKind | undefined = winner === GAP_AT.fcc ? 'fcc' : winner === GAP_AT.bcc ? 'bcc' : undefined;
  const cand = kind === 'fcc' ? fcc : kind === 'bcc' ? bcc : undefined;
  const aOff = cand ? Math.abs(cand.aFromNeighbours / cand.a - 1) : Infinity;
  const order = kind ? bondOrder(bonds, n, GAP_AT[kind]) : null;
  const ok = kind !== undefined && confidence >= minConfidence && aOff <= aTolerance && order!.Q6 >= minQ6;
  const voteText = [...votes.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, c]) => `${c} after neighbour ${k}`).join(', ');
  let reason: string;
  if (ok) {
    reason = `${n} point${n === 1 ? ' forms' : 's form'} ${kind === 'fcc' ? 'an' : 'a'} ${kind} lattice, a = ${cand!.a.toFixed(3)} Å from the density (${cand!.aFromNeighbours.toFixed(3)} Å from the first shells); largest neighbour-distance gap: ${voteText} of ${n} points`;
  } else if (kind === undefined || confidence < minConfidence) {
    reason = `${n} points match neither fcc nor bcc: their largest neighbour-distance gap falls ${voteText} of ${n} points (fcc: after 12, bcc: after 14, for at least ${Math.round(100 * minConfidence)} % of the points)`;
  } else if (aOff > aTolerance) {
    reason = `${n} points have the shells of ${kind} but their first-shell distances give a = ${cand!.aFromNeighbours.toFixed(3)} Å, ${(100 * aOff).toFixed(1)} % from the density's ${cand!.a.toFixed(3)} Å (strain or vacancies; tolerance ${(100 * aTolerance).toFixed(0)} %)`;
  } else {
    reason = `${n} points have ${GAP_AT[kind]} near neighbours each, as in ${kind}, but their bonds are not oriented alike across the cell (global Q6 = ${order!.Q6.toFixed(3)}, ${kind} ${kind === 'fcc' ? '0.575' : '0.511'}, required ≥ ${minQ6}): not ${kind === 'fcc' ? 'an' : 'a'} ${kind} lattice`;
  }
  return {
    lattice: ok ? kind! : 'other',
    a: ok ? cand!.a : null,
    confidence,
    order,
    votes: Object.fromEntries([...votes.entries()].sort((x, y) => x[0] - y[0]).map(([k, c]) => [String(k), c])),
    points: n,
    density,
    fcc,
    bcc,
    reason,
  };
}

function candidate(kind: CubicLatticeKind, dist: Float64Array, n: number, density: number, d: number): LatticeCandidate {
  const a = Math.cbrt(POINTS_PER_CUBIC_CELL[kind] / density);
  const u = PROFILE[kind];
  const shell = GAP_AT[kind];
  let se = 0, ru = 0, uu = 0;
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < K_PROFILE; k++) {
      const e = dist[p * K + k]! - a * u[k]!;
      se += e * e;
    }
    for (let k = 0; k < shell; k++) {
      ru += dist[p * K + k]! * u[k]!;
      uu += u[k]! * u[k]!;
    }
  }
  return { a, aFromNeighbours: ru / uu, misfit: Math.sqrt(se / (n * K_PROFILE)) / d };
}

/**
 * The K shortest distances from every point to the others (all periodic images, the
 * point's own included), sorted, flat (K per point; missing neighbours count as `cutoff`),
 * and the unit vectors of the first 14 of them (3 per bond, 14 bonds per point, zero where
 * missing).
 */
function sortedNeighbours(positions: ArrayLike<number>, cell: Cell, cutoff: number): { dist: Float64Array; bonds: Float64Array } {
  const n = positions.length / 3;
  const lists: number[][] = Array.from({ length: n }, () => []);
  new NeighbourGrid(cell, positions, cutoff).forEachPair((i, j, _s0, _s1, _s2, dx, dy, dz, d2) => {
    const r = Math.sqrt(d2);
    lists[i]!.push(r, dx / r, dy / r, dz / r);
    lists[j]!.push(r, -dx / r, -dy / r, -dz / r);
  });
  const dist = new Float64Array(n * K).fill(cutoff);
  const bonds = new Float64Array(n * MAX_BONDS * 3);
  lists.forEach((l, p) => {
    const order = Array.from({ length: l.length / 4 }, (_, q) => q).sort((x, y) => l[4 * x]! - l[4 * y]!);
    for (let k = 0; k < Math.min(K, order.length); k++) {
      const q = order[k]!;
      dist[p * K + k] = l[4 * q]!;
      if (k < MAX_BONDS) for (let c = 0; c < 3; c++) bonds[3 * (p * MAX_BONDS + k) + c] = l[4 * q + 1 + c]!;
    }
  });
  return { dist, bonds };
}

const MAX_BONDS = 14;
const MAX_SAMPLE = 4000;

/** Global Q4 and Q6 of the first `k` bonds of every point (addition theorem over bond pairs). */
function bondOrder(bonds: Float64Array, n: number, k: number): { Q4: number; Q6: number } {
  const idx: number[] = [];
  for (let p = 0; p < n; p++) for (let b = 0; b < k; b++) idx.push(p * MAX_BONDS + b);
  const stride = Math.max(1, Math.ceil(idx.length / MAX_SAMPLE));
  const use = idx.filter((_, i) => i % stride === 0);
  let s4 = 0, s6 = 0;
  for (const u of use) {
    const ux = bonds[3 * u]!, uy = bonds[3 * u + 1]!, uz = bonds[3 * u + 2]!;
    for (const v of use) {
      const x = ux * bonds[3 * v]! + uy * bonds[3 * v + 1]! + uz * bonds[3 * v + 2]!;
      const x2 = x * x;
      s4 += (35 * x2 * x2 - 30 * x2 + 3) / 8;
      s6 += (231 * x2 * x2 * x2 - 315 * x2 * x2 + 105 * x2 - 5) / 16;
    }
  }
  const B = use.length;
  return { Q4: Math.sqrt(Math.max(0, s4)) / B, Q6: Math.sqrt(Math.max(0, s6)) / B };
}

/**
 * Ideal points of a cubic lattice (parameter `a`, Å; conventional cell axis-aligned, a
 * point at the origin) that fall inside `cell` (any supercell of it: √2×√2×1, primitive,
 * 2×2×2 …), Cartesian Å, 3 per point, wrapped, in a fixed order. Throws RangeError when the
 * cell is not a supercell of the lattice (its vectors are not lattice vectors).
 */
export function cubicLatticePoints(kind: CubicLatticeKind, a: number, cell: Cell): Float64Array {
  const basis = kind === 'fcc' ? [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]] : [[0, 0, 0], [0.5, 0.5, 0.5]];
  const expected = (cell.volume / (a * a * a)) * basis.length;
  const count = Math.round(expected);
  if (Math.abs(expected - count) > 1e-6 * Math.max(1, count) || count < 1) {
    throw new RangeError(`the cell (volume ${cell.volume.toFixed(3)} Å³) is not a supercell of the ${kind} lattice with a = ${a} Å`);
  }
  // Search the lattice translations spanning the cell's corners.
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  const m = cell.matrix;
  for (let c = 0; c < 8; c++) {
    const f = [c & 1, (c >> 1) & 1, (c >> 2) & 1];
    for (let k = 0; k < 3; k++) {
      const x = (f[0]! * m[k]! + f[1]! * m[3 + k]! + f[2]! * m[6 + k]!) / a;
      lo[k] = Math.min(lo[k]!, Math.floor(x) - 1);
      hi[k] = Math.max(hi[k]!, Math.ceil(x) + 1);
    }
  }
  const seen = new Set<string>();
  const out: number[] = [];
  const tol = 1e-7;
  for (let i = lo[0]!; i <= hi[0]!; i++) for (let j = lo[1]!; j <= hi[1]!; j++) for (let k = lo[2]!; k <= hi[2]!; k++) for (const b of basis) {
    const f = cartToFrac(cell, [(i + b[0]!) * a, (j + b[1]!) * a, (k + b[2]!) * a]);
    if (Array.from(f).some((x) => x < -tol || x >= 1 - tol)) continue;
    const w = Array.from(f, (x) => (Math.abs(x) < tol ? 0 : x));
    const key = w.map((x) => x.toFixed(6)).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...fracToCart(cell, w));
  }
  if (out.length / 3 !== count) {
    throw new RangeError(`the cell is not a supercell of the ${kind} lattice with a = ${a} Å (found ${out.length / 3} points, expected ${count})`);
  }
  return Float64Array.from(out);
}

/**
 * Default neighbour cutoff r_c / a of the interstitial-site cliques (SPEC section 2): 0.85 for
 * fcc (between the first shell at 0.707a and the second at a), 1.2 for bcc (both shells, 0.866a
 * and a, but not the third at 1.414a). The one definition the sites analysis, the templates and
 * the structure builder share.
 */
export const SITE_CUTOFF_FACTOR = { fcc: 0.85, bcc: 1.2 } as const;
