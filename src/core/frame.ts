import type { Cell } from './cell.js';

/**
 * One snapshot of a trajectory, in internal units.
 *
 * Arrays are flat and atom-major: `positions[3*i + k]` is coordinate k (x, y, z) of atom i.
 */
export interface Frame {
  /** 0-based index in the trajectory as read (after concatenating segments, before `--frames` thinning). */
  index: number;
  /** Simulation time (ps), when the file or `--dt` says; undefined when unknown. */
  time?: number;
  /** MD step counter as the engine wrote it, where it writes one. */
  step?: number;
  /** 0-based restart segment (input file, or a segment split out of an appended file). */
  segment: number;
  /** Cartesian positions (Å), 3N, as the file gives them (wrapped or not). */
  positions: Float64Array;
  cell: Cell;
  /** Velocities (Å/ps), 3N, when the file has them. */
  velocities?: Float64Array;
  /** Forces (eV/Å), 3N, when the file has them. */
  forces?: Float64Array;
  /** Potential or total energy (eV) as the file labels it. */
  energy?: number;
  /** Stress tensor (eV/Å³), row-major 3×3, when the file has it. */
  stress?: Float64Array;
  /** Instantaneous temperature (K), when the file has it. */
  temperature?: number;
}

/** Number of atoms of a frame. */
export function frameAtoms(f: Frame): number {
  return f.positions.length / 3;
}
