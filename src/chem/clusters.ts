import type { Cell } from '../core/cell.js';
import type { Topology } from '../core/topology.js';
import { type BondOptions, findBonds } from './bonds.js';
import { type Composition, compositionOf, formatFormula } from './formula.js';

/** Options of findClusters: the bond criterion of bonds.ts. */
export type ClusterOptions = BondOptions;

/**
 * A bonded cluster (molecule, molecular ion, monatomic ion — or a periodic framework).
 * Plain data: safe to send to workers and to JSON.
 */
export interface Cluster {
  /** Atom indices, ascending. */
  atoms: number[];
  /** e.g. `B12H12`, `PS4`, `S` (rule in formula.ts). For a framework: the atoms in the cell. */
  formula: string;
  composition: Composition;
  /** The atoms in breadth-first bond-tree order from the root (the lowest index). */
  order: number[];
  /** Parent atom of `order[k]` in the bond tree; −1 for the root. */
  parent: number[];
  /**
   * Integer image offsets, 3 per atom aligned with `atoms`: in the frame the cluster was
   * found in, atom atoms[k] of the whole molecule sits at r(atoms[k]) + images[3k..3k+2]·M
   * (M = cell rows). The root's offset is 0. Later frames: see ClusterCentres.
   */
  images: number[];
  /** Centre of mass of the whole cluster, wrapped into the cell (Å, Cartesian); arbitrary for a periodic one. */
  centre: [number, number, number];
  /** Total mass (amu). */
  mass: number;
  /** True when bonds connect the cluster to its own periodic images (a framework, not a molecule). */
  periodic: boolean;
  /** Number of independent directions it percolates along (0 for a molecule; 1 chain, 2 layer, 3 framework). */
  dimensionality: 0 | 1 | 2 | 3;
  /** Longest bond in the bond tree (Å), for per-frame checks. */
  maxBond: number;
}

/** Result of findClusters. */
export interface ClusterSet {
  /** Clusters in order of their lowest atom index. */
  clusters: Cluster[];
  /** Cluster index of every atom; −1 for excluded atoms. */
  clusterOf: Int32Array;
  /** Number of bonds found (each periodic image counted once). */
  bondCount: number;
  tolerance: number;
  slack: number;
}

/**
 * Find bonded clusters under periodic boundaries (SPEC 2.1). O(N) through a cell list
 * (src/math/neighbour-grid.ts); exact for triclinic cells and for cells thinner than the
 * bond cut-off, where one atom may bond to several images of another. A cluster whose bonds
 * close a loop through a lattice translation percolates and is flagged `periodic`.
 *
 * @param frame positions (Å, 3N, wrapped or not) and cell of the reference frame
 * @throws PaddlewheelError E_TOPOLOGY for an element without a covalent radius (see bonds.ts)
 */
export function findClusters(topology: Topology, frame: { positions: ArrayLike<number>; cell: Cell }, options: ClusterOptions = {}): ClusterSet {
  const n = topology.symbols.length;
  const { positions, cell } = frame;
  const bonds = findBonds(topology, frame, options);
  const nb = bonds.count;

  // Adjacency in CSR form, both directions (the reverse bond carries −S).
  const deg = new Int32Array(n + 1);
  for (let b = 0; b < nb; b++) { deg[bonds.i[b]! + 1]!++; deg[bonds.j[b]! + 1]!++; }
  for (let i = 0; i < n; i++) deg[i + 1]! += deg[i]!;
  const fill = deg.slice(0, n);
  const nbr = new Int32Array(2 * nb);
  const nsh = new Int32Array(6 * nb);
  for (let b = 0; b < nb; b++) {
    const i = bonds.i[b]!, j = bonds.j[b]!;
    const s0 = bonds.shift[3 * b]!, s1 = bonds.shift[3 * b + 1]!, s2 = bonds.shift[3 * b + 2]!;
    let p = fill[i]!++;
    nbr[p] = j; nsh[3 * p] = s0; nsh[3 * p + 1] = s1; nsh[3 * p + 2] = s2;
    p = fill[j]!++;
    nbr[p] = i; nsh[3 * p] = -s0; nsh[3 * p + 1] = -s1; nsh[3 * p + 2] = -s2;
  }

  const clusterOf = new Int32Array(n).fill(-1);
  const img = new Int32Array(3 * n);
  const parentOf = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const clusters: Cluster[] = [];
  const m = cell.matrix;
  for (const root of bonds.included) {
    if (clusterOf[root] !== -1) continue;
    const id = clusters.length;
    clusterOf[root] = id;
    img[3 * root] = img[3 * root + 1] = img[3 * root + 2] = 0;
    let head = 0, tail = 0;
    queue[tail++] = root;
    const periods: number[][] = [];
    let maxBond2 = 0;
    while (head < tail) {
      const u = queue[head++]!;
      for (let p = deg[u]!; p < deg[u + 1]!; p++) {
        const v = nbr[p]!;
        const e0 = img[3 * u]! + nsh[3 * p]!, e1 = img[3 * u + 1]! + nsh[3 * p + 1]!, e2 = img[3 * u + 2]! + nsh[3 * p + 2]!;
        if (clusterOf[v] === -1) {
          clusterOf[v] = id;
          parentOf[v] = u;
          img[3 * v] = e0; img[3 * v + 1] = e1; img[3 * v + 2] = e2;
          queue[tail++] = v;
          const s0 = nsh[3 * p]!, s1 = nsh[3 * p + 1]!, s2 = nsh[3 * p + 2]!;
          const dx = positions[3 * v]! - positions[3 * u]! + s0 * m[0]! + s1 * m[3]! + s2 * m[6]!;
          const dy = positions[3 * v + 1]! - positions[3 * u + 1]! + s0 * m[1]! + s1 * m[4]! + s2 * m[7]!;
          const dz = positions[3 * v + 2]! - positions[3 * u + 2]! + s0 * m[2]! + s1 * m[5]! + s2 * m[8]!;
          maxBond2 = Math.max(maxBond2, dx * dx + dy * dy + dz * dz);
        } else if (e0 !== img[3 * v] || e1 !== img[3 * v + 1] || e2 !== img[3 * v + 2]) {
          // A loop that closes through a lattice translation: the cluster repeats periodically.
          if (periods.length < 3) addPeriod(periods, [e0 - img[3 * v]!, e1 - img[3 * v + 1]!, e2 - img[3 * v + 2]!]);
        }
      }
    }
    const order = Array.from(queue.subarray(0, tail));
    clusters.push(makeCluster(order, parentOf, img, topology, positions, cell, periods.length as 0 | 1 | 2 | 3, Math.sqrt(maxBond2)));
  }
  return { clusters, clusterOf, bondCount: nb, tolerance: bonds.tolerance, slack: bonds.slack };
}

/** Keep `periods` a linearly independent set (at most 3 vectors) spanning every period seen. */
function addPeriod(periods: number[][], v: number[]): void {
  const r = v.slice();
  for (const b of periods) {
    const bb = b[0]! * b[0]! + b[1]! * b[1]! + b[2]! * b[2]!;
    const f = (r[0]! * b[0]! + r[1]! * b[1]! + r[2]! * b[2]!) / bb;
    for (let k = 0; k < 3; k++) r[k] = r[k]! - f * b[k]!;
  }
  if (Math.hypot(r[0]!, r[1]!, r[2]!) > 1e-6) periods.push(r);
}

function makeCluster(
  order: number[], parentOf: Int32Array, img: Int32Array, topology: Topology,
  positions: ArrayLike<number>, cell: Cell, dimensionality: 0 | 1 | 2 | 3, maxBond: number,
): Cluster {
  const atoms = order.slice().sort((a, b) => a - b);
  const parent = order.map((a, k) => (k === 0 ? -1 : parentOf[a]!));
  const images: number[] = [];
  const m = cell.matrix, v = cell.inverse;
  let mass = 0, cx = 0, cy = 0, cz = 0;
  for (const a of atoms) {
    const i0 = img[3 * a]!, i1 = img[3 * a + 1]!, i2 = img[3 * a + 2]!;
    images.push(i0, i1, i2);
    const w = topology.masses[a]!;
    mass += w;
    cx += w * (positions[3 * a]! + i0 * m[0]! + i1 * m[3]! + i2 * m[6]!);
    cy += w * (positions[3 * a + 1]! + i0 * m[1]! + i1 * m[4]! + i2 * m[7]!);
    cz += w * (positions[3 * a + 2]! + i0 * m[2]! + i1 * m[5]! + i2 * m[8]!);
  }
  const centre = wrapPoint(cell.matrix, v, cx / mass, cy / mass, cz / mass);
  const composition = compositionOf(topology.symbols, atoms);
  return {
    atoms, formula: formatFormula(composition), composition, order, parent, images, centre, mass,
    periodic: dimensionality > 0, dimensionality, maxBond,
  };
}

/** Wrap a Cartesian point into the cell (fractional coordinates in [0, 1)). */
export function wrapPoint(m: Float64Array, v: Float64Array, x: number, y: number, z: number): [number, number, number] {
  let f0 = x * v[0]! + y * v[3]! + z * v[6]!;
  let f1 = x * v[1]! + y * v[4]! + z * v[7]!;
  let f2 = x * v[2]! + y * v[5]! + z * v[8]!;
  f0 -= Math.floor(f0); f1 -= Math.floor(f1); f2 -= Math.floor(f2);
  if (f0 >= 1) f0 = 0;
  if (f1 >= 1) f1 = 0;
  if (f2 >= 1) f2 = 0;
  return [f0 * m[0]! + f1 * m[3]! + f2 * m[6]!, f0 * m[1]! + f1 * m[4]! + f2 * m[7]!, f0 * m[2]! + f1 * m[5]! + f2 * m[8]!];
}
