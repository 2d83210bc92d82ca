import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { openTrajectory, type Trajectory } from '../../io/open.js';
import { anglesAnalysis, closestApproachAnalysis, pairAnalyses, parseLattice, parseRanges, parseSite, type AnglesResult } from '../../analysis/angles/index.js';
import { makeBinning, parseGroup, rdfAnalysis } from '../../analysis/rdf/index.js';
import { runSerial } from '../../run/serial.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface AnglesFlags extends CommonFlags, ParallelFlags {
  r1?: string;
  rMin?: string;
  ranges?: string;
  binWidth?: string;
  window?: string;
  lattice?: string;
  site?: string;
  radius?: string;
}

/** Range (Å) and bin width (Å) of the g(r) pass that finds r₁ when `--r1` is not given. */
export const AUTO_R1_RMAX = 10;
export const AUTO_R1_BIN = 0.05;

/** What the pre-pass found. */
export interface ShellScan {
  r1: number;
  r1Source: string;
  /** Closest anion–cation distance over the selected frames (Å), when asked for. */
  closest?: number;
}

/**
 * r₁ and r_min for angles and docking, before the main pass. r₁: `--r1` when given, else the
 * first minimum after the main peak of the anion-centre–cation g(r) (the `paddlewheel rdf`
 * definition, firstShellCutoff; r up to 10 Å in 0.05 Å bins). r_min (`needClosest`): the
 * smallest anion–cation distance over all selected frames. Both come from one extra
 * streaming pass, skipped when neither is needed.
 */
export async function scanShell(traj: Trajectory, user: number | undefined, needClosest: boolean, selection: { cation?: string; anion?: string; workers?: number; chunkFrames?: number }, label: string): Promise<ShellScan> {
  if (user !== undefined && !needClosest) return { r1: user, r1Source: 'given (--r1)' };
  const progress = makeProgress(`${label}: pre-pass`);
  const onFrame = () => progress.tick();
  const rdf = { a: parseGroup('anions'), b: parseGroup('cations'), binning: makeBinning(AUTO_R1_RMAX, AUTO_R1_BIN) };
  const noShell = (n: number) => `${label}: the anion–cation g(r) has no minimum after its main peak below ${AUTO_R1_RMAX} Å (${n} frames); give --r1 in Å`;
  try {
    if (user === undefined) {
      const { result: [g, c] } = await runSerial(traj, pairAnalyses(rdfAnalysis, closestApproachAnalysis), [rdf, { cutoff: AUTO_R1_RMAX }], { ...selection, onFrame });
      if (!g.r1) throw new UsageError(noShell(g.frames));
      return { r1: g.r1.value, r1Source: `first minimum of the anion-centre–cation g(r) after its main peak at ${g.r1.peak?.toFixed(3)} Å (${g.frames} frames)`, closest: c.closest ?? undefined };
    }
    const { result: c } = await runSerial(traj, closestApproachAnalysis, { cutoff: user }, { ...selection, onFrame });
    return { r1: user, r1Source: 'given (--r1)', closest: c.closest ?? undefined };
  } finally {
    progress.stop();
  }
}

/** `paddlewheel angles`: cation–anion–cation angle distributions against the templates (SPEC section 6). */
export function registerAngles(program: Command): void {
  const cmd = program
    .command('angles')
    .description('symmetry frustration: cation–anion–cation angle distributions per distance range of the first shell, scored against the icosahedral C3 angles and the lattice-site template')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--r1 <Å>', 'first-shell radius r₁ in Å (default: first minimum of the anion–cation g(r), from an extra pass)')
    .option('--ranges <n|ranges>', 'number of equal ranges of [r_min, r₁], or explicit ranges in Å (3.0-4.0,4.0-5.5)', '3')
    .option('--r-min <Å>', 'lower end of the equal ranges (default: smallest anion–cation distance over the selected frames, from a pre-pass)')
    .option('--bin-width <deg>', 'angle bin width in degrees (divides 180)', '1')
    .option('--window <deg>', 'half-width of the template windows in degrees', '5')
    .option('--lattice <fcc|bcc>', 'lattice of the template (default: recognised from the first frame\'s anion centres)')
    .option('--site <type>', 'site type of the lattice template: linear, trigonal, tetrahedral (default: Pauling prediction)')
    .option('--radius <Å>', 'cation radius for the Pauling prediction instead of the Shannon value');
  addParallelOptions(addTrajectoryOptions(cmd))
    .addHelpText('after', `
Scores: icosahedralOverlap (latticeOverlap) is the fraction of a range's cation pairs whose
angle lies within ±window of an icosahedral C3 angle (of the lattice template's angles);
"baseline" is the fraction isotropically random directions would give (½ sin θ measure).

Example:
  $ paddlewheel angles md/lbh.pos --qe-input md.in --cation Li --anion B12H12 --r1 6.2 --json`)
    .action(async (files: string[], flags: AnglesFlags) => {
      await runAngles(files, flags);
    });
}

async function runAngles(files: string[], flags: AnglesFlags): Promise<void> {
  if ((flags.run ?? []).length > 0) throw new UsageError('angles: --run is not supported; give the files of one trajectory (restart segments in order)');
  if (files.length === 0) throw new UsageError('no trajectory given: paddlewheel angles FILE… --cation Li --anion B12H12');
  const ranges = parseRanges(flags.ranges);
  const r1Flag = positiveNumber('--r1', flags.r1, 'Å');
  const rMin = positiveNumber('--r-min', flags.rMin, 'Å');
  const binWidth = positiveNumber('--bin-width', flags.binWidth, 'degrees');
  const window = positiveNumber('--window', flags.window, 'degrees');
  const template = { lattice: parseLattice(flags.lattice), site: parseSite(flags.site), radius: positiveNumber('--radius', flags.radius, 'Å') };
  const openOptions = openOptionsFrom(flags);
  const selection = { cation: parseCation(flags.cation), anion: flags.anion, ...parallelFrom(flags) };
  const diagnostics = new DiagnosticLog();
  const traj = await openTrajectory(files, { ...openOptions, diagnostics });
  let scan: ShellScan;
  if (r1Flag === undefined && ranges.kind === 'explicit') scan = { r1: Math.max(...ranges.ranges.map((r) => r[1])), r1Source: 'largest end of --ranges' };
  else scan = await scanShell(traj, r1Flag, ranges.kind === 'equal' && rMin === undefined, selection, 'angles');
  if (ranges.kind === 'equal' && rMin === undefined && scan.closest === undefined) {
    throw new UsageError(`angles: no ${selection.cation ?? 'cation'} came within r₁ = ${scan.r1.toFixed(3)} Å of an anion centre in any frame; give a larger --r1`);
  }
  const r1 = { r1: scan.r1, source: scan.r1Source };
  const rMinUsed = rMin ?? scan.closest;
  const progress = makeProgress('angles');
  let out;
  try {
    out = await runSerial(traj, anglesAnalysis, { r1: r1.r1, ranges, rMin: rMinUsed, rMinSource: rMin !== undefined ? '--r-min' : 'smallest anion–cation distance over the selected frames', binWidth, window, template }, { ...selection, onFrame: () => progress.tick() });
  } finally {
    progress.stop();
  }
  const { result } = out;
  const body = { ...result, r1: { ...result.r1, method: r1.source } };
  if (flags.json) {
    const params = { files, cation: result.cation, anion: flags.anion, r1: r1Flag ?? null, ranges: flags.ranges, rMin: rMin ?? null, binWidth: result.binWidth, window: result.templates.window, ...template, frames: flags.frames };
    printJson(await envelope('angles', params, traj.paths, diagnostics, body));
    return;
  }
  process.stdout.write(`${formatAngles(result, r1.source).join('\n')}\n`);
  printDiagnostics(diagnostics);
}

function formatAngles(r: AnglesResult, r1Source: string): string[] {
  const pct = (x: number | null) => (x === null ? '   —  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
  const t = r.templates.lattice;
  const lines = [
    `${r.cation}–anion–${r.cation} angles over ${r.frames} frames, ${fmt(r.anions)} anions; r₁ = ${fmt(r.r1.value)} Å (${r1Source}); ${fmt(r.meanCoordination)} cations per anion within r₁`,
    `icosahedral C3 angles: ${r.templates.icosahedral.map((a) => a.toFixed(1)).join(', ')}°`,
    t ? `lattice template: ${t.lattice} ${t.site} (${t.source}): ${t.angles.map((a) => a.toFixed(1)).join(', ')}°` : `lattice template: none (${r.templates.latticeReason})`,
    `windows ±${r.templates.window}°; isotropic baseline: icosahedral ${pct(r.baseline.icosahedral)}, lattice ${pct(r.baseline.lattice)}`,
    '',
    '  range (Å)        pairs   cations  icosahedral  lattice   peak (°)',
    ...r.ranges.map((g) => {
      let best = 0;
      g.density.forEach((d, i) => { if (d > g.density[best]!) best = i; });
      const peak = g.pairs > 0 ? r.theta[best]!.toFixed(1) : '—';
      return `  ${g.rMin.toFixed(2)}–${g.rMax.toFixed(2)}  ${String(g.pairs).padStart(10)}  ${fmt(g.meanCations).padStart(7)}  ${pct(g.icosahedralOverlap).padStart(11)}  ${pct(g.latticeOverlap).padStart(7)}   ${peak}`;
    }),
    `(r_min: ${r.rMinSource}; closest ${fmt(r.closest.value)} Å)`,
  ];
  return lines;
}
