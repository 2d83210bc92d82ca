import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackChild } from '../../core/cleanup.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { LmpLauncher } from './engine.js';

/**
 * Running one LAMMPS input: `launcher -in INPUT -log none` with the run folder as working
 * directory; LAMMPS's screen output and stderr go to a log in that folder (the same text
 * LAMMPS would write to log.lammps), and each thermo row is reported as it streams. A failure
 * (non-zero exit, a signal, or no "Total wall time" line) becomes E_ENGINE carrying LAMMPS's
 * own `ERROR: …` line (or the log's last lines) and the log's path.
 */

/** One thermo row: step, time (ps) and temperature (K) — the first three columns of the protocol's thermo_style. */
export interface ThermoRow {
  step: number;
  time: number;
  temp: number;
}

/** What a finished run reported. */
export interface LammpsRunResult {
  log: string;
  wallSeconds: number;
  /** Thermo rows seen, and the last one. */
  rows: number;
  last?: ThermoRow;
  /** LAMMPS's "Loop time of S on P procs for N steps" (seconds, steps). */
  loopSeconds?: number;
  loopSteps?: number;
}

/** Options of {@link runLammps}. */
export interface LammpsRunOptions {
  onThermo?: (row: ThermoRow) => void;
  env?: Record<string, string>;
}

const NUMBER_ROW = /^\s*\d+(\s+[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|\s+-?nan|\s+-?inf)+\s*$/i;

/** Run `input` (a file name inside `dir`) with LAMMPS, logging to `dir/log`. */
export function runLammps(launcher: LmpLauncher, dir: string, input: string, log: string, options: LammpsRunOptions = {}): Promise<LammpsRunResult> {
  const logPath = join(dir, log);
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logPath);
    const child = spawn(launcher.command, [...launcher.args, '-in', input, '-log', 'none', '-nocite'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: '1', ...options.env },
    });
    trackChild(child); // an interrupted paddlewheel terminates it (src/core/cleanup.ts)
    const r: LammpsRunResult = { log: logPath, wallSeconds: 0, rows: 0 };
    let inThermo = false, done = false, errorLine: string | undefined, partial = '';
    const onLine = (line: string) => {
      if (/^\s*Step\s+Time\s+Temp\b/.test(line)) inThermo = true;
      else if (inThermo && NUMBER_ROW.test(line)) {
        const f = line.trim().split(/\s+/).map(Number);
        const row = { step: f[0]!, time: f[1]!, temp: f[2]! };
        r.rows++;
        r.last = row;
        options.onThermo?.(row);
      } else if (inThermo) inThermo = false;
      const loop = /^Loop time of (\S+) on \d+ procs for (\d+) steps/.exec(line);
      if (loop) {
        r.loopSeconds = Number(loop[1]);
        r.loopSteps = Number(loop[2]);
      }
      if (/^Total wall time:/.test(line)) done = true;
      if (errorLine === undefined && /^ERROR( on proc \d+)?:/.test(line.trim())) errorLine = line.trim();
    };
    const feed = (b: Buffer) => {
      out.write(b);
      const lines = (partial + b.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const l of lines) onLine(l);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', (e) => {
      out.end();
      reject(new PaddlewheelError('E_ENGINE', `cannot start ${launcher.command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (partial) onLine(partial);
      r.wallSeconds = (Date.now() - t0) / 1000;
      out.end(() => {
        if (code === 0 && !signal && done && errorLine === undefined) {
          resolvePromise(r);
          return;
        }
        const how = signal ? `was stopped by ${signal}` : code !== 0 ? `exited with status ${code}` : errorLine ? 'reported an error' : 'ended without "Total wall time"';
        reject(new PaddlewheelError('E_ENGINE', `LAMMPS ${how} in ${dir} (${input}): ${errorLine ?? lastLines(logPath)} — full output in ${logPath}`));
      });
    });
  });
}

function lastLines(logPath: string): string {
  try {
    const lines = readFileSync(logPath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    return lines.length > 0 ? `last lines of the log: ${lines.slice(-6).join(' | ')}` : 'no output';
  } catch {
    return 'no output';
  }
}
