import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { PaddlewheelError, isPaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { FS_TO_PS } from '../../core/units.js';
import { A_PER_FS_TO_A_PER_PS } from './units.js';
import { releaseTemp, trackTemp } from '../../core/cleanup.js';

/** Options of {@link writeExtxyz}. */
export interface WriteExtxyzOptions {
  /**
   * Decimal places of positions and cell (Å), velocities (Å/fs) and forces (eV/Å): 10 by
   * default (≤ 5e-11 Å rounding), or `'exact'` for the shortest text that reads back to the
   * identical double. Energy, stress and time are always written exactly.
   */
  decimals?: number | 'exact';
}

/** What was written. */
export interface WriteExtxyzResult {
  frames: number;
}

/**
 * Write frames as ASE-compatible extended XYZ, one block per frame:
 * `N`, then `Lattice="a b c (rows, Å)" Properties=species:S:1:pos:R:3[:velo:R:3][:forces:R:3]
 * [energy=…] [stress="9 numbers, eV/Å³, column-major as ASE reads them"] pbc="T T T" [time_fs=…] [step=…]`, then
 * `Sym x y z [vx vy vz] [fx fy fz]` per atom. Velocities are written as `velo` in Å/fs (the
 * libAtoms/QUIP convention this package's reader reads back; ASE keeps `velo` as a plain
 * array). Which columns and keys appear is fixed by the first frame.
 *
 * `target` is a path (written to a temporary name beside it and renamed when complete, so a
 * failure never leaves a partial file; a `.gz` name is gzipped) or a writable stream (left
 * open). Throws PaddlewheelError `E_INTERNAL` when frames disagree with the topology or with
 * the first frame, or hold non-finite numbers; `E_IO` when the file cannot be written.
 */
export async function writeExtxyz(
  frames: Iterable<Frame> | AsyncIterable<Frame>,
  topology: Topology,
  target: string | Writable,
  options: WriteExtxyzOptions = {},
): Promise<WriteExtxyzResult> {
  const result: WriteExtxyzResult = { frames: 0 };
  const blocks = formatFrames(frames, topology, options, result);
  if (typeof target !== 'string') {
    for await (const b of blocks) if (!target.write(b)) await once(target, 'drain');
    return result;
  }
  const tmp = `${target}.tmp-${process.pid}-${Date.now().toString(36)}`;
  trackTemp(tmp);
  try {
    const source = Readable.from(blocks, { objectMode: false });
    const out = createWriteStream(tmp, { flags: 'wx' });
    if (/\.gz$/i.test(target)) await pipeline(source, createGzip(), out);
    else await pipeline(source, out);
    await rename(tmp, target);
    releaseTemp(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    releaseTemp(tmp);
    if (isPaddlewheelError(e)) throw e;
    throw new PaddlewheelError('E_IO', `${target}: cannot write (${(e as Error)?.message ?? String(e)})`);
  }
  return result;
}

async function* formatFrames(
  frames: Iterable<Frame> | AsyncIterable<Frame>,
  topology: Topology,
  options: WriteExtxyzOptions,
  result: WriteExtxyzResult,
): AsyncGenerator<string> {
  const n = topology.symbols.length;
  const dec = options.decimals ?? 10;
  const fmt = dec === 'exact' ? exact : (x: number) => fixed(x, dec);
  let shape: { vel: boolean; forces: boolean; energy: boolean; stress: boolean; time: boolean; step: boolean } | undefined;
  for await (const f of frames) {
    if (f.positions.length !== 3 * n) bad(`frame ${f.index} has ${f.positions.length / 3} atoms, the topology ${n}`);
    const s = (shape ??= {
      vel: f.velocities !== undefined,
      forces: f.forces !== undefined,
      energy: f.energy !== undefined,
      stress: f.stress !== undefined,
      time: f.time !== undefined,
      step: f.step !== undefined,
    });
    if (s.vel !== (f.velocities !== undefined) || s.forces !== (f.forces !== undefined)) {
      bad(`frame ${f.index} ${s.vel ? 'lacks' : 'has'} velocities or forces unlike the first frame`);
    }
    const parts: string[] = [];
    let props = 'species:S:1:pos:R:3';
    if (s.vel) props += ':velo:R:3';
    if (s.forces) props += ':forces:R:3';
    let comment = `Lattice="${Array.from(f.cell.matrix, fmt).join(' ')}" Properties=${props}`;
    if (s.energy && f.energy !== undefined) comment += ` energy=${exact(f.energy)}`;
    if (s.stress && f.stress) comment += ` stress="${fortranOrder(f.stress).map(exact).join(' ')}"`;
    comment += ' pbc="T T T"';
    if (s.time && f.time !== undefined) comment += ` time_fs=${exact(Number((f.time / FS_TO_PS).toPrecision(15)))}`;
    if (s.step && f.step !== undefined) comment += ` step=${f.step}`;
    parts.push(String(n), comment);
    const p = f.positions, v = f.velocities, fo = f.forces;
    for (let i = 0; i < n; i++) {
      const j = 3 * i;
      let line = `${topology.symbols[i]} ${fmt(p[j]!)} ${fmt(p[j + 1]!)} ${fmt(p[j + 2]!)}`;
      if (v) line += ` ${fmt(v[j]! / A_PER_FS_TO_A_PER_PS)} ${fmt(v[j + 1]! / A_PER_FS_TO_A_PER_PS)} ${fmt(v[j + 2]! / A_PER_FS_TO_A_PER_PS)}`;
      if (fo) line += ` ${fmt(fo[j]!)} ${fmt(fo[j + 1]!)} ${fmt(fo[j + 2]!)}`;
      parts.push(line);
    }
    parts.push('');
    result.frames++;
    yield parts.join('\n');
  }
}

// ASE reads 3×3 comment values in Fortran (column-major) order.
function fortranOrder(m: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) out.push(m[3 * i + j]!);
  return out;
}

function exact(x: number): string {
  if (!Number.isFinite(x)) bad(`cannot write the non-finite number ${x}`);
  return String(x);
}

function fixed(x: number, d: number): string {
  if (!Number.isFinite(x)) bad(`cannot write the non-finite number ${x}`);
  return x.toFixed(d);
}

function bad(message: string): never {
  throw new PaddlewheelError('E_INTERNAL', `writeExtxyz: ${message}`);
}
