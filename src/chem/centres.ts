import { type Cell, cellHeights } from '../core/cell.js';
import { PaddlewheelError } from '../core/errors.js';
import type { Topology } from '../core/topology.js';
import { MinimumImage } from '../math/pbc.js';
import type { Cluster } from './clusters.js';

/**
 * Per-frame centres of mass of clusters defined once in a reference frame (the hot path of
 * the anion analyses). Each frame, every molecule is rebuilt whole along its bond tree: an
 * atom is placed at its parent's rebuilt position plus the minimum image of the
 * parent→atom vector. Only bonds need to be shorter than half the cell height, not the
 * molecule (a B12H12 is 5.8 Å across, as wide as the 26-atom primitive cell is high).
 * The rebuilt positions stay available in `whole` for orientation analyses.
 *
 * Allocation-free per frame once constructed, except when the cell changes (NPT).
 *
 * Layout: the atoms of all clusters are laid out in "slots", cluster k occupying slots
 * `offsets[k] … offsets[k+1]−1` in bond-tree order (root first); `slotAtom[s]` is the atom
 * index of slot s, and `whole[3s … 3s+2]` its rebuilt Cartesian position (Å).
 */
export class ClusterCentres {
  /** Number of clusters. */
  readonly count: number;
  /** First slot of each cluster; length count + 1. */
  readonly offsets: Int32Array;
  /** Atom index of each slot. */
  readonly slotAtom: Int32Array;
  /** Rebuilt (whole) positions of the last computed frame, 3 per slot (Å). */
  readonly whole: Float64Array;
  /** Longest parent→atom bond of the last computed frame (Å); a jump flags a broken molecule. */
  lastMaxBond = 0;
  private readonly parentSlot: Int32Array;
  /** Mass fraction of each slot within its cluster. */
  private readonly weight: Float64Array;
  private cellKey = new Float64Array(9).fill(NaN);
  private halfHeight2 = 0;
  private mic: MinimumImage | undefined;

  constructor(topology: Topology, clusters: readonly Cluster[]) {
    this.count = clusters.length;
    this.offsets = new Int32Array(clusters.length + 1);
    let total = 0;
    clusters.forEach((c, k) => {
      if (c.periodic) throw new PaddlewheelError('E_SELECTION', `cluster ${c.formula} (atom ${c.order[0]! + 1}) is a periodic framework; it has no centre of mass`);
      total += c.order.length;
      this.offsets[k + 1] = total;
    });
    this.slotAtom = new Int32Array(total);
    this.parentSlot = new Int32Array(total);
    this.weight = new Float64Array(total);
    this.whole = new Float64Array(3 * total);
    const slotOf = new Map<number, number>();
    clusters.forEach((c, k) => {
      const o = this.offsets[k]!;
      c.order.forEach((a, q) => slotOf.set(a, o + q));
      c.order.forEach((a, q) => {
        this.slotAtom[o + q] = a;
        const p = c.parent[q]!;
        this.parentSlot[o + q] = p < 0 ? -1 : slotOf.get(p)!;
        this.weight[o + q] = topology.masses[a]! / c.mass;
      });
    });
  }

  /**
   * Centres of mass (Å), 3 per cluster, written into `out` (allocated when omitted).
   * `wrap` (default true) puts them into the cell; false leaves each next to its root atom
   * (for a caller that unwraps centres frame to frame itself).
   */
  compute(positions: ArrayLike<number>, cell: Cell, out: Float64Array = new Float64Array(3 * this.count), wrap = true): Float64Array {
    this.prepareCell(cell);
    const m = cell.matrix, v = cell.inverse;
    const { slotAtom, parentSlot, weight, whole, offsets } = this;
    let maxBond2 = 0;
    for (let k = 0; k < this.count; k++) {
      let cx = 0, cy = 0, cz = 0;
      for (let s = offsets[k]!, e = offsets[k + 1]!; s < e; s++) {
        const a = 3 * slotAtom[s]!;
        const p = parentSlot[s]!;
        let x = positions[a]!, y = positions[a + 1]!, z = positions[a + 2]!;
        if (p >= 0) {
          const b = 3 * slotAtom[p]!;
          let dx = x - positions[b]!, dy = y - positions[b + 1]!, dz = z - positions[b + 2]!;
          // Rounding in the cell's own basis is the minimum image whenever the result is
          // shorter than half the cell height; otherwise ask the exact (reduced-cell) search.
          const f0 = Math.round(dx * v[0]! + dy * v[3]! + dz * v[6]!);
          const f1 = Math.round(dx * v[1]! + dy * v[4]! + dz * v[7]!);
          const f2 = Math.round(dx * v[2]! + dy * v[5]! + dz * v[8]!);
          dx -= f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
          dy -= f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
          dz -= f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
          let d2 = dx * dx + dy * dy + dz * dz;
          if (d2 > this.halfHeight2) {
            const t = this.scratch;
            t[0] = dx; t[1] = dy; t[2] = dz;
            d2 = this.mic!.apply(t);
            dx = t[0]!; dy = t[1]!; dz = t[2]!;
          }
          if (d2 > maxBond2) maxBond2 = d2;
          x = whole[3 * p]! + dx; y = whole[3 * p + 1]! + dy; z = whole[3 * p + 2]! + dz;
        }
        whole[3 * s] = x; whole[3 * s + 1] = y; whole[3 * s + 2] = z;
        const w = weight[s]!;
        cx += w * x; cy += w * y; cz += w * z;
      }
      if (wrap) {
        let f0 = cx * v[0]! + cy * v[3]! + cz * v[6]!;
        let f1 = cx * v[1]! + cy * v[4]! + cz * v[7]!;
        let f2 = cx * v[2]! + cy * v[5]! + cz * v[8]!;
        f0 -= Math.floor(f0); f1 -= Math.floor(f1); f2 -= Math.floor(f2);
        if (f0 >= 1) f0 = 0;
        if (f1 >= 1) f1 = 0;
        if (f2 >= 1) f2 = 0;
        cx = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
        cy = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
        cz = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
      }
      out[3 * k] = cx; out[3 * k + 1] = cy; out[3 * k + 2] = cz;
    }
    this.lastMaxBond = Math.sqrt(maxBond2);
    return out;
  }

  private readonly scratch = new Float64Array(3);

  private prepareCell(cell: Cell): void {
    const m = cell.matrix;
    let same = true;
    for (let i = 0; i < 9; i++) if (m[i] !== this.cellKey[i]) { same = false; break; }
    if (same) return;
    this.cellKey.set(m);
    const h = Math.min(...cellHeights(cell));
    this.halfHeight2 = (h / 2) * (h / 2);
    this.mic = new MinimumImage(cell);
  }
}

/** One-off convenience: centres of mass (Å, 3 per cluster, wrapped) of `clusters` in a frame. */
export function clusterCentres(topology: Topology, clusters: readonly Cluster[], frame: { positions: ArrayLike<number>; cell: Cell }): Float64Array {
  return new ClusterCentres(topology, clusters).compute(frame.positions, frame.cell);
}
