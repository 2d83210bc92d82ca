/** Options of {@link pwSlurmArrayScript}. */
export interface PwSlurmOptions {
  /** Point folder names, one array task each (task k runs the k-th, 1-based). */
  points: string[];
  /** MPI tasks per point. */
  ntasks: number;
  /** Wall time per point, `HH:MM:SS`. */
  time: string;
  /** pw.x executable on the cluster. */
  pw: string;
  jobName?: string;
  /** Most tasks running at once (`%N` of --array), if limited. */
  maxConcurrent?: number;
}

/**
 * A SLURM array script for the work folder: task k reads the k-th line of `points.txt`,
 * skips a point that already has `pw.out`, runs `srun pw.x -in pw.in` into `pw.out.partial`
 * and renames it to `pw.out` only when pw.x finished by itself (`JOB DONE.` or a pw.x error
 * message), so a task killed at its time limit stays pending and a resubmission reruns it.
 * Submit from the work folder: `sbatch pw-array.slurm`; collect with
 * `paddlewheel dft-points --collect --work DIR --out FILE`.
 */
export function pwSlurmArrayScript(o: PwSlurmOptions): string {
  const cap = o.maxConcurrent ? `%${o.maxConcurrent}` : '';
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${o.jobName ?? 'pw-points'}`,
    `#SBATCH --array=1-${o.points.length}${cap}`,
    `#SBATCH --ntasks=${o.ntasks}`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --time=${o.time}`,
    '#SBATCH --output=slurm-%A_%a.log',
    '# Written by paddlewheel dft-points --slurm. Run from the work folder.',
    'set -u',
    'export OMP_NUM_THREADS=1',
    'cd "${SLURM_SUBMIT_DIR:-.}"',
    'point=$(sed -n "${SLURM_ARRAY_TASK_ID}p" points.txt)',
    '[ -n "$point" ] || { echo "no point for task ${SLURM_ARRAY_TASK_ID}"; exit 1; }',
    'cd "$point" || exit 1',
    '[ -f pw.out ] && { echo "$point already finished"; exit 0; }',
    `srun ${o.pw} -in pw.in > pw.out.partial 2> pw.err`,
    'if grep -q -e "JOB DONE" -e "Error in routine" pw.out.partial; then mv pw.out.partial pw.out; fi',
    'rm -rf out',
    '',
  ].join('\n');
}
