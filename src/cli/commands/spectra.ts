import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { openTrajectory, requireFrameSpacing } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { spectraAnalysis } from '../../analysis/spectra/analysis.js';
import { type SpectraParams, type VelocitySourceOption, checkSpectraSpacing, parseBands } from '../../analysis/spectra/params.js';
import type { SpectraResult } from '../../analysis/spectra/result.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, parseRuns, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface SpectraFlags extends CommonFlags, ParallelFlags {
  velocities?: string;
  maxLag?: string;
  bands?: string;
  overlapMax?: string;
}

/** `paddlewheel spectra`: vibrational and angular-velocity spectra (SPEC section 7). */
export function registerSpectra(program: Command): void {
  const cmd = program
    .command('spectra')
    .description('vibrational power spectra (cations, anion atoms by element) and anion angular-velocity spectra, with band weights')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--velocities <source>', 'auto (file when present), file, or finite-difference (central differences of unwrapped positions)', 'auto')
    .option('--max-lag <ps>', 'longest autocorrelation lag = window length (default: half the trajectory)')
    .option('--bands <list>', 'bands name:from-to in THz, comma-separated; open end = Nyquist (default libration:0-6,BB-internal:6-30,BH-stretch-bend:60-)')
    .option('--overlap-max <THz>', 'upper edge of the cation/anion-libration overlap range', '6')
    .addHelpText('after', `
Spectra need frames ≤ 10 fs apart (Nyquist 1/(2Δt) ≥ 50 THz). Every spectrum is normalised to
unit area over 0 … Nyquist; band weights are fractions. With deuterium the B–D stretch is near
55 THz, between the default bands (its weight appears as "unbanded").
Memory: 8 bytes × frames × (3·used atoms + 3·anion atoms) — thin long runs with --frames.
Examples:
  $ paddlewheel spectra md/lbh.pos cont/lbh.pos --qe-input md.in --cation Li --anion B12H12
  $ paddlewheel spectra traj.extxyz --velocities finite-difference --bands low:0-6,mid:6-30 --json`);
  addParallelOptions(addTrajectoryOptions(cmd)).action(async (files: string[], flags: SpectraFlags) => {
    await runSpectra(files, flags);
  });
}

/** Parse the spectra flags into analysis parameters (before any file is read). */
export function spectraParamsFrom(flags: SpectraFlags): SpectraParams {
  const v = (flags.velocities ?? 'auto').trim().toLowerCase();
  const velocities = (v === 'fd' ? 'finite-difference' : v) as VelocitySourceOption;
  if (!['auto', 'file', 'finite-difference'].includes(velocities)) throw new UsageError(`--velocities ${flags.velocities}: expected auto, file or finite-difference`);
  return {
    velocities,
    maxLag: positiveNumber('--max-lag', flags.maxLag, 'ps'),
    bands: flags.bands === undefined ? undefined : parseBands(flags.bands),
    overlapMax: positiveNumber('--overlap-max', flags.overlapMax, 'THz'),
  };
}

async function runSpectra(files: string[], flags: SpectraFlags): Promise<void> {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel spectra FILE… (or --run LABEL:FILE…)');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const temperature = positiveNumber('--temperature', flags.temperature, 'K');
  const params = spectraParamsFrom(flags);
  const diagnostics = new DiagnosticLog();
  const items = runs.length ? runs : [{ label: undefined as string | undefined, files, temperature: undefined as number | undefined }];
  const bodies: (SpectraResult & { label?: string })[] = [];
  const inputs: string[] = [];
  for (const run of items) {
    const traj = await openTrajectory(run.files, { ...openOptions, diagnostics });
    // Both checks before any frame is read.
    checkSpectraSpacing(requireFrameSpacing(traj, 'spectra'), traj.files.join(', '));
    if (params.velocities === 'file' && !traj.hasVelocities) throw new UsageError(`--velocities file: ${traj.files.join(', ')} (${traj.format}) has no velocities; use --velocities finite-difference`);
    inputs.push(...traj.paths);
    const progress = makeProgress(run.label ? `spectra ${run.label}` : 'spectra');
    try {
      const { result } = await runSerial(traj, spectraAnalysis, params, {
        cation, anion: flags.anion, temperature: run.temperature ?? temperature, ...parallel, onFrame: () => progress.tick(),
      });
      bodies.push(run.label ? { label: run.label, ...result } : result);
    } finally {
      progress.stop();
    }
  }
  if (flags.json) {
    const p = { ...params, bands: params.bands?.map((b) => ({ ...b, to: Number.isFinite(b.to) ? b.to : null })), cation, anion: flags.anion, frames: flags.frames, run: runs.length ? runs : undefined };
    printJson(await envelope('spectra', p, inputs, diagnostics, runs.length ? { runs: bodies } : { ...bodies[0]! }));
    return;
  }
  for (const b of bodies) process.stdout.write(`${formatSpectraTable(b)}\n`);
  printDiagnostics(diagnostics);
}

/** The human-readable summary: groups with peaks, band weights, overlap. */
export function formatSpectraTable(r: SpectraResult & { label?: string }): string {
  const names = r.groups.map((g) => g.name);
  const w = Math.max(8, ...names.map((n) => n.length)) + 2;
  const lines = [
    r.label ? `run ${r.label}` : undefined,
    `${r.frames} frames, Δt = ${fmt(r.frameSpacing.value * 1000)} fs, Nyquist ${fmt(r.nyquist.value)} THz; velocities: ${r.velocitySource}`,
    `window ${fmt(r.maxLag.value)} ps (half Hann): resolution ${fmt(r.resolution.value)} THz, grid ${fmt(r.df.value)} THz`,
    '',
    `${'group'.padEnd(w)} ${'n'.padStart(4)}  ${'T_kin (K)'.padStart(9)}  peaks (THz, strongest first)`,
    ...r.groups.map((g) => `${g.name.padEnd(w)} ${String(g.count).padStart(4)}  ${(g.kineticTemperature ? fmt(g.kineticTemperature.value) : '').padStart(9)}  ${g.peaks.map((p) => fmt(p.frequency, 3)).join(', ')}`),
    '',
    `${'band (THz)'.padEnd(26)} ${names.map((n) => n.padStart(w)).join('')}`,
    ...r.bands.map((b) => `${`${b.name} ${fmt(b.from)}–${fmt(b.to)}`.padEnd(26)} ${names.map((n) => fmt(b.weights[n], 3).padStart(w)).join('')}`),
    `${'(outside the bands)'.padEnd(26)} ${names.map((n) => fmt(r.unbanded[n], 3).padStart(w)).join('')}`,
    '',
    ...r.overlap.map((o) => `overlap ${o.cation} / ${o.anion} in ${fmt(o.from)}–${fmt(o.to)} THz: ${fmt(o.value, 3)}`),
  ].filter((l): l is string => l !== undefined);
  return `${lines.join('\n')}\n`;
}
