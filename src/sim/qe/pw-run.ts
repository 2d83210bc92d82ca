import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { trackChild } from '../../core/cleanup.js';
import { PaddlewheelError } from '../../core/errors.js';

/** How to start pw.x. */
export interface PwEngine {
  /** pw.x executable (name on PATH or path). */
  pw: string;
  /** MPI ranks; 1 runs pw.x without mpirun. */
  np: number;
  /** MPI launcher (name on PATH or path). */
  mpirun: string;
}

/** Where `cmd` resolves on PATH (or itself when it is a path that exists), else undefined. */
export function findExecutable(cmd: string): string | undefined {
  if (cmd.includes('/')) return existsSync(cmd) ? cmd : undefined;
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(d, cmd);
    if (d !== '' && existsSync(p)) return p;
  }
  return undefined;
}

/** Throw PaddlewheelError `E_IO` when pw.x (or mpirun for np > 1) is not found. */
export function checkEngine(e: PwEngine): void {
  if (!findExecutable(e.pw)) throw new PaddlewheelError('E_IO', `engine not found: ${e.pw} is not on PATH (Debian: apt-get install quantum-espresso; or give --pw PATH)`);
  if (e.np > 1 && !findExecutable(e.mpirun)) throw new PaddlewheelError('E_IO', `MPI launcher not found: ${e.mpirun} is not on PATH (Debian: apt-get install openmpi-bin; or --np 1)`);
}

/** Outcome of {@link runPwPoint}: exit status and the pw.x stdout file. */
export interface PwRunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  /** Standard error text (MPI and runtime messages), trimmed to the last 2 kB. */
  stderr: string;
}

/**
 * Run `pw.x -in pw.in` in `dir` (through `mpirun -np N` when np > 1), stdout into
 * `pw.out.partial`, renamed to `pw.out` when pw.x exits by itself (converged, failed to
 * converge, or stopped with an error: all are final results of the point). A run killed by a
 * signal keeps only `pw.out.partial`, so the point stays pending. The scratch `outdir` (`out/`)
 * is deleted afterwards: wavefunctions are not needed for single points.
 */
export async function runPwPoint(dir: string, e: PwEngine): Promise<PwRunOutcome> {
  const args = e.np > 1 ? ['-np', String(e.np), e.pw, '-in', 'pw.in'] : ['-in', 'pw.in'];
  const cmd = e.np > 1 ? e.mpirun : e.pw;
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '1' };
  // Open MPI refuses to start as root unless told (containers usually run as root).
  if (process.getuid?.() === 0) Object.assign(env, { OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' });
  const partial = join(dir, 'pw.out.partial');
  const out = createWriteStream(partial);
  const t0 = Date.now();
  let stderr = '';
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res, rej) => {
    const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child); // an interrupted paddlewheel terminates it (src/core/cleanup.ts)
    child.stdout.pipe(out);
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-2048);
    });
    child.on('error', (err) => rej(new PaddlewheelError('E_IO', `cannot start ${cmd}: ${err.message}`)));
    child.on('close', (code, signal) => res({ code, signal }));
  });
  await new Promise<void>((res) => out.end(res));
  const seconds = (Date.now() - t0) / 1000;
  if (result.signal === null) {
    // An MPI launch failure writes nothing useful to stdout: keep it pending, and say why.
    const text = await readFile(partial, 'utf8').catch(() => '');
    if (text.includes('Program PWSCF')) await rename(partial, join(dir, 'pw.out'));
  }
  await rm(join(dir, 'out'), { recursive: true, force: true });
  return { ...result, seconds, stderr: stderr.trim() };
}
