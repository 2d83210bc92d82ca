import { readFile } from 'node:fs/promises';
import { ParseError } from '../../core/errors.js';
import { BOHR_TO_ANGSTROM } from '../../core/units.js';
import { ioError } from '../text/lines.js';
import { parseNumber } from '../text/numbers.js';
import type { CubeAtom, CubeData } from './types.js';

/**
 * Parse Gaussian cube text (the layout formatCube writes; whitespace-free-format as most
 * programs write it). A positive grid count means Bohr, a negative one Å, per axis line;
 * everything is returned in Å. A negative atom count means an orbital-index line follows the
 * atoms (its first number = values per grid point). An optional fifth number on the origin
 * line also gives the values per point.
 *
 * @throws ParseError with the line (and column) of the first malformed or missing field,
 *   or when the value count disagrees with the grid (checked against the text's length
 *   before the grid is allocated: a count the file cannot hold is rejected at once)
 */
export function parseCube(text: string, file = '<cube>'): CubeData {
  const lines = text.split(/\r?\n/);
  if (lines.length < 6) throw new ParseError({ file, line: lines.length }, 'a cube header of at least 6 lines');
  const fields = (ln: number, min: number, what: string): number[] => {
    const raw = lines[ln - 1];
    if (raw === undefined) throw new ParseError({ file, line: ln }, `${what}, found the end of the file`);
    const parts = raw.trim().split(/\s+/).filter((s) => s !== '');
    if (parts.length < min) throw new ParseError({ file, line: ln }, `${min} numbers (${what})`, raw);
    return parts.map((p, i) => {
      const x = parseNumber(p);
      if (!Number.isFinite(x)) throw new ParseError({ file, line: ln, column: raw.indexOf(p) + 1 }, `a number (${what}, field ${i + 1})`, p);
      return x;
    });
  };
  const head = fields(3, 4, 'atom count and origin x y z');
  const natomsRaw = head[0]!;
  if (!Number.isInteger(natomsRaw)) throw new ParseError({ file, line: 3, column: 1 }, 'an integer atom count', String(natomsRaw));
  let valuesPerPoint = head.length >= 5 && Number.isInteger(head[4]) && head[4]! > 0 ? head[4]! : 1;
  const shape: [number, number, number] = [0, 0, 0];
  const axes = new Float64Array(9);
  const unitsPerAxis: number[] = [];
  for (let a = 0; a < 3; a++) {
    const f = fields(4 + a, 4, `grid count and voxel vector ${a + 1}`);
    const n = f[0]!;
    if (!Number.isInteger(n) || n === 0) throw new ParseError({ file, line: 4 + a, column: 1 }, 'a non-zero integer grid count', String(n));
    shape[a] = Math.abs(n);
    const u = n > 0 ? BOHR_TO_ANGSTROM : 1;
    unitsPerAxis.push(u);
    for (let c = 0; c < 3; c++) axes[3 * a + c] = f[1 + c]! * u;
  }
  // The origin and atoms follow the first axis' unit convention (files mix none in practice).
  const lu = unitsPerAxis[0]!;
  const origin = head.slice(1, 4).map((x) => x * lu) as [number, number, number];
  const natoms = Math.abs(natomsRaw);
  const atoms: CubeAtom[] = [];
  for (let k = 0; k < natoms; k++) {
    const f = fields(7 + k, 5, `atom ${k + 1}: atomic number, charge, x y z`);
    if (!Number.isInteger(f[0]) || f[0]! < 0) throw new ParseError({ file, line: 7 + k, column: 1 }, 'a non-negative integer atomic number', String(f[0]));
    atoms.push({ z: f[0]!, charge: f[1]!, position: [f[2]! * lu, f[3]! * lu, f[4]! * lu] });
  }
  let ln = 7 + natoms;
  if (natomsRaw < 0) {
    const ids = fields(ln, 1, 'the number of orbitals and their indices');
    if (!Number.isInteger(ids[0]) || ids[0]! < 1) throw new ParseError({ file, line: ln, column: 1 }, 'a positive whole number of orbitals', String(ids[0]));
    valuesPerPoint = ids[0]!;
    // The index list may wrap onto more lines: skip as many numbers as it announces.
    let have = ids.length - 1;
    ln++;
    while (have < valuesPerPoint) have += fields(ln++, 1, 'orbital indices').length;
  }
  const total = shape[0] * shape[1] * shape[2] * valuesPerPoint;
  // Every value takes at least two characters ("0" and a blank): counts that need more lie,
  // and must not allocate their grid.
  const room = Math.floor(text.length / 2) + 1;
  if (total > room) {
    throw new ParseError({ file, line: 4 }, `grid counts whose ${shape.join('×')}${valuesPerPoint > 1 ? `×${valuesPerPoint}` : ''} values fit in the file (at most ${room})`, String(total));
  }
  const values = new Float64Array(total);
  let n = 0;
  for (; ln <= lines.length && n < total; ln++) {
    const raw = lines[ln - 1]!;
    let i = 0;
    const L = raw.length;
    while (i < L) {
      while (i < L && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
      if (i >= L) break;
      const s = i;
      while (i < L && raw.charCodeAt(i) !== 32 && raw.charCodeAt(i) !== 9) i++;
      const x = parseNumber(raw.slice(s, i));
      if (!Number.isFinite(x)) throw new ParseError({ file, line: ln, column: s + 1 }, 'a number (grid value)', raw.slice(s, i));
      if (n >= total) throw new ParseError({ file, line: ln, column: s + 1 }, `${total} grid values`, 'more');
      values[n++] = x;
    }
  }
  if (n < total) throw new ParseError({ file, line: lines.length }, `${total} grid values (${shape.join('×')}${valuesPerPoint > 1 ? `×${valuesPerPoint}` : ''}), found only ${n}`);
  for (; ln <= lines.length; ln++) {
    if (lines[ln - 1]!.trim() !== '') throw new ParseError({ file, line: ln }, `the end of the file after ${total} grid values`, lines[ln - 1]);
  }
  return { comments: [lines[0]!, lines[1]!], origin, shape, axes, atoms, values, valuesPerPoint };
}

/** Read and parse a cube file (Å in the result). */
export async function readCube(path: string): Promise<CubeData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw ioError(path, e);
  }
  return parseCube(text, path);
}
