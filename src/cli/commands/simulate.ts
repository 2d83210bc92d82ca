import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { type Quantity, quantity } from '../../core/result.js';
import { openTrajectory } from '../../io/open.js';
import { cpLauncher } from '../../sim/qe/engine.js';
import { CP_STEP_PS, STAGES, type Stage } from '../../sim/qe/protocol.js';
import { loadQeRunDir } from '../../sim/qe/run-dir.js';
import { type StageOutcome, runQeStages } from '../../sim/qe/simulate.js';
import { refuseExistingRun, writeQeRun } from '../../sim/qe/write-run.js';
import { type LammpsSimulateFlags, simulateLammps } from '../../sim/lammps/command.js';
import { progressWanted } from '../progress.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { type QeInputFlags, addQeRunOptions, prepareQeRun } from './qe-input.js';

interface SimulateFlags extends QeInputFlags, Omit<LammpsSimulateFlags, keyof QeInputFlags> {
  engine?: string;
  stages?: string;
  np?: string;
  inputDir?: string;
  cpx?: string;
}

/** `paddlewheel simulate --engine qe|lammps`: run the cp.x stages locally (small cells), or a LAMMPS run (see sim/lammps/command.ts). */
export function registerSimulate(program: Command): void {
  const cmd = program
    .command('simulate')
    .description('run MD locally: --engine qe = Car–Parrinello with Quantum ESPRESSO cp.x (ground state → NVE → NVT, each stage in its own folder); --engine lammps = classical model (--model) with rigid anions in LAMMPS, NVT; progress from the engine\'s output');
  addQeRunOptions(cmd)
    .requiredOption('--engine <qe|lammps>', 'MD engine (qe: Quantum ESPRESSO cp.x; lammps: classical model from --model)')
    .option('--stages <list>', 'all, or a comma list of gs, nve, nvt', 'all')
    .option('--np <n>', `MPI ranks (mpirun -np N cp.x / lmp; 1 = no mpirun); default: qe ${availableParallelism()} (the CPUs here), lammps 1`)
    .option('--input-dir <dir>', 'run a folder written by paddlewheel qe-input (instead of the structure flags)')
    .option('--out <dir>', 'run folder to create from the structure flags (as qe-input --out)')
    .option('--cpx <path>', 'cp.x executable (default: cp.x on PATH)', 'cp.x')
    .option('--model <file>', 'lammps: model parameter file (JSON, from paddlewheel fit-model)')
    .option('--time <duration>', 'lammps: run length, e.g. 50ps, 500fs (bare number: ps)', '50ps')
    .option('--timestep <fs>', 'lammps: MD timestep in fs', '1')
    .option('--dump-every <duration>', 'lammps: frame spacing, e.g. 10fs (bare number: fs)', '10fs')
    .option('--lmp <path>', 'lammps: LAMMPS executable (default: lmp, lmp_serial or lmp_mpi on PATH)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  $ paddlewheel simulate --engine lammps --cation Li --temperature 800 --time 50ps --model model.json --out li-800K\n  $ paddlewheel simulate --engine qe --cation Li --supercell primitive --nve-nstep 200 --nstep 3000 --np 2 --out li-prim\n  $ paddlewheel simulate --engine qe --input-dir li-prim --stages nvt --np 2\n  $ paddlewheel info li-prim/03_nvt/li2b12h12.pos --cation Li')
    .action(async (flags: SimulateFlags) => {
      await runSimulate(flags);
    });
}

async function runSimulate(flags: SimulateFlags): Promise<void> {
  if (flags.engine === 'lammps') return simulateLammps(flags);
  const log = new DiagnosticLog();
  if (flags.engine !== 'qe') throw new UsageError(`--engine ${flags.engine}: expected qe (Quantum ESPRESSO cp.x) or lammps`);
  const stages = parseStages(flags.stages ?? 'all');
  const npText = flags.np ?? String(availableParallelism());
  if (!/^\d+$/.test(npText.trim()) || Number(npText) < 1) throw new UsageError(`--np ${npText}: expected a positive integer`);
  if ((flags.inputDir === undefined) === (flags.out === undefined)) throw new UsageError('give either --input-dir DIR (a qe-input folder) or the structure flags with --out DIR');
  // Everything is checked (structure, pseudopotentials, engine) before anything is written.
  const prep = flags.inputDir === undefined ? prepareQeRun(flags, log) : undefined;
  const launcher = cpLauncher(flags.cpx ?? 'cp.x', Number(npText));
  for (const n of launcher.notes) log.warn('W_QE_NO_MPI', n);
  let dir: string;
  if (prep) {
    dir = resolve(flags.out!);
    await refuseExistingRun(dir, prep.settings.prefix);
    await writeQeRun(dir, prep.structure, prep.settings, prep.pseudos, prep.slurm);
  } else {
    dir = resolve(flags.inputDir!);
    if (!existsSync(dir)) throw new UsageError(`--input-dir ${flags.inputDir}: no such folder`);
  }
  const run = await loadQeRunDir(dir);
  const show = progressWanted() ? stageProgress() : undefined;
  const outcomes = await runQeStages(run, stages, launcher, show ?? {});
  const summaries: StageSummary[] = [];
  for (const o of outcomes) summaries.push(await stageSummary(o, log));
  const params = { engine: 'qe', stages, np: launcher.np, command: [launcher.command, ...launcher.args].join(' '), dir, ...(prep?.params ?? { inputDir: dir }) };
  if (flags.json) {
    printJson(await envelope('simulate', params, [], log, { dir, prefix: run.prefix, stages: summaries }));
    return;
  }
  printDiagnostics(log);
  const lines = summaries.map((s) => `${s.stage}: ${s.steps} steps (nfi ${s.firstNfi ?? '—'}…${s.lastNfi ?? '—'}) in ${fmt(s.wallSeconds.value)} s${s.stage === 'gs' ? ', converged' : `, ${s.frames ?? 0} frames, ${fmt(s.duration?.value)} ps → ${s.trajectory}`}; log ${s.log}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function parseStages(text: string): Stage[] {
  if (text.trim() === 'all') return [...STAGES];
  const out: Stage[] = [];
  for (const p of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(STAGES as readonly string[]).includes(p)) throw new UsageError(`--stages ${text}: expected all or a comma list of ${STAGES.join(', ')}`);
    out.push(p as Stage);
  }
  if (out.length === 0) throw new UsageError(`--stages ${text}: no stage named`);
  return out;
}

// For MD stages: the frames the QE reader gets from the stage's trajectory (proves it reads back).
interface StageSummary {
  stage: Stage;
  log: string;
  input: string;
  steps: number;
  firstNfi?: number;
  lastNfi?: number;
  wallSeconds: Quantity;
  secondsPerStep: Quantity;
  converged?: boolean;
  trajectory?: string;
  frames?: number;
  atoms?: number;
  frameSpacing?: Quantity;
  duration?: Quantity;
}

async function stageSummary(o: StageOutcome, log: DiagnosticLog): Promise<StageSummary> {
  const base = { stage: o.stage, log: o.log, input: o.input, steps: o.steps, firstNfi: o.firstNfi, lastNfi: o.lastNfi, wallSeconds: quantity(o.wallSeconds, 's'), secondsPerStep: quantity(o.steps > 0 ? o.wallSeconds / o.steps : NaN, 's') };
  if (o.stage === 'gs') return { ...base, converged: o.converged };
  const traj = await openTrajectory([o.trajectory], { diagnostics: log });
  let frames = 0, t0 = NaN, t1 = NaN;
  for await (const f of traj.frames()) {
    if (frames === 0) t0 = f.time ?? NaN;
    t1 = f.time ?? NaN;
    frames++;
  }
  return { ...base, trajectory: o.trajectory, frames, atoms: traj.topology.symbols.length, frameSpacing: quantity(traj.frameSpacing ?? NaN, 'ps'), duration: quantity(t1 - t0, 'ps') };
}

// One status line on stderr, rewritten in place (TTY only).
function stageProgress() {
  let first = 1, last = 1, t0 = 0, shown = 0, name = '';
  const write = (s: string) => process.stderr.write(`\r\x1b[K${s}`);
  return {
    start(stage: Stage, f: number, l: number) {
      first = f; last = l; t0 = Date.now(); name = stage;
      write(`cp.x ${stage}: starting…`);
    },
    step(_stage: Stage, nfi: number) {
      const now = Date.now();
      if (now - shown < 200) return;
      shown = now;
      const done = nfi - first + 1, total = last - first + 1;
      const rate = done / Math.max(1e-3, (now - t0) / 1000);
      const eta = name === 'gs' ? '' : ` · ETA ${fmt((total - done) / rate / 60, 2)} min`;
      const t = name === 'gs' ? '' : ` · t = ${(nfi * CP_STEP_PS).toFixed(4)} ps`;
      write(`cp.x ${name}: nfi ${nfi} (${done}/${total}${name === 'gs' ? ' max' : ''})${t} · ${fmt(1 / rate, 3)} s/step${eta}`);
    },
    end(stage: Stage, r: { steps: number; wallSeconds: number }) {
      write(`cp.x ${stage}: ${r.steps} steps in ${fmt(r.wallSeconds)} s\n`);
    },
  };
}
