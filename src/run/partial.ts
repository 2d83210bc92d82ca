/**
 * Partial files: the merged analysis states of one frame range of a trajectory, written by
 * `paddlewheel analyze FILES… --frames a:b --partial part.json` (e.g. one task of a SLURM
 * array each) and merged by `paddlewheel merge part*.json --out DIR` into what one
 * `paddlewheel analyze FILES… --out DIR` over all those frames writes.
 *
 * A partial run is a slice of the one run: its reference frame (ion selection,
 * `ctx.reference`) is the trajectory's first frame (index 0, before `--frames`), so every
 * partial builds the same reference structures and states of consecutive ranges merge
 * exactly (ARCHITECTURE "Analysis contract"). The file holds sufficient statistics, never
 * results: states and context in the exact state codec (src/run/state-codec.ts), the request
 * (every option but the frame range), the inputs' provenance records, the reference frame and
 * its hash, the reader's and each job's diagnostics, and the frame range actually read.
 *
 * `merge` refuses (UsageError naming the files) partials of different tool versions, options,
 * inputs, reference frames, ion selections or analyses, and ranges that overlap or leave a
 * gap; it needs none of the trajectory files.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Diagnostic, DiagnosticLog } from '../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../core/errors.js';
import type { InputRecord } from '../core/result.js';
import { VERSION } from '../version.js';
import { decodeState, encodeState, StateCodecError } from './state-codec.js';

/** `format` of a partial file, and the layout version this code reads and writes. */
export const PARTIAL_FORMAT = 'paddlewheel-partial';
export const PARTIAL_FORMAT_VERSION = 1;

/** A diagnostics log as data: the kept diagnostics and, per code, how many more were suppressed. */
export interface LogRecord {
  items: Diagnostic[];
  suppressed: Record<string, number>;
}

/** The frame range a partial run read: `--frames start:stop:step` (stop null: to the end). */
export interface PartialRange {
  start: number;
  stop: number | null;
  step: number;
  /** Frames read, and the indices of the first and last (null when none). */
  frames: number;
  first: number | null;
  last: number | null;
  /** True when the trajectory ended inside the range (or the range had no stop). */
  reachedEnd: boolean;
}

/** One job's collected state (codec-encoded) and diagnostics. */
export interface PartialJob {
  id: string;
  state: unknown;
  diagnostics: LogRecord;
}

/** A job whose `init` refused (the same in every partial: all share the reference frame). */
export interface PartialRefusal {
  id: string;
  reason: string;
  code: string;
  diagnostics: LogRecord;
}

/** What a partial file holds (JSON). Fields marked "encoded" are in the state codec's encoding. */
export interface PartialFile {
  format: typeof PARTIAL_FORMAT;
  formatVersion: number;
  tool: 'paddlewheel';
  version: string;
  created: string;
  /** The analyze request without its frame range and output (encoded); equal in every partial of a set. */
  request: unknown;
  range: PartialRange;
  /** Provenance records (path, bytes, sha256) of every file read. */
  inputs: InputRecord[];
  /** The reference frame (encoded) and the SHA-256 of its encoding. */
  reference: { sha256: string; frame: unknown };
  /** What finalize and the entries' output need: the trajectory's description and the context (encoded). */
  trajectory: { format: string; files: string[]; paths: string[]; frameSpacing: number | null; frameSpacingSource: string; hasVelocities: boolean };
  context: { sha256: string; data: unknown };
  /** Reader and ion-selection diagnostics of the range. */
  diagnostics: LogRecord;
  /** The main pass: jobs in pass order, init refusals, seconds spent. */
  main: { jobs: PartialJob[]; failed: PartialRefusal[]; seconds: number };
}

/** A partial file read back, with the path it came from. */
export interface LoadedPartial {
  path: string;
  file: PartialFile;
}

/** SHA-256 (hex) of a value's codec encoding. */
export function stateHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(encodeState(value))).digest('hex');
}

/** A log as data (see {@link LogRecord}). */
export function logRecord(log: DiagnosticLog): LogRecord {
  const suppressed: Record<string, number> = {};
  // toArray() appends one "N more diagnostics with code X were suppressed" line per code.
  for (const d of log.toArray().slice(log.items.length)) suppressed[d.code] = Number(/^(\d+) more/.exec(d.message)?.[1] ?? 0);
  return { items: [...log.items], suppressed };
}

/**
 * Add a recorded log to `log` as if its diagnostics were emitted again: exact repeats are
 * dropped as usual, and the suppressed ones are counted (as distinct placeholders, which the
 * log counts but never keeps, since the code is already at its limit). Repeats among
 * suppressed diagnostics of different ranges are counted twice: the only inexactness.
 */
export function replayLog(log: DiagnosticLog, r: LogRecord, tag: string): void {
  for (const d of r.items) log.add(d);
  for (const [code, n] of Object.entries(r.suppressed)) for (let i = 0; i < n; i++) log.add({ code, level: 'info', message: `\u0000${tag}:${i}` });
}

/** Read and check one partial file (E_IO unreadable, E_FORMAT not a partial file of this layout). */
export async function readPartial(path: string): Promise<LoadedPartial> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${path}: cannot read (${(e as Error).message})`);
  }
  let file: PartialFile;
  try {
    file = JSON.parse(text) as PartialFile;
  } catch (e) {
    throw new PaddlewheelError('E_FORMAT', `${path}: not a paddlewheel partial file (not JSON: ${(e as Error).message})`);
  }
  if (!file || file.format !== PARTIAL_FORMAT) throw new PaddlewheelError('E_FORMAT', `${path}: not a paddlewheel partial file (write one with paddlewheel analyze FILES… --frames a:b --partial ${path})`);
  if (file.formatVersion !== PARTIAL_FORMAT_VERSION) throw new PaddlewheelError('E_FORMAT', `${path}: partial file layout ${file.formatVersion}, but this paddlewheel (${VERSION}) reads layout ${PARTIAL_FORMAT_VERSION}; merge with the version that wrote it (${file.version})`);
  return { path, file };
}

/** Decode an encoded part of a partial file, naming the file when it is damaged. */
export function decodeFrom(p: LoadedPartial, what: string, data: unknown): unknown {
  try {
    return decodeState(data);
  } catch (e) {
    if (e instanceof StateCodecError) throw new PaddlewheelError('E_FORMAT', `${p.path}: damaged ${what}: ${e.message}`);
    throw e;
  }
}

/** The partials in frame order, and the range they cover together (stop null: to the end). */
export interface PartialSet {
  parts: LoadedPartial[];
  range: { stop: number | null; step: number; frames: number };
}

/**
 * Check that the partials belong together (same tool version, inputs, request, reference,
 * ion selection and analyses) and tile the frames 0…end without overlap or gap; order them.
 * Throws UsageError naming the files otherwise.
 */
export function checkPartials(loaded: LoadedPartial[]): PartialSet {
  if (loaded.length === 0) throw new UsageError('no partial files given: paddlewheel merge part1.json part2.json … --out DIR');
  const first = loaded[0]!;
  const name = (p: LoadedPartial) => p.path;
  for (const p of loaded.slice(1)) {
    const f = p.file, g = first.file;
    const differ = (what: string, why = '') => new UsageError(`${name(first)} and ${name(p)}: ${what} differ${why}; merge only the partials of one analyze command line (the same options and files, other --frames)`);
    if (f.version !== g.version) throw differ('the paddlewheel versions', ` (${g.version} vs ${f.version})`);
    if (JSON.stringify(f.inputs) !== JSON.stringify(g.inputs)) throw differ('the input files', ` (${describeInputs(g.inputs)} vs ${describeInputs(f.inputs)})`);
    const key = firstDifference(g.request, f.request);
    if (key !== undefined) throw differ('the options', ` (${key})`);
    if (f.reference.sha256 !== g.reference.sha256) throw differ('the reference frames (frame 0 of the trajectory)');
    if (f.context.sha256 !== g.context.sha256) throw differ('the ion selections and analysis contexts');
    const jobs = (x: PartialFile) => `${x.main.jobs.map((j) => j.id).join(',')} / refused: ${x.main.failed.map((j) => j.id).join(',')}`;
    if (jobs(f) !== jobs(g)) throw differ('the analyses run', ` (${jobs(g)} vs ${jobs(f)})`);
  }
  const parts = [...loaded].sort((a, b) => a.file.range.start - b.file.range.start);
  const step = parts[0]!.file.range.step;
  let expect = 0, prev: LoadedPartial | undefined;
  for (const p of parts) {
    const r = p.file.range;
    if (r.step !== step) throw new UsageError(`${name(parts[0]!)} and ${name(p)}: --frames steps ${step} and ${r.step} differ; the partials of one run need one step`);
    if (r.start % step !== 0) throw new UsageError(`${name(p)}: starts at frame ${r.start}, not a multiple of the step ${step}, so its frames are not those of one run with --frames ::${step}`);
    if (prev?.file.range.reachedEnd) throw new UsageError(`${name(prev)} reached the end of the trajectory (last frame ${prev.file.range.last}), but ${name(p)} starts at frame ${r.start}: they overlap`);
    if (r.start < expect) throw new UsageError(`frames ${r.start}:${expect} are in both ${name(prev!)} and ${name(p)}: the ranges overlap`);
    if (r.start > expect) throw new UsageError(`frames ${expect}:${r.start} are missing${prev ? ` (between ${name(prev)} and ${name(p)})` : ` (the first partial, ${name(p)}, starts at frame ${r.start})`}; add a partial over --frames ${expect}:${r.start}${step > 1 ? `:${step}` : ''}`);
    expect = r.stop ?? Infinity;
    prev = p;
  }
  const last = parts[parts.length - 1]!.file.range;
  return { parts, range: { stop: last.reachedEnd ? null : last.stop, step, frames: parts.reduce((n, p) => n + p.file.range.frames, 0) } };
}

/**
 * `--frames` of the one run equivalent to a set (what results.json echoes): none when the
 * partials reach the end of the trajectory with step 1, `::S` with step S, `0:N[:S]` when the
 * last partial stopped at frame N (the trajectory may go on).
 */
export function equivalentFrames(range: PartialSet['range']): string | undefined {
  const step = range.step === 1 ? '' : `:${range.step}`;
  if (range.stop === null) return range.step === 1 ? undefined : `:${step}`;
  return `0:${range.stop}${step}`;
}

/** Merge the states of one job from consecutive ranges, earlier first, pairwise (O(log K) copies of concatenated series). */
export function mergeInOrder<S>(states: S[], merge: (a: S, b: S) => S): S {
  if (states.length === 1) return states[0]!;
  const mid = states.length >> 1;
  return merge(mergeInOrder(states.slice(0, mid), merge), mergeInOrder(states.slice(mid), merge));
}

/** The first top-level key (or the whole) where two encoded requests differ, with both values. */
function firstDifference(a: unknown, b: unknown): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  const ra = (a ?? {}) as Record<string, unknown>, rb = (b ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (JSON.stringify(ra[k]) !== JSON.stringify(rb[k])) return `${k}: ${JSON.stringify(ra[k]) ?? 'not given'} vs ${JSON.stringify(rb[k]) ?? 'not given'}`;
  }
  return 'request';
}

function describeInputs(inputs: InputRecord[]): string {
  return inputs.map((i) => `${i.path} (${i.bytes} bytes, sha256 ${i.sha256.slice(0, 12)}…)`).join(', ');
}

/** A fresh log with the recorded logs replayed in frame order. */
export function mergedLog(records: { tag: string; log: LogRecord }[]): DiagnosticLog {
  const log = new DiagnosticLog();
  for (const r of records) replayLog(log, r.log, r.tag);
  return log;
}
