import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cartToFrac, makeCell } from '../../core/cell.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { boundsText, restrictedBox, transformRows } from './box.js';

/** Columns `writeLammpsDump` can write. */
export const DUMP_COLUMNS = ['id', 'type', 'element', 'x', 'y', 'z', 'xs', 'ys', 'zs', 'xu', 'yu', 'zu', 'xsu', 'ysu', 'zsu', 'vx', 'vy', 'vz', 'fx', 'fy', 'fz'] as const;

/** Options of {@link writeLammpsDump}. */
export interface LammpsDumpWriteOptions {
  /** Columns of `ITEM: ATOMS`, from {@link DUMP_COLUMNS}; default `id type element x y z`. */
  columns?: readonly string[];
  /** Element symbols in LAMMPS type order (type 1 first); default: order of first appearance. */
  typeOrder?: readonly string[];
  /** Also write `ITEM: TIME` (frame.time in ps, as units metal does). */
  time?: boolean;
  /**
   * Significant digits of the per-atom numbers (LAMMPS's default `%g` writes 6); default:
   * the shortest decimal that reads back as the same double.
   */
  precision?: number;
}

/**
 * LAMMPS type order: `given` (validated against the topology) or the symbols in order of
 * first appearance. Returns the symbols; type of symbol s is `order.indexOf(s) + 1`.
 */
export function lammpsTypeOrder(topology: Topology, given?: readonly string[]): string[] {
  const present = [...new Set(topology.symbols)];
  if (!given) return present;
  if (new Set(given).size !== given.length) throw new UsageError(`type order ${given.join(',')}: a symbol is listed twice`);
  const missing = present.filter((s) => !given.includes(s));
  if (missing.length > 0) throw new UsageError(`type order ${given.join(',')}: has no type for ${missing.join(', ')}`);
  return [...given];
}

/**
 * Write frames as a LAMMPS text dump (`dump custom` layout, units metal: Å, Å/ps, eV/Å),
 * atomically: to a temporary file in the same folder, renamed over `path` when complete.
 *
 * Each cell is rotated into LAMMPS's restricted triclinic orientation (see
 * {@link restrictedBox}; positions, velocities and forces rotate with it; cells already in
 * that form are written unchanged) and written with origin 0 as a bounding box plus tilt
 * factors. Cartesian columns (`x`, `xu`) are written as the frame gives them, wrapped or
 * not; scaled columns are r·M⁻¹. Atom ids are 1…N in topology order; TIMESTEP is
 * `frame.step`, else the frame index. Numbers use the shortest exact decimal form, so a
 * read-back gives the same doubles for unrotated cells.
 */
export async function writeLammpsDump(
  frames: Iterable<Frame> | AsyncIterable<Frame>,
  topology: Topology,
  path: string,
  options: LammpsDumpWriteOptions = {},
): Promise<{ typeOrder: string[]; frames: number }> {
  const columns = options.columns ?? ['id', 'type', 'element', 'x', 'y', 'z'];
  const bad = columns.find((c) => !(DUMP_COLUMNS as readonly string[]).includes(c));
  if (bad) throw new UsageError(`dump column ${JSON.stringify(bad)}: expected one of ${DUMP_COLUMNS.join(' ')}`);
  const order = lammpsTypeOrder(topology, options.typeOrder);
  const types = topology.symbols.map((s) => order.indexOf(s) + 1);
  const n = topology.symbols.length;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'w').catch((e: Error) => {
    throw new PaddlewheelError('E_IO', `${path}: cannot write (${e.message})`);
  });
  let count = 0;
  try {
    for await (const f of frames) {
      if (f.positions.length !== 3 * n) throw new UsageError(`frame ${f.index}: has ${f.positions.length / 3} atoms, the topology ${n}`);
      await fh.write(snapshotText(f, columns, types, topology.symbols, options.time === true, options.precision));
      count++;
    }
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    if (e instanceof PaddlewheelError) throw e;
    throw new PaddlewheelError('E_IO', `${path}: cannot write (${(e as Error).message})`);
  }
  return { typeOrder: order, frames: count };
}

function snapshotText(f: Frame, columns: readonly string[], types: number[], symbols: string[], time: boolean, precision?: number): string {
  const num = precision === undefined ? (x: number) => x : (x: number) => Number(x.toPrecision(precision));
  const n = types.length;
  const box = restrictedBox(f.cell);
  const rot = (v: Float64Array | undefined, what: string) => {
    if (!v) throw new UsageError(`dump columns ask for ${what} but frame ${f.index} has none`);
    const out = Float64Array.from(v);
    if (!box.identity) transformRows(box.rotation, out);
    return out;
  };
  const wants = (c: string) => columns.includes(c);
  const cart = rot(f.positions, 'positions');
  // Fractions in the written (restricted) basis, which for a left-handed cell has −c.
  const frac = columns.some((c) => c.startsWith('xs') || c.startsWith('ys') || c.startsWith('zs')) ? cartToFrac(makeCell(box.matrix), cart) : undefined;
  const vel = wants('vx') || wants('vy') || wants('vz') ? rot(f.velocities, 'velocities') : undefined;
  const frc = wants('fx') || wants('fy') || wants('fz') ? rot(f.forces, 'forces') : undefined;
  const getters = columns.map((c): ((i: number) => string | number) => {
    if (c === 'id') return (i) => i + 1;
    if (c === 'type') return (i) => types[i]!;
    if (c === 'element') return (i) => symbols[i]!;
    // vx…fz name the axis second; x, xs, xu, xsu first.
    const vector = c[0] === 'v' || c[0] === 'f';
    const a = 'xyz'.indexOf(vector ? c[1]! : c[0]!);
    if (c[0] === 'v') return (i) => num(vel![3 * i + a]!);
    if (c[0] === 'f') return (i) => num(frc![3 * i + a]!);
    if (c.includes('s')) return (i) => num(frac![3 * i + a]!);
    return (i) => num(cart[3 * i + a]!);
  });
  const parts: string[] = [];
  if (time && f.time !== undefined) parts.push(`ITEM: TIME\n${f.time}\n`);
  parts.push(`ITEM: TIMESTEP\n${f.step ?? f.index}\nITEM: NUMBER OF ATOMS\n${n}\n`);
  parts.push(boundsText(box.matrix));
  parts.push(`ITEM: ATOMS ${columns.join(' ')}\n`);
  const row = new Array<string | number>(columns.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < getters.length; k++) row[k] = getters[k]!(i);
    parts.push(row.join(' '), '\n');
  }
  return parts.join('');
}
