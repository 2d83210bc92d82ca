import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import type { Quantity } from '../../core/result.js';
import { openTrajectory } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { sitesAnalysis } from '../../analysis/sites/analysis.js';
import type { SitesParams } from '../../analysis/sites/model.js';
import type { SitesResult } from '../../analysis/sites/result.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, parseRuns, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface SitesFlags extends CommonFlags, ParallelFlags {
  siteCutoff?: string;
  sigma2?: string;
  siteRadius?: string;
  frameworkAtoms?: string;
  blocks?: string;
}

/** `paddlewheel sites`: interstitial-site occupancy P1, P2 and configurational entropy S̃ (SPEC section 2, the study's Table 1). */
export function registerSites(program: Command): void {
  const cmd = program
    .command('sites')
    .description('interstitial sites of the anion (or framework-atom) lattice: site counts, occupancy P1/P2 and configurational entropy per cation, with block errors')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--site-cutoff <Å>', 'neighbour cutoff between framework points (default: 0.85a fcc, 1.2a bcc, else the first g(r) minimum)')
    .option('--sigma2 <Å²>', 'σ² of the Gaussian site weights', '0.1')
    .option('--site-radius <Å>', 'sites farther than this from a cation get no weight', '4')
    .option('--framework-atoms <elements>', 'framework = every atom of these elements (e.g. S,Cl), instead of anion centres of mass')
    .option('--blocks <n>', 'blocks for the jackknife standard errors', '10')
    .addHelpText('after', `
The reference site topology is built from the first selected frame.
Examples:
  $ paddlewheel sites lbh.pos --qe-input md.in --cation Li --anion B12H12
  $ paddlewheel sites run1/XDATCAR.gz run2/XDATCAR.gz --cation Li --framework-atoms S,Cl --json`);
  addParallelOptions(addTrajectoryOptions(cmd)).action(async (files: string[], flags: SitesFlags) => {
    await runSites(files, flags);
  });
}

/** Parse the sites flags into analysis parameters (before any file is read). */
export function sitesParamsFrom(flags: SitesFlags): SitesParams {
  const blocks = Number(flags.blocks ?? '10');
  if (!Number.isInteger(blocks) || blocks < 2) throw new UsageError(`--blocks ${flags.blocks}: expected an integer ≥ 2`);
  const fw = flags.frameworkAtoms?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (flags.frameworkAtoms !== undefined && (!fw || fw.length === 0)) throw new UsageError(`--framework-atoms ${JSON.stringify(flags.frameworkAtoms)}: expected element symbols such as S,Cl`);
  return {
    siteCutoff: positiveNumber('--site-cutoff', flags.siteCutoff, 'Å'),
    sigma2: positiveNumber('--sigma2', flags.sigma2, 'Å²'),
    siteRadius: positiveNumber('--site-radius', flags.siteRadius, 'Å'),
    frameworkAtoms: fw,
    blocks,
  };
}

async function runSites(files: string[], flags: SitesFlags): Promise<void> {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel sites FILE… (or --run LABEL:FILE…)');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  const temperature = positiveNumber('--temperature', flags.temperature, 'K');
  const params = sitesParamsFrom(flags);
  const diagnostics = new DiagnosticLog();
  const items = runs.length ? runs : [{ label: undefined as string | undefined, files, temperature: undefined as number | undefined }];
  const bodies: (SitesResult & { label?: string })[] = [];
  const inputs: string[] = [];
  for (const run of items) {
    const traj = await openTrajectory(run.files, { ...openOptions, diagnostics });
    inputs.push(...traj.paths);
    const progress = makeProgress(run.label ? `sites ${run.label}` : 'sites');
    try {
      const { result } = await runSerial(traj, sitesAnalysis, params, {
        cation, anion: flags.anion, temperature: run.temperature ?? temperature, ...parallel, onFrame: () => progress.tick(),
      });
      bodies.push(run.label ? { label: run.label, ...result } : result);
    } finally {
      progress.stop();
    }
  }
  if (flags.json) {
    const p = { ...params, cation, anion: flags.anion, frames: flags.frames, run: runs.length ? runs : undefined };
    printJson(await envelope('sites', p, inputs, diagnostics, runs.length ? { runs: bodies } : { ...bodies[0]! }));
    return;
  }
  for (const b of bodies) process.stdout.write(`${formatSitesTable(b)}\n`);
  printDiagnostics(diagnostics);
}

/** The human-readable table (like the study's Table 1: tetrahedral, trigonal, linear). */
export function formatSitesTable(r: SitesResult & { label?: string }): string {
  const pm = (x: Quantity, d = 4) => `${x.value.toFixed(d)}${x.stderr !== undefined ? ` ± ${x.stderr.toFixed(d)}` : ''}`;
  const lat = r.lattice.lattice === 'other' ? 'no fcc/bcc lattice recognised' : `${r.lattice.lattice} lattice, a = ${r.lattice.a!.value.toFixed(3)} Å`;
  const kinds = ['tetrahedral', 'trigonal', 'linear'] as const;
  const lines = [
    r.label ? `run ${r.label}` : undefined,
    `${r.cations} ${r.cation} in a framework of ${r.framework.points} ${r.framework.label}s (${lat})`,
    `site cutoff ${r.siteCutoff.value.toFixed(3)} Å (${r.siteCutoff.description}); σ² = ${fmt(r.sigma2.value)} Å², search radius ${fmt(r.siteRadius.value)} Å`,
    `${r.frames} frames (reference: frame ${r.referenceFrame})`,
    '',
    `${'site type'.padEnd(12)} ${'sites'.padStart(6)} ${'per point'.padStart(9)}   ${'P1'.padEnd(18)} P2`,
    ...kinds.map((k) => `${k.padEnd(12)} ${String(r.siteCounts[k]).padStart(6)} ${fmt(r.sitesPerPoint[k]).padStart(9)}   ${pm(r.P1[k]).padEnd(18)} ${pm(r.P2[k])}`),
    '',
    `S̃ = ${pm(r.entropy, 3)} k_B per cation`,
    `unassigned: ${r.unassigned} of ${r.cationFrames} cation-frames (${(100 * r.unassignedFraction).toFixed(2)} %)`,
    r.entropy.method ? `errors: ${r.entropy.method}` : 'errors: too few frames for block errors',
  ].filter((l): l is string => l !== undefined);
  return `${lines.join('\n')}\n`;
}
