import { type FileHandle, open as openFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { refuseInputs } from '../../core/atomic-write.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { AU_FORCE_TO_EV_PER_A, AU_VELOCITY_TO_A_PER_PS, BOHR_TO_ANGSTROM, HARTREE_TO_EV } from '../../core/units.js';

/** Options of `writeQeCp`. */
export interface QeCpWriteOptions {
  /** Paths that must not be overwritten (the run's inputs). */
  protectedInputs?: string[];
}

/** The `.evp` header line cp.x (QE 6–7) writes. */
export const EVP_HEADER =
  '#   nfi    time(ps)        ekinc        T_cell(K)     Tion(K)          etot               enthal               econs               econt          Volume        Pressure(GPa)';

/**
 * Write frames as a cp.x trajectory set `prefix.pos`, `prefix.cel`, and `prefix.vel` /
 * `prefix.for` when the first frame has velocities / forces, plus `prefix.evp` when it has
 * both a temperature and an energy. Layout as cp.x writes it: block header `I8,1X,F13.8`
 * (nfi = `frame.step`, else index + 1; time in ps), rows `3E25.14` in bohr, bohr per a.u. of
 * time and Ha/bohr; `.cel` rows `3F14.8` of h (bohr), whose columns are the lattice vectors;
 * `.evp` rows with Tion (K), etot (Ha) and the volume (bohr³), other columns 0. Every file
 * goes to a temporary name and all are renamed only when all are complete. Frames may stream.
 * Returns the paths written.
 */
export async function writeQeCp(prefix: string, frames: Iterable<Frame> | AsyncIterable<Frame>, topology: Topology, options: QeCpWriteOptions = {}): Promise<string[]> {
  const nat = topology.symbols.length;
  const outs = new Map<string, Out>();
  let kinds: { vel: boolean; for: boolean; evp: boolean } | undefined;
  try {
    let k = 0;
    for await (const f of frames) {
      if (f.positions.length !== 3 * nat) throw new PaddlewheelError('E_TOPOLOGY', `frame ${k}: ${f.positions.length / 3} atoms, but the topology has ${nat}`);
      if (f.time === undefined) throw new PaddlewheelError('E_NO_TIME', `frame ${k}: no time; cp.x files need one per frame`);
      if (!kinds) {
        kinds = { vel: !!f.velocities, for: !!f.forces, evp: f.temperature !== undefined && f.energy !== undefined };
        for (const ext of ['pos', 'cel', ...(['vel', 'for', 'evp'] as const).filter((e) => kinds![e])]) {
          outs.set(ext, await Out.create(`${prefix}.${ext}`, options.protectedInputs ?? []));
        }
        if (kinds.evp) outs.get('evp')!.push(`${EVP_HEADER}\n`);
      }
      const nfi = f.step ?? k + 1;
      const head = `${fortranI(nfi, 8)} ${fortranF(f.time, 13, 8)}\n`;
      outs.get('pos')!.push(head + rows(f.positions, 1 / BOHR_TO_ANGSTROM));
      outs.get('cel')!.push(head + cellRows(f.cell.matrix));
      if (kinds.vel) outs.get('vel')!.push(head + rows(need(f.velocities, 'velocities', k), 1 / AU_VELOCITY_TO_A_PER_PS));
      if (kinds.for) outs.get('for')!.push(head + rows(need(f.forces, 'forces', k), 1 / AU_FORCE_TO_EV_PER_A));
      if (kinds.evp) {
        const t = need(f.temperature, 'a temperature', k), e = need(f.energy, 'an energy', k);
        const vol = f.cell.volume / BOHR_TO_ANGSTROM ** 3;
        const ex = (x: number) => ` ${fortranES(x, 6).padStart(13)}`;
        const fx = (x: number) => ` ${x.toFixed(8).padStart(19)}`;
        outs.get('evp')!.push(`${fortranI(nfi, 7)}${ex(f.time)}${ex(0)}${ex(0)}${ex(t)}${fx(e / HARTREE_TO_EV)}${fx(0)}${fx(0)}${fx(0)}${ex(vol)}${fx(0)}\n`);
      }
      for (const o of outs.values()) await o.flushIfLarge();
      k++;
    }
    if (!kinds) throw new PaddlewheelError('E_USAGE', `${prefix}: no frames to write`);
    for (const o of outs.values()) await o.finish();
    for (const o of outs.values()) await rename(o.tmp, o.path);
    return [...outs.values()].map((o) => o.path);
  } catch (e) {
    for (const o of outs.values()) await o.abort();
    if (e instanceof PaddlewheelError) throw e;
    throw new PaddlewheelError('E_IO', `${prefix}: cannot write the cp.x files (${(e as Error).message})`);
  }
}

function need<T>(x: T | undefined, what: string, k: number): T {
  if (x === undefined) throw new PaddlewheelError('E_USAGE', `frame ${k} has no ${what}, but the first frame has: cp.x files need them in every frame`);
  return x;
}

function rows(a: Float64Array, k: number): string {
  let s = '';
  for (let i = 0; i < a.length; i += 3) s += `${fortranE(a[i]! * k)}${fortranE(a[i + 1]! * k)}${fortranE(a[i + 2]! * k)}\n`;
  return s;
}

// Row i of h holds component i of every lattice vector: h(i, j) = matrix[3j + i].
function cellRows(m: Float64Array): string {
  let s = '';
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) s += fortranF(m[3 * j + i]! / BOHR_TO_ANGSTROM, 14, 8);
    s += '\n';
  }
  return s;
}

/** Fortran `Iw`: right-aligned integer, asterisks when it does not fit. */
export function fortranI(n: number, w: number): string {
  const s = String(Math.trunc(n));
  return s.length > w ? '*'.repeat(w) : s.padStart(w);
}

/** Fortran `Fw.d`: fixed point, right-aligned, asterisks when it does not fit (as cp.x's time field from 10⁴ ps). */
export function fortranF(x: number, w: number, d: number): string {
  const s = x.toFixed(d);
  return s.length > w ? '*'.repeat(w) : s.padStart(w);
}

/** Fortran `E25.14`-style field: ` 0.ddddddddddddddE+ee` (mantissa in [0.1, 1)), width `w`. */
export function fortranE(x: number, w = 25, d = 14): string {
  if (x === 0) return `0.${'0'.repeat(d)}E+00`.padStart(w);
  const [m, e] = Math.abs(x).toExponential(d - 1).split('e') as [string, string];
  const exp = Number(e) + 1;
  const ee = Math.abs(exp) < 100 ? `E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}` : `${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  return `${x < 0 ? '-' : ''}0.${m.replace('.', '')}${ee}`.padStart(w);
}

/** Fortran `ES`-style: `d.ddddddE±ee` with `d` decimals. */
export function fortranES(x: number, d: number): string {
  const [m, e] = x.toExponential(d).split('e') as [string, string];
  const n = Number(e);
  return `${m}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** A temporary output file filled in large writes. */
class Out {
  private buf: string[] = [];
  private size = 0;
  private constructor(readonly path: string, readonly tmp: string, private fh: FileHandle | undefined) {}

  static async create(path: string, protectedInputs: string[]): Promise<Out> {
    await refuseInputs(path, protectedInputs);
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    return new Out(path, tmp, await openFile(tmp, 'w'));
  }

  push(s: string): void {
    this.buf.push(s);
    this.size += s.length;
  }

  async flushIfLarge(): Promise<void> {
    if (this.size >= 1 << 20) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.fh?.close();
    this.fh = undefined;
  }

  async abort(): Promise<void> {
    await this.fh?.close().catch(() => undefined);
    this.fh = undefined;
    await unlink(this.tmp).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    if (this.size === 0) return;
    await this.fh!.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
}
