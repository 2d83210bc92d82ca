import type { Cell } from '../../core/cell.js';
import type { Topology } from '../../core/topology.js';
import { ClusterCentres } from '../../chem/centres.js';
import type { Cluster } from '../../chem/clusters.js';
import { NeighbourGrid } from '../../math/neighbour-grid.js';

/**
 * The first coordination shell of every anion in one frame: each cation image within
 * `cutoff` of the anion's centre of mass. Every periodic image counts, so in a small cell
 * (the 26-atom primitive β-Li2B12H12 cell is 7.1 Å across, r₁ ≈ 6 Å) an anion sees several
 * images of the same cation, each in its own direction — exactly what the anion feels.
 *
 * Layout of the per-frame output (reused between frames; valid until the next `compute`):
 * anion k owns entries `start[k] … start[k+1]−1`; entry e is cation atom `atom[e]` at
 * distance `dist[e]` (Å) and unit direction `dir[3e … 3e+2]` from the anion centre.
 */
export class FirstShell {
  readonly cutoff: number;
  readonly anions: number;
  /** Anion centres of mass of the last frame (Å, 3 per anion, not wrapped: beside the rebuilt atoms in `rebuilder.whole`). */
  readonly centres: Float64Array;
  /** The molecule rebuilder; its `whole` holds the anions' atoms of the last frame. */
  readonly rebuilder: ClusterCentres;
  start: Int32Array;
  atom: Int32Array = new Int32Array(64);
  dist: Float64Array = new Float64Array(64);
  dir: Float64Array = new Float64Array(192);
  private readonly cations: Int32Array;

  /**
   * @param cutoff shell radius (Å): r₁, or the largest distance any caller needs
   * @param cations atom indices of the cations
   */
  constructor(topology: Topology, anionClusters: readonly Cluster[], cations: readonly number[], cutoff: number) {
    this.cutoff = cutoff;
    this.anions = anionClusters.length;
    this.rebuilder = new ClusterCentres(topology, anionClusters);
    this.centres = new Float64Array(3 * this.anions);
    this.start = new Int32Array(this.anions + 1);
    this.cations = Int32Array.from(cations);
  }

  /** Find the shells of one frame. Returns the number of (anion, cation image) entries. */
  compute(positions: ArrayLike<number>, cell: Cell): number {
    // Unwrapped centres stay next to their rebuilt atoms (docking measures one from the other);
    // the grid query wraps them itself.
    this.rebuilder.compute(positions, cell, this.centres, false);
    const grid = new NeighbourGrid(cell, positions, this.cutoff, this.cations);
    let n = 0;
    for (let k = 0; k < this.anions; k++) {
      this.start[k] = n;
      grid.forEachNear(this.centres[3 * k]!, this.centres[3 * k + 1]!, this.centres[3 * k + 2]!, (j, _s0, _s1, _s2, dx, dy, dz, d2) => {
        if (n === this.atom.length) this.grow();
        const d = Math.sqrt(d2);
        this.atom[n] = j;
        this.dist[n] = d;
        // A cation exactly at the centre has no direction; (0,0,0) gives angles of 90°, and
        // such a cation is a broken structure anyway.
        const inv = d > 0 ? 1 / d : 0;
        this.dir[3 * n] = dx * inv; this.dir[3 * n + 1] = dy * inv; this.dir[3 * n + 2] = dz * inv;
        n++;
      });
    }
    this.start[this.anions] = n;
    return n;
  }

  private grow(): void {
    const m = 2 * this.atom.length;
    const atom = new Int32Array(m); atom.set(this.atom); this.atom = atom;
    const dist = new Float64Array(m); dist.set(this.dist); this.dist = dist;
    const dir = new Float64Array(3 * m); dir.set(this.dir); this.dir = dir;
  }
}

/** Angle (degrees) between unit directions e and f of a flat 3-per-row array, via atan2 (accurate near 0° and 180°). */
export function unitAngle(dir: ArrayLike<number>, e: number, f: number): number {
  const ux = dir[3 * e]!, uy = dir[3 * e + 1]!, uz = dir[3 * e + 2]!;
  const vx = dir[3 * f]!, vy = dir[3 * f + 1]!, vz = dir[3 * f + 2]!;
  const cross = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  return (Math.atan2(cross, ux * vx + uy * vy + uz * vz) * 180) / Math.PI;
}
