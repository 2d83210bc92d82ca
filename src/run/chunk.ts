import { type Diagnostic, DiagnosticLog } from '../core/diagnostics.js';
import { type ErrorCode, isPaddlewheelError, PaddlewheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import type { AnalysisContext } from '../analysis/types.js';
import { type AnyAnalysis, tableEntryOf } from './analysis-table.js';

/** The analysis context without its log: what a worker is told (plain data). */
export type PlainContext = Omit<AnalysisContext, 'diagnostics'>;

/** One job of a chunk: `slot` is its place in the driver's job list. */
export interface ChunkJob {
  slot: number;
  analysis: AnyAnalysis;
  params: unknown;
}

/** An error as it crosses a thread boundary: ours keep their code, others are bugs. */
export interface WireError {
  code?: ErrorCode;
  name: string;
  message: string;
  stack?: string;
}

/** What one job made of one chunk: its state and diagnostics, or the error and where it arose. */
export type ChunkOutcome =
  | { slot: number; state: unknown; diagnostics: Diagnostic[] }
  | { slot: number; error: WireError; phase: 'init' | 'push'; diagnostics: Diagnostic[] };

/** Turn a thrown value into plain data. */
export function toWire(e: unknown): WireError {
  if (isPaddlewheelError(e)) return { code: e.code, name: e.name, message: e.message, stack: e.stack };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

/** The thrown value again: a PaddlewheelError with its code, or an Error (a bug) with the worker's stack. */
export function fromWire(w: WireError): Error {
  const e = w.code ? new PaddlewheelError(w.code, w.message) : new Error(w.message);
  if (!w.code) e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}

/**
 * The states of one chunk of consecutive frames, built frame by frame: every job gets a fresh
 * state from `init` with its own unbounded log (the job's real log de-duplicates and limits
 * when the chunk's diagnostics are added to it, in chunk order, so the kept diagnostics are
 * those of one pass). The same code runs in a worker and on the main thread, so where a chunk
 * ran never changes its states. `made` (one per thread and job list) keeps an empty state per
 * slot, so analyses with a table `renew` skip their costly init after the thread's first chunk.
 */
export class ChunkRun {
  private readonly live: { job: ChunkJob; state: unknown; log: DiagnosticLog }[] = [];
  private readonly failed: ChunkOutcome[] = [];

  constructor(jobs: readonly ChunkJob[], ctx: PlainContext, made?: Map<number, unknown>) {
    for (const job of jobs) {
      const log = new DiagnosticLog(Infinity);
      try {
        const renew = tableEntryOf(job.analysis)?.renew;
        const blank = made?.get(job.slot);
        const state = renew && blank !== undefined ? renew(blank) : job.analysis.init(job.params, { ...ctx, diagnostics: log });
        // An empty copy: the pushed state itself leaves with its chunk.
        if (renew && blank === undefined) made?.set(job.slot, renew(state));
        this.live.push({ job, state, log });
      } catch (e) {
        this.failed.push({ slot: job.slot, error: toWire(e), phase: 'init', diagnostics: log.toArray() });
      }
    }
  }

  /** Push one frame to every job; a job whose push throws stops and reports the error. */
  push(frame: Frame): void {
    for (let i = 0; i < this.live.length; i++) {
      const j = this.live[i]!;
      try {
        j.job.analysis.push(j.state, frame);
      } catch (e) {
        this.failed.push({ slot: j.job.slot, error: toWire(e), phase: 'push', diagnostics: j.log.toArray() });
        this.live.splice(i--, 1);
      }
    }
  }

  /** Every job's outcome, in slot order. */
  finish(): ChunkOutcome[] {
    const out: ChunkOutcome[] = [...this.failed, ...this.live.map((j) => ({ slot: j.job.slot, state: j.state, diagnostics: j.log.toArray() }))];
    return out.sort((a, b) => a.slot - b.slot);
  }
}

/**
 * Reduces chunk states in chunk order with a fixed tree: a binary counter, so chunk states
 * 0–1, 2–3, then 0–3, … merge pairwise (always the earlier frames first). The tree depends
 * only on the number of chunks, so results are bit-identical whatever ran the chunks; and
 * states that merge by concatenation are copied O(log K) times each instead of O(K) times
 * as a left fold would.
 */
export class ChunkReducer<S> {
  private readonly stack: { level: number; state: S }[] = [];
  private count = 0;

  constructor(private readonly merge: (a: S, b: S) => S) {}

  /** Add the next chunk's state (chunks must come in order). */
  add(state: S): void {
    this.count++;
    let top = { level: 0, state };
    while (this.stack.length && this.stack[this.stack.length - 1]!.level === top.level) {
      const a = this.stack.pop()!;
      top = { level: top.level + 1, state: this.merge(a.state, top.state) };
    }
    this.stack.push(top);
  }

  /** Chunks added so far. */
  get chunks(): number {
    return this.count;
  }

  /** The merged state of every chunk added (undefined when none was). */
  result(): S | undefined {
    let acc: S | undefined;
    for (let i = this.stack.length - 1; i >= 0; i--) acc = acc === undefined ? this.stack[i]!.state : this.merge(this.stack[i]!.state, acc);
    return acc;
  }
}
