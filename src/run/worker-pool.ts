import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PaddlewheelError } from '../core/errors.js';
import { type ChunkOutcome, fromWire, type PlainContext, type WireError } from './chunk.js';
import type { PackedFrames } from './frame-pack.js';

/** A chunked job as a worker knows it: the analysis by table id, and plain parameters. */
export interface WireJob {
  slot: number;
  id: string;
  params: unknown;
}

/** Main → worker. */
export type ToWorker = { type: 'setup'; ctx: PlainContext; jobs: WireJob[] } | { type: 'chunk'; chunk: number; frames: PackedFrames };
/** Worker → main. */
export type FromWorker = { type: 'chunk'; chunk: number; outcomes: ChunkOutcome[] } | { type: 'fatal'; error: WireError };

/** Chunks a worker may hold at once (one running, one queued), so it never waits for the reader. */
const PER_WORKER = 2;
/**
 * How long a worker that finished its pool's work waits for the next pool (ms) before it is
 * terminated: analyze's shell pass follows its main pass, and a warm worker (modules loaded,
 * hot loops compiled) saves its start-up. Idle workers are unref'd: they never keep the
 * process alive.
 */
const LINGER_MS = 30_000;
const idle: Worker[] = [];
let lingerTimer: NodeJS.Timeout | undefined;

/** Events a pool listens to. Only these are cleared: Worker keeps internal newListener/removeListener hooks. */
const EVENTS = ['message', 'messageerror', 'error', 'exit'] as const;

function forget(w: Worker): void {
  for (const e of EVENTS) w.removeAllListeners(e);
}

function takeIdle(): Worker | undefined {
  const w = idle.pop();
  if (w) {
    forget(w);
    w.ref();
  }
  return w;
}

function giveBack(w: Worker): void {
  forget(w);
  const drop = () => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  };
  w.on('error', drop);
  w.on('exit', drop);
  w.unref();
  idle.push(w);
  clearTimeout(lingerTimer);
  lingerTimer = setTimeout(() => {
    for (const x of idle.splice(0)) void x.terminate();
  }, LINGER_MS);
  lingerTimer.unref();
}

/**
 * The worker's entry. From the TypeScript sources (the CLI through tsx, vitest) a small .mjs
 * bootstrap registers tsx in the worker and imports worker.ts; from a build (tsup bundles this
 * module into some file under dist/) the built dist/run/worker.js.
 */
export function workerEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return new URL('./worker-boot.mjs', import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    const candidate = join(dir, 'run', 'worker.js');
    if (existsSync(candidate)) return pathToFileURL(candidate);
    if (dirname(dir) === dir) throw new PaddlewheelError('E_INTERNAL', `worker threads: no run/worker.js above ${here} (rebuild with npm run build)`);
  }
}

/**
 * Worker threads that run chunks and hand their outcomes back in chunk order. Workers start
 * lazily (a second one only when the first is busy). Back-pressure: `submit` waits while
 * PER_WORKER × size chunks are out and not yet delivered (out-of-order ones included), so the
 * frames in flight stay bounded. The first failure (a worker error, or `deliver` throwing)
 * ends the pool: every later `submit`/`drain` throws it. `close` ends the pool: a worker with
 * nothing in flight after a pool without failure waits LINGER_MS for the next pool, every
 * other worker is terminated.
 */
export class WorkerPool {
  private readonly slots: { worker: Worker; inFlight: number }[] = [];
  private readonly held = new Map<number, ChunkOutcome[]>();
  private next = 0;
  private submitted = 0;
  private failure: Error | undefined;
  private closing = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly setup: Extract<ToWorker, { type: 'setup' }>,
    private readonly deliver: (chunk: number, outcomes: ChunkOutcome[]) => void,
  ) {}

  /** Hand chunk `chunk` (chunks must be submitted 0, 1, 2, …) to the least busy worker; `frames.data.buffer` is transferred. */
  async submit(chunk: number, frames: PackedFrames): Promise<void> {
    if (chunk !== this.submitted) throw new PaddlewheelError('E_INTERNAL', `worker pool: chunk ${chunk} submitted out of order (expected ${this.submitted})`);
    await this.until(() => this.submitted - this.next < PER_WORKER * this.size);
    const slot = this.pick();
    slot.inFlight++;
    this.submitted++;
    const message: ToWorker = { type: 'chunk', chunk, frames };
    slot.worker.postMessage(message, [frames.data.buffer as ArrayBuffer]);
  }

  /** Wait until every submitted chunk has been delivered. */
  async drain(): Promise<void> {
    await this.until(() => this.next === this.submitted);
  }

  /** End the pool (idempotent): idle workers of a pool that did not fail are kept for the next pool, the others terminated. */
  async close(): Promise<void> {
    this.closing = true;
    const slots = this.slots.splice(0);
    const ending: Promise<number>[] = [];
    for (const s of slots) {
      if (this.failure === undefined && s.inFlight === 0) giveBack(s.worker);
      else ending.push(s.worker.terminate());
    }
    await Promise.all(ending);
  }

  private pick(): { worker: Worker; inFlight: number } {
    let best = this.slots[0];
    for (const s of this.slots) if (s.inFlight < best!.inFlight) best = s;
    if (best && (best.inFlight === 0 || this.slots.length >= this.size)) return best;
    return this.spawn();
  }

  private spawn(): { worker: Worker; inFlight: number } {
    const worker = takeIdle() ?? new Worker(workerEntry());
    const slot = { worker, inFlight: 0 };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => this.receive(slot, m));
    worker.on('error', (e) => this.fail(e));
    worker.on('messageerror', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (!this.closing && this.failure === undefined) this.fail(new PaddlewheelError('E_INTERNAL', `worker thread exited (code ${code}) before the analysis finished`));
    });
    worker.postMessage(this.setup);
    return slot;
  }

  private receive(slot: { inFlight: number }, m: FromWorker): void {
    if (this.failure) return;
    if (m.type === 'fatal') return this.fail(fromWire(m.error));
    slot.inFlight--;
    this.held.set(m.chunk, m.outcomes);
    try {
      for (let o = this.held.get(this.next); o !== undefined; o = this.held.get(this.next)) {
        this.held.delete(this.next);
        this.deliver(this.next, o);
        this.next++;
      }
    } catch (e) {
      return this.fail(e);
    }
    this.wake();
  }

  private fail(e: unknown): void {
    if (this.failure) return;
    this.failure = e instanceof Error ? e : new Error(String(e));
    this.held.clear();
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (ready()) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
