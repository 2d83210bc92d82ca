import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { normaliseSymbol } from '../../core/elements.js';
import type { Quantity } from '../../core/result.js';
import { openTrajectory, requireFrameSpacing } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { checkRotationParams, rotationAnalysis, type RotationParams } from '../../analysis/rotation/analysis.js';
import type { RotationResult } from '../../analysis/rotation/result.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, parseRuns, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface RotationFlags extends CommonFlags, ParallelFlags {
  element?: string;
  maxLag?: string;
  model?: string;
  fitStart?: string;
}

/** `paddlewheel rotation`: anion reorientation autocorrelations C1, C2 and relaxation times (SPEC section 7). */
export function registerRotation(program: Command): void {
  const cmd = program
    .command('rotation')
    .description('anion reorientation: C1 = ⟨r̂(t)·r̂(t+Δt)⟩ and C2 = ⟨P2(r̂(t)·r̂(t+Δt))⟩ over anions, their atoms of one element and all time origins (FFT), with fitted relaxation times τ1, τ2')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--element <symbol>', 'anion atoms whose directions from the anion centre are followed (default: the most numerous element, ties the heavier)')
    .option('--max-lag <ps>', 'longest lag (default: half the time span)')
    .option('--model <name>', 'fit model: stretched (A·exp(−(t/τ)^β)) or exponential (A·exp(−t/τ))', 'stretched')
    .option('--fit-start <ps>', 'leave lags below this out of the fit', '0')
    .addHelpText('after', `
τ1 and τ2 are the integral times (τ/β)·Γ(1/β) of the fitted decays; errors by a delete-one-anion
jackknife when there are ≥ 3 anions, else from the fit covariance (a lower bound).
Examples:
  $ paddlewheel rotation md-segment/lbh.pos continuation/lbh.pos --qe-input run_02b.in --anion B12H12 --element B
  $ paddlewheel rotation run1/XDATCAR.gz run2/XDATCAR.gz --dt 100 --anion PS4 --element S --json`);
  addParallelOptions(addTrajectoryOptions(cmd)).action(async (files: string[], flags: RotationFlags) => {
    await runRotation(files, flags);
  });
}

/** Parse the rotation flags (before any file is read). */
export function rotationParamsFrom(flags: RotationFlags): RotationParams {
  let element: string | undefined;
  if (flags.element !== undefined) {
    element = normaliseSymbol(flags.element) ?? undefined;
    if (!element) throw new UsageError(`--element ${flags.element}: expected an element symbol such as B or S`);
  }
  const fitStart = flags.fitStart === undefined ? 0 : Number(flags.fitStart);
  if (!Number.isFinite(fitStart) || fitStart < 0 || flags.fitStart?.trim() === '') throw new UsageError(`--fit-start ${flags.fitStart}: expected a time ≥ 0 in ps`);
  const model = (flags.model ?? 'stretched') as RotationParams['model'];
  const p: RotationParams = { element, maxLag: positiveNumber('--max-lag', flags.maxLag, 'ps'), model, fitStart };
  checkRotationParams(p);
  return p;
}

async function runRotation(files: string[], flags: RotationFlags): Promise<void> {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel rotation FILE… (or --run LABEL:FILE…)');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const params = rotationParamsFrom(flags);
  const diagnostics = new DiagnosticLog();
  const items = runs.length ? runs : [{ label: undefined as string | undefined, files }];
  const bodies: (RotationResult & { label?: string })[] = [];
  const inputs: string[] = [];
  for (const run of items) {
    const traj = await openTrajectory(run.files, { ...openOptions, diagnostics });
    requireFrameSpacing(traj, 'rotation');
    inputs.push(...traj.paths);
    const progress = makeProgress(run.label ? `rotation ${run.label}` : 'rotation');
    try {
      const { result } = await runSerial(traj, rotationAnalysis, params, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() });
      bodies.push(run.label ? { label: run.label, ...result } : result);
    } finally {
      progress.stop();
    }
  }
  if (flags.json) {
    const p = { ...params, cation, anion: flags.anion, frames: flags.frames, run: runs.length ? runs : undefined };
    printJson(await envelope('rotation', p, inputs, diagnostics, runs.length ? { runs: bodies } : { ...bodies[0]! }));
    return;
  }
  for (const b of bodies) process.stdout.write(`${formatRotationTable(b)}\n`);
  printDiagnostics(diagnostics);
}

/** The human-readable summary: relaxation times and a thinned C1/C2 table. */
export function formatRotationTable(r: RotationResult & { label?: string }): string {
  const tau = (q: Quantity | null) => (q ? `${fmt(q.value)}${q.stderr !== undefined ? ` ± ${fmt(q.stderr)}` : ''} ps (β = ${fmt(q.beta as number, 3)}, A = ${fmt(q.amplitude as number, 3)})` : '— (not fitted: see the warnings)');
  const step = Math.max(1, Math.ceil(r.lag.length / 12));
  const rows: string[] = [];
  for (let m = 0; m < r.lag.length; m += step) rows.push(`${fmt(r.lag[m]).padStart(10)}  ${r.C1[m]!.toFixed(4).padStart(8)}  ${r.C2[m]!.toFixed(4).padStart(8)}`);
  return [
    ...(r.label ? [`run ${r.label}`] : []),
    `${r.anions} ${r.formula} anions, ${r.vectors} ${r.element} directions, ${r.frames} frames`,
    `τ1 = ${tau(r.tau1)}`,
    `τ2 = ${tau(r.tau2)}`,
    `fit: ${r.fit.model}, window ${fmt(r.fit.window[0])}–${fmt(r.fit.window[1])} ps; errors: ${r.fit.errors}`,
    '',
    `${'lag (ps)'.padStart(10)}  ${'C1'.padStart(8)}  ${'C2'.padStart(8)}`,
    ...rows,
    '',
  ].join('\n');
}
