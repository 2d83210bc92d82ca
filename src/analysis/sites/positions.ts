import { type Cell, cartToFrac } from '../../core/cell.js';
import type { Topology } from '../../core/topology.js';
import { ClusterCentres } from '../../chem/centres.js';
import type { Cluster } from '../../chem/clusters.js';
import type { SiteTopology } from './topology.js';

/**
 * What the framework points are (SPEC 2.1): centres of mass of anion clusters, or atoms of
 * chosen elements (e.g. every S and Cl of an argyrodite, PS4 sulfurs included). Plain data.
 */
export type FrameworkSpec =
  | { kind: 'centres'; label: string; clusters: Cluster[]; /** masses of all atoms (amu), for the centres of mass */ masses: number[] }
  | { kind: 'atoms'; label: string; atoms: number[] };

/** Instantaneous framework point positions (Å, 3 per point) of a frame. */
export class FrameworkPoints {
  readonly count: number;
  private readonly centres?: ClusterCentres;
  private readonly atoms?: Int32Array;
  private readonly out: Float64Array;

  constructor(spec: FrameworkSpec) {
    if (spec.kind === 'centres') {
      const topo: Topology = { symbols: [], masses: Float64Array.from(spec.masses) };
      this.centres = new ClusterCentres(topo, spec.clusters);
      this.count = spec.clusters.length;
    } else {
      this.atoms = Int32Array.from(spec.atoms);
      this.count = spec.atoms.length;
    }
    this.out = new Float64Array(3 * this.count);
  }

  /** Positions of the points in this frame (a reused buffer; wrapped for centres, as given for atoms). */
  compute(positions: ArrayLike<number>, cell: Cell): Float64Array {
    if (this.centres) return this.centres.compute(positions, cell, this.out);
    const a = this.atoms!, o = this.out;
    for (let p = 0; p < a.length; p++) {
      const i = 3 * a[p]!;
      o[3 * p] = positions[i]!; o[3 * p + 1] = positions[i + 1]!; o[3 * p + 2] = positions[i + 2]!;
    }
    return o;
  }
}

/**
 * Per-frame site positions (SPEC 2.3): each site at the centroid of its members'
 * instantaneous positions, every member being its framework point brought back next to
 * its reference position (the lattice translation that rounds f(t) − f_ref away, in the
 * current cell's fractional coordinates) plus the member's image shift in the current
 * cell. Each frame is handled on its own (no frame-to-frame state), so chunks of a
 * trajectory give the same positions in any order; this assumes no framework point moves
 * half a cell from its reference position, and `maxDisplacement` reports how far they did.
 *
 * Allocation-free per frame.
 */
export class SitePositions {
  readonly sites: number;
  /** Largest distance of a framework point from its reference position in the last frame (Å). */
  maxDisplacement = 0;
  private readonly refFrac: Float64Array;
  private readonly unwrapped: Float64Array;
  private readonly offsets: Int32Array;
  private readonly point: Int32Array;
  private readonly shift: Float64Array;

  constructor(topo: SiteTopology, refPoints: ArrayLike<number>, refCell: Cell) {
    this.sites = topo.kind.length;
    this.refFrac = cartToFrac(refCell, refPoints);
    this.unwrapped = new Float64Array(refPoints.length);
    this.offsets = Int32Array.from(topo.offsets);
    this.point = Int32Array.from(topo.point);
    this.shift = Float64Array.from(topo.shift);
  }

  /** Site positions (Å, 3 per site, not wrapped) for framework points `points` in `cell`, into `out`. */
  compute(points: ArrayLike<number>, cell: Cell, out: Float64Array): Float64Array {
    const m = cell.matrix, v = cell.inverse;
    const u = this.unwrapped, rf = this.refFrac;
    let max2 = 0;
    for (let p = 0; p < u.length; p += 3) {
      const x = points[p]!, y = points[p + 1]!, z = points[p + 2]!;
      const f0 = x * v[0]! + y * v[3]! + z * v[6]!;
      const f1 = x * v[1]! + y * v[4]! + z * v[7]!;
      const f2 = x * v[2]! + y * v[5]! + z * v[8]!;
      const w0 = Math.round(f0 - rf[p]!), w1 = Math.round(f1 - rf[p + 1]!), w2 = Math.round(f2 - rf[p + 2]!);
      const ux = x - w0 * m[0]! - w1 * m[3]! - w2 * m[6]!;
      const uy = y - w0 * m[1]! - w1 * m[4]! - w2 * m[7]!;
      const uz = z - w0 * m[2]! - w1 * m[5]! - w2 * m[8]!;
      u[p] = ux; u[p + 1] = uy; u[p + 2] = uz;
      const e0 = f0 - w0 - rf[p]!, e1 = f1 - w1 - rf[p + 1]!, e2 = f2 - w2 - rf[p + 2]!;
      const dx = e0 * m[0]! + e1 * m[3]! + e2 * m[6]!, dy = e0 * m[1]! + e1 * m[4]! + e2 * m[7]!, dz = e0 * m[2]! + e1 * m[5]! + e2 * m[8]!;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > max2) max2 = d2;
    }
    this.maxDisplacement = Math.sqrt(max2);
    const { offsets, point, shift } = this;
    for (let s = 0; s < this.sites; s++) {
      const q0 = offsets[s]!, q1 = offsets[s + 1]!;
      let x = 0, y = 0, z = 0;
      for (let q = q0; q < q1; q++) {
        const p = 3 * point[q]!, a = shift[3 * q]!, b = shift[3 * q + 1]!, c = shift[3 * q + 2]!;
        x += u[p]! + a * m[0]! + b * m[3]! + c * m[6]!;
        y += u[p + 1]! + a * m[1]! + b * m[4]! + c * m[7]!;
        z += u[p + 2]! + a * m[2]! + b * m[5]! + c * m[8]!;
      }
      const k = q1 - q0;
      out[3 * s] = x / k; out[3 * s + 1] = y / k; out[3 * s + 2] = z / k;
    }
    return out;
  }
}
