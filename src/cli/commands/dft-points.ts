import { Option, type Command } from 'commander';
import { join, resolve } from 'node:path';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { refuseOutputs, writeFileAtomic } from '../../core/atomic-write.js';
import { setInterruptNote } from '../../core/cleanup.js';
import type { CubicLattice } from '../../analysis/pauling/pauling.js';
import { CATION_SITE_CHOICES } from '../../sim/build/build.js';
import { REFERENCE_SYSTEMS } from '../../sim/build/reference.js';
import { parseSupercell } from '../../sim/build/supercell.js';
import { type PointState, preparePoints, readPoint, readPoints, writeCombined } from '../../sim/qe/pw-batch.js';
import { PW_STUDY_SETTINGS } from '../../sim/qe/pw-input.js';
import { type PointSpec, checkStoichiometry, parseRattle } from '../../sim/qe/pw-points.js';
import { resolvePseudopotentials } from '../../sim/qe/pw-pseudo.js';
import { type PwEngine, checkEngine, runPwPoint } from '../../sim/qe/pw-run.js';
import { pwSlurmArrayScript } from '../../sim/qe/pw-slurm.js';
import { type Variations, pointsFromBuild, pointsFromTrajectory } from '../../sim/qe/pw-sources.js';
import { openOptionsFrom, parseCation, positiveNumber } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface Flags {
  work: string; out?: string; from?: string[]; build?: boolean; collect?: boolean; slurm?: boolean;
  format?: string; frames?: string; dt?: string; qeInput?: string; typeMap?: string; cell?: string;
  cation?: string; lattice?: string; a?: string; supercell: string; anionOrientation: string; cationSites: string;
  minCationDistance?: string; minCationAnion?: string; minCationCation?: string; minHh?: string; count: string;
  seed: string; copies: string; strain?: string; strainMode: string; rattle?: string; anionShift?: string;
  pseudoDir?: string; pseudo?: string; np: string; pw: string; mpirun: string; maxPoints?: string; slurmTime: string;
  stoichiometryCheck: boolean; json?: boolean;
}

/** `paddlewheel dft-points`: Born–Oppenheimer single points with pw.x (issue 6 item 3). */
export function registerDftPoints(program: Command): void {
  program
    .command('dft-points')
    .description("pw.x single points (the study's PBE, 30/240 Ry, Γ, forces and stress) for trajectory frames or built cells, as a resumable batch; collected into one extxyz (ASE conventions)")
    .requiredOption('--work <dir>', 'batch folder: one subfolder per point; finished points are never rerun')
    .option('--out <file>', 'combined extxyz of the finished points, rebuilt atomically (default <work>/points.extxyz.gz)')
    .addOption(new Option('--from <file>', 'trajectory to take frames from (repeat for restart segments)').argParser((v: string, p: string[] = []) => [...p, v]))
    .option('--frames <start:stop:step>', 'frames of --from to use')
    .option('--format <id>', 'format of --from instead of detecting it')
    .option('--dt <fs>', 'frame spacing of --from when the file does not give it')
    .option('--qe-input <file>', 'cp.x input naming the species of a QE --from trajectory')
    .option('--type-map <map>', 'LAMMPS type → element for --from')
    .option('--cell <numbers>', 'cell for a plain-XYZ --from')
    .option('--build', 'build cells with the structure builder (flags below) instead of --from')
    .option('--cation <symbol>', '--build: cation (Li, Na, K, …)')
    .option('--lattice <fcc|bcc>', "--build: anion lattice (default the study's)")
    .option('--a <Å>', "--build: cubic lattice parameter (default the study's)")
    .option('--supercell <paper|NxNxN>', '--build: cell (1x1x1 = conventional cube: 4 anions on fcc)', 'paper')
    .option('--anion-orientation <random|aligned>', '--build: anion orientations', 'random')
    .option('--cation-sites <types>', `--build: ${CATION_SITE_CHOICES.join('|')}, or a comma list used cell by cell in turn`, 'random')
    .option('--min-cation-anion <Å>', '--build: minimum cation–B/H distance')
    .option('--min-cation-cation <Å>', '--build: minimum cation–cation distance')
    .option('--min-hh <Å>', '--build: minimum H–H distance between anions')
    .option('--count <n>', '--build: number of built cells (builder seeds seed … seed+n−1)', '1')
    .option('--copies <n>', 'variants of each structure (own rattle and strain draws)', '1')
    .option('--strain <amp>', 'random symmetric strain, components uniform in [−amp, amp] (e.g. 0.03)')
    .option('--strain-mode <molecular|affine>', 'molecular: bonded molecules (B12H12) move rigidly with their centroids; affine: every atom follows', 'molecular')
    .option('--rattle <σ>', 'Gaussian displacements σ in Å: a number and/or El=σ pairs, e.g. 0.05,Li=0.25')
    .option('--anion-shift <σ>', '--build: rigid Gaussian displacement of each anion (Å)')
    .option('--min-cation-distance <Å[,Å]>', 'after rattle/strain: cations ≥ this from every other atom (and ≥ the second number from other cations); redraws otherwise')
    .option('--seed <n>', 'seed of all random draws', '1')
    .option('--pseudo-dir <dir>', 'pseudopotential folder (default $ESPRESSO_PSEUDO)')
    .option('--pseudo <map>', "pseudopotential files, e.g. Li=Li.UPF,B=B.UPF (default: the study's names, else the one <El>.*.UPF)")
    .option('--np <n>', 'MPI ranks per point (mpirun -np N pw.x)', '2')
    .option('--pw <cmd>', 'pw.x executable', 'pw.x')
    .option('--mpirun <cmd>', 'MPI launcher', 'mpirun')
    .option('--max-points <n>', 'run at most n pending points now (the rest on the next call)')
    .option('--slurm', 'write the inputs and a SLURM array script instead of running')
    .option('--slurm-time <HH:MM:SS>', 'wall time per array task', '01:00:00')
    .option('--collect', 'only rebuild --out from the finished points of --work')
    .option('--no-stoichiometry-check', 'allow cells whose neutrality cannot be checked (not non-neutral M–B–H cells)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', `\nExamples:\n  $ paddlewheel dft-points --build --cation Li --supercell 1x1x1 --count 100 --rattle 0.05,Li=0.25 --strain 0.03 --pseudo-dir pseudo --work pts --np 2\n  $ paddlewheel dft-points --from md.extxyz --frames 0:1000:50 --copies 2 --strain 0.02 --pseudo-dir pseudo --work snap --slurm\n  $ paddlewheel dft-points --collect --work pts --out li2b12h12.extxyz.gz`)
    .action(async (flags: Flags) => runDftPoints(flags));
}

function int(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${flag} ${text}: expected an integer ≥ ${min}`);
  return v;
}

async function makePoints(flags: Flags, v: Variations): Promise<PointSpec[]> {
  if (flags.build && flags.from) throw new UsageError('give either --from or --build, not both (one batch, one source)');
  if (flags.from) return pointsFromTrajectory(flags.from, openOptionsFrom(flags), v);
  if (!flags.build) throw new UsageError('nothing to compute: give --from TRAJ, --build (with builder flags) or --collect');
  const cation = parseCation(flags.cation);
  if (!cation) throw new UsageError('--build needs --cation');
  const ref = REFERENCE_SYSTEMS[cation];
  const lattice = (flags.lattice ?? ref?.lattice) as CubicLattice | undefined;
  if (lattice !== 'fcc' && lattice !== 'bcc') throw new UsageError(`--lattice ${flags.lattice ?? '(none)'}: expected fcc or bcc`);
  const a = positiveNumber('--a', flags.a, 'Å') ?? (ref?.lattice === lattice ? ref.a : undefined);
  if (a === undefined) throw new UsageError(`--a is needed for ${cation} on ${lattice}`);
  if (flags.anionOrientation !== 'random' && flags.anionOrientation !== 'aligned') throw new UsageError(`--anion-orientation ${flags.anionOrientation}: expected random or aligned`);
  const sites = flags.cationSites.split(',').map((x) => x.trim());
  for (const t of sites) if (!(CATION_SITE_CHOICES as readonly string[]).includes(t)) throw new UsageError(`--cation-sites ${flags.cationSites}: expected ${CATION_SITE_CHOICES.join(', ')} (or a comma list, used cell by cell in turn)`);
  const dist = (f: string, t?: string) => (t === undefined ? undefined : positiveNumber(f, t, 'Å'));
  const limits = { cationAnion: dist('--min-cation-anion', flags.minCationAnion), cationCation: dist('--min-cation-cation', flags.minCationCation), hh: dist('--min-hh', flags.minHh) };
  return pointsFromBuild({ cation, lattice, a, supercell: parseSupercell(flags.supercell), orientation: flags.anionOrientation, limits, deuterium: true }, sites as never, int('--count', flags.count, 1)!, v);
}

async function runDftPoints(flags: Flags): Promise<void> {
  const log = new DiagnosticLog();
  const work = resolve(flags.work);
  const out = flags.out ?? join(flags.work, 'points.extxyz.gz');
  if (!/\.(ext)?xyz(\.gz)?$/i.test(out)) throw new UsageError(`--out ${out}: expected an .extxyz or .xyz name (optionally .gz)`);
  const engine: PwEngine = { pw: flags.pw, np: int('--np', flags.np, 1)!, mpirun: flags.mpirun };
  await refuseOutputs([{ flag: '--out', path: out }, { flag: '--work', path: flags.work }], [...(flags.from ?? []), ...(flags.qeInput ? [flags.qeInput] : [])]);
  const started = Date.now();
  const ran: { name: string; seconds: number; state: string }[] = [];
  let points: PointState[];
  if (flags.collect) {
    points = await readPoints(work);
  } else {
    const seed = int('--seed', flags.seed, 0)!;
    const strain = flags.strain === undefined ? 0 : Number(flags.strain);
    if (!(strain >= 0 && strain < 0.5)) throw new UsageError(`--strain ${flags.strain}: expected an amplitude in [0, 0.5)`);
    if (flags.strainMode !== 'molecular' && flags.strainMode !== 'affine') throw new UsageError(`--strain-mode ${flags.strainMode}: expected molecular or affine`);
    const v: Variations = { strainMode: flags.strainMode, seed, copies: int('--copies', flags.copies, 1)!, strain, rattle: parseRattle(flags.rattle), anionShift: dist0(flags.anionShift), minCation: minCation(flags.minCationDistance) };
    const specs = await makePoints(flags, v);
    // Everything is checked before the first file is written.
    for (const p of specs) checkStoichiometry(p.symbols, p.name, !flags.stoichiometryCheck);
    const elements = [...new Set(specs.flatMap((p) => [...new Set(p.symbols)]))];
    const pseudo = resolvePseudopotentials(elements, flags.pseudoDir ?? process.env.ESPRESSO_PSEUDO, parseMap(flags.pseudo));
    for (const el of pseudo.guessed) log.info('I_PSEUDO_GUESSED', `${el}: using ${pseudo.files[el]} (the only ${el} pseudopotential in ${pseudo.dir}; the study's is not there)`);
    if (!flags.slurm) checkEngine(engine);
    const prep = await preparePoints(work, specs, { pseudoDir: pseudo.dir, pseudopotentials: pseudo.files });
    log.info('I_PREPARED', `${prep.prepared} new point folders, ${prep.existing} already there`);
    points = await readPoints(work);
    if (flags.slurm) {
      await writeFileAtomic(join(work, 'points.txt'), `${points.map((p) => p.name).join('\n')}\n`);
      await writeFileAtomic(join(work, 'pw-array.slurm'), pwSlurmArrayScript({ points: points.map((p) => p.name), ntasks: engine.np, time: flags.slurmTime, pw: flags.pw }));
      log.info('I_SLURM', `wrote ${join(work, 'pw-array.slurm')}: cd ${work} && sbatch pw-array.slurm; then paddlewheel dft-points --collect --work ${flags.work}`);
    } else {
      const max = int('--max-points', flags.maxPoints, 0) ?? Infinity;
      const pending = points.filter((p) => p.state === 'pending').slice(0, max);
      const bar = makeProgress('pw.x single points', pending.length);
      setInterruptNote(`the finished points in ${flags.work} are kept; run the same command again to resume`);
      for (const p of pending) {
        const r = await runPwPoint(p.dir, engine);
        if (r.signal) throw new UsageError(`${p.name}: pw.x was stopped (${r.signal}); run the same command again to resume`);
        const s = await readPoint(p.dir, p.name);
        points[points.indexOf(p)] = s;
        ran.push({ name: p.name, seconds: r.seconds, state: s.state });
        if (s.state === 'pending') log.warn('W_PW_NO_OUTPUT', `${p.name}: ${engine.np > 1 ? engine.mpirun : engine.pw} exited with ${r.code} before pw.x started: ${r.stderr.slice(-300)}`);
        bar.tick();
        if (!flags.json) process.stderr.write(`${p.name} ${s.state} in ${fmt(r.seconds)} s${s.result?.energy !== undefined ? `, E = ${s.result.energy.toFixed(4)} eV, ${s.result.scfIterations} SCF iterations` : ''}${s.failure ? `: ${s.failure}` : ''}\n`);
        await writeCombined(points, out);
      }
      bar.stop();
    }
  }
  for (const p of points) if (p.state === 'failed') log.warn('W_PW_FAILED', `${p.name} failed and is left out: ${p.failure}`, { file: join(p.dir, 'pw.out') });
  const frames = await writeCombined(points, out);
  const count = (s: string) => points.filter((p) => p.state === s).length;
  const body = {
    work, output: out, frames,
    points: { total: points.length, done: count('done'), failed: count('failed'), pending: count('pending') },
    failed: points.filter((p) => p.state === 'failed').map((p) => ({ name: p.name, message: p.failure })),
    ran, engine: { ...engine, versions: [...new Set(points.map((p) => p.result?.version).filter((x) => x !== undefined))] }, settings: PW_STUDY_SETTINGS,
    wallSeconds: (Date.now() - started) / 1000,
    units: { energy: 'eV', forces: 'eV/Å', stress: 'eV/Å^3 (ASE sign: pressure = −trace/3)' },
  };
  if (flags.json) return printJson(await envelope('dft-points', { ...flags }, flags.from ?? [], log, body));
  printDiagnostics(log);
  process.stdout.write(`${out}: ${frames} finished points (of ${points.length}: ${count('failed')} failed, ${count('pending')} pending)${ran.length ? `; ran ${ran.length} now in ${fmt(body.wallSeconds)} s` : ''}\n`);
}

function minCation(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const v = text.split(',').map(Number);
  if (v.length > 2 || v.some((x) => !(x > 0))) throw new UsageError(`--min-cation-distance ${text}: expected one or two positive distances in Å`);
  return [v[0]!, v[1] ?? v[0]!];
}

function dist0(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(v >= 0) || text.trim() === '') throw new UsageError(`--anion-shift ${text}: expected σ ≥ 0 in Å`);
  return v;
}

function parseMap(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',').filter((s) => s.trim() !== '')) {
    const m = /^\s*([A-Z][a-z]?)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--pseudo ${text}: expected El=FILE pairs, found ${JSON.stringify(part)}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}
