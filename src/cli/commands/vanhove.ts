import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { openTrajectory, requireFrameSpacing } from '../../io/open.js';
import { vanHoveAnalysis } from '../../analysis/vanhove/analysis.js';
import { resolveVanHoveParams, VANHOVE_DEFAULTS, type VanHoveParams } from '../../analysis/vanhove/params.js';
import { vanHoveOutput } from '../../analysis/vanhove/output.js';
import { runSerial } from '../../run/serial.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface VanHoveFlags extends CommonFlags, ParallelFlags {
  out?: string;
  rmax?: string;
  ngrid?: string;
  sigma?: string;
  tStep?: string;
  stepSkip?: string;
  tmax?: string;
  origins?: string;
  originStep?: string;
  avgNsteps?: string;
  drift?: string;
}

/** `paddlewheel vanhove`: self and distinct van Hove functions on an r–t grid (SPEC section 8). */
export function registerVanHove(program: Command): void {
  const cmd = program
    .command('vanhove')
    .description('van Hove correlation of the mobile cations: self part 4πr²G_s(r,t) and distinct part G_d(r,t) on an r–t grid, averaged over time origins, normalised and smeared as pymatgen-analysis-diffusion\'s VanHoveAnalysis (its defaults are the defaults here); heat maps as SVG/PNG')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .requiredOption('--out <dir>', 'output folder (created if needed): vanhove-self.svg/.png, vanhove-distinct.svg/.png')
    .option('--rmax <Å>', 'largest distance of the radial grid in Å; periodic images within rmax count when it exceeds half the cell', String(VANHOVE_DEFAULTS.rmax))
    .option('--ngrid <n>', 'radial grid points from 0 to rmax (dr = rmax/(ngrid−1))', String(VANHOVE_DEFAULTS.ngrid))
    .option('--sigma <Å>', 'Gaussian smearing in Å (0: plain histogram)', String(VANHOVE_DEFAULTS.sigma))
    .option('--t-step <ps>', `spacing of the time grid in ps, rounded to whole frames (default ${VANHOVE_DEFAULTS.lagStep} frames)`)
    .option('--step-skip <frames>', 'pymatgen\'s name: spacing of the time grid in frames (instead of --t-step)')
    .option('--tmax <ps>', 'largest time of the grid in ps (default: as far as every origin reaches)')
    .option('--origins <n|all>', `number of time origins, or "all" (needs --tmax) (default ${VANHOVE_DEFAULTS.origins})`)
    .option('--origin-step <ps>', 'time between origins in ps, rounded to whole frames (default one frame)')
    .option('--avg-nsteps <n>', 'pymatgen\'s name: n consecutive frames as time origins (instead of --origins/--origin-step)')
    .option('--drift <mode>', 'framework: subtract the mean displacement of all non-cation atoms (as pymatgen); none', 'framework');
  addParallelOptions(addTrajectoryOptions(cmd))
    .addHelpText('after', '\nExamples:\n  $ paddlewheel vanhove md.extxyz.gz --cation Na --out vh --json\n  $ paddlewheel vanhove XDATCAR --dt 20 --cation Na --avg-nsteps 5 --step-skip 5 --out vh   (pymatgen test settings)\n  $ paddlewheel vanhove run*.xyz --cation Li --origins all --origin-step 0.1 --t-step 0.5 --tmax 10 --out vh')
    .action(async (files: string[], flags: VanHoveFlags) => {
      await runVanHove(files, flags);
    });
}

async function runVanHove(files: string[], flags: VanHoveFlags): Promise<void> {
  if ((flags.run ?? []).length > 0) throw new UsageError('vanhove: --run is not supported; give the files of one trajectory (restart segments in order)');
  if (files.length === 0) throw new UsageError('no trajectory given: paddlewheel vanhove FILE… --out DIR');
  const outDir = flags.out!;
  const rmax = positiveNumber('--rmax', flags.rmax, 'Å')!;
  const ngrid = wholeNumber('--ngrid', flags.ngrid, 2)!;
  const sigma = nonNegative('--sigma', flags.sigma, 'Å');
  const drift = flags.drift;
  if (drift !== 'framework' && drift !== 'none') throw new UsageError(`--drift ${drift}: expected framework or none`);
  if (flags.tStep !== undefined && flags.stepSkip !== undefined) throw new UsageError('--t-step and --step-skip both set the time grid; give one');
  if (flags.avgNsteps !== undefined && (flags.origins !== undefined || flags.originStep !== undefined)) throw new UsageError('--avg-nsteps sets the origins; do not combine it with --origins or --origin-step');
  const stepSkip = wholeNumber('--step-skip', flags.stepSkip, 1);
  const tStep = positiveNumber('--t-step', flags.tStep, 'ps');
  const tmax = nonNegative('--tmax', flags.tmax, 'ps', true);
  const originStepPs = positiveNumber('--origin-step', flags.originStep, 'ps');
  const origins: number | 'all' | undefined =
    flags.avgNsteps !== undefined ? wholeNumber('--avg-nsteps', flags.avgNsteps, 1) : flags.origins === 'all' ? 'all' : wholeNumber('--origins', flags.origins, 1);
  if (origins === 'all' && tmax === undefined) throw new UsageError('--origins all needs --tmax (the lag window bounds the memory)');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);

  const diagnostics = new DiagnosticLog();
  // Refused before any frame is read; the files found beside them are checked at the writes.
  await refuseInputs(outDir, [...files, ...(flags.qeInput ? [flags.qeInput] : [])], '--out');
  const traj = await openTrajectory(files, { ...openOptions, diagnostics });
  const spacing = requireFrameSpacing(traj, 'vanhove');
  const lagStep = stepSkip ?? (tStep !== undefined ? toFrames('--t-step', tStep, spacing, diagnostics) : VANHOVE_DEFAULTS.lagStep);
  const params: VanHoveParams = {
    rmax, ngrid, sigma: sigma ?? VANHOVE_DEFAULTS.sigma, lagStep, drift, origins,
    originStep: originStepPs !== undefined ? toFrames('--origin-step', originStepPs, spacing, diagnostics) : 1,
    maxLagSteps: tmax === undefined ? undefined : Math.floor(tmax / (lagStep * spacing) + 1e-9),
  };
  const resolved = resolveVanHoveParams(params);

  const progress = makeProgress('vanhove');
  const t0 = performance.now();
  let run;
  try {
    run = await runSerial(traj, vanHoveAnalysis, params, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() });
  } finally {
    progress.stop();
  }
  const { result, context, frames } = run;
  const seconds = (performance.now() - t0) / 1000;
  const cationLabel = context.ions.cationSymbols.join(',');
  if (result.self.length < 2) diagnostics.warn('W_SHORT_TIME_GRID', `vanhove: only ${result.self.length} time row(s); the trajectory (${frames} frames) is short for the time grid (${lagStep} frames per row, ${result.origins} origins) — lower --t-step/--step-skip or the origins`);

  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${outDir}: cannot create the output folder (${(e as Error).message})`);
  }
  const dt = lagStep * spacing;
  const { body, files: outputs } = vanHoveOutput({ result, frames, spacing, lagStep, cationLabel, drift, outDir, resolved });
  for (const f of outputs) await writeFileAtomic(f.path, f.data, traj.paths, '--out');
  const figures = body.figures as Record<string, { svg: string; png: string }>;
  const jsonParams = {
    files, cation: cationLabel, rmax, ngrid, sigma: result.sigma, lagStepFrames: lagStep, tmax: tmax ?? null,
    origins: origins ?? VANHOVE_DEFAULTS.origins, originStepFrames: resolved.originStep, drift, out: outDir, frames: flags.frames,
  };
  if (flags.json) {
    printJson(await envelope('vanhove', jsonParams, traj.paths, diagnostics, body));
    return;
  }
  const tLast = result.t && result.t.length ? result.t[result.t.length - 1]! : 0;
  const lines = [
    `van Hove of ${cationLabel} (${result.cations} cations) over ${frames} frames, ${result.origins} time origins`,
    `grid       ${result.self.length} times × ${result.ngrid} radii: t = 0…${fmt(tLast)} ps every ${fmt(dt)} ps, r = 0…${fmt(rmax)} Å every ${fmt(result.dr)} Å`,
    `smearing   σ = ${fmt(result.sigma)} Å; drift ${drift}; distinct pairs by ${body.images}`,
    `density    ρ = ${fmt(result.density)} Å⁻³`,
    ...Object.entries(figures).map(([k, f]) => `figure     ${k}: ${f.svg}, ${f.png}`),
    `time       ${fmt((seconds / frames) * 1000)} ms per frame (reading included)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  printDiagnostics(diagnostics);
}

/** Whole number ≥ min from a flag, or UsageError. */
function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < min) throw new UsageError(`${flag} ${text}: expected a whole number ≥ ${min}`);
  return v;
}

function nonNegative(flag: string, text: string | undefined, unit: string, positive = false): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) throw new UsageError(`${flag} ${text}: expected a ${positive ? 'positive' : 'non-negative'} number in ${unit}`);
  return v;
}

/** A time in ps as a whole number of frames; a note when it had to be rounded. */
function toFrames(flag: string, ps: number, spacing: number, diagnostics: DiagnosticLog): number {
  const n = ps / spacing, k = Math.round(n);
  if (k < 1) throw new UsageError(`${flag} ${ps} ps is shorter than one frame (${fmt(spacing)} ps)`);
  if (Math.abs(n - k) > 1e-6 * n) diagnostics.info('I_TIME_ROUNDED', `${flag} ${ps} ps rounded to ${k} frames (${fmt(k * spacing)} ps)`);
  return k;
}
