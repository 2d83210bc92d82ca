import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sameCell } from '../../core/cell.js';
import { elementInfo } from '../../core/elements.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { VERSION } from '../../version.js';
import { type H5Dataset, type H5Group, h5Error, openH5 } from './h5.js';

/** Options of {@link writeH5md}. */
export interface H5mdWriteOptions {
  /** Particle group name under /particles (default `all`). */
  group?: string;
  /**
   * `time` (default): `box/edges` is time-dependent, value [frames][3][3]. `fixed`: one
   * [3][3] matrix from the first frame; every frame must have that cell.
   */
  box?: 'time' | 'fixed';
  /** `h5md/author/name` (the spec requires one). */
  author?: string;
}

/**
 * Write frames as an H5MD 1.1 file, atomically (temporary file renamed over `path`), one
 * frame at a time into chunked, growing datasets:
 * `/particles/<group>/position/{value [F][N][3] (Angstrom), step [F] (int64), time [F] (ps)}`,
 * `box` (dimension 3, boundary periodic ×3, `edges` rows a, b, c), `velocity` (Angstrom ps-1)
 * and `force` (eV Angstrom-1) when the first frame has them, `species` as atomic numbers
 * (int32 [N]; deuterium becomes 1), `mass` (amu) and `charge` (e) from the topology.
 * `step`/`time` of the other elements are hard links to those of `position`, as the spec asks.
 * `time` is written when the first frame has one.
 */
export async function writeH5md(
  frames: Iterable<Frame> | AsyncIterable<Frame>,
  topology: Topology,
  path: string,
  options: H5mdWriteOptions = {},
): Promise<{ frames: number }> {
  const n = topology.symbols.length;
  const z = topology.symbols.map((s) => elementInfo(s)?.z);
  if (z.some((x) => x === undefined)) throw new UsageError(`writeH5md: unknown element in topology`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const f = await openH5(tmp, 'w');
  let count = 0;
  try {
    const h5md = f.create_group('h5md');
    h5md.create_attribute('version', new Int32Array([1, 1]));
    h5md.create_group('author').create_attribute('name', options.author ?? 'paddlewheel user');
    const creator = h5md.create_group('creator');
    creator.create_attribute('name', 'paddlewheel');
    creator.create_attribute('version', VERSION);
    const g = f.create_group('particles').create_group(options.group ?? 'all');
    g.create_dataset({ name: 'species', data: Int32Array.from(z as number[]) });
    g.create_dataset({ name: 'mass', data: Float64Array.from(topology.masses) });
    if (topology.charges) g.create_dataset({ name: 'charge', data: Float64Array.from(topology.charges) });
    const box = g.create_group('box');
    box.create_attribute('dimension', 3, null, '<i');
    box.create_attribute('boundary', ['periodic', 'periodic', 'periodic']);

    let el: Record<string, H5Dataset> | undefined;
    let firstCell: Frame['cell'] | undefined;
    for await (const fr of frames) {
      if (fr.positions.length !== 3 * n) throw new UsageError(`frame ${fr.index}: has ${fr.positions.length / 3} atoms, the topology ${n}`);
      if (!el) {
        firstCell = fr.cell;
        el = createElements(g, box, fr, n, options.box === 'fixed');
      }
      if (options.box === 'fixed' && !sameCell(fr.cell, firstCell!)) throw new UsageError(`frame ${fr.index}: the cell changes, so the box cannot be written as fixed`);
      const i = count++;
      append(el.position!, i, fr.positions);
      append(el.step!, i, BigInt64Array.of(BigInt(fr.step ?? fr.index)));
      if (el.time) append(el.time, i, Float64Array.of(fr.time ?? NaN));
      if (el.edges) append(el.edges, i, fr.cell.matrix);
      if (el.velocity) append(el.velocity, i, vector(fr.velocities, fr.index, 'velocities'));
      if (el.force) append(el.force, i, vector(fr.forces, fr.index, 'forces'));
    }
    if (!el) throw new UsageError('writeH5md: no frames to write');
    f.close();
    await rename(tmp, path);
  } catch (e) {
    try {
      f.close();
    } catch {
      // already closed
    }
    await unlink(tmp).catch(() => undefined);
    if (e instanceof PaddlewheelError) throw e;
    throw h5Error(path, e);
  }
  return { frames: count };
}

function vector(v: Float64Array | undefined, index: number, what: string): Float64Array {
  if (!v) throw new UsageError(`frame ${index}: has no ${what}, but the first frame had`);
  return v;
}

function growing(g: H5Group, name: string, perFrame: number[], dtype: string, unit?: string): H5Dataset {
  const size = perFrame.reduce((a, b) => a * b, 1);
  const chunkFrames = Math.max(1, Math.min(1024, Math.floor(65536 / size)));
  const data = dtype === '<q' ? new BigInt64Array(0) : new Float64Array(0);
  const d = g.create_dataset({ name, data, shape: [0, ...perFrame], maxshape: [null, ...perFrame], chunks: [chunkFrames, ...perFrame], dtype });
  if (unit) d.create_attribute('unit', unit);
  return d;
}

function createElements(g: H5Group, box: H5Group, fr: Frame, n: number, fixedBox: boolean): Record<string, H5Dataset> {
  const pos = g.create_group('position');
  const el: Record<string, H5Dataset> = {
    position: growing(pos, 'value', [n, 3], '<d', 'Angstrom'),
    step: growing(pos, 'step', [], '<q'),
  };
  if (fr.time !== undefined) el.time = growing(pos, 'time', [], '<d', 'ps');
  const linked = (name: string, dsName: string, unit: string, parent: H5Group) => {
    const grp = parent.create_group(name);
    el[dsName] = growing(grp, 'value', name === 'edges' ? [3, 3] : [n, 3], '<d', unit);
    grp.create_hard_link(`${pos.path}/step`, 'step');
    if (el.time) grp.create_hard_link(`${pos.path}/time`, 'time');
  };
  if (fixedBox) box.create_dataset({ name: 'edges', data: Float64Array.from(fr.cell.matrix), shape: [3, 3], dtype: '<d' }).create_attribute('unit', 'Angstrom');
  else linked('edges', 'edges', 'Angstrom', box);
  if (fr.velocities) linked('velocity', 'velocity', 'Angstrom ps-1', g);
  if (fr.forces) linked('force', 'force', 'eV Angstrom-1', g);
  return el;
}

function append(d: H5Dataset, i: number, data: ArrayLike<number> | BigInt64Array): void {
  const shape = d.shape!;
  d.resize([i + 1, ...shape.slice(1)]);
  d.write_slice([[i, i + 1], ...shape.slice(1).map(() => [] as [])], data);
}
