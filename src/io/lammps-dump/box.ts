import { type Cell, det3, inv3, makeCell } from '../../core/cell.js';

/**
 * LAMMPS simulation boxes ↔ paddlewheel cells.
 *
 * Conventions follow the LAMMPS manual, "Triclinic (non-orthogonal) simulation boxes"
 * (https://docs.lammps.org/Howto_triclinic.html): a restricted triclinic box has its origin
 * at (xlo, ylo, zlo) and edge vectors a = (xhi−xlo, 0, 0), b = (xy, yhi−ylo, 0),
 * c = (xz, yz, zhi−zlo), with tilt factors xy, xz, yz. A dump file does not store xlo…zhi
 * but the *bounding box* of the tilted cell:
 *
 *   xlo_bound = xlo + min(0, xy, xz, xy+xz)   xhi_bound = xhi + max(0, xy, xz, xy+xz)
 *   ylo_bound = ylo + min(0, yz)               yhi_bound = yhi + max(0, yz)
 *   zlo_bound = zlo                            zhi_bound = zhi
 *
 * and newer LAMMPS (`dump_modify triclinic/general yes`) may write a general triclinic box
 * as `ITEM: BOX BOUNDS abc origin` with one row `ax ay az originx` per edge vector.
 */

/** Shape of the box in an `ITEM: BOX BOUNDS` header. */
export type BoxKind = 'orthogonal' | 'tilted' | 'general';

/** What an `ITEM: BOX BOUNDS …` line says: the box kind and the boundary flags (`pp`, `fs` …). */
export interface BoxHeader {
  kind: BoxKind;
  /** Boundary flags per axis as written; empty when the line has none (old LAMMPS). */
  flags: string[];
  /** Numbers per box line: 2 (orthogonal), 3 (tilted), 4 (general). */
  perLine: number;
}

/** A box read from a dump: the cell (Å, rows a, b, c) and the origin (Å) of the box. */
export interface LammpsBox {
  cell: Cell;
  /** (xlo, ylo, zlo) of the box: positions are shifted by −origin so the cell starts at 0. */
  origin: [number, number, number];
}

/**
 * Parse the words after `ITEM: BOX BOUNDS`. Returns undefined when they do not describe a
 * box LAMMPS writes (the caller raises a ParseError with the line).
 */
export function parseBoxHeader(rest: string): BoxHeader | undefined {
  const words = rest.trim().length === 0 ? [] : rest.trim().split(/\s+/);
  if (words[0] === 'xy' && words[1] === 'xz' && words[2] === 'yz') return { kind: 'tilted', flags: words.slice(3), perLine: 3 };
  if (words[0] === 'abc' && words[1] === 'origin') return { kind: 'general', flags: words.slice(2), perLine: 4 };
  if (words.some((w) => !/^[pfsm]{1,2}$/.test(w))) return undefined;
  return { kind: 'orthogonal', flags: words, perLine: 2 };
}

/**
 * Cell and origin from the three box lines' numbers, `v` laid out line by line
 * (`perLine` numbers each). Throws RangeError for a degenerate box.
 */
export function boxFromNumbers(kind: BoxKind, v: ArrayLike<number>): LammpsBox {
  if (kind === 'general') {
    const rows = [v[0]!, v[1]!, v[2]!, v[4]!, v[5]!, v[6]!, v[8]!, v[9]!, v[10]!];
    return { cell: makeCell(rows), origin: [v[3]!, v[7]!, v[11]!] };
  }
  if (kind === 'orthogonal') {
    const rows = [v[1]! - v[0]!, 0, 0, 0, v[3]! - v[2]!, 0, 0, 0, v[5]! - v[4]!];
    return { cell: makeCell(rows), origin: [v[0]!, v[2]!, v[4]!] };
  }
  const xy = v[2]!, xz = v[5]!, yz = v[8]!;
  const xlo = v[0]! - Math.min(0, xy, xz, xy + xz);
  const xhi = v[1]! - Math.max(0, xy, xz, xy + xz);
  const ylo = v[3]! - Math.min(0, yz);
  const yhi = v[4]! - Math.max(0, yz);
  const zlo = v[6]!, zhi = v[7]!;
  return { cell: makeCell([xhi - xlo, 0, 0, xy, yhi - ylo, 0, xz, yz, zhi - zlo]), origin: [xlo, ylo, zlo] };
}

/**
 * Parameters of LAMMPS's restricted triclinic box for a cell, and the rotation that takes
 * Cartesian vectors of the cell's frame into LAMMPS's frame.
 *
 * With â = a/|a| (Howto_triclinic, "general → restricted"):
 *   lx = |a|, xy = b·â, ly = |â×b|, xz = c·â, yz = (b·c − xy·xz)/ly, lz = √(|c|² − xz² − yz²).
 * A left-handed cell (det < 0) cannot be rotated into that form; its c is replaced by −c,
 * which spans the same lattice (only the sign of the third fractional coordinate changes).
 */
export interface RestrictedBox {
  lx: number;
  ly: number;
  lz: number;
  xy: number;
  xz: number;
  yz: number;
  /** Rows of the restricted cell (Å): (lx,0,0), (xy,ly,0), (xz,yz,lz). */
  matrix: Float64Array;
  /** Row-vector rotation Q (length 9): r_lammps = r · Q, for positions, velocities and forces. */
  rotation: Float64Array;
  /** True when the cell was already in restricted form (Q is exactly the identity). */
  identity: boolean;
}

/** Restricted triclinic form of `cell` (see {@link RestrictedBox}). */
export function restrictedBox(cell: Cell): RestrictedBox {
  const m = Float64Array.from(cell.matrix);
  if (det3(m) < 0) for (let k = 6; k < 9; k++) m[k] = -m[k]!;
  const [ax, ay, az, bx, by, bz, cx, cy, cz] = m as unknown as number[];
  const lx = Math.hypot(ax!, ay!, az!);
  const ux = ax! / lx, uy = ay! / lx, uz = az! / lx;
  const xy = bx! * ux + by! * uy + bz! * uz;
  const ly = Math.hypot(uy * bz! - uz * by!, uz * bx! - ux * bz!, ux * by! - uy * bx!);
  const xz = cx! * ux + cy! * uy + cz! * uz;
  const yz = (bx! * cx! + by! * cy! + bz! * cz! - xy * xz) / ly;
  const lz = Math.sqrt(Math.max(0, cx! * cx! + cy! * cy! + cz! * cz! - xz * xz - yz * yz));
  const already = cell.matrix[1] === 0 && cell.matrix[2] === 0 && cell.matrix[5] === 0 && cell.matrix[0]! > 0 && cell.matrix[4]! > 0 && cell.matrix[8]! > 0;
  if (already) {
    const M = Float64Array.from(cell.matrix);
    return { lx: M[0]!, ly: M[4]!, lz: M[8]!, xy: M[3]!, xz: M[6]!, yz: M[7]!, matrix: M, rotation: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), identity: true };
  }
  const matrix = Float64Array.from([lx, 0, 0, xy, ly, 0, xz, yz, lz]);
  // Q = B⁻¹·M' maps r = f·B to f·M' for every fractional f; both bases have the same metric, so Q is a rotation.
  const rotation = mul3(inv3(m), matrix);
  return { lx, ly, lz, xy, xz, yz, matrix, rotation, identity: false };
}

/**
 * Shorten the tilt factors of a restricted box to |xy| ≤ lx/2, |xz| ≤ lx/2, |yz| ≤ ly/2 by
 * adding lattice vectors to b and c (b −= n·a, c −= n·b, c −= n·a): the lattice, and so
 * every periodic image, stays the same. Older LAMMPS refuses more skewed boxes in read_data.
 * Returns the new rows; positions need no change.
 */
export function reduceTilt(box: RestrictedBox): Float64Array {
  let { xy, xz, yz } = box;
  const { lx, ly } = box;
  const n1 = Math.round(yz / ly);
  yz -= n1 * ly;
  xz -= n1 * xy;
  const n2 = Math.round(xz / lx);
  xz -= n2 * lx;
  const n3 = Math.round(xy / lx);
  xy -= n3 * lx;
  return Float64Array.from([lx, 0, 0, xy, ly, 0, xz, yz, box.lz]);
}

/** `ITEM: BOX BOUNDS` header and the three bound lines for a restricted box with origin 0. */
export function boundsText(matrix: ArrayLike<number>, flags = 'pp pp pp'): string {
  const lx = matrix[0]!, xy = matrix[3]!, ly = matrix[4]!, xz = matrix[6]!, yz = matrix[7]!, lz = matrix[8]!;
  if (xy === 0 && xz === 0 && yz === 0) {
    return `ITEM: BOX BOUNDS ${flags}\n0 ${lx}\n0 ${ly}\n0 ${lz}\n`;
  }
  const xlo = Math.min(0, xy, xz, xy + xz), xhi = lx + Math.max(0, xy, xz, xy + xz);
  const ylo = Math.min(0, yz), yhi = ly + Math.max(0, yz);
  return `ITEM: BOX BOUNDS xy xz yz ${flags}\n${xlo} ${xhi} ${xy}\n${ylo} ${yhi} ${xz}\n0 ${lz} ${yz}\n`;
}

/** Product of two row-major 3×3 matrices, a·b. */
export function mul3(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const r = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) r[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
  }
  return r;
}

/** Apply a row-vector transform in place to a flat 3N array: v_i ← v_i · Q. */
export function transformRows(q: ArrayLike<number>, v: Float64Array): void {
  for (let i = 0; i < v.length; i += 3) {
    const x = v[i]!, y = v[i + 1]!, z = v[i + 2]!;
    v[i] = x * q[0]! + y * q[3]! + z * q[6]!;
    v[i + 1] = x * q[1]! + y * q[4]! + z * q[7]!;
    v[i + 2] = x * q[2]! + y * q[5]! + z * q[8]!;
  }
}
