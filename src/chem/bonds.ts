import type { Cell } from '../core/cell.js';
import { elementInfo } from '../core/elements.js';
import { PaddlewheelError } from '../core/errors.js';
import type { Topology } from '../core/topology.js';
import { NeighbourGrid } from '../math/neighbour-grid.js';

/**
 * Bond criterion: atoms i and j are bonded when
 *   d_ij < tolerance · (r_i + r_j) + slack,
 * r = Cordero single-bond covalent radii (src/core/elements.ts), d the distance to any
 * periodic image; then each hydrogen keeps one bond only (below).
 *
 * Defaults tolerance = 1, slack = 0.5 Å, chosen from the test data (every frame checked):
 * - bonds stretch by a length set by thermal motion, not by the radii, and H moves most: in
 *   the 800 K Car–Parrinello Li2B12H12 run the longest B–H bond of a frame has a median of
 *   1.34 Å and reaches 1.59 Å (= 1.38 × (r_B + r_H)), the longest B–B 2.26 Å (1.34 ×);
 * - non-bonded contacts of heavy atoms come close in ratio: S–S between PS4 tetrahedra and
 *   free S²⁻ down to 2.81 Å (1.34 × (r_S + r_S)) in the Li6PS5Cl and Na3PS4 runs, S–I 3.29 Å;
 *   bonded P–S reaches 2.44 Å (1.15 ×) at 800 K.
 * No multiplicative factor separates both (B–H needs > 1.38, S–S needs < 1.34); an additive
 * slack does: cut-offs B–H 1.65, B–B 2.18, P–S 2.62, S–S 2.60, S–Cl 2.57, S–I 2.94 Å.
 *
 * Hydrogen valence: an H (or D) keeps only its shortest bond to a non-hydrogen atom, or, with
 * none in reach, its shortest H–H bond when the other H makes the same choice (H₂). So a
 * short H···H contact between two anions (0.5–1.1 Å in randomised test configurations)
 * never fuses them, and a bridging or hydrogen-bonded H joins one partner only.
 */
export const DEFAULT_BOND_TOLERANCE = 1;
/** Additive bond slack in Å; see DEFAULT_BOND_TOLERANCE. */
export const DEFAULT_BOND_SLACK = 0.5;

/** Options of the bond search (findClusters and selectIons pass them through). */
export interface BondOptions {
  /** Multiplier of r_i + r_j (default 1). */
  tolerance?: number;
  /** Added to the cut-off, Å (default 0.5). */
  slack?: number;
  /** Atoms that bond to nothing and belong to no cluster: element symbols and/or atom indices. */
  exclude?: Iterable<string | number>;
  /** Covalent radius overrides per element symbol (Å). */
  radii?: Record<string, number>;
}

/**
 * Bonds as flat arrays: bond b joins atoms i[b] < j[b] (or i = j for a bond to an own image)
 * with bond vector r_j + S·M − r_i, S = shift[3b … 3b+2] (integers, M = cell rows).
 */
export interface BondList {
  count: number;
  i: Int32Array;
  j: Int32Array;
  shift: Int32Array;
  /** Atoms that took part in the search (not excluded), ascending. */
  included: number[];
  tolerance: number;
  slack: number;
}

/**
 * All bonds of a frame under periodic boundaries, O(N) through a cell list; every periodic
 * image within the cut-off counts, so tiny cells work.
 * @throws PaddlewheelError E_TOPOLOGY for an element without a covalent radius, E_USAGE for bad options
 */
export function findBonds(topology: Topology, frame: { positions: ArrayLike<number>; cell: Cell }, options: BondOptions = {}): BondList {
  const tolerance = options.tolerance ?? DEFAULT_BOND_TOLERANCE;
  const slack = options.slack ?? DEFAULT_BOND_SLACK;
  if (!(tolerance > 0) || !(slack >= 0) || !Number.isFinite(tolerance + slack)) {
    throw new PaddlewheelError('E_USAGE', `bond tolerance must be > 0 and slack ≥ 0 Å, got ${tolerance} and ${slack}`);
  }
  const { symbols } = topology;
  const n = symbols.length;
  const { positions, cell } = frame;
  if (positions.length !== 3 * n) throw new PaddlewheelError('E_TOPOLOGY', `frame has ${positions.length / 3} atoms, topology ${n}`);

  const excluded = new Uint8Array(n);
  for (const e of options.exclude ?? []) {
    if (typeof e === 'number') {
      if (e >= 0 && e < n) excluded[e] = 1;
    } else symbols.forEach((s, i) => { if (s === e) excluded[i] = 1; });
  }
  const radius = new Float64Array(n);
  const isH = new Uint8Array(n);
  const included: number[] = [];
  let rMax = 0;
  for (let i = 0; i < n; i++) {
    if (excluded[i]) continue;
    const s = symbols[i]!;
    const r = options.radii?.[s] ?? elementInfo(s)?.covalentRadius;
    if (r === undefined || !(r >= 0)) throw new PaddlewheelError('E_TOPOLOGY', `no covalent radius for element ${JSON.stringify(s)} (atom ${i + 1}); give one in the bond radii option`);
    radius[i] = r;
    isH[i] = s === 'H' || s === 'D' ? 1 : 0;
    rMax = Math.max(rMax, r);
    included.push(i);
  }

  let raw = new Int32Array(5 * Math.max(16, 4 * included.length));
  let d2s = new Float64Array(Math.max(16, 4 * included.length));
  let nb = 0;
  if (included.length > 0) {
    const grid = new NeighbourGrid(cell, positions, tolerance * 2 * rMax + slack, included);
    grid.forEachPair((i, j, s0, s1, s2, _dx, _dy, _dz, d2) => {
      const cut = tolerance * (radius[i]! + radius[j]!) + slack;
      if (d2 >= cut * cut) return;
      if (nb === d2s.length) {
        const r2 = new Int32Array(raw.length * 2); r2.set(raw); raw = r2;
        const g2 = new Float64Array(d2s.length * 2); g2.set(d2s); d2s = g2;
      }
      const o = 5 * nb;
      raw[o] = i; raw[o + 1] = j; raw[o + 2] = s0; raw[o + 3] = s1; raw[o + 4] = s2;
      d2s[nb++] = d2;
    });
  }

  // Hydrogen valence: each H chooses one bond (to a non-H partner first, then the shortest).
  const best = new Int32Array(n).fill(-1);
  const better = (h: number, b: number) => {
    const cur = best[h]!;
    if (cur < 0) return true;
    const otherB = raw[5 * b]! === h ? raw[5 * b + 1]! : raw[5 * b]!;
    const otherC = raw[5 * cur]! === h ? raw[5 * cur + 1]! : raw[5 * cur]!;
    return isH[otherB]! !== isH[otherC]! ? isH[otherB]! < isH[otherC]! : d2s[b]! < d2s[cur]!;
  };
  for (let b = 0; b < nb; b++) {
    const i = raw[5 * b]!, j = raw[5 * b + 1]!;
    if (isH[i] && better(i, b)) best[i] = b;
    if (isH[j] && i !== j && better(j, b)) best[j] = b;
  }
  const out = { i: new Int32Array(nb), j: new Int32Array(nb), shift: new Int32Array(3 * nb) };
  let count = 0;
  for (let b = 0; b < nb; b++) {
    const i = raw[5 * b]!, j = raw[5 * b + 1]!;
    if ((isH[i] && best[i] !== b) || (isH[j] && best[j] !== b)) continue;
    out.i[count] = i; out.j[count] = j;
    out.shift[3 * count] = raw[5 * b + 2]!; out.shift[3 * count + 1] = raw[5 * b + 3]!; out.shift[3 * count + 2] = raw[5 * b + 4]!;
    count++;
  }
  return { count, i: out.i.subarray(0, count), j: out.j.subarray(0, count), shift: out.shift.subarray(0, 3 * count), included, tolerance, slack };
}
