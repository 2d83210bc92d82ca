import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { readCube } from '../cube/read.js';
import { READERS, readerFor } from '../registry.js';
import { readTextHead } from '../text/lines.js';
import type { ReaderOptions, TrajectoryFile } from '../types.js';
import type { Base } from './bases.js';
import { type GzipStep, type Mutation, compress, mutate } from './mutate.js';

/** How one fuzz case ended, when it ended in an allowed way. */
export type Outcome = 'parsed' | 'truncated' | 'hang' | `error:${string}`;

/** A case's outcome and a digest of each frame read (positions and cell), for oracles. */
export interface CaseResult {
  outcome: Outcome;
  frames: string[];
}

/** A case that ended in a way the readers promise never happens; the fuzzer shrinks it. */
export class ContractViolation extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'ContractViolation';
  }
}

/** Error codes a reader may throw on bad input. */
const ALLOWED_CODES = new Set(['E_PARSE', 'E_FORMAT', 'E_IO', 'E_TOPOLOGY', 'E_USAGE']);
// Texts of JavaScript engine errors: a typed error wrapping one of these hides a bug.
const ENGINE_TEXT = /Cannot read propert|is not a function|is not iterable|Invalid (typed )?array length|Array buffer allocation|Maximum call stack|of undefined|of null|is not defined|out of memory/i;
const TEXT_FORMATS = new Set(['extxyz', 'xyz', 'xdatcar', 'vasprun', 'qe-cp', 'lammps-dump', 'cube']);

/** Limits of one case. */
export interface CaseLimits {
  /** Wall-clock budget (ms) of one case: a reader that takes longer is taken as hanging. */
  timeoutMs: number;
  /** Largest RSS growth (bytes) over the RSS at the start of the run. */
  rssGrowth: number;
}

/** Default limits: generous on a loaded 2-core machine, far below what a runaway loop or allocation reaches. */
export const DEFAULT_LIMITS: CaseLimits = { timeoutMs: 15_000, rssGrowth: 768 * 1024 * 1024 };

/** The files of one case, after mutation and gzip. */
export interface CaseFiles {
  /** Folder of the case. */
  dir: string;
  /** Path the reader opens. */
  path: string;
  /** Every file written (messages must name one of them). */
  paths: string[];
  options: Omit<ReaderOptions, 'diagnostics'>;
}

/** Write the base's files with `target` mutated into `dir` (created). */
export async function materialise(dir: string, base: Base, target: string, muts: Mutation[], gz: GzipStep): Promise<CaseFiles> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  let open = join(dir, base.open);
  for (const [name, content] of Object.entries(base.files)) {
    let bytes = content;
    let file = name;
    if (name === target) {
      for (const m of muts) bytes = mutate(bytes, m, base);
      bytes = compress(bytes, gz);
      if (gz.kind !== 'none' && !base.noGzName?.includes(name)) file = `${name}.gz`;
    }
    const p = join(dir, file);
    if (name === base.open) open = p;
    await writeFile(p, bytes);
    paths.push(p);
  }
  const options = { ...base.options };
  if (options.qeInput) options.qeInput = join(dir, options.qeInput);
  return { dir, path: open, paths, options };
}

/**
 * Open `c.path` with the reader `format`, stream every frame, and classify the end:
 * `parsed` (every frame whole and finite), `truncated` (whole frames and a W_TRUNCATED_*
 * diagnostic) or `error:CODE` (a typed error naming a file of the case and, for text formats
 * and E_PARSE, a line). Anything else throws ContractViolation: an untyped error, a typed
 * error that wraps an engine error, E_INTERNAL, a message that names no file, a non-finite
 * or misshapen frame, a sniff that throws or leaves [0, 1], a case over its time budget.
 */
export async function runCase(format: string, c: CaseFiles, limits: CaseLimits = DEFAULT_LIMITS): Promise<CaseResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ContractViolation(`hang: no result within ${limits.timeoutMs} ms`)), limits.timeoutMs);
  });
  try {
    return await Promise.race([readCase(format, c), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readCase(format: string, c: CaseFiles): Promise<CaseResult> {
  if (format === 'cube') return { outcome: await readCubeCase(c), frames: [] };
  const digests: string[] = [];
  const reader = readerFor(format)!;
  const log = new DiagnosticLog();
  let tf: TrajectoryFile | undefined;
  try {
    await sniffAll(c.path);
    tf = await reader.open(c.path, { ...c.options, diagnostics: log });
    checkTopology(tf.topology);
    if (tf.frameSpacing !== undefined && !(Number.isFinite(tf.frameSpacing) && tf.frameSpacing > 0)) {
      throw new ContractViolation(`frameSpacing ${tf.frameSpacing} is not a positive finite number`);
    }
    let k = 0;
    for await (const f of tf.frames()) {
      checkFrame(f, tf.topology, k++);
      digests.push(digest(f));
    }
  } catch (e) {
    return { outcome: classify(e, format, c), frames: digests };
  } finally {
    await tf?.close();
  }
  const truncated = log.items.some((d) => d.code === 'W_TRUNCATED_FRAME' || d.code === 'W_TRUNCATED_GZIP');
  return { outcome: truncated ? 'truncated' : 'parsed', frames: digests };
}

// Gaussian cube (volumetric data for reports; not a trajectory format, so not in READERS).
async function readCubeCase(c: CaseFiles): Promise<Outcome> {
  try {
    const d = await readCube(c.path);
    const finite = (xs: ArrayLike<number>, what: string) => {
      for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i]!)) throw new ContractViolation(`cube ${what}[${i}] = ${xs[i]}`);
    };
    finite(d.values, 'values');
    finite(d.axes, 'axes');
    finite(d.origin, 'origin');
    for (const a of d.atoms) finite(a.position, 'atom position');
    if (d.values.length !== d.shape[0] * d.shape[1] * d.shape[2] * (d.valuesPerPoint ?? 1)) throw new ContractViolation('cube value count differs from its grid');
  } catch (e) {
    return classify(e, 'cube', c);
  }
  return 'parsed';
}

async function sniffAll(path: string): Promise<void> {
  let head: string;
  try {
    head = await readTextHead(path);
  } catch (e) {
    if (e instanceof PaddlewheelError) return;
    throw e;
  }
  const name = path.split('/').pop()!.replace(/\.gz$/i, '');
  for (const r of READERS) {
    const s = r.sniff(name, head);
    if (!(s >= 0 && s <= 1)) throw new ContractViolation(`${r.id}.sniff returned ${s}`);
  }
}

function classify(e: unknown, format: string, c: CaseFiles): Outcome {
  if (e instanceof ContractViolation) throw e;
  if (!(e instanceof PaddlewheelError)) throw new ContractViolation(`untyped error: ${(e as Error)?.stack ?? String(e)}`, e);
  const msg = e.message;
  if (!ALLOWED_CODES.has(e.code)) throw new ContractViolation(`${e.code} is not a bad-input code: ${msg}`, e);
  if (ENGINE_TEXT.test(msg)) throw new ContractViolation(`typed error wraps an engine error: ${e.code} ${msg}`, e);
  const named = c.paths.find((p) => msg.includes(p) || msg.includes(p.replace(/\.gz$/, '')));
  if (!named) throw new ContractViolation(`error names none of the case's files: ${e.code} ${msg}`, e);
  if (TEXT_FORMATS.has(format) && e.code === 'E_PARSE' && !hasLine(msg)) throw new ContractViolation(`E_PARSE without a line number: ${msg}`, e);
  return `error:${e.code}`;
}

/** True when a message gives a line: `file:12:` or `line 12`. */
export function hasLine(msg: string): boolean {
  return /:\d+(:\d+)?:/.test(msg) || /\bline \d+/.test(msg);
}

function checkTopology(t: Topology): void {
  const n = t.symbols.length;
  if (n === 0) throw new ContractViolation('topology with no atoms');
  if (t.masses.length !== n) throw new ContractViolation(`${t.masses.length} masses for ${n} atoms`);
  for (const m of t.masses) if (!(Number.isFinite(m) && m > 0)) throw new ContractViolation(`mass ${m}`);
  if (t.charges) for (const q of t.charges) if (!Number.isFinite(q)) throw new ContractViolation(`charge ${q}`);
}

function checkFrame(f: Frame, t: Topology, k: number): void {
  const n3 = 3 * t.symbols.length;
  const where = `frame ${k}`;
  const arr = (a: Float64Array | undefined, what: string, len: number) => {
    if (!a) return;
    if (a.length !== len) throw new ContractViolation(`${where}: ${what} has ${a.length} numbers, expected ${len}`);
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new ContractViolation(`${where}: ${what}[${i}] = ${a[i]}`);
  };
  arr(f.positions, 'positions', n3);
  arr(f.velocities, 'velocities', n3);
  arr(f.forces, 'forces', n3);
  arr(f.stress, 'stress', 9);
  arr(f.cell.matrix, 'cell', 9);
  arr(f.cell.inverse, 'inverse cell', 9);
  if (!(f.cell.volume > 0 && Number.isFinite(f.cell.volume))) throw new ContractViolation(`${where}: cell volume ${f.cell.volume}`);
  for (const [what, x] of [['time', f.time], ['step', f.step], ['energy', f.energy], ['temperature', f.temperature]] as const) {
    if (x !== undefined && !Number.isFinite(x)) throw new ContractViolation(`${where}: ${what} = ${x}`);
  }
}

function digest(f: Frame): string {
  const h = createHash('sha1');
  h.update(new Uint8Array(f.positions.buffer, f.positions.byteOffset, f.positions.byteLength));
  h.update(new Uint8Array(f.cell.matrix.buffer, f.cell.matrix.byteOffset, f.cell.matrix.byteLength));
  return h.digest('hex').slice(0, 16);
}

/** Remove a case folder. */
export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
