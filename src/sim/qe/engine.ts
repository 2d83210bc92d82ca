import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { PaddlewheelError } from '../../core/errors.js';

/**
 * Locating and launching Quantum ESPRESSO's cp.x: `mpirun -np N cp.x -in stage.in` for N > 1
 * when mpirun exists, else plain `cp.x -in stage.in`. With Open MPI, root needs
 * `--allow-run-as-root` and a machine with fewer cores than ranks needs `--oversubscribe`
 * (Open MPI counts physical cores as slots); both are added for Open MPI only.
 */

/** Full path of an executable found on PATH (or the path itself when it contains a slash), else undefined. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const cands = name.includes('/') ? [resolve(name)] : path.split(delimiter).filter((d) => d !== '').map((d) => join(d, name));
  for (const c of cands) {
    try {
      if (!statSync(c).isFile()) continue;
      accessSync(c, constants.X_OK);
      return isAbsolute(c) ? c : resolve(c);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** How to launch cp.x. */
export interface CpLauncher {
  /** Program and leading arguments; append `-in file`. */
  command: string;
  args: string[];
  /** MPI ranks actually used. */
  np: number;
  cpx: string;
  mpirun?: string;
  /** Notes for the user (e.g. running without MPI). */
  notes: string[];
}

/**
 * Find cp.x (`cpx`: a name on PATH or a path) and, for `np` > 1, mpirun. Throws E_ENGINE when
 * cp.x is missing. Without mpirun, runs one process and says so in `notes`.
 */
export function cpLauncher(cpx: string, np: number): CpLauncher {
  const exe = findExecutable(cpx);
  if (!exe) {
    throw new PaddlewheelError('E_ENGINE', `${cpx} (Quantum ESPRESSO's Car–Parrinello program) not found${cpx.includes('/') ? '' : ' on PATH'}; install it (Debian: apt-get install quantum-espresso openmpi-bin) or give its path with --cpx`);
  }
  const notes: string[] = [];
  if (np <= 1) return { command: exe, args: [], np: 1, cpx: exe, notes };
  const mpirun = findExecutable('mpirun');
  if (!mpirun) {
    notes.push(`mpirun not found on PATH: running one cp.x process instead of ${np}`);
    return { command: exe, args: [], np: 1, cpx: exe, notes };
  }
  const args = ['-np', String(np)];
  if (isOpenMpi(mpirun)) {
    args.push('--oversubscribe');
    if (process.getuid?.() === 0) args.push('--allow-run-as-root');
  }
  return { command: mpirun, args: [...args, exe], np, cpx: exe, mpirun, notes };
}

function isOpenMpi(mpirun: string): boolean {
  const r = spawnSync(mpirun, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /Open MPI|OpenRTE/i.test(`${r.stdout ?? ''}${r.stderr ?? ''}`);
}
