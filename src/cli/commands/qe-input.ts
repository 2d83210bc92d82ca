import type { Command } from 'commander';
import { resolve } from 'node:path';
import { cellParameters } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { composition } from '../../core/topology.js';
import { type CubicLattice, SHANNON_RADII } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import type { CpRunSettings, QeStructure } from '../../sim/qe/inputs.js';
import { ekinConvThr } from '../../sim/qe/inputs.js';
import { CP_PROTOCOL, CP_STEP_PS, stepsForPs } from '../../sim/qe/protocol.js';
import { type ResolvedPseudo, defaultPseudoDirs, parsePseudoMap, resolvePseudopotentials } from '../../sim/qe/pseudo.js';
import { qeStructure } from '../../sim/qe/structure.js';
import { type QeRunFiles, writeQeRun } from '../../sim/qe/write-run.js';
import { parseCation, positiveNumber, type StructureFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';

/** Flags of `qe-input` (and of `simulate` when it builds the inputs itself). */
export interface QeInputFlags extends StructureFlags {
  temperature?: string;
  nstep?: string;
  nveNstep?: string;
  gsNstep?: string;
  isave?: string;
  maxSeconds?: string;
  pseudoDir?: string;
  pseudo?: string;
  prefix?: string;
  slurmHours?: string;
  slurmNtasks?: string;
  out?: string;
  json?: boolean;
}

/** Add the structure and protocol flags (shared with `simulate`). */
export function addQeRunOptions(cmd: Command): Command {
  return cmd
    .option('--cation <symbol>', `cation (${Object.keys(SHANNON_RADII).join(', ')})`)
    .option('--lattice <fcc|bcc>', "anion lattice (default: the study's, bcc for Na, else fcc)")
    .option('--a <Å>', "cubic lattice parameter in Å (default: the study's calculated value, e.g. 10.05 for Li)")
    .option('--supercell <primitive|paper|NxNxN>', 'primitive = 26-atom cell (1 anion, ibrav 2/3); paper = 208-atom √2×√2×1 (fcc) / √2×√2×2 (bcc); NxNxN = conventional cube repeated', 'paper')
    .option('--anion-orientation <random|aligned>', 'builder cells: anion orientations', 'random')
    .option('--cation-sites <type>', 'builder cells: linear|trigonal|tetrahedral|random (default: the Pauling prediction)')
    .option('--seed <n>', 'random seed of the builder (integer)', '1')
    .option('--temperature <K>', 'target temperature (K) of the start velocities and the Nosé–Hoover chain', '800')
    .option('--nstep <n>', `NVT steps (default ${DEFAULT_NVT_STEPS}: 50 ps at dt = 6 a.u., rounded up to whole frames)`)
    .option('--nve-nstep <n>', 'NVE steps from random velocities before the thermostat', '200')
    .option('--gs-nstep <n>', 'maximum damped steps of the electronic ground state (stops when converged)', '500')
    .option('--isave <n>', 'MD steps between restart saves', '1000')
    .option('--max-seconds <s>', "cp.x's max_seconds: it stops cleanly with a restart after this wall time", '84600')
    .option('--pseudo-dir <dir>', 'folder of the pseudopotential files (default: $ESPRESSO_PSEUDO, /usr/share/espresso/pseudo, ~/espresso/pseudo, ../shared/data/qe-cp-li2b12h12-prim-800K/pseudo)')
    .option('--pseudo <map>', 'file per element, e.g. Li=Li.pbe-s-rrkjus_psl.0.2.1.UPF,B=…,H=… (default: the study\'s pslibrary rrkjus names)')
    .option('--prefix <name>', "cp.x prefix (default <cation>2b12h12, e.g. li2b12h12)")
    .option('--slurm-hours <h>', 'wall time of one SLURM job (run.slurm resubmits itself by hand)', '24')
    .option('--slurm-ntasks <n>', 'MPI ranks in run.slurm', '64');
}

/** 50 ps of NVT, rounded up to a multiple of iprint so the last step is a frame (344 520). */
const DEFAULT_NVT_STEPS = Math.ceil(stepsForPs(50) / CP_PROTOCOL.iprint) * CP_PROTOCOL.iprint;

/** Everything needed to write (and run) a cp.x run folder, checked; nothing written yet. */
export interface PreparedQeRun {
  structure: QeStructure;
  settings: CpRunSettings;
  pseudos: ResolvedPseudo[];
  slurm: { jobName: string; hours: number; ntasks: number };
  params: Record<string, unknown>;
}

/** Validate the flags, build the structure and find the pseudopotentials (E_IO naming each missing file). */
export function prepareQeRun(flags: QeInputFlags, log: DiagnosticLog): PreparedQeRun {
  const cation = parseCation(flags.cation);
  if (!cation) throw new UsageError('--cation is required (e.g. --cation Li)');
  const orientation = flags.anionOrientation ?? 'random';
  if (orientation !== 'random' && orientation !== 'aligned') throw new UsageError(`--anion-orientation ${orientation}: expected random or aligned`);
  const seed = integer('--seed', flags.seed ?? '1', -2147483648);
  const temperature = positiveNumber('--temperature', flags.temperature ?? '800', 'K')!;
  const nvtSteps = flags.nstep === undefined ? DEFAULT_NVT_STEPS : integer('--nstep', flags.nstep, 1);
  const nveSteps = integer('--nve-nstep', flags.nveNstep ?? '200', 1);
  const gsSteps = integer('--gs-nstep', flags.gsNstep ?? '500', 1);
  const isave = integer('--isave', flags.isave ?? '1000', 1);
  const maxSeconds = positiveNumber('--max-seconds', flags.maxSeconds ?? '84600', 's')!;
  const hours = integer('--slurm-hours', flags.slurmHours ?? '24', 1);
  const ntasks = integer('--slurm-ntasks', flags.slurmNtasks ?? '64', 1);
  const prefix = flags.prefix ?? `${cation.toLowerCase()}2b12h12`;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new UsageError(`--prefix ${prefix}: expected letters, digits, _ . -`);
  const names = parsePseudoMap(flags.pseudo);
  const { structure, lattice, a, cationSites } = qeStructure({
    cation,
    lattice: flags.lattice as CubicLattice | undefined,
    a: positiveNumber('--a', flags.a, 'Å'),
    supercell: flags.supercell ?? 'paper',
    orientation,
    cationSites: flags.cationSites as CliqueSiteType | 'random' | undefined,
    seed,
  }, log);
  const elements = Object.keys(composition(structure.topology));
  const dirs = flags.pseudoDir !== undefined ? [resolve(flags.pseudoDir)] : defaultPseudoDirs();
  const pseudos = resolvePseudopotentials(elements, names, dirs);
  const pseudopotentials = Object.fromEntries(pseudos.map((p) => [p.element, p.file]));
  if (nveSteps % CP_PROTOCOL.iprint !== 0 || nvtSteps % CP_PROTOCOL.iprint !== 0) {
    log.warn('W_QE_STEPS_NOT_MULTIPLE', `cp.x writes frames every ${CP_PROTOCOL.iprint} steps: NVE ${nveSteps} / NVT ${nvtSteps} steps leave their last ${nveSteps % CP_PROTOCOL.iprint} / ${nvtSteps % CP_PROTOCOL.iprint} steps without a frame`);
  }
  const settings: CpRunSettings = { prefix, temperature, gsSteps, nveSteps, nvtSteps, isave, maxSeconds, pseudoDir: '../pseudo', pseudopotentials };
  const params = { cation, lattice, a, supercell: flags.supercell ?? 'paper', anionOrientation: orientation, cationSites, seed, temperature, nvtSteps, nveSteps, gsSteps, isave, maxSeconds, prefix, pseudopotentials, pseudoDirs: dirs };
  return { structure, settings, pseudos, slurm: { jobName: `${prefix}-${temperature}K`, hours, ntasks }, params };
}

/** `paddlewheel qe-input`: cp.x inputs for the study's protocol, three stages and a SLURM script. */
export function registerQeInput(program: Command): void {
  const cmd = program
    .command('qe-input')
    .description("write Quantum ESPRESSO cp.x inputs for the study's Car–Parrinello protocol: ground state → NVE (random velocities) → NVT (Nosé–Hoover chain), plus run.slurm");
  addQeRunOptions(cmd)
    .requiredOption('--out <dir>', 'run folder to create (pseudo/, 01_gs/, 02_nve/, 03_nvt/, run.slurm)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  $ paddlewheel qe-input --cation Li --supercell primitive --temperature 800 --out li-prim-800K\n  $ paddlewheel qe-input --cation Li --a 10.05 --supercell paper --seed 3 --nstep 344520 --out li-800K --json\n  $ paddlewheel simulate --engine qe --input-dir li-prim-800K --np 2')
    .action(async (flags: QeInputFlags) => {
      const log = new DiagnosticLog();
      const prep = prepareQeRun(flags, log);
      const files = await writeQeRun(flags.out!, prep.structure, prep.settings, prep.pseudos, prep.slurm);
      const body = qeRunSummary(prep, files);
      if (flags.json) {
        printJson(await envelope('qe-input', { ...prep.params, out: flags.out }, prep.pseudos.map((p) => p.path), log, body));
        return;
      }
      printDiagnostics(log);
      process.stdout.write(qeRunText(prep, files));
    });
}

/** JSON body describing a written run folder. */
export function qeRunSummary(prep: PreparedQeRun, files: QeRunFiles): Record<string, unknown> {
  const s = prep.structure, r = prep.settings;
  const cp = cellParameters(s.cell);
  const nat = s.topology.symbols.length;
  return {
    dir: files.dir,
    inputs: files.inputs,
    slurm: files.slurm,
    pseudopotentials: files.pseudopotentials,
    atoms: nat,
    composition: composition(s.topology),
    cell: { a: quantity(cp.a, 'Å'), b: quantity(cp.b, 'Å'), c: quantity(cp.c, 'Å'), alpha: quantity(cp.alpha, 'degree'), beta: quantity(cp.beta, 'degree'), gamma: quantity(cp.gamma, 'degree'), volume: quantity(cp.volume, 'Å^3'), ibrav: s.bravais?.ibrav ?? 0 },
    protocol: {
      functional: 'PBE (from the pseudopotentials)',
      ecutwfc: quantity(CP_PROTOCOL.ecutwfc, 'Ry'),
      ecutrho: quantity(CP_PROTOCOL.ecutrho, 'Ry', { note: 'not stated by the study; 8 × ecutwfc as in the shared cp.x runs' }),
      kPoints: 'Gamma',
      dt: quantity(CP_PROTOCOL.dtAu, 'a.u.'),
      dtPs: quantity(CP_STEP_PS, 'ps'),
      emass: quantity(CP_PROTOCOL.emass, 'a.u.'),
      emassCutoff: quantity(CP_PROTOCOL.emassCutoff, 'Ry'),
      hydrogenMass: quantity(CP_PROTOCOL.hydrogenMass, 'amu'),
      ekinConvThr: quantity(ekinConvThr(nat), 'Ha'),
      thermostat: { kind: 'Nosé–Hoover chain', nhpcl: CP_PROTOCOL.nhpcl, fnosep: quantity(CP_PROTOCOL.fnosep, 'THz'), temperature: quantity(r.temperature, 'K') },
    },
    stages: {
      gs: { maxSteps: r.gsSteps },
      nve: { steps: r.nveSteps, ps: r.nveSteps * CP_STEP_PS },
      nvt: { steps: r.nvtSteps, ps: r.nvtSteps * CP_STEP_PS },
    },
  };
}

function qeRunText(prep: PreparedQeRun, files: QeRunFiles): string {
  const s = prep.structure, r = prep.settings;
  const comp = Object.entries(composition(s.topology)).map(([k, n]) => `${k}${n}`).join(' ');
  return [
    `wrote ${files.dir}: ${s.topology.symbols.length} atoms (${comp}), ${s.bravais ? `ibrav ${s.bravais.ibrav}` : 'ibrav 0'}`,
    `  01_gs: damped ground state (≤ ${r.gsSteps} steps); 02_nve: ${r.nveSteps} steps from random velocities at ${r.temperature} K; 03_nvt: ${r.nvtSteps} steps (${fmt(r.nvtSteps * CP_STEP_PS)} ps) Nosé–Hoover chain at ${r.temperature} K`,
    `  pseudopotentials copied to ${files.dir}/pseudo: ${prep.pseudos.map((p) => p.file).join(', ')}`,
    `  run locally: paddlewheel simulate --engine qe --input-dir ${files.dir} --np N    on SLURM: cd ${files.dir} && sbatch run.slurm`,
    '',
  ].join('\n');
}

function integer(flag: string, text: string, min: number): number {
  const v = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(v) || v < min) throw new UsageError(`${flag} ${text}: expected an integer ≥ ${min}`);
  return v;
}
