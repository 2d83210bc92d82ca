import { cellParameters, type CellParameters } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { composition } from '../../core/topology.js';
import { quantity, type Quantity } from '../../core/result.js';
import type { Trajectory } from '../../io/open.js';

/** Summary of a trajectory, streamed (constant memory in the number of frames). */
export interface TrajectorySummary {
  format: string;
  atoms: number;
  /** Frames after `--frames` selection. */
  frames: number;
  composition: Record<string, number>;
  /** Spacing between stored frames (ps), null when unknown. */
  frameSpacing: Quantity | null;
  frameSpacingSource: 'file' | 'dt' | 'none';
  /** Last minus first selected frame time (ps), null when times are unknown. */
  timeSpan: Quantity | null;
  /** Lattice parameters: `value` is the mean over frames; `min`/`max` when the cell changes. */
  cell: {
    a: Quantity; b: Quantity; c: Quantity;
    alpha: Quantity; beta: Quantity; gamma: Quantity;
    volume: Quantity;
    variable: boolean;
  };
  hasVelocities: boolean;
  hasForces: boolean;
  /** Restart segments seen (input files, or segments split out of appended files). */
  segments: number;
}

/** Accumulates a TrajectorySummary frame by frame. */
export class SummaryAccumulator {
  private n = 0;
  private first?: CellParameters;
  private variable = false;
  private readonly sums: Record<keyof CellParameters, number> = { a: 0, b: 0, c: 0, alpha: 0, beta: 0, gamma: 0, volume: 0 };
  private readonly mins: Record<keyof CellParameters, number> = { a: Infinity, b: Infinity, c: Infinity, alpha: Infinity, beta: Infinity, gamma: Infinity, volume: Infinity };
  private readonly maxs: Record<keyof CellParameters, number> = { a: -Infinity, b: -Infinity, c: -Infinity, alpha: -Infinity, beta: -Infinity, gamma: -Infinity, volume: -Infinity };
  private firstMatrix?: Float64Array;
  private t0?: number;
  private t1?: number;
  private velocities = true;
  private forces = true;
  private segments = new Set<number>();

  push(f: Frame): void {
    this.n++;
    this.segments.add(f.segment);
    if (!f.velocities) this.velocities = false;
    if (!f.forces) this.forces = false;
    if (f.time !== undefined) {
      this.t0 ??= f.time;
      this.t1 = f.time;
    }
    if (!this.firstMatrix) this.firstMatrix = f.cell.matrix;
    else if (!this.variable) {
      for (let i = 0; i < 9; i++) if (f.cell.matrix[i] !== this.firstMatrix[i]) this.variable = true;
    }
    const p = cellParameters(f.cell);
    this.first ??= p;
    for (const k of Object.keys(this.sums) as (keyof CellParameters)[]) {
      this.sums[k] += p[k];
      this.mins[k] = Math.min(this.mins[k], p[k]);
      this.maxs[k] = Math.max(this.maxs[k], p[k]);
    }
  }

  finish(traj: Trajectory): TrajectorySummary {
    const n = this.n;
    const q = (k: keyof CellParameters, unit: string): Quantity => {
      if (n === 0) return quantity(NaN, unit);
      const extra = this.variable ? { min: this.mins[k], max: this.maxs[k] } : {};
      return quantity(this.variable ? this.sums[k] / n : this.first![k], unit, extra);
    };
    return {
      format: traj.format,
      atoms: traj.topology.symbols.length,
      frames: n,
      composition: composition(traj.topology),
      frameSpacing: traj.frameSpacing === undefined ? null : quantity(traj.frameSpacing * traj.selection.step, 'ps'),
      frameSpacingSource: traj.frameSpacingSource,
      timeSpan: this.t0 === undefined || this.t1 === undefined ? null : quantity(this.t1 - this.t0, 'ps'),
      cell: {
        a: q('a', 'Å'), b: q('b', 'Å'), c: q('c', 'Å'),
        alpha: q('alpha', 'deg'), beta: q('beta', 'deg'), gamma: q('gamma', 'deg'),
        volume: q('volume', 'Å^3'),
        variable: this.variable,
      },
      hasVelocities: n > 0 && this.velocities,
      hasForces: n > 0 && this.forces,
      segments: this.segments.size,
    };
  }
}
