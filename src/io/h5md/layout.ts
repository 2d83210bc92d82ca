import { statSync } from 'node:fs';
import { type Cell, makeCell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import { MAX_GZIP_RATIO } from '../text/files.js';
import type { ReaderOptions } from '../types.js';
import { type H5, type H5File, type H5Group, attr, dataset, group, toFloat64 } from './h5.js';
import { type Series, factorOf, series, stringAttr } from './series.js';
import { h5mdTopology } from './species.js';

/** Where the data of one H5MD particle group are, and how to convert them. */
export interface H5mdLayout {
  /** Particle group name under /particles. */
  groupName: string;
  atoms: number;
  frames: number;
  position: Series;
  velocity?: Series;
  force?: Series;
  image?: Series;
  /** Fixed cell, or undefined when `edges` is time-dependent. */
  cell?: Cell;
  /** Time-dependent `box/edges`, rows [3] (cuboid) or [3][3] (triclinic) per frame. */
  edges?: Series;
  length: number;
  edgeLength: number;
  velocityFactor: number;
  forceFactor: number;
  timeFactor: number;
  topology: Topology;
}

/**
 * Find the particle group and its elements. With several groups under /particles, `all`
 * is used when present, else the first one with a position (info diagnostic). A missing
 * unit attribute means internal units (Å, ps, Å/ps, eV/Å), said in `I_H5MD_UNITS`.
 */
export function h5mdLayout(h5: H5, f: H5File, file: string, options: ReaderOptions): H5mdLayout {
  const log = options.diagnostics;
  const particles = group(h5, f, 'particles');
  const names = particles ? particles.keys().filter((k) => series(h5, particles, `${k}/position`)) : [];
  if (!particles || names.length === 0) {
    throw new PaddlewheelError('E_FORMAT', `${file}: no H5MD particle group with a time-dependent position (/particles/<group>/position/value) found`);
  }
  const groupName = names.includes('all') ? 'all' : names[0]!;
  if (names.length > 1) log.info('I_H5MD_GROUP', `${file}: particle groups ${names.join(', ')}; reading /particles/${groupName}`, { file });
  const g = particles.get(groupName) as H5Group;
  const position = series(h5, g, 'position')!;
  const [frames, atoms, dim] = position.shape;
  if (position.shape.length !== 3 || dim !== 3 || !(atoms! > 0)) {
    throw new PaddlewheelError('E_FORMAT', `${file}: /particles/${groupName}/position/value has shape [${position.shape.join(', ')}]; expected [frames][atoms][3]`);
  }
  checkClaimedSize(file, `/particles/${groupName}/position/value`, position.shape, position.value.metadata.size);
  const assumed: string[] = [];
  const where = (x: string) => `/particles/${groupName}/${x}`;
  const length = factorOf(file, where('position/value'), position.unit, 'length', assumed);
  const timeFactor = position.time(0) === undefined ? 1 : factorOf(file, where('position/time'), position.timeUnit, 'time', assumed);

  const sameGrid = (s: Series | undefined, name: string): Series | undefined => {
    if (!s) return undefined;
    if (s.shape.length !== 3 || s.shape[2] !== 3 || s.shape[0] !== frames || s.shape[1] !== atoms || s.step(0) !== position.step(0) || s.step(frames! - 1) !== position.step(frames! - 1)) {
      log.warn('W_H5MD_SKIPPED', `${file}: ${where(name)} is not sampled like the positions (shape [${s.shape.join(', ')}]); it is not read`, { file });
      return undefined;
    }
    return s;
  };
  const velocity = sameGrid(series(h5, g, 'velocity'), 'velocity');
  const force = sameGrid(series(h5, g, 'force'), 'force');
  const image = sameGrid(series(h5, g, 'image'), 'image');
  const velocityFactor = velocity ? factorOf(file, where('velocity/value'), velocity.unit, 'velocity', assumed) : 1;
  const forceFactor = force ? factorOf(file, where('force/value'), force.unit, 'force', assumed) : 1;

  const box = boxOf(h5, g, file, groupName, frames!, options);
  let edgeLength = length;
  if (box.unit !== undefined) edgeLength = factorOf(file, where('box/edges'), box.unit, 'length', assumed);
  if (assumed.length > 0) log.info('I_H5MD_UNITS', `${file}: no unit attribute on ${assumed.join(', ')}; internal units (Å, ps, Å/ps, eV/Å) assumed`, { file });
  const cell = box.fixed ? scaledCell(file, box.fixed, edgeLength) : undefined;
  const topology = h5mdTopology(h5, f, g, file, atoms!, options);
  return { groupName, atoms: atoms!, frames: frames!, position, velocity, force, image, cell, edges: box.series, length, edgeLength, velocityFactor, forceFactor, timeFactor, topology };
}

/**
 * Reject a dataset whose shape claims more data than the file can hold: a chunked HDF5
 * dataset may be resized far beyond what was ever written (unwritten chunks read as the fill
 * value), so a tiny file can claim 10⁸ atoms or frames. Stored data take at most the file's
 * size × {@link MAX_GZIP_RATIO} (deflate, HDF5's compression filter, cannot do better), plus
 * 1 MiB for small files; a larger shape is a lie (E_FORMAT), refused before anything is read.
 */
export function checkClaimedSize(file: string, where: string, shape: number[], itemSize: number): void {
  const bytes = shape.reduce((a, b) => a * b, 1) * Math.max(1, itemSize);
  const size = statSync(file).size;
  if (bytes > size * MAX_GZIP_RATIO + 2 ** 20) {
    throw new PaddlewheelError('E_FORMAT', `${file}: ${where} has shape [${shape.join(', ')}] (${bytes.toExponential(2)} bytes), more than this ${size}-byte file can hold even compressed; the file is corrupt or its datasets were resized without being written`);
  }
}

/** Cell from edges (a vector [3]: cuboid; a matrix [9]: rows are edge vectors) × a length factor. */
export function cellFromEdges(file: string, edges: Float64Array, factor: number): Cell {
  return scaledCell(file, edges, factor);
}

function scaledCell(file: string, e: Float64Array, k: number): Cell {
  const rows = e.length === 3 ? [e[0]! * k, 0, 0, 0, e[1]! * k, 0, 0, 0, e[2]! * k] : Array.from(e, (x) => x * k);
  if (rows.length !== 9) throw new PaddlewheelError('E_FORMAT', `${file}: box/edges has ${e.length} numbers; expected 3 (cuboid) or 3×3 (triclinic)`);
  try {
    return makeCell(rows);
  } catch (err) {
    throw new PaddlewheelError('E_FORMAT', `${file}: box/edges do not describe a cell (${(err as Error).message})`);
  }
}

function boxOf(h5: H5, g: H5Group, file: string, name: string, frames: number, options: ReaderOptions): { fixed?: Float64Array; series?: Series; unit?: string } {
  const box = group(h5, g, 'box');
  const boundary = box ? attr(box, 'boundary') : undefined;
  const flags = Array.isArray(boundary) ? boundary.map(String) : typeof boundary === 'string' ? [boundary] : [];
  if (flags.some((b) => b !== 'periodic')) {
    options.diagnostics.warn('W_NONPERIODIC_BOX', `${file}: box boundary is ${flags.join(' ')}; paddlewheel treats the cell as periodic in all directions`, { file });
  }
  const dimension = box ? Number(toFloat64(attr(box, 'dimension'))[0] ?? 3) : 3;
  if (dimension !== 3) throw new PaddlewheelError('E_FORMAT', `${file}: /particles/${name}/box has dimension ${dimension}; paddlewheel reads 3-D systems`);
  const fixed = box ? dataset(h5, box, 'edges') : undefined;
  if (fixed) {
    const size = (fixed.shape ?? []).reduce((a, b) => a * b, 1);
    if (size !== 3 && size !== 9) throw new PaddlewheelError('E_FORMAT', `${file}: /particles/${name}/box/edges has shape [${(fixed.shape ?? []).join(', ')}]; expected [3] (cuboid) or [3][3] (triclinic)`);
    return { fixed: toFloat64(fixed.value), unit: stringAttr(fixed, 'unit') };
  }
  const s = box ? series(h5, box, 'edges') : undefined;
  if (s) {
    if (s.shape[0]! < frames) throw new PaddlewheelError('E_FORMAT', `${file}: box/edges/value has ${s.shape[0]} frames but position/value ${frames}`);
    const per = s.shape.slice(1).reduce((a, b) => a * b, 1);
    if (per !== 3 && per !== 9) throw new PaddlewheelError('E_FORMAT', `${file}: box/edges/value has shape [${s.shape.join(', ')}]; expected [frames][3] or [frames][3][3]`);
    return { series: s, unit: s.unit };
  }
  if (options.cell) return { fixed: Float64Array.from(options.cell.matrix), unit: 'Angstrom' };
  throw new PaddlewheelError('E_FORMAT', `${file}: /particles/${name}/box/edges is missing, so the cell is unknown; give --cell`);
}
