import { BOHR_TO_ANGSTROM } from '../../core/units.js';
import type { CubeData } from './types.js';

/**
 * Gaussian cube text for `data` (Paul Bourke's description of the format, "Gaussian Cube
 * Files", 2003, and Gaussian's cubegen documentation):
 * - two comment lines;
 * - `natoms  x0 y0 z0` — the atom count (positive: no orbital-index line follows) and the origin;
 * - three lines `n_i  v_ix v_iy v_iz` — grid points along each axis and that axis' voxel vector;
 *   a positive count means the lengths are in Bohr, which is what this writer always uses;
 * - one line per atom: `Z  charge  x y z`;
 * - the values, first axis outermost and third innermost, six per line in E13.5, a new line
 *   after each run of n₃ values.
 * Lengths are converted from Å with 1 Bohr = 0.529177210903 Å (CODATA 2018) and printed as
 * F12.6 (10⁻⁶ Bohr); the values are written as given (the caller's unit — say it in the comments).
 */
export function formatCube(data: CubeData): string {
  const [n1, n2, n3] = data.shape;
  const nv = data.valuesPerPoint ?? 1;
  if (data.values.length !== n1 * n2 * n3 * nv) throw new RangeError(`cube: ${data.values.length} values for a ${n1}×${n2}×${n3} grid`);
  const b = (x: number) => f12(x / BOHR_TO_ANGSTROM);
  const out: string[] = [];
  out.push(oneLine(data.comments[0]), oneLine(data.comments[1]));
  out.push(`${i5(data.atoms.length)}${data.origin.map(b).join('')}${nv !== 1 ? i5(nv) : ''}`);
  for (let a = 0; a < 3; a++) {
    out.push(`${i5(data.shape[a]!)}${b(data.axes[3 * a]!)}${b(data.axes[3 * a + 1]!)}${b(data.axes[3 * a + 2]!)}`);
  }
  for (const at of data.atoms) out.push(`${i5(at.z)}${f12(at.charge)}${at.position.map(b).join('')}`);
  const perRun = n3 * nv;
  const v = data.values;
  for (let start = 0; start < v.length; start += perRun) {
    let line = '';
    for (let q = 0; q < perRun; q++) {
      line += e13(v[start + q]!);
      if (q % 6 === 5 || q === perRun - 1) {
        out.push(line);
        line = '';
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

function i5(n: number): string {
  return ` ${String(n).padStart(4)}`;
}

// A space first, so that even a number wider than the field stays a separate field.
function f12(x: number): string {
  return ` ${(Object.is(x, -0) ? 0 : x).toFixed(6).padStart(11)}`;
}

/** E13.5 as Fortran writes it: ` 1.23450E-03`, two-digit exponent at least. */
export function e13(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cube: value ${x} is not finite`);
  const [mant, exp] = x.toExponential(5).split('e') as [string, string];
  const e = Number(exp);
  const es = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return ` ${`${mant}E${es}`.padStart(12)}`;
}
