import { ParseError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';

/**
 * Check that a frame a reader is about to yield holds only finite numbers: positions,
 * velocities, forces, stress, the cell matrix and its inverse, time, step, energy, temperature. Every reader parses finite
 * numbers only, but unit conversion and coordinate transforms can still overflow (a velocity
 * of 1e307 Å/fs is 1e309 Å/ps; a fractional coordinate of 1e300 in a 10 Å cell is 1e301 Å;
 * wrapped coordinates plus image flags × edges). Analyses must never see Infinity or NaN, so
 * such a frame is a ParseError at `line` (the frame's first line; omitted for binary files).
 * One pass over the arrays: cheap next to parsing them.
 */
export function requireFiniteFrame(f: Frame, file: string, line?: number): Frame {
  const bad = (what: string, found: number): never => {
    throw new ParseError({ file, line }, `finite ${what} in frame ${f.index + 1} (the numbers overflow after conversion to Å, ps, eV)`, String(found));
  };
  const arr = (a: Float64Array | undefined, what: string) => {
    if (!a) return;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      // x − x is 0 for every finite x and NaN for ±Infinity and NaN.
      if (x - x !== 0) bad(what === 'stress' ? 'stress' : `${what} of atom ${Math.floor(i / 3) + 1}`, x);
    }
  };
  arr(f.positions, 'positions');
  arr(f.velocities, 'velocities');
  arr(f.forces, 'forces');
  arr(f.stress, 'stress');
  // makeCell checks the vectors but not their inverse: a huge component with a modest volume overflows it.
  const c = f.cell;
  for (let k = 0; k < 9; k++) if (c.inverse[k]! - c.inverse[k]! !== 0 || c.matrix[k]! - c.matrix[k]! !== 0) bad('cell (its inverse overflows: lattice vectors too large or too skewed)', c.inverse[k]!);
  if (f.time !== undefined && !Number.isFinite(f.time)) bad('time (ps)', f.time);
  if (f.step !== undefined && !Number.isFinite(f.step)) bad('step', f.step);
  if (f.energy !== undefined && !Number.isFinite(f.energy)) bad('energy (eV)', f.energy);
  if (f.temperature !== undefined && !Number.isFinite(f.temperature)) bad('temperature (K)', f.temperature);
  return f;
}
