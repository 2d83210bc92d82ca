import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import type { Quantity } from '../../core/result.js';
import { openTrajectory } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { distortionAnalysis } from '../../analysis/distortion/analysis.js';
import { checkDistortionParams, DEFAULT_DISTORTION_PARAMS, type DistortionParams } from '../../analysis/distortion/model.js';
import type { DistortionResult, ElementDistortion } from '../../analysis/distortion/result.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, parseRuns, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface DistortionFlags extends CommonFlags, ParallelFlags {
  blocks?: string;
  bins?: string;
  histogramMax?: string;
}

/** `paddlewheel distortion`: anion distortion by radial spread and rigid-fit RMSD (SPEC section 7). */
export function registerDistortion(program: Command): void {
  const cmd = program
    .command('distortion')
    .description('anion distortion per element: std of the distances from the anion centre (the study\'s measure) and RMSD after a rigid Kabsch fit to a regular shape of fitted size, with block errors and histograms')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--blocks <n>', 'contiguous frame blocks for the standard errors', String(DEFAULT_DISTORTION_PARAMS.blocks))
    .option('--bins <n>', 'histogram bins', String(DEFAULT_DISTORTION_PARAMS.bins))
    .option('--histogram-max <Å>', 'histogram range 0 … this', String(DEFAULT_DISTORTION_PARAMS.histogramMax))
    .addHelpText('after', `
radialStd is the population standard deviation (divide by n) of one element's distances from
the anion centre of mass, per anion and frame (0 for a regular shape); kabschRmsd fits the whole
anion with one rotation and one radius per element to regular shells (icosahedron for 12 atoms,
tetrahedron for 4, octahedron for 6, triangle 3, line 2, centre 1).
Examples:
  $ paddlewheel distortion md-segment/lbh.pos continuation/lbh.pos --qe-input run_02b.in --anion B12H12
  $ paddlewheel distortion run1/XDATCAR.gz --dt 100 --anion PS4 --json`);
  addParallelOptions(addTrajectoryOptions(cmd)).action(async (files: string[], flags: DistortionFlags) => {
    await runDistortion(files, flags);
  });
}

/** Parse the distortion flags (before any file is read). */
export function distortionParamsFrom(flags: DistortionFlags): DistortionParams {
  const int = (flag: string, text: string | undefined, dflt: number) => {
    if (text === undefined) return dflt;
    const v = Number(text);
    if (!Number.isInteger(v) || text.trim() === '') throw new UsageError(`${flag} ${text}: expected an integer`);
    return v;
  };
  const p: DistortionParams = {
    blocks: int('--blocks', flags.blocks, DEFAULT_DISTORTION_PARAMS.blocks),
    bins: int('--bins', flags.bins, DEFAULT_DISTORTION_PARAMS.bins),
    histogramMax: positiveNumber('--histogram-max', flags.histogramMax, 'Å') ?? DEFAULT_DISTORTION_PARAMS.histogramMax,
  };
  checkDistortionParams(p);
  return p;
}

async function runDistortion(files: string[], flags: DistortionFlags): Promise<void> {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel distortion FILE… (or --run LABEL:FILE…)');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const params = distortionParamsFrom(flags);
  const diagnostics = new DiagnosticLog();
  const items = runs.length ? runs : [{ label: undefined as string | undefined, files }];
  const bodies: (DistortionResult & { label?: string })[] = [];
  const inputs: string[] = [];
  for (const run of items) {
    const traj = await openTrajectory(run.files, { ...openOptions, diagnostics });
    inputs.push(...traj.paths);
    const progress = makeProgress(run.label ? `distortion ${run.label}` : 'distortion');
    try {
      const { result } = await runSerial(traj, distortionAnalysis, params, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() });
      bodies.push(run.label ? { label: run.label, ...result } : result);
    } finally {
      progress.stop();
    }
  }
  if (flags.json) {
    const p = { ...params, cation, anion: flags.anion, frames: flags.frames, run: runs.length ? runs : undefined };
    printJson(await envelope('distortion', p, inputs, diagnostics, runs.length ? { runs: bodies } : { ...bodies[0]! }));
    return;
  }
  for (const b of bodies) process.stdout.write(`${formatDistortionTable(b)}\n`);
  printDiagnostics(diagnostics);
}

/** The human-readable table: one row per element. */
export function formatDistortionTable(r: DistortionResult & { label?: string }): string {
  const pm = (x: Quantity | null) => (x ? `${x.value.toFixed(4)}${x.stderr !== undefined ? ` ± ${x.stderr.toFixed(4)}` : ''}` : '—');
  const rows = r.elements.map((e) => {
    const d = r[e] as ElementDistortion;
    return `${e.padEnd(4)} ${String(d.atoms).padStart(5)}  ${d.shape.padEnd(12)} ${pm(d.radius).padEnd(18)} ${pm(d.radialStd).padEnd(18)} ${pm(d.kabschRmsd)}`;
  });
  const firstStd = r.elements.map((e) => (r[e] as ElementDistortion).radialStd ?? (r[e] as ElementDistortion).kabschRmsd).find((q) => q?.method);
  return [
    ...(r.label ? [`run ${r.label}`] : []),
    `${r.anions} ${r.formula} anions, ${r.frames} frames`,
    '',
    `elem atoms  shape        radius (Å)         radialStd (Å)      kabschRmsd (Å)`,
    ...rows,
    '',
    `errors: ${firstStd?.method ?? 'too few frames for block errors'}`,
    '',
  ].join('\n');
}
