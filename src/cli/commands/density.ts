import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { openTrajectory } from '../../io/open.js';
import { densityAnalysis } from '../../analysis/density/density.js';
import { DEFAULT_SLICES, parseSlice } from '../../analysis/density/slice.js';
import { densityOutput } from '../../analysis/density/output.js';
import { runSerial } from '../../run/serial.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface DensityFlags extends CommonFlags, ParallelFlags {
  out?: string;
  spacing?: string;
  slice?: string[];
  sliceThickness?: string;
}

/** `paddlewheel density`: time-averaged cation density → cube file and slice heat maps (SPEC section 3). */
export function registerDensity(program: Command): void {
  const cmd = program
    .command('density')
    .description('time-averaged cation number density on a grid: Gaussian cube file (anion centres as atoms) and 2-D slices as SVG/PNG heat maps')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .requiredOption('--out <dir>', 'output folder (created if needed): density.cube, slice-*.svg, slice-*.png')
    .option('--spacing <Å>', 'target voxel edge in Å (grid counts round(|a_i|/spacing))', '0.2')
    .addOption(new Option('--slice <axis=fraction>', `cross-section perpendicular to a fractional axis, e.g. z=0.5 (repeatable; default ${DEFAULT_SLICES.join(', ')})`).argParser(collect))
    .option('--slice-thickness <Å>', 'slab averaged around each slice plane, in Å along its normal (default: one voxel, ±½ voxel)');
  addParallelOptions(addTrajectoryOptions(cmd))
    .addHelpText('after', '\nExample:\n  $ paddlewheel density run1/XDATCAR --cation Li --anion PS4,S,Cl --out li-density --slice z=0.5 --json')
    .action(async (files: string[], flags: DensityFlags) => {
      await runDensity(files, flags);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function runDensity(files: string[], flags: DensityFlags): Promise<void> {
  if ((flags.run ?? []).length > 0) throw new UsageError('density: --run is not supported; give the files of one trajectory (restart segments in order)');
  if (files.length === 0) throw new UsageError('no trajectory given: paddlewheel density FILE… --out DIR');
  const outDir = flags.out!;
  const spacing = positiveNumber('--spacing', flags.spacing, 'Å')!;
  const thickness = positiveNumber('--slice-thickness', flags.sliceThickness, 'Å');
  const specs = dedupe((flags.slice && flags.slice.length ? flags.slice : [...DEFAULT_SLICES]).map(parseSlice));
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const diagnostics = new DiagnosticLog();
  // Refused before any frame is read; the files found beside them are checked at the writes.
  await refuseInputs(outDir, [...files, ...(flags.qeInput ? [flags.qeInput] : [])], '--out');
  const traj = await openTrajectory(files, { ...openOptions, diagnostics });
  const progress = makeProgress('density');
  const t0 = performance.now();
  let result, context, frames;
  try {
    ({ result, context, frames } = await runSerial(traj, densityAnalysis, { spacing }, { cation, anion: flags.anion, ...parallel, onFrame: () => progress.tick() }));
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cationLabel = context.ions.cationSymbols.join(',');

  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${outDir}: cannot create the output folder (${(e as Error).message})`);
  }
  const { body, files: outputs } = densityOutput({ result, frames, cationLabel, outDir, spacing, specs, thickness });
  for (const f of outputs) await writeFileAtomic(f.path, f.data, traj.paths, '--out');
  const cubeFile = body.cubeFile as string;
  const slices = body.slices as { plane: string; file: string; png: string; thickness: { value: number } }[];
  const params = { files, cation: cationLabel, anion: flags.anion, spacing, slices: specs.map((s) => s.label), sliceThickness: thickness ?? null, out: outDir, frames: flags.frames };
  if (flags.json) {
    printJson(await envelope('density', params, traj.paths, diagnostics, body));
    return;
  }
  const f3 = (v: readonly number[], d = 3) => v.map((x) => fmt(x, d)).join(', ');
  const lines = [
    `density of ${cationLabel} (${result.cations} cations) over ${frames} frames`,
    `grid       ${result.shape.join(' × ')} voxels (target spacing ${fmt(spacing)} Å; voxel edges ${f3((body.voxelEdges as { value: number[] }).value)} Å; voxel volume ${fmt(result.voxelVolume)} Å³)`,
    `integral   Σ ρ·ΔV = ${result.integrated.toFixed(4)} cations`,
    `mean       ${fmt((body.meanDensity as { value: number }).value)} Å⁻³`,
    `max        ${fmt(result.max.value)} Å⁻³ in voxel (${result.max.voxel.join(', ')}), centre at fractional (${f3(result.max.fractional)}), (${f3(result.max.cartesian)}) Å`,
    `anions     ${result.anions.length} time-averaged centres in the cube (largest excursion ${fmt(result.anionMaxDrift)} Å)`,
    `cube       ${cubeFile}`,
    ...slices.map((s) => `slice      ${s.plane} → ${s.file}, ${s.png} (slab ${fmt(s.thickness.value)} Å)`),
    `time       ${fmt((seconds / frames) * 1000)} ms per frame (reading included)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  printDiagnostics(diagnostics);
}

function dedupe<T extends { label: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.label) ? false : (seen.add(x.label), true)));
}

