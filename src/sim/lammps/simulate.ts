import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic, refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { B12H12_H_RADIUS } from '../../chem/icosahedron.js';
import { writeRigidData } from './data.js';
import type { LmpLauncher } from './engine.js';
import { lammpsInputScript } from './input.js';
import type { Model } from './model.js';
import type { PreparedLammpsRun } from './prepare.js';
import { type LammpsRunResult, type ThermoRow, runLammps } from './run.js';

/**
 * A LAMMPS run folder and its run:
 *
 * ```
 * DIR/data.lmp          structure (atom_style full, charges, molecule ids, image flags)
 * DIR/in.lmp            the input script LAMMPS runs (see input.ts)
 * DIR/model.json        copy of the model file used
 * DIR/log.lammps        LAMMPS's output
 * DIR/traj.lammpstrj    the trajectory — present only after LAMMPS finished cleanly
 * DIR/traj.lammpstrj.part  the trajectory while LAMMPS writes it (left under that name when
 *                       the run fails, so a partial trajectory never passes for a whole one)
 * ```
 */
export const LAMMPS_FILES = { data: 'data.lmp', input: 'in.lmp', model: 'model.json', log: 'log.lammps', trajectory: 'traj.lammpstrj', partial: 'traj.lammpstrj.part' } as const;

/** What {@link writeLammpsRun} wrote. */
export interface LammpsRunFiles {
  dir: string;
  data: string;
  input: string;
  model: string;
  typeOrder: string[];
}

/**
 * Write data.lmp, in.lmp and model.json into `dir` (created if needed). Refuses a folder
 * holding a trajectory or a partial one from an earlier run (E_USAGE), so nothing is mixed.
 */
export async function writeLammpsRun(dir: string, prep: PreparedLammpsRun, model: Model, modelPath: string, options: { temperature: number; velocitySeed: number; header: string[] }): Promise<LammpsRunFiles> {
  for (const out of [dir, join(dir, LAMMPS_FILES.data), join(dir, LAMMPS_FILES.input)]) await refuseInputs(out, [modelPath], '--out');
  for (const f of [LAMMPS_FILES.trajectory, LAMMPS_FILES.partial]) {
    if (existsSync(join(dir, f))) throw new UsageError(`${join(dir, f)} exists: ${dir} already holds a run; choose another --out or remove it`);
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${dir}: cannot create the run folder (${(e as Error).message})`);
  }
  const b = prep.built;
  const data = join(dir, LAMMPS_FILES.data);
  const written = await writeRigidData(b.frame, b.topology, data, prep.charges, b.moleculeIds, `${options.header[0] ?? 'paddlewheel simulate --engine lammps'} (units metal)`);
  const script = lammpsInputScript({
    model,
    typeOrder: written.typeOrder,
    anionElements: ['B', 'H'],
    cation: prep.cation,
    temperature: options.temperature,
    timestepFs: prep.timestepFs,
    steps: prep.steps,
    dumpEvery: prep.dumpEvery,
    thermoEvery: prep.dumpEvery * Math.max(1, Math.ceil(100 / prep.dumpEvery)),
    velocitySeed: options.velocitySeed,
    anionRadius: B12H12_H_RADIUS,
    dataFile: LAMMPS_FILES.data,
    dumpFile: LAMMPS_FILES.partial,
    header: options.header,
  });
  const input = join(dir, LAMMPS_FILES.input);
  await writeFileAtomic(input, script);
  const modelCopy = join(dir, LAMMPS_FILES.model);
  // Atomic; a --model that is DIR/model.json itself is left as it is (never rewritten).
  await copyFileAtomic(modelPath, modelCopy);
  return { dir, data, input, model: modelCopy, typeOrder: written.typeOrder };
}

/** A finished run: LAMMPS's report and the trajectory's final path. */
export interface LammpsRunOutcome extends LammpsRunResult {
  trajectory: string;
}

/**
 * Run in.lmp in `dir`; on success rename traj.lammpstrj.part to traj.lammpstrj. On failure
 * the E_ENGINE error says where the partial trajectory was left.
 */
export async function runLammpsFolder(dir: string, launcher: LmpLauncher, onThermo?: (row: ThermoRow) => void): Promise<LammpsRunOutcome> {
  const partial = join(dir, LAMMPS_FILES.partial);
  let r: LammpsRunResult;
  try {
    r = await runLammps(launcher, dir, LAMMPS_FILES.input, LAMMPS_FILES.log, { onThermo });
  } catch (e) {
    if (e instanceof PaddlewheelError && existsSync(partial)) {
      throw new PaddlewheelError(e.code, `${e.message}; the trajectory written so far is ${partial} (incomplete)`);
    }
    throw e;
  }
  const trajectory = join(dir, LAMMPS_FILES.trajectory);
  if (!existsSync(partial)) throw new PaddlewheelError('E_ENGINE', `LAMMPS finished but wrote no trajectory (${partial}); see ${r.log}`);
  await rename(partial, trajectory);
  return { ...r, trajectory };
}
