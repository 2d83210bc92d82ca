/**
 * Inputs of the scale benchmark, generated from the seeded motion of scale-model.ts and
 * streamed to disk frame by frame (never the whole trajectory in memory):
 * - the study-scale extended XYZ (208 atoms, `time_fs` on every comment line, 8 decimals as
 *   ASE writes), through paddlewheel's own writer; kept in bench/out/scale/ and reused, since
 *   the same options give the same bytes;
 * - the memory-test H5MD (10⁵ atoms): float32 positions [frames][atoms][3], one frame per
 *   chunk, fixed box, written here with h5wasm because paddlewheel's writer stores float64
 *   (twice the disk); the caller deletes it at the end.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { elementInfo } from '../src/core/elements.js';
import { writeExtxyz } from '../src/io/extxyz/write.js';
import { loadH5 } from '../src/io/h5md/h5.js';
import { scaleFrames, scaleSystem } from './scale-model.js';

/** Bump when the model or the file layout changes, so cached files are not reused. */
const MODEL_VERSION = 2;

/** A generated input. */
export interface ScaleInput {
  path: string;
  atoms: number;
  frames: number;
  dtFs: number;
  bytes: number;
  /** Seconds spent writing it in this run (0 when reused). */
  seconds: number;
  reused: boolean;
}

/** bench/out/scale, created when missing. */
export function scaleDir(root: string): string {
  const d = join(root, 'bench', 'out', 'scale');
  mkdirSync(d, { recursive: true });
  return d;
}

/** The study-scale extxyz (`repeat` copies of the 208-atom cell), written unless present. */
export async function ensureExtxyz(dir: string, frames: number, dtFs: number, repeat: [number, number, number] = [1, 1, 1]): Promise<ScaleInput> {
  const sys = scaleSystem(repeat);
  const atoms = sys.topology.symbols.length;
  const path = join(dir, `li2b12h12-v${MODEL_VERSION}-${atoms}at-${frames}fr-${dtFs}fs.extxyz`);
  if (existsSync(path)) return { path, atoms, frames, dtFs, bytes: statSync(path).size, seconds: 0, reused: true };
  const t0 = performance.now();
  await writeExtxyz(scaleFrames(sys, frames, dtFs), sys.topology, path, { decimals: 8 });
  return { path, atoms, frames, dtFs, bytes: statSync(path).size, seconds: (performance.now() - t0) / 1000, reused: false };
}

/** The memory-test H5MD with about `atoms` atoms (float32 positions), written unless present. */
export async function ensureH5md(dir: string, atoms: number, frames: number, dtFs: number, repeat: [number, number, number]): Promise<ScaleInput> {
  const sys = scaleSystem(repeat);
  const n = sys.topology.symbols.length;
  const path = join(dir, `li2b12h12-v${MODEL_VERSION}-${n}at-${frames}fr-f32.h5md`);
  if (existsSync(path)) return { path, atoms: n, frames, dtFs, bytes: statSync(path).size, seconds: 0, reused: true };
  const tmp = `${path}.tmp-${process.pid}`;
  const t0 = performance.now();
  const h5 = await loadH5();
  const f = new h5.File(tmp, 'w');
  try {
    const meta = f.create_group('h5md');
    meta.create_attribute('version', new Int32Array([1, 1]));
    meta.create_group('author').create_attribute('name', 'paddlewheel bench');
    const creator = meta.create_group('creator');
    creator.create_attribute('name', 'paddlewheel bench/scale-inputs.ts');
    creator.create_attribute('version', String(MODEL_VERSION));
    const g = f.create_group('particles').create_group('all');
    g.create_dataset({ name: 'species', data: Int32Array.from(sys.topology.symbols.map((s) => elementInfo(s)!.z)) });
    const box = g.create_group('box');
    box.create_attribute('dimension', 3, null, '<i');
    box.create_attribute('boundary', ['periodic', 'periodic', 'periodic']);
    box.create_dataset({ name: 'edges', data: Float64Array.from(sys.cell.matrix), shape: [3, 3], dtype: '<d' }).create_attribute('unit', 'Angstrom');
    const pos = g.create_group('position');
    const value = pos.create_dataset({ name: 'value', data: new Float32Array(0), shape: [0, n, 3], maxshape: [null, n, 3], chunks: [1, n, 3], dtype: '<f' });
    value.create_attribute('unit', 'Angstrom');
    const step = pos.create_dataset({ name: 'step', data: new BigInt64Array(0), shape: [0], maxshape: [null], chunks: [1024], dtype: '<q' });
    const time = pos.create_dataset({ name: 'time', data: new Float64Array(0), shape: [0], maxshape: [null], chunks: [1024], dtype: '<d' });
    time.create_attribute('unit', 'ps');
    const f32 = new Float32Array(3 * n);
    for (const fr of scaleFrames(sys, frames, dtFs)) {
      const i = fr.index;
      f32.set(fr.positions);
      value.resize([i + 1, n, 3]);
      value.write_slice([[i, i + 1], [], []], f32);
      step.resize([i + 1]);
      step.write_slice([[i, i + 1]], BigInt64Array.of(BigInt(fr.step!)));
      time.resize([i + 1]);
      time.write_slice([[i, i + 1]], Float64Array.of(fr.time!));
    }
  } finally {
    f.close();
  }
  await rename(tmp, path);
  return { path, atoms: n, frames, dtFs, bytes: statSync(path).size, seconds: (performance.now() - t0) / 1000, reused: false };
}

/** Delete a generated file (and a leftover temporary). */
export function removeInput(path: string): void {
  rmSync(path, { force: true });
}
