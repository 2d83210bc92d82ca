import { resolve } from 'node:path';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { refuseInputs } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import type { CubicLattice } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import { openTrajectory } from '../../io/open.js';
import { parseCation, positiveNumber, type StructureFlags } from '../../cli/options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../../cli/output.js';
import { progressWanted } from '../../cli/progress.js';
import { VERSION } from '../../version.js';
import { lmpLauncher } from './engine.js';
import { loadModel } from './model.js';
import { prepareLammpsRun } from './prepare.js';
import { type LammpsRunOutcome, runLammpsFolder, writeLammpsRun } from './simulate.js';

/** Flags of `paddlewheel simulate --engine lammps` (as commander gives them). */
export interface LammpsSimulateFlags extends StructureFlags {
  temperature?: string;
  time?: string;
  timestep?: string;
  dumpEvery?: string;
  model?: string;
  lmp?: string;
  np?: string;
  out?: string;
  json?: boolean;
}

/**
 * `paddlewheel simulate --engine lammps`: check everything (model, structure, durations,
 * LAMMPS present) before writing, write the run folder, run LAMMPS with progress on stderr
 * (TTY only), read the trajectory back and print a summary.
 */
export async function simulateLammps(flags: LammpsSimulateFlags): Promise<void> {
  const log = new DiagnosticLog();
  const cation = parseCation(flags.cation);
  if (!cation) throw new UsageError('--cation is required (e.g. --cation Li)');
  if (!flags.model) throw new UsageError('--model FILE is required with --engine lammps (a model file from paddlewheel fit-model; format in src/sim/lammps/model.ts)');
  if (!flags.out) throw new UsageError('--out DIR is required with --engine lammps');
  await refuseInputs(flags.out, [flags.model], '--out');
  const orientation = flags.anionOrientation ?? 'random';
  if (orientation !== 'random' && orientation !== 'aligned') throw new UsageError(`--anion-orientation ${orientation}: expected random or aligned`);
  const seedText = flags.seed ?? '1';
  if (!/^-?\d+$/.test(seedText.trim())) throw new UsageError(`--seed ${seedText}: expected an integer`);
  const seed = Number(seedText);
  const npText = flags.np ?? '1';
  if (!/^\d+$/.test(npText.trim()) || Number(npText) < 1) throw new UsageError(`--np ${npText}: expected a positive integer`);
  const temperature = positiveNumber('--temperature', flags.temperature ?? '800', 'K')!;
  const model = await loadModel(flags.model);
  const request = {
    cation, lattice: flags.lattice as CubicLattice | undefined, a: positiveNumber('--a', flags.a, 'Å'),
    supercell: flags.supercell ?? 'paper', orientation, cationSites: flags.cationSites as CliqueSiteType | 'random' | undefined, seed, temperature,
    time: flags.time ?? '50ps', timestep: flags.timestep ?? '1', dumpEvery: flags.dumpEvery ?? '10fs',
  } as const;
  const prep = prepareLammpsRun(request, model, log);
  const launcher = lmpLauncher(flags.lmp, Number(npText));
  for (const n of launcher.notes) log.warn('W_LAMMPS_NO_MPI', n);

  const dir = resolve(flags.out);
  // LAMMPS wants a positive seed; the builder's may be any integer.
  const velocitySeed = (((seed % 899_999_999) + 899_999_999) % 899_999_999) + 1;
  const header = [
    `paddlewheel ${VERSION} simulate --engine lammps: ${cation}2B12H12 ${prep.lattice} a=${prep.a} A supercell=${request.supercell} (${prep.built.topology.symbols.length} atoms) anions=${orientation} sites=${prep.cationSites} seed=${seed}`,
    `${temperature} K, ${prep.steps} steps of ${prep.timestepFs} fs, dump every ${prep.dumpEvery} steps`,
    `model ${model.name}: ${model.provenance}`,
  ];
  const files = await writeLammpsRun(dir, prep, model, flags.model, { temperature, velocitySeed, header });
  const show = progressWanted() ? thermoProgress(prep.steps) : undefined;
  const run = await runLammpsFolder(dir, launcher, show?.row);
  show?.end(run);
  const summary = await trajectorySummary(run, log);
  const params = { engine: 'lammps', ...request, lattice: prep.lattice, a: prep.a, cationSites: prep.cationSites, model: resolve(flags.model), modelName: model.name, steps: prep.steps, timestepFs: prep.timestepFs, dumpEverySteps: prep.dumpEvery, velocitySeed, np: launcher.np, command: [launcher.command, ...launcher.args].join(' '), dir };
  const speed = run.loopSeconds && run.loopSteps ? run.loopSteps / run.loopSeconds : NaN;
  const body = { dir, files, log: run.log, ...summary, wallSeconds: quantity(run.wallSeconds, 's'), stepsPerSecond: quantity(speed, '1/s') };
  if (flags.json) {
    printJson(await envelope('simulate', params, [resolve(flags.model)], log, body));
    return;
  }
  printDiagnostics(log);
  process.stdout.write(`LAMMPS: ${prep.steps} steps in ${fmt(run.wallSeconds)} s (${fmt(speed)} steps/s on ${launcher.np} process${launcher.np > 1 ? 'es' : ''}); ${summary.frames} frames of ${summary.atoms} atoms, ${fmt(summary.duration.value)} ps → ${run.trajectory}; log ${run.log}\n`);
}

async function trajectorySummary(run: LammpsRunOutcome, log: DiagnosticLog) {
  const traj = await openTrajectory([run.trajectory], { diagnostics: log });
  let frames = 0, t0 = NaN, t1 = NaN;
  for await (const f of traj.frames()) {
    if (frames === 0) t0 = f.time ?? NaN;
    t1 = f.time ?? NaN;
    frames++;
  }
  return { trajectory: run.trajectory, frames, atoms: traj.topology.symbols.length, frameSpacing: quantity(traj.frameSpacing ?? NaN, 'ps'), duration: quantity(t1 - t0, 'ps') };
}

// One status line on stderr, rewritten in place (TTY only).
function thermoProgress(total: number) {
  const t0 = Date.now();
  let shown = 0;
  const write = (s: string) => process.stderr.write(`\r\x1b[K${s}`);
  write('LAMMPS: starting…');
  return {
    row(r: { step: number; time: number; temp: number }) {
      const now = Date.now();
      if (now - shown < 200) return;
      shown = now;
      const rate = r.step / Math.max(1e-3, (now - t0) / 1000);
      write(`LAMMPS: step ${r.step}/${total} · t = ${r.time.toFixed(3)} ps · T = ${r.temp.toFixed(0)} K · ${fmt(rate, 3)} steps/s · ETA ${fmt((total - r.step) / Math.max(rate, 1e-9) / 60, 2)} min`);
    },
    end(r: { wallSeconds: number }) {
      write(`LAMMPS: ${total} steps in ${fmt(r.wallSeconds)} s\n`);
    },
  };
}
