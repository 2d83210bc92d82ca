import { FS_TO_PS } from '../../core/units.js';

/**
 * LAMMPS unit styles the dump reader accepts (https://docs.lammps.org/units.html), as
 * factors to paddlewheel's internal units. Distances are Å in both, so positions and boxes
 * need no conversion.
 *
 * - `metal`: time ps, velocity Å/ps, force eV/Å — the internal units (factors 1).
 * - `real`: time fs, velocity Å/fs, force kcal/(mol·Å).
 *
 * A dump states its style only with `dump_modify units yes` (`ITEM: UNITS`); otherwise the
 * reader assumes `metal` and says so in an info diagnostic when it reads velocities or forces.
 */
export interface LammpsUnits {
  style: 'metal' | 'real';
  /** × time (ps). */
  time: number;
  /** × velocity (Å/ps). */
  velocity: number;
  /** × force (eV/Å). */
  force: number;
}

/** 1 kcal/mol in eV: 4184 J / (N_A · e), CODATA 2018 exact constants. */
export const KCAL_PER_MOL_TO_EV = 4184 / (6.02214076e23 * 1.602176634e-19);

/** Factors for a unit style, or undefined for styles whose lengths are not Å (lj, si, cgs, electron, micro, nano). */
export function lammpsUnits(style: string): LammpsUnits | undefined {
  if (style === 'metal') return { style, time: 1, velocity: 1, force: 1 };
  if (style === 'real') return { style, time: FS_TO_PS, velocity: 1 / FS_TO_PS, force: KCAL_PER_MOL_TO_EV };
  return undefined;
}
