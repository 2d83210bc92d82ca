import { cartToFrac, fracToCart, makeCell } from '../../core/cell.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { elementInfo } from '../../core/elements.js';
import { UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { reduceTilt, restrictedBox, transformRows } from './box.js';
import { lammpsTypeOrder } from './writer.js';

/** Options of {@link writeLammpsData}. */
export interface LammpsDataWriteOptions {
  /** LAMMPS atom_style: `atomic` (id type x y z), `charge` (id type q x y z), `full` (id mol type q x y z). */
  atomStyle: 'atomic' | 'charge' | 'full';
  /** Element symbols in type order (type 1 first); default: order of first appearance. */
  typeOrder?: readonly string[];
  /** Charges (e) per atom; default `topology.charges`, else 0. */
  charges?: ArrayLike<number>;
  /** Molecule ids per atom for `full`; default 0 (no molecule). */
  moleculeIds?: ArrayLike<number>;
  /** Write a Velocities section when the frame has velocities (default true). */
  velocities?: boolean;
  /** First line of the file. */
  comment?: string;
  /** Shorten tilt factors to at most half the box length (default true), see {@link reduceTilt}. */
  reduceTilt?: boolean;
}

/** What {@link writeLammpsData} wrote, for the input script that reads it. */
export interface LammpsDataWritten {
  /** Element of each type (type 1 first). */
  typeOrder: string[];
  /** Rows of the written cell (Å), LAMMPS's restricted orientation. */
  matrix: Float64Array;
  /** Row-vector rotation applied to Cartesian vectors: r_written = r · rotation (before wrapping). */
  rotation: Float64Array;
}

/**
 * Write one frame as a LAMMPS data file for `read_data` (units metal: Å, Å/ps, amu, e),
 * atomically (temporary file renamed over `path`).
 *
 * The cell is rotated into LAMMPS's restricted triclinic orientation — a along +x, b in the
 * xy plane with positive y, c with positive z, per the manual's "Triclinic (non-orthogonal)
 * simulation boxes" (https://docs.lammps.org/Howto_triclinic.html) — and positions,
 * velocities rotate with it (see {@link restrictedBox}). Tilt factors are then reduced to
 * within half a box length (same lattice), the origin is 0, and atoms are wrapped into the
 * box (fractional coordinates in [0, 1)). Masses are per type, from the topology. Atom ids
 * are 1…N in topology order.
 */
export async function writeLammpsData(frame: Frame, topology: Topology, path: string, options: LammpsDataWriteOptions): Promise<LammpsDataWritten> {
  const n = topology.symbols.length;
  if (frame.positions.length !== 3 * n) throw new UsageError(`frame has ${frame.positions.length / 3} atoms, the topology ${n}`);
  const style = options.atomStyle;
  if (!['atomic', 'charge', 'full'].includes(style)) throw new UsageError(`atom style ${JSON.stringify(style)}: expected atomic, charge or full`);
  const order = lammpsTypeOrder(topology, options.typeOrder);
  const box = restrictedBox(frame.cell);
  const matrix = options.reduceTilt === false ? box.matrix : reduceTilt(box);
  const cell = makeCell(matrix);
  const pos = Float64Array.from(frame.positions);
  if (!box.identity) transformRows(box.rotation, pos);
  const frac = cartToFrac(cell, pos);
  for (let i = 0; i < frac.length; i++) {
    let f = frac[i]! - Math.floor(frac[i]!);
    if (f >= 1) f = 0;
    frac[i] = f;
  }
  fracToCart(cell, frac, pos);

  const charges = options.charges ?? topology.charges;
  const out: string[] = [];
  out.push(`${(options.comment ?? 'LAMMPS data file written by paddlewheel (units metal)').replace(/\n/g, ' ')}\n\n`);
  out.push(`${n} atoms\n${order.length} atom types\n\n`);
  out.push(`0 ${matrix[0]} xlo xhi\n0 ${matrix[4]} ylo yhi\n0 ${matrix[8]} zlo zhi\n`);
  if (matrix[3] !== 0 || matrix[6] !== 0 || matrix[7] !== 0) out.push(`${matrix[3]} ${matrix[6]} ${matrix[7]} xy xz yz\n`);
  out.push('\nMasses\n\n');
  order.forEach((s, k) => {
    const i = topology.symbols.indexOf(s);
    const mass = i >= 0 ? topology.masses[i]! : elementInfo(s)?.mass;
    if (mass === undefined) throw new UsageError(`type order: ${JSON.stringify(s)} is not an element symbol`);
    out.push(`${k + 1} ${mass} # ${s}\n`);
  });
  out.push(`\nAtoms # ${style}\n\n`);
  for (let i = 0; i < n; i++) {
    const type = order.indexOf(topology.symbols[i]!) + 1;
    const q = charges ? charges[i]! : 0;
    const xyz = `${pos[3 * i]} ${pos[3 * i + 1]} ${pos[3 * i + 2]}`;
    if (style === 'atomic') out.push(`${i + 1} ${type} ${xyz}\n`);
    else if (style === 'charge') out.push(`${i + 1} ${type} ${q} ${xyz}\n`);
    else out.push(`${i + 1} ${options.moleculeIds ? options.moleculeIds[i]! : 0} ${type} ${q} ${xyz}\n`);
  }
  if (frame.velocities && options.velocities !== false) {
    const v = Float64Array.from(frame.velocities);
    if (!box.identity) transformRows(box.rotation, v);
    out.push('\nVelocities\n\n');
    for (let i = 0; i < n; i++) out.push(`${i + 1} ${v[3 * i]} ${v[3 * i + 1]} ${v[3 * i + 2]}\n`);
  }
  await writeFileAtomic(path, out.join(''));
  return { typeOrder: order, matrix, rotation: box.rotation };
}
