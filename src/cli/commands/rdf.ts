import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { openTrajectory } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { checkR1, DEFAULT_SMOOTHING, makeBinning, parseGroup, parsePair, rdfAnalysis, type RdfParams, type RdfResult } from '../../analysis/rdf/index.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

/** Flags shared by `rdf` and `coordination`. */
export interface PairFlags extends CommonFlags, ParallelFlags {
  pair?: string;
  rmax?: string;
  bin?: string;
  r1?: string;
  smoothing?: string;
}

/** Help text of the group syntax (shared with `coordination`). */
export const GROUP_HELP = `
Groups (--pair A:B; g(r) counts B around A; default anions:cations):
  anions      centres of mass of the anions chosen by --anion (a monatomic anion: its atom)
  cations     the mobile cations chosen by --cation
  Li, S, …    every atom of that element
  B12H12, PS4 centres of mass of the chosen anions of that formula
  X,Y         the union of groups, e.g. anions:Li,Na
Every periodic image within rmax counts, so rmax may exceed half the cell (triclinic too).`;

/** Add the pair/binning options to a command. */
export function addPairOptions(cmd: Command): Command {
  return cmd
    .option('--pair <A:B>', 'the two groups (see below); default anions:cations')
    .option('--rmax <Å>', 'outer radius of g(r) in Å (may exceed half the cell)', '10')
    .option('--bin <Å>', 'bin width in Å', '0.05')
    .option('--r1 <Å>', 'first-shell cutoff in Å instead of the first minimum of g(r)')
    .option('--smoothing <Å>', `Gaussian σ in Å of the smoothing before the minimum search (0 = none)`, String(DEFAULT_SMOOTHING));
}

/** Parse the pair flags into g(r) parameters (before any file is read). */
export function rdfParamsFrom(flags: PairFlags): RdfParams {
  const [a, b] = flags.pair === undefined ? [parseGroup('anions'), parseGroup('cations')] : parsePair(flags.pair);
  const binning = makeBinning(positiveNumber('--rmax', flags.rmax ?? '10', 'Å')!, positiveNumber('--bin', flags.bin ?? '0.05', 'Å')!);
  const r1 = positiveNumber('--r1', flags.r1, 'Å');
  checkR1(r1, binning);
  const smoothing = flags.smoothing === undefined ? DEFAULT_SMOOTHING : Number(flags.smoothing);
  if (!(smoothing >= 0 && Number.isFinite(smoothing)) || flags.smoothing?.trim() === '') throw new UsageError(`--smoothing ${flags.smoothing}: expected a number ≥ 0 in Å`);
  return { a, b, binning, r1, smoothing };
}

/** `paddlewheel rdf`: g(r), n(r), r₁ and the mean first-shell coordination (SPEC section 5). */
export function registerRdf(program: Command): void {
  const cmd = program
    .command('rdf')
    .description('radial distribution function g(r) between two groups (default anion centres and cations), running coordination n(r), first-shell cutoff r₁ and mean coordination n(r₁)')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run');
  addParallelOptions(addTrajectoryOptions(addPairOptions(cmd)))
    .addHelpText('after', `${GROUP_HELP}
Examples:
  $ paddlewheel rdf md/lbh.pos --qe-input md.in --cation Li --anion B12H12
  $ paddlewheel rdf traj.extxyz.gz --pair S:Na --rmax 7 --bin 0.02 --json`)
    .action(async (files: string[], flags: PairFlags) => {
      await runRdf(files, flags);
    });
}

/** Run g(r) over one trajectory (shared with `coordination` for its r₁). */
export async function computeRdf(files: string[], flags: PairFlags, params: RdfParams, diagnostics: DiagnosticLog, label = 'rdf'): Promise<{ result: RdfResult; paths: string[]; frames: number; seconds: number }> {
  if ((flags.run ?? []).length > 0) throw new UsageError(`${label}: --run is not supported; give the files of one trajectory (restart segments in order)`);
  if (files.length === 0) throw new UsageError(`no trajectory given: paddlewheel ${label} FILE…`);
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const traj = await openTrajectory(files, { ...openOptions, diagnostics });
  const progress = makeProgress(label);
  const t0 = performance.now();
  try {
    const { result, frames } = await runSerial(traj, rdfAnalysis, params, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() });
    return { result, paths: traj.paths, frames, seconds: (performance.now() - t0) / 1000 };
  } finally {
    progress.stop();
  }
}

async function runRdf(files: string[], flags: PairFlags): Promise<void> {
  const params = rdfParamsFrom(flags);
  const diagnostics = new DiagnosticLog();
  const { result, paths, seconds } = await computeRdf(files, flags, params, diagnostics);
  if (flags.json) {
    const p = { files, cation: flags.cation, anion: flags.anion, pair: `${params.a.label}:${params.b.label}`, rmax: quantity(params.binning.rmax, 'Å'), bin: quantity(params.binning.rmax / params.binning.nbins, 'Å'), bins: params.binning.nbins, smoothing: quantity(params.smoothing ?? DEFAULT_SMOOTHING, 'Å'), r1: params.r1 ?? null, frames: flags.frames };
    printJson(await envelope('rdf', p, paths, diagnostics, { ...result }));
    return;
  }
  process.stdout.write(`${formatRdf(result, seconds)}\n`);
  printDiagnostics(diagnostics);
}

/** Human-readable summary and a coarse table of g(r) and n(r). */
export function formatRdf(r: RdfResult, seconds?: number): string {
  const step = Math.max(1, Math.ceil(r.r.length / 40));
  const rows = r.r.flatMap((x, k) => (k % step === step - 1 ? [`${fmt(r.rEdge[k]!, 4).padStart(8)} ${fmt(r.g[k]!).padStart(8)} ${fmt(r.n[k]!).padStart(8)}`] : []));
  const lines = [
    `g(r) of ${r.pair.b} around ${r.pair.a}: ${r.centres} × ${r.neighbours} points, ${r.frames} frames, mean volume ${fmt(r.meanVolume.value)} Å³`,
    r.r1 ? `r₁ = ${fmt(r.r1.value)} Å (${r.r1.method})` : 'r₁: no minimum after the main peak below rmax (raise --rmax or give --r1)',
    r.r1?.peak !== undefined ? `main peak at ${fmt(r.r1.peak)} Å (smoothed g = ${fmt(r.r1.gPeak)}); g at r₁ = ${fmt(r.r1.gMin)}` : undefined,
    r.meanCoordination ? `mean first-shell coordination n(r₁) = ${fmt(r.meanCoordination.value)}` : undefined,
    seconds !== undefined ? `time ${fmt(seconds)} s (reading included)` : undefined,
    '',
    `${'r (Å)'.padStart(8)} ${'g'.padStart(8)} ${'n(r)'.padStart(8)}   (every ${step}. bin, at its outer edge)`,
    ...rows,
  ].filter((l): l is string => l !== undefined);
  return lines.join('\n');
}
