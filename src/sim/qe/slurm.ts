import { CP_PROTOCOL, CP_STEP_PS, RESTART_UNITS, STAGE_FILES } from './protocol.js';

/** What the SLURM script needs to know about the run. */
export interface SlurmSettings {
  prefix: string;
  nat: number;
  jobName: string;
  nveSteps: number;
  nvtSteps: number;
  /** Job wall time (hours); cp.x's max_seconds is set from the time left before each stage. */
  hours: number;
  ntasks: number;
}

/** Measured here: 208 atoms, 2 MPI ranks, QE 6.7 (s per CP step). */
const SECONDS_PER_STEP_208_2CORES = 9;

/**
 * A SLURM batch script (`run.slurm`) that chains the stages with `srun cp.x -in …`, each in its
 * own folder, and can be resubmitted until the NVT run is complete: a finished stage is
 * skipped (ground state: cp.x's convergence line in its log; MD: the last nfi in prefix.evp),
 * and an unfinished NVT run continues from its last restart with `03_nvt_continue.in`, whose
 * nstep the script sets to the steps still missing. Before each cp.x run the script writes
 * `max_seconds` (time left in the job minus 10 minutes) into the stage's input, so cp.x stops
 * cleanly with a restart instead of being killed. The restart a stage reads is linked from
 * the previous stage's folder.
 */
export function slurmScript(s: SlurmSettings): string {
  // cp.x writes frames (and .evp rows) only at multiples of iprint, so a stage is done when its
  // last row is the last multiple of iprint within its steps.
  const lastRow = (n: number) => Math.floor(n / CP_PROTOCOL.iprint) * CP_PROTOCOL.iprint;
  const target = lastRow(s.nveSteps + s.nvtSteps);
  const ps = (s.nvtSteps * CP_STEP_PS).toFixed(3);
  const days2 = ((s.nvtSteps + s.nveSteps) * SECONDS_PER_STEP_208_2CORES * (s.nat / 208) ** 2) / 86400;
  const g = STAGE_FILES.gs, e = STAGE_FILES.nve, n = STAGE_FILES.nvt, c = STAGE_FILES.continue;
  const p = s.prefix;
  return `#!/bin/bash
#SBATCH --job-name=${s.jobName}
#SBATCH --ntasks=${s.ntasks}
#SBATCH --time=${String(s.hours).padStart(2, '0')}:00:00
#
# Car–Parrinello MD with Quantum ESPRESSO cp.x, written by paddlewheel qe-input.
# Stages: ${g.dir} ground state (damped) → ${e.dir} NVE from random velocities (${s.nveSteps} steps)
#         → ${n.dir} NVT, Nosé–Hoover chain (${s.nvtSteps} steps = ${ps} ps at dt = 6 a.u.).
# Cost: ≈ ${SECONDS_PER_STEP_208_2CORES} s per CP step for 208 atoms on 2 cores (QE 6.7), so a 50-ps temperature
# (344 511 steps) is ≈ 40 days on 2 cores; this run (${s.nat} atoms, ${s.nveSteps + s.nvtSteps} MD steps) ≈ ${cost(days2)} on 2 cores
# (cost grows roughly as nat²). Give it many cores: cp.x scales to hundreds of ranks here.
#
# Submit from this folder:  sbatch run.slurm   — and resubmit until it prints "NVT complete":
# finished stages are skipped, and the NVT run continues from its last restart.
set -euo pipefail
cd "\${SLURM_SUBMIT_DIR:-\$(dirname "\$0")}"
CPX=\${CPX:-cp.x}
WALL=${s.hours * 3600}
START=\$(date +%s)

# Last nfi in a cp.x .evp file (0 when there is none).
last_nfi() { awk '!/^#/ && NF > 2 { n = $1 } END { print n + 0 }' "$1" 2>/dev/null || echo 0; }

# run DIR INPUT: cp.x in DIR with max_seconds set from the time left; stdout to INPUT's .out.
run() {
  local left=\$(( WALL - (\$(date +%s) - START) - 600 ))
  if [ "\$left" -lt 600 ]; then echo "not enough time left for \$1/\$2; resubmit"; exit 0; fi
  sed -i -E "s/^( *max_seconds *= *)[0-9.dDeE+]+/\\1\${left}.0/" "\$1/\$2"
  (cd "\$1" && rm -f CRASH && srun "\$CPX" -in "\$2" > "\${2%.in}.out" 2>&1) || {
    echo "cp.x failed in \$1 (see \$1/\${2%.in}.out and \$1/CRASH)"; exit 1; }
}

# Link the restart a stage reads from the folder of the stage that wrote it.
link() { ln -sfn "../\$1/${p}_\$2.save" "\$3/${p}_\$2.save"; }

if ! grep -q "convergence achieved" ${g.dir}/${g.log} 2>/dev/null; then
  run ${g.dir} ${g.input}
  grep -q "convergence achieved" ${g.dir}/${g.log} || { echo "ground state not converged: raise nstep in ${g.dir}/${g.input}"; exit 1; }
fi

if [ "\$(last_nfi ${e.dir}/${p}.evp)" -lt ${lastRow(s.nveSteps)} ]; then
  link ${g.dir} ${RESTART_UNITS.nve.ndr} ${e.dir}
  run ${e.dir} ${e.input}
fi

if [ ! -d ${n.dir}/${p}_${RESTART_UNITS.nvt.ndw}.save ]; then
  link ${e.dir} ${RESTART_UNITS.nvt.ndr} ${n.dir}
  run ${n.dir} ${n.input}
fi

done_nfi=\$(last_nfi ${n.dir}/${p}.evp)
if [ "\$done_nfi" -lt ${target} ]; then
  sed -i -E "s/^( *nstep *= *)[0-9]+/\\1\$(( ${s.nveSteps + s.nvtSteps} - done_nfi ))/" ${c.dir}/${c.input}
  run ${c.dir} ${c.input}
fi
if [ "\$(last_nfi ${n.dir}/${p}.evp)" -ge ${target} ]; then echo "NVT complete"; else echo "NVT not complete yet: resubmit"; fi
`;
}

function cost(days: number): string {
  if (days >= 1) return `${days.toFixed(1)} days`;
  return days * 24 >= 1 ? `${(days * 24).toFixed(1)} hours` : `${Math.max(1, Math.round(days * 1440))} minutes`;
}
