import { Option, type Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { openTrajectory, requireFrameSpacing, type Trajectory } from '../../io/open.js';
import { msdAnalysis, parseCharges, parseCollective, parseDrift, parseFitWindow, type MsdParams, type MsdResult } from '../../analysis/msd/index.js';
import { runSerial } from '../../run/serial.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, parseRuns, positiveNumber, temperatureFrom, type CommonFlags, type ParallelFlags, type RunSpec } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface MsdFlags extends CommonFlags, ParallelFlags {
  fit?: string;
  maxLag?: string;
  drift?: string;
  collective?: string;
  jumpThreshold?: string;
  charge?: string[];
  csv?: string;
}

const HELP = `
What is computed:
  positions are unwrapped frame to frame in each frame's cell (NPT works); the framework drift
  (--drift) is subtracted; the tracer MSD of the --cation atoms is averaged over atoms and all
  time origins (FFT algorithm); D* = slope/6 over the fit window, its standard error from a
  generalised least-squares fit with the covariance of overlapping time origins (free-diffusion
  model), or the atom-to-atom spread of slopes when larger. The collective MSD of P = Σ qᵢrᵢ gives
  σ = slope/(6·V·k_B·T) (S/cm; needs a temperature), σ_NE = Σqᵢ²·D*/(V·k_B·T) (mobile ions), and
  the Haven ratio H_R = D*/D_σ = σ_NE/σ.
  --collective all-ions (default): P sums every ion of the cell — mobile cations, molecular
  anions as rigid units at their centre of mass (B12H12 −2, PS4 −3, …), monatomic anions (S −2,
  Cl −1, …) and spectator cations — with formal charges (--charge overrides; one unknown ion
  gets its charge from charge balance). The cell must be neutral; then P does not change under
  a uniform translation, so σ does not depend on --drift. --collective cations: the mobile ions
  only, relative to the --drift reference (σ then depends on it).
  Memory: (mobile ions + framework points + other ions) × frames × 3 doubles.

Examples:
  $ paddlewheel msd run1/XDATCAR run2/XDATCAR --dt 100 --cation Li --temperature 500 --json
  $ paddlewheel msd traj.extxyz.gz --cation Na --fit 0.2ps:1.2ps --csv msd.csv
  $ paddlewheel msd --run 600K:a1.xyz,a2.xyz --cation Li --drift species:B
  $ paddlewheel msd li2b12h12.xyz --cation Li --charge B12H12=-2 --collective all-ions`;

/** `paddlewheel msd`: tracer and collective MSD, D*, σ, σ_NE and the Haven ratio (SPEC section 4). */
export function registerMsd(program: Command): void {
  const cmd = program
    .command('msd')
    .description('mean squared displacement of the mobile ions: D* (cm²/s) with a named standard error, collective MSD, conductivity σ (S/cm), Nernst–Einstein σ and Haven ratio; CSV of the curves')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--fit <start:end>', 'fit window of the MSD in ps (e.g. 2:20, 2ps:20ps, 500fs:10ps; default 10 %–60 % of the duration)')
    .option('--max-lag <ps>', 'largest lag of the returned curves in ps (default half the duration, or the fit window end if later)')
    .option('--drift <mode>', 'subtract the framework drift: framework (mean of the anion centres), species:X (mean of element X) or none', 'framework')
    .option('--collective <mode>', 'ions in the collective (charge) MSD behind σ: all-ions (every ion of the neutral cell; independent of --drift) or cations (mobile ions only, relative to --drift)', 'all-ions')
    .option('--jump-threshold <fraction>', 'flag frame-to-frame steps longer than this fraction of the shortest cell height', '0.3')
    .addOption(new Option('--charge <ion=q>', 'charge in e of an ion, an element or a molecular-ion formula, e.g. Li=1,B12H12=-2 (repeatable or comma-separated; defaults: +1 alkali, Cu, Ag; +2 alkaline earth, Zn; formal charges of common anions)').argParser(collect))
    .option('--csv <file>', 'write the curves: lag_ps, msd, msd_x, msd_y, msd_z, collective (with several --run, one file per run: NAME-LABEL.csv)');
  addParallelOptions(addTrajectoryOptions(cmd))
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: MsdFlags) => {
      await runMsd(files, flags);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function runMsd(files: string[], flags: MsdFlags): Promise<void> {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel msd FILE… --cation Li (or --run LABEL:FILE…)');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const temperature = temperatureFrom(flags);
  const jump = positiveNumber('--jump-threshold', flags.jumpThreshold, 'fraction of the cell height');
  const base: MsdParams = {
    fit: parseFitWindow(flags.fit),
    maxLag: positiveNumber('--max-lag', flags.maxLag, 'ps'),
    drift: parseDrift(flags.drift),
    collective: parseCollective(flags.collective),
    jumpThreshold: jump,
    charges: parseCharges(flags.charge),
  };
  const items: RunSpec[] = runs.length ? runs : [{ label: '', files }];
  const diagnostics = new DiagnosticLog();
  const trajs: Trajectory[] = [];
  // Open every run and check what can be checked before any frame is read.
  for (const run of items) {
    const traj = await openTrajectory(run.files, { ...openOptions, diagnostics });
    const dt = requireFrameSpacing(traj, 'the MSD');
    precheckWindow(base, traj, dt);
    trajs.push(traj);
  }
  // Every --csv file is checked against every run's inputs before anything is computed.
  const csvFor = (label: string) => (items.length > 1 ? flags.csv!.replace(/(\.csv)?$/i, `-${label.replace(/[^\w.-]+/g, '_')}.csv`) : flags.csv!);
  if (flags.csv) for (const run of items) await refuseInputs(csvFor(run.label), trajs.flatMap((t) => t.paths), '--csv');
  const bodies: (MsdResult & { label?: string; csvFile?: string })[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const run = items[i]!, traj = trajs[i]!;
    inputs.push(...traj.paths);
    const params: MsdParams = { ...base };
    if (temperature !== undefined) { params.temperature = temperature; params.temperatureSource = '--temperature'; }
    else if (run.temperature !== undefined) { params.temperature = run.temperature; params.temperatureSource = `--run label ${run.label}`; }
    const progress = makeProgress(run.label ? `msd ${run.label}` : 'msd');
    let result: MsdResult;
    try {
      ({ result } = await runSerial(traj, msdAnalysis, params, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() }));
    } finally {
      progress.stop();
    }
    const body: MsdResult & { label?: string; csvFile?: string } = run.label ? { label: run.label, ...result } : { ...result };
    if (flags.csv) {
      body.csvFile = csvFor(run.label);
      await writeFileAtomic(body.csvFile, formatMsdCsv(result), trajs.flatMap((t) => t.paths), '--csv');
    }
    bodies.push(body);
  }
  const params = { files, runs: runs.length ? runs : undefined, cation: cation ?? null, anion: flags.anion, fit: base.fit ?? null, maxLag: base.maxLag ?? null, drift: flags.drift, collective: base.collective, jumpThreshold: jump ?? 0.3, charges: base.charges ?? null, temperature: temperature ?? null, frames: flags.frames, dt: flags.dt };
  if (flags.json) {
    printJson(await envelope('msd', params, inputs, diagnostics, runs.length ? { runs: bodies } : { ...bodies[0]! }));
    return;
  }
  for (const b of bodies) printSummary(b);
  printDiagnostics(diagnostics);
}

/** With a finite `--frames` stop the duration is bounded before reading: reject a window beyond it. */
function precheckWindow(p: MsdParams, traj: Trajectory, dt: number): void {
  const sel = traj.selection;
  if (!p.fit || !Number.isFinite(sel.stop)) return;
  const frames = Math.ceil((sel.stop - sel.start) / sel.step);
  const duration = (frames - 1) * dt;
  if (p.fit.end > duration * (1 + 1e-9)) {
    throw new UsageError(`--fit ${p.fit.start}:${p.fit.end} ps: ends after the selected frames (at most ${frames} frames × ${fmt(dt)} ps = ${fmt(duration)} ps of lags)`);
  }
}

/** The curves as CSV: lag_ps, msd, msd_x, msd_y, msd_z, collective (Å², e²Å² for the collective). */
export function formatMsdCsv(r: MsdResult): string {
  const rows = ['lag_ps,msd,msd_x,msd_y,msd_z,collective'];
  const c = r.msdComponents;
  for (let i = 0; i < r.lag.length; i++) {
    rows.push([r.lag[i], r.msd[i], c.x[i], c.y[i], c.z[i], r.collectiveMsd[i]].map((v) => String(v)).join(','));
  }
  return `${rows.join('\n')}\n`;
}

function pm(q: { value: number; stderr: number } | null, unit: string): string {
  return q ? `${fmt(q.value)} ± ${fmt(q.stderr)} ${unit}` : '— (no temperature)';
}

function printSummary(b: MsdResult & { label?: string; csvFile?: string }): void {
  const lines = [
    b.label ? `run ${b.label}` : undefined,
    `ions          ${b.species.join(',')} × ${b.atoms}, ${b.frames} frames of ${fmt(b.frameSpacing * 1000)} fs (${fmt((b.frames - 1) * b.frameSpacing)} ps)`,
    `drift         ${b.drift.mode} (largest ${fmt(b.drift.maxDisplacement)} Å)`,
    `collective    ${b.collectiveMsdMethod.mode} (${b.collectiveMsdMethod.ions.map((k) => `${k.count} ${k.ion} ${k.charge > 0 ? '+' : ''}${fmt(k.charge)}`).join(', ')})`,
    `fit window    ${fmt(b.fitWindow[0])}–${fmt(b.fitWindow[1])} ps (${b.fit.lags.length} lags)`,
    `D*            ${pm(b.D, 'cm²/s')}  (${pm(b.DAngstrom, 'Å²/ps')})`,
    `D* x, y, z    ${fmt(b.DComponents.x.value)}, ${fmt(b.DComponents.y.value)}, ${fmt(b.DComponents.z.value)} cm²/s`,
    `D_σ           ${pm(b.DSigma, 'cm²/s')}`,
    `Haven ratio   ${pm(b.havenRatio, '')}`.trimEnd(),
    `temperature   ${b.temperature ? `${fmt(b.temperature.value)} K (${b.temperature.source})` : 'unknown'}`,
    `σ             ${pm(b.conductivity, 'S/cm')}`,
    `σ_NE          ${pm(b.conductivityNernstEinstein, 'S/cm')}`,
    `error method  ${b.D.method}`,
    b.csvFile ? `csv           ${b.csvFile}` : undefined,
  ].filter((l): l is string => l !== undefined);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
