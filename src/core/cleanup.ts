import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';

/**
 * What an interrupted run has to undo. Writers register their temporary files while they
 * exist ({@link trackTemp}), engine launchers register the processes they start
 * ({@link trackChild}), progress displays register a stop function ({@link onInterrupt}).
 * On SIGINT/SIGTERM the CLI's handler ({@link installSignalHandlers}) removes the temporaries,
 * terminates the engines, stops the displays, says on stderr which complete outputs (if any)
 * were already renamed into place, and exits with 128 + the signal number.
 *
 * Why synchronous: the handler runs between two turns of the event loop and exits the process
 * at its end, so no half-finished write, rename or follow-up engine start of the interrupted
 * command can run after it.
 */

/** Exit status after a signal: 128 + its number (SIGINT 2, SIGTERM 15), as shells report it. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals handled. */
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

const temps = new Set<string>();
const written = new Set<string>();
const children = new Set<ChildProcess>();
const stoppers = new Set<() => void>();
let note: string | undefined;
let interrupted: HandledSignal | undefined;

/** Register a temporary file that must be removed if the run is interrupted before it is renamed. */
export function trackTemp(path: string): void {
  temps.add(path);
}

/**
 * Unregister a temporary file: it was renamed to `committedTo` (recorded as a complete output,
 * named in the interruption message) or removed (no second argument).
 */
export function releaseTemp(path: string, committedTo?: string): void {
  temps.delete(path);
  // A Set: a file rewritten several times (a batch's combined output) is named once.
  if (committedTo !== undefined) written.add(committedTo);
}

/** Temporary files registered now (for tests and diagnostics). */
export function liveTemps(): string[] {
  return [...temps];
}

/** Complete outputs written by this process so far, in order. */
export function writtenOutputs(): string[] {
  return [...written];
}

/**
 * Register an engine process (mpirun, pw.x, cp.x, lmp) so that an interrupted run terminates
 * it: a SIGINT to paddlewheel must not leave a DFT job running. Unregistered when it exits.
 * A process started after an interruption began is terminated at once.
 */
export function trackChild(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (interrupted) child.kill('SIGTERM');
}

/** Register `stop` (e.g. a progress bar's) to run on interruption; returns the unregister function. */
export function onInterrupt(stop: () => void): () => void {
  stoppers.add(stop);
  return () => {
    stoppers.delete(stop);
  };
}

/**
 * A clause added to the interruption message, e.g. that a resumable batch keeps its
 * finished points; `undefined` clears it.
 */
export function setInterruptNote(text: string | undefined): void {
  note = text;
}

/** What {@link interruptCleanup} did. */
export interface InterruptReport {
  signal: HandledSignal;
  /** Exit status to use: 130 for SIGINT, 143 for SIGTERM. */
  exitCode: number;
  /** Temporary files removed. */
  removed: string[];
  /** Complete outputs already renamed into place before the signal. */
  written: string[];
  /** Process ids of the engine processes terminated. */
  terminated: number[];
  /** The one line for stderr (without newline). */
  message: string;
}

/**
 * Undo what an interrupted run leaves behind, synchronously: stop progress displays, send
 * SIGTERM to every registered engine process and wait (up to `waitMs`) for them to exit —
 * mpirun forwards the signal to its ranks and exits when they are gone — escalating to
 * SIGKILL after that; remove every registered temporary file. Exported for tests; the CLI
 * calls it through {@link installSignalHandlers}.
 */
export function interruptCleanup(signal: HandledSignal, waitMs = 5000): InterruptReport {
  interrupted = signal;
  for (const stop of [...stoppers]) {
    try {
      stop();
    } catch {
      // A display that cannot stop must not keep the files from being cleaned up.
    }
  }
  stoppers.clear();
  const procs = [...children].filter((c) => c.pid !== undefined);
  for (const c of procs) signalProcess(c.pid!, 'SIGTERM');
  const deadline = Date.now() + waitMs;
  let alive = procs.map((c) => c.pid!);
  while (alive.length > 0 && canWatch() && Date.now() < deadline) {
    sleep(20);
    alive = alive.filter((pid) => !gone(pid));
  }
  for (const pid of canWatch() ? alive : []) signalProcess(pid, 'SIGKILL');
  children.clear();
  const removed: string[] = [];
  for (const t of temps) {
    try {
      unlinkSync(t);
      removed.push(t);
    } catch {
      // Not created yet, or already renamed: nothing to remove.
    }
  }
  temps.clear();
  const done = [...written];
  return { signal, exitCode: SIGNAL_EXIT_CODES[signal], removed, written: done, terminated: procs.map((c) => c.pid!), message: interruptMessage(signal, done, note) };
}

/**
 * The interruption line: `paddlewheel: interrupted (SIGINT); no output was written`, or the
 * complete outputs already in place (the first five named, then a count), plus the note.
 */
export function interruptMessage(signal: HandledSignal, done: readonly string[], extra?: string): string {
  const shown = done.slice(0, 5).join(', ');
  const more = done.length > 5 ? ` and ${done.length - 5} more` : '';
  const what = done.length === 0 ? 'no output was written' : `complete outputs already written: ${shown}${more}; nothing else was written`;
  return `paddlewheel: interrupted (${signal}); ${what}${extra ? `; ${extra}` : ''}`;
}

/** Options of {@link installSignalHandlers} (the defaults are the real process's). */
export interface SignalHandlerOptions {
  exit?: (code: number) => void;
  write?: (line: string) => void;
  waitMs?: number;
}

/**
 * Install the SIGINT/SIGTERM handlers of the CLI entry: {@link interruptCleanup}, one line on
 * stderr, exit 130/143. Returns a function that removes them again.
 */
export function installSignalHandlers(options: SignalHandlerOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const write = options.write ?? ((line: string) => {
    // A status line rewritten in place (\r) would otherwise run into the message.
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${line}`);
  });
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]).map((signal) => {
    const handler = () => {
      const report = interruptCleanup(signal, options.waitMs);
      try {
        write(`${report.message}\n`);
      } finally {
        exit(report.exitCode);
      }
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}

/** Forget every registration and the interrupted state (tests only). */
export function resetCleanupState(): void {
  temps.clear();
  written.clear();
  children.clear();
  stoppers.clear();
  note = undefined;
  interrupted = undefined;
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

// The event loop does not run during the handler, so an exited child stays a zombie: /proc
// tells it apart from a running one (kill(pid, 0) does not). Without /proc there is no wait.
function canWatch(): boolean {
  return existsSync('/proc/self/stat');
}

function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(SLEEP_CELL, 0, 0, ms);
}
