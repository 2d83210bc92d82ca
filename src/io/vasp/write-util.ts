import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Cell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import { releaseTemp, trackTemp } from '../../core/cleanup.js';

/**
 * Species blocks for a POSCAR/XDATCAR header: consecutive runs of equal symbols, in atom
 * order. Atoms of one element that are not contiguous become separate blocks with a
 * repeated name (`Li Cl Li`), which VASP accepts and which keeps the atom order unchanged.
 */
export function speciesBlocks(topology: Topology): { names: string[]; counts: number[] } {
  const names: string[] = [];
  const counts: number[] = [];
  for (const s of topology.symbols) {
    if (names.length > 0 && names[names.length - 1] === s) counts[counts.length - 1]!++;
    else {
      names.push(s);
      counts.push(1);
    }
  }
  return { names, counts };
}

/** Fixed-point number right-aligned in `width` characters (Fortran F-format style). */
export function fmt(x: number, decimals: number, width = decimals + 6): string {
  const s = (Object.is(x, -0) ? 0 : x).toFixed(decimals);
  return s.length >= width ? ` ${s}` : s.padStart(width);
}

/** The 7 POSCAR header lines (comment, scale 1, lattice rows in Å, species, counts), each ending in a newline. */
export function poscarHeader(comment: string, cell: Cell, topology: Topology, decimals: number): string {
  const { names, counts } = speciesBlocks(topology);
  const m = cell.matrix;
  let s = `${comment.replace(/[\r\n]+/g, ' ')}\n   1.0\n`;
  for (let k = 0; k < 3; k++) s += `${fmt(m[3 * k]!, decimals)}${fmt(m[3 * k + 1]!, decimals)}${fmt(m[3 * k + 2]!, decimals)}\n`;
  s += `${names.map((n) => n.padStart(5)).join('')}\n${counts.map((c) => String(c).padStart(5)).join('')}\n`;
  return s;
}

/** Fractional coordinates of `positions` (Å) in `cell`, one line per atom. */
export function directLines(cell: Cell, positions: Float64Array, decimals: number): string {
  const inv = cell.inverse;
  const parts: string[] = [];
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i]!, y = positions[i + 1]!, z = positions[i + 2]!;
    const f0 = x * inv[0]! + y * inv[3]! + z * inv[6]!;
    const f1 = x * inv[1]! + y * inv[4]! + z * inv[7]!;
    const f2 = x * inv[2]! + y * inv[5]! + z * inv[8]!;
    parts.push(`${fmt(f0, decimals)}${fmt(f1, decimals)}${fmt(f2, decimals)}\n`);
  }
  return parts.join('');
}

/**
 * A text file written atomically: chunks go to a temporary name beside `path`, renamed over
 * it by `commit()`; `abort()` removes the temporary file. A failure never leaves a partial
 * output under the final name.
 */
export class AtomicTextWriter {
  private buffered: string[] = [];
  private size = 0;
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly fh: Awaited<ReturnType<typeof open>>,
  ) {}

  /** Create the temporary file for `path`. Throws E_IO when it cannot be created. */
  static async create(path: string): Promise<AtomicTextWriter> {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    trackTemp(tmp);
    try {
      return new AtomicTextWriter(path, tmp, await open(tmp, 'wx'));
    } catch (e) {
      releaseTemp(tmp);
      throw new PaddlewheelError('E_IO', `${path}: cannot write (${(e as Error).message})`);
    }
  }

  /** Append text; flushed to disk in chunks of about 1 MiB. */
  async write(s: string): Promise<void> {
    this.buffered.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  /** Flush, close and rename over the target. */
  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.fh.close();
      await rename(this.tmp, this.path);
      releaseTemp(this.tmp, this.path);
    } catch (e) {
      await this.abort();
      throw new PaddlewheelError('E_IO', `${this.path}: cannot write (${(e as Error).message})`);
    }
  }

  /** Discard the temporary file. */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
    releaseTemp(this.tmp);
  }

  private async flush(): Promise<void> {
    if (this.buffered.length === 0) return;
    const text = this.buffered.join('');
    this.buffered = [];
    this.size = 0;
    await this.fh.write(text);
  }
}

/** Run `body` against an atomic writer for `path`; commit on success, abort on any error. */
export async function writeAtomically(path: string, body: (w: AtomicTextWriter) => Promise<void>): Promise<void> {
  const w = await AtomicTextWriter.create(path);
  try {
    await body(w);
  } catch (e) {
    await w.abort();
    throw e;
  }
  await w.commit();
}
