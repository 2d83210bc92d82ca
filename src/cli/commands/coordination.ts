import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { openTrajectory } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { coordinationAnalysis, type CoordinationResult, DEFAULT_SMOOTHING } from '../../analysis/rdf/index.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, type CommonFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';
import { addPairOptions, computeRdf, GROUP_HELP, type PairFlags, rdfParamsFrom } from './rdf.js';

interface CoordinationFlags extends PairFlags, CommonFlags {
  blocks?: string;
}

/** `paddlewheel coordination`: distribution of instantaneous first-shell coordination numbers (SPEC section 5). */
export function registerCoordination(program: Command): void {
  const cmd = program
    .command('coordination')
    .description('distribution over anions and frames of the instantaneous number of cations within r₁ (first minimum of g(r) unless --r1), with the mean and its block error')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--blocks <n>', 'blocks for the jackknife standard error of the mean', '10');
  addParallelOptions(addTrajectoryOptions(addPairOptions(cmd)))
    .addHelpText('after', `${GROUP_HELP}
Without --r1 the trajectory is read twice: g(r) first (for r₁), then the counts.
Examples:
  $ paddlewheel coordination md/lbh.pos --qe-input md.in --cation Li --anion B12H12
  $ paddlewheel coordination traj.extxyz.gz --pair PS4:Na --r1 4.2 --json`)
    .action(async (files: string[], flags: CoordinationFlags) => {
      await runCoordination(files, flags);
    });
}

async function runCoordination(files: string[], flags: CoordinationFlags): Promise<void> {
  const params = rdfParamsFrom(flags);
  const blocks = Number(flags.blocks ?? '10');
  if (!Number.isInteger(blocks) || blocks < 2) throw new UsageError(`--blocks ${flags.blocks}: expected an integer ≥ 2`);
  if ((flags.run ?? []).length > 0) throw new UsageError('coordination: --run is not supported; give the files of one trajectory (restart segments in order)');
  if (files.length === 0) throw new UsageError('no trajectory given: paddlewheel coordination FILE…');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const diagnostics = new DiagnosticLog();
  let r1 = params.r1, r1Method = 'given (--r1)';
  if (r1 === undefined) {
    const { result } = await computeRdf(files, flags, params, diagnostics, 'coordination (g(r) for r₁)');
    if (!result.r1) throw new PaddlewheelError('E_USAGE', `g(r) has no minimum after its main peak below rmax = ${params.binning.rmax} Å; raise --rmax or give --r1`);
    r1 = result.r1.value;
    r1Method = result.r1.method;
  }
  const traj = await openTrajectory(files, { ...openOptions, diagnostics });
  const progress = makeProgress('coordination');
  let result: CoordinationResult;
  try {
    ({ result } = await runSerial(traj, coordinationAnalysis, { a: params.a, b: params.b, r1, blocks }, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() }));
  } finally {
    progress.stop();
  }
  const body = { ...result, r1: { ...result.r1, method: r1Method } };
  if (flags.json) {
    const p = { files, cation: flags.cation, anion: flags.anion, pair: `${params.a.label}:${params.b.label}`, r1: params.r1 ?? null, rmax: quantity(params.binning.rmax, 'Å'), bins: params.binning.nbins, smoothing: quantity(params.smoothing ?? DEFAULT_SMOOTHING, 'Å'), blocks, frames: flags.frames };
    printJson(await envelope('coordination', p, traj.paths, diagnostics, body));
    return;
  }
  const m = body.mean;
  const lines = [
    `${body.pair.b} within r₁ = ${fmt(r1)} Å of each ${body.pair.a} (${r1Method}): ${body.centres} centres × ${body.frames} frames`,
    `mean ${fmt(m.value)}${m.stderr !== undefined ? ` ± ${fmt(m.stderr)} (${m.method})` : ''}`,
    '',
    `${'n'.padStart(4)} ${'fraction'.padStart(9)}`,
    ...body.histogram.filter((h) => h.count > 0).map((h) => `${String(h.n).padStart(4)} ${h.fraction.toFixed(4).padStart(9)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  printDiagnostics(diagnostics);
}
