import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { copyFileAtomic, refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { CpRunSettings, QeStructure } from './inputs.js';
import { cpStageInput } from './inputs.js';
import { STAGE_FILES, type Stage } from './protocol.js';
import type { ResolvedPseudo } from './pseudo.js';
import { type SlurmSettings, slurmScript } from './slurm.js';

/**
 * The layout of a cp.x run folder written by `paddlewheel qe-input`:
 *
 *     DIR/pseudo/*.UPF              copies of the pseudopotentials (the folder is self-contained)
 *     DIR/01_gs/01_gs.in            ground state       (outdir '.', pseudo_dir '../pseudo')
 *     DIR/02_nve/02_nve.in          NVE, random start velocities
 *     DIR/03_nvt/03_nvt.in          NVT, Nosé–Hoover chain
 *     DIR/03_nvt/03_nvt_continue.in NVT continuation (restart 52 → 52; appends to 03_nvt)
 *     DIR/run.slurm                 SLURM batch script chaining the stages
 *
 * cp.x runs inside each stage folder, so each stage's prefix.pos/.vel/.for/.cel/.evp stay
 * apart and the QE reader finds the stage's input beside them. A stage reads the previous
 * stage's restart through a link `prefix_<ndr>.save → ../<previous>/prefix_<ndr>.save`.
 */
export interface QeRunFiles {
  dir: string;
  /** Stage → input path. */
  inputs: Record<Stage | 'continue', string>;
  slurm: string;
  pseudopotentials: string[];
}

/**
 * Write the run folder. Checks first (nothing is written when a check fails): the folder
 * must not already hold cp.x outputs of a run (a `*.save` restart or a `prefix.pos`).
 */
export async function writeQeRun(dir: string, s: QeStructure, r: CpRunSettings, pseudos: readonly ResolvedPseudo[], slurm: Omit<SlurmSettings, 'prefix' | 'nat' | 'nveSteps' | 'nvtSteps'>): Promise<QeRunFiles> {
  const outputs = [dir, join(dir, 'run.slurm'), ...(['gs', 'nve', 'nvt', 'continue'] as const).map((st) => join(dir, STAGE_FILES[st].dir, STAGE_FILES[st].input))];
  for (const out of outputs) await refuseInputs(out, pseudos.map((p) => p.path), '--out');
  await refuseExistingRun(dir, r.prefix);
  const texts = {} as Record<Stage | 'continue', string>;
  for (const st of ['gs', 'nve', 'nvt', 'continue'] as const) texts[st] = cpStageInput(st, s, r);
  const script = slurmScript({ ...slurm, prefix: r.prefix, nat: s.topology.symbols.length, nveSteps: r.nveSteps, nvtSteps: r.nvtSteps });
  try {
    await mkdir(join(dir, 'pseudo'), { recursive: true });
    for (const st of ['gs', 'nve', 'nvt'] as const) await mkdir(join(dir, STAGE_FILES[st].dir), { recursive: true });
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${dir}: cannot create the run folders (${(e as Error).message})`);
  }
  const copied: string[] = [];
  for (const p of pseudos) {
    const to = join(dir, 'pseudo', p.file);
    // Atomic; a --pseudo-dir that is DIR/pseudo itself is left as it is (never rewritten).
    await copyFileAtomic(p.path, to);
    copied.push(to);
  }
  const inputs = {} as Record<Stage | 'continue', string>;
  for (const st of ['gs', 'nve', 'nvt', 'continue'] as const) {
    inputs[st] = join(dir, STAGE_FILES[st].dir, STAGE_FILES[st].input);
    await writeFileAtomic(inputs[st], texts[st]);
  }
  const slurmPath = join(dir, 'run.slurm');
  await writeFileAtomic(slurmPath, script);
  return { dir, inputs, slurm: slurmPath, pseudopotentials: copied };
}

/** Throw E_USAGE when `dir` already holds cp.x outputs (restarts or trajectories) of a run. */
export async function refuseExistingRun(dir: string, prefix: string): Promise<void> {
  for (const st of ['gs', 'nve', 'nvt'] as const) {
    const d = join(dir, STAGE_FILES[st].dir);
    if (!existsSync(d)) continue;
    const names = await readdir(d).catch(() => [] as string[]);
    const hit = names.find((n) => n.endsWith('.save') || n === `${prefix}.pos` || n === `${prefix}.evp`);
    if (hit) throw new UsageError(`${join(d, hit)}: ${basename(dir)} already holds a cp.x run; choose another --out (or run it with simulate --input-dir)`);
  }
}
