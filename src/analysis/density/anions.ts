import { type Cell, cartToFrac } from '../../core/cell.js';
import { elementInfo } from '../../core/elements.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { ClusterCentres } from '../../chem/centres.js';
import type { Cluster } from '../../chem/clusters.js';

/**
 * Sufficient statistics of the time-averaged anion centres (the atoms of the density cube).
 *
 * Each frame, every centre's fractional position f is compared with its position f_ref in the
 * run's reference frame by the fractional minimum image, d = (f − f_ref) − round(f − f_ref),
 * and d is summed. The mean centre is f_ref + Σd/T: an anion that crosses the cell boundary,
 * or rattles about a corner, averages to one point instead of the cell's middle. Because d is
 * taken against the one reference of the run (not the previous frame), every frame's term is
 * independent of the others and partial sums of any split of the frames simply add.
 * Valid while no anion moves more than half a cell from its reference position; `maxDrift`
 * records the largest |d| (Å) so the caller can warn.
 */
export interface AnionCentreSums {
  /** Reference centres, fractional, wrapped into [0, 1); 3 per anion (the same in every chunk). */
  reference: Float64Array;
  /** Σ over frames of the minimum-image fractional displacement d; 3 per anion. */
  displacementSum: Float64Array;
  /** Largest Cartesian |d| (Å) over anions and frames, −1 before any frame. */
  maxDrift: number;
  /** Anion (0-based) and frame index where `maxDrift` occurred. */
  maxDriftAnion: number;
  maxDriftFrame: number;
  /**
   * Atomic number written for each anion: that of its atom closest to the centre of mass in
   * the reference frame (P for PS4, B for B12H12, the atom itself for S²⁻ or Cl⁻); 0 if unknown.
   */
  z: Int32Array;
  /** Formula of each anion. */
  formulas: string[];
}

/** Per-frame anion-centre work (centres of mass of rebuilt molecules); not part of the statistics. */
export class AnionCentreTracker {
  private readonly centres: ClusterCentres;
  private readonly buf: Float64Array;
  private readonly frac: Float64Array;

  constructor(topology: Topology, private readonly clusters: readonly Cluster[]) {
    this.centres = new ClusterCentres(topology, clusters);
    this.buf = new Float64Array(3 * clusters.length);
    this.frac = new Float64Array(3 * clusters.length);
  }

  /** Empty sums with the reference centres and atomic numbers taken from `reference`. */
  init(topology: Topology, reference: Frame): AnionCentreSums {
    const n = this.clusters.length;
    const com = this.centres.compute(reference.positions, reference.cell, new Float64Array(3 * n), false);
    const z = new Int32Array(n);
    const { offsets, slotAtom, whole } = this.centres;
    for (let k = 0; k < n; k++) {
      let best = -1, bestD2 = Infinity;
      for (let s = offsets[k]!; s < offsets[k + 1]!; s++) {
        const dx = whole[3 * s]! - com[3 * k]!, dy = whole[3 * s + 1]! - com[3 * k + 1]!, dz = whole[3 * s + 2]! - com[3 * k + 2]!;
        const d2 = dx * dx + dy * dy + dz * dz;
        // Ties (a symmetric molecule with no central atom) go to the heavier atom.
        if (d2 < bestD2 - 1e-6 || (Math.abs(d2 - bestD2) <= 1e-6 && topology.masses[slotAtom[s]!]! > topology.masses[best]!)) {
          bestD2 = d2;
          best = slotAtom[s]!;
        }
      }
      z[k] = best >= 0 ? (elementInfo(topology.symbols[best]!)?.z ?? 0) : 0;
    }
    const ref = cartToFrac(reference.cell, com);
    for (let i = 0; i < ref.length; i++) {
      ref[i] = ref[i]! - Math.floor(ref[i]!);
      if (ref[i]! >= 1) ref[i] = 0;
    }
    return {
      reference: ref,
      displacementSum: new Float64Array(3 * n),
      maxDrift: -1,
      maxDriftAnion: -1,
      maxDriftFrame: -1,
      z,
      formulas: this.clusters.map((c) => c.formula),
    };
  }

  /** Add one frame's centres to `sums`. */
  push(sums: AnionCentreSums, frame: Frame): void {
    const cell: Cell = frame.cell;
    this.centres.compute(frame.positions, cell, this.buf, false);
    cartToFrac(cell, this.buf, this.frac);
    const { reference, displacementSum } = sums;
    const m = cell.matrix;
    for (let k = 0; k < this.clusters.length; k++) {
      let d0 = this.frac[3 * k]! - reference[3 * k]!;
      let d1 = this.frac[3 * k + 1]! - reference[3 * k + 1]!;
      let d2 = this.frac[3 * k + 2]! - reference[3 * k + 2]!;
      d0 -= Math.round(d0);
      d1 -= Math.round(d1);
      d2 -= Math.round(d2);
      displacementSum[3 * k] += d0;
      displacementSum[3 * k + 1] += d1;
      displacementSum[3 * k + 2] += d2;
      const x = d0 * m[0]! + d1 * m[3]! + d2 * m[6]!;
      const y = d0 * m[1]! + d1 * m[4]! + d2 * m[7]!;
      const z = d0 * m[2]! + d1 * m[5]! + d2 * m[8]!;
      const r = Math.sqrt(x * x + y * y + z * z);
      if (r > sums.maxDrift) {
        sums.maxDrift = r;
        sums.maxDriftAnion = k;
        sums.maxDriftFrame = frame.index;
      }
    }
  }
}

/** Sum of two AnionCentreSums of disjoint frame sets from the same reference (a's frames first). */
export function mergeAnionSums(a: AnionCentreSums, b: AnionCentreSums): AnionCentreSums {
  const displacementSum = Float64Array.from(a.displacementSum, (x, i) => x + b.displacementSum[i]!);
  const bWins = b.maxDrift > a.maxDrift;
  return {
    reference: a.reference,
    displacementSum,
    maxDrift: bWins ? b.maxDrift : a.maxDrift,
    maxDriftAnion: bWins ? b.maxDriftAnion : a.maxDriftAnion,
    maxDriftFrame: bWins ? b.maxDriftFrame : a.maxDriftFrame,
    z: a.z,
    formulas: a.formulas,
  };
}

/** Mean anion centres, fractional and wrapped into [0, 1); 3 per anion. */
export function meanAnionFractions(sums: AnionCentreSums, frames: number): Float64Array {
  const out = new Float64Array(sums.reference.length);
  for (let i = 0; i < out.length; i++) {
    let f = sums.reference[i]! + (frames > 0 ? sums.displacementSum[i]! / frames : 0);
    f -= Math.floor(f);
    out[i] = f >= 1 ? 0 : f;
  }
  return out;
}
