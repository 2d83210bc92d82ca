import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { trackChild } from '../../core/cleanup.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { CpLauncher } from './engine.js';
import { GS_CONVERGED } from './protocol.js';

/**
 * Running one cp.x stage: `launcher -in INPUT` with the stage folder as working directory,
 * stdout and stderr to a log in that folder, and the step counter (nfi) of cp.x's per-step
 * table reported as it streams. A failure (non-zero exit, a signal, or no "JOB DONE") becomes
 * E_ENGINE carrying cp.x's own error text from its CRASH file, or the log's last lines, and
 * the log's path.
 */

/** Options of {@link runCpStage}. */
export interface StageRunOptions {
  /** Called for every row of cp.x's step table with the step number nfi. */
  onStep?: (nfi: number) => void;
  /** Extra environment (e.g. OMP_NUM_THREADS). */
  env?: Record<string, string>;
}

/** What a finished stage reported. */
export interface StageRunResult {
  log: string;
  wallSeconds: number;
  /** Rows of the step table seen, and the first and last nfi. */
  steps: number;
  firstNfi?: number;
  lastNfi?: number;
  /** Damped dynamics reached its thresholds (cp.x printed {@link GS_CONVERGED}). */
  converged: boolean;
  /** cp.x's MAIN: line with EKINC/DETOT values after the thresholds header, when printed. */
  lastMain?: string;
}

// A row of cp.x's step table: nfi, ekinc, temph, tempp, etot, … (≥ 8 numeric columns).
const ROW = /^\s*(\d+)(\s+[-+]?(\d+\.?\d*|\.\d+)([eEdD][-+]?\d+)?){7,}\s*$/;

/** Run `input` (a file name inside `dir`) with cp.x, logging to `dir/log`. */
export function runCpStage(launcher: CpLauncher, dir: string, input: string, log: string, options: StageRunOptions = {}): Promise<StageRunResult> {
  const logPath = join(dir, log);
  // A CRASH file left by an earlier run would be mistaken for this run's.
  rmSync(join(dir, 'CRASH'), { force: true });
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logPath);
    const child = spawn(launcher.command, [...launcher.args, '-in', input], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: '1', ...options.env },
    });
    trackChild(child); // an interrupted paddlewheel terminates it (src/core/cleanup.ts)
    const r: StageRunResult = { log: logPath, wallSeconds: 0, steps: 0, converged: false };
    let jobDone = false, inTable = false, mainHeader = false, partial = '';
    const onLine = (line: string) => {
      if (/^\s*nfi\s+ekinc/.test(line)) inTable = true;
      else if (inTable && ROW.test(line)) {
        const nfi = Number(/^\s*(\d+)/.exec(line)![1]);
        r.steps++;
        r.firstNfi ??= nfi;
        r.lastNfi = nfi;
        options.onStep?.(nfi);
      }
      if (line.includes('JOB DONE')) jobDone = true;
      if (line.includes(GS_CONVERGED)) r.converged = true;
      if (mainHeader && /^\s*MAIN:/.test(line)) r.lastMain = line.trim();
      mainHeader = /MAIN:\s+EKINC\s+\(thr\)/.test(line);
    };
    child.stdout.on('data', (b: Buffer) => {
      out.write(b);
      const text = partial + b.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const l of lines) onLine(l);
    });
    child.stderr.on('data', (b: Buffer) => out.write(b));
    child.on('error', (e) => {
      out.end();
      reject(new PaddlewheelError('E_ENGINE', `cannot start ${launcher.command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (partial) onLine(partial);
      r.wallSeconds = (Date.now() - t0) / 1000;
      out.end(() => {
        if (code === 0 && !signal && jobDone) {
          resolvePromise(r);
          return;
        }
        const how = signal ? `was stopped by ${signal}` : code !== 0 ? `exited with status ${code}` : 'ended without "JOB DONE"';
        reject(new PaddlewheelError('E_ENGINE', `cp.x ${how} in ${dir} (${input}): ${crashText(dir, logPath)} — full output in ${logPath}`));
      });
    });
  });
}

/** cp.x's error text: the CRASH file's message lines, else the last lines of the log. */
export function crashText(dir: string, logPath: string): string {
  const crash = join(dir, 'CRASH');
  if (existsSync(crash)) {
    const lines = readFileSync(crash, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^%+$/.test(l));
    return `CRASH: ${[...new Set(lines)].slice(0, 8).join(' | ')}`;
  }
  try {
    const lines = readFileSync(logPath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    return `last lines of the log: ${lines.slice(-6).join(' | ')}`;
  } catch {
    return 'no output';
  }
}
