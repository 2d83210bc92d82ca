import { spawnSync } from 'node:child_process';
import { PaddlewheelError } from '../../core/errors.js';
import { findExecutable } from '../qe/engine.js';

/**
 * Locating and launching LAMMPS: `lmp` (Debian's name; also `lmp_serial`, `lmp_mpi`) or the
 * path given with `--lmp`, under `mpirun -np N` for N > 1 when mpirun exists. With Open MPI,
 * root needs `--allow-run-as-root` and more ranks than cores need `--oversubscribe`; both are
 * added for Open MPI only (as for cp.x, see ../qe/engine.ts).
 */

/** Names tried, in order, when `--lmp` is not given. */
export const LMP_NAMES = ['lmp', 'lmp_serial', 'lmp_mpi'] as const;

/** How to launch LAMMPS. */
export interface LmpLauncher {
  /** Program and leading arguments; append `-in file …`. */
  command: string;
  args: string[];
  /** MPI ranks actually used. */
  np: number;
  lmp: string;
  mpirun?: string;
  notes: string[];
}

/**
 * Find LAMMPS (`lmp`: a name on PATH or a path; default: the first of {@link LMP_NAMES} on
 * PATH) and, for `np` > 1, mpirun. Throws E_ENGINE when LAMMPS is missing, before anything
 * is written. Without mpirun, runs one process and says so in `notes`.
 */
export function lmpLauncher(lmp: string | undefined, np: number): LmpLauncher {
  const names = lmp === undefined ? [...LMP_NAMES] : [lmp];
  const exe = names.map((n) => findExecutable(n)).find((x) => x !== undefined);
  if (!exe) {
    const what = lmp === undefined ? `${LMP_NAMES.join(', ')} on PATH` : lmp.includes('/') ? lmp : `${lmp} on PATH`;
    throw new PaddlewheelError('E_ENGINE', `LAMMPS not found (looked for ${what}); install it (Debian: apt-get install lammps, packages KSPACE, MOLECULE and RIGID are needed) or give its path with --lmp`);
  }
  const notes: string[] = [];
  if (np <= 1) return { command: exe, args: [], np: 1, lmp: exe, notes };
  const mpirun = findExecutable('mpirun');
  if (!mpirun) {
    notes.push(`mpirun not found on PATH: running one LAMMPS process instead of ${np}`);
    return { command: exe, args: [], np: 1, lmp: exe, notes };
  }
  const args = ['-np', String(np)];
  if (isOpenMpi(mpirun)) {
    args.push('--oversubscribe');
    if (process.getuid?.() === 0) args.push('--allow-run-as-root');
  }
  return { command: mpirun, args: [...args, exe], np, lmp: exe, mpirun, notes };
}

function isOpenMpi(mpirun: string): boolean {
  const r = spawnSync(mpirun, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /Open MPI|OpenRTE/i.test(`${r.stdout ?? ''}${r.stderr ?? ''}`);
}
