import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { openTrajectory } from '../../io/open.js';
import { BINDING_DISTANCE, DOCK_MARGIN, dockingAnalysis, type DockingResult } from '../../analysis/docking/index.js';
import { runSerial } from '../../run/serial.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, positiveNumber, type CommonFlags, type ParallelFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';
import { scanShell } from './angles.js';

interface DockingFlags extends CommonFlags, ParallelFlags {
  r1?: string;
  rDock?: string;
  binWidth?: string;
}

/** `paddlewheel docking`: docked fraction and angle to the nearest B3 triad (SPEC section 6). */
export function registerDocking(program: Command): void {
  const known = Object.entries(BINDING_DISTANCE).map(([e, d]) => `${e} ${d + DOCK_MARGIN}`).join(', ');
  const cmd = program
    .command('docking')
    .description('docking of cations over the B3 triads of icosahedral anions: docked fraction of first-shell cations and the angle of docked cations to the nearest triad axis')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--r1 <Å>', 'first-shell radius r₁ in Å (default: first minimum of the anion–cation g(r), from an extra pass)')
    .option('--r-dock <Å>', `docking radius in Å (default binding distance + ${DOCK_MARGIN} Å: ${known}; required for other cations)`)
    .option('--bin-width <deg>', 'triad-angle bin width in degrees (divides 90)', '1');
  addParallelOptions(addTrajectoryOptions(cmd))
    .addHelpText('after', `
Triad axes come from each anion's instantaneous cage atoms: the direction from its centre of
mass to the centroid of each of its 20 B3 faces (faces found once, in the first frame).

Example:
  $ paddlewheel docking md/lbh.pos --qe-input md.in --cation Li --anion B12H12 --json`)
    .action(async (files: string[], flags: DockingFlags) => {
      await runDocking(files, flags);
    });
}

async function runDocking(files: string[], flags: DockingFlags): Promise<void> {
  if ((flags.run ?? []).length > 0) throw new UsageError('docking: --run is not supported; give the files of one trajectory (restart segments in order)');
  if (files.length === 0) throw new UsageError('no trajectory given: paddlewheel docking FILE… --cation Li --anion B12H12');
  const r1Flag = positiveNumber('--r1', flags.r1, 'Å');
  const rDock = positiveNumber('--r-dock', flags.rDock, 'Å');
  const binWidth = positiveNumber('--bin-width', flags.binWidth, 'degrees');
  const openOptions = openOptionsFrom(flags);
  const parallel = parallelFrom(flags);
  const cation = parseCation(flags.cation);
  if (rDock === undefined && cation !== undefined && BINDING_DISTANCE[cation] === undefined) {
    throw new UsageError(`docking: no binding distance known for ${cation} (SPEC gives ${Object.entries(BINDING_DISTANCE).map(([e, d]) => `${e} ${d} Å`).join(', ')}); give --r-dock in Å`);
  }
  if (rDock !== undefined && r1Flag !== undefined && rDock > r1Flag) throw new UsageError(`r_dock = ${rDock} Å must be positive and not beyond r₁ = ${r1Flag} Å (docked cations are a part of the first shell)`);
  const selection = { cation, anion: flags.anion, ...parallel };
  const diagnostics = new DiagnosticLog();
  const traj = await openTrajectory(files, { ...openOptions, diagnostics });
  const scan = await scanShell(traj, r1Flag, false, selection, 'docking');
  const r1 = { r1: scan.r1, source: scan.r1Source };
  const progress = makeProgress('docking');
  let out;
  try {
    out = await runSerial(traj, dockingAnalysis, { r1: r1.r1, rDock, binWidth }, { ...selection, onFrame: () => progress.tick() });
  } finally {
    progress.stop();
  }
  const { result } = out;
  const body = { ...result, r1: { ...result.r1, method: r1.source } };
  if (flags.json) {
    const params = { files, cation: result.cation, anion: flags.anion, r1: r1Flag ?? null, rDock: rDock ?? null, binWidth: binWidth ?? 1, frames: flags.frames };
    printJson(await envelope('docking', params, traj.paths, diagnostics, body));
    return;
  }
  process.stdout.write(`${formatDocking(result, r1.source).join('\n')}\n`);
  printDiagnostics(diagnostics);
}

function formatDocking(r: DockingResult, r1Source: string): string[] {
  let peak = 0;
  r.triadAngleDensity.forEach((d, i) => { if (d > r.triadAngleDensity[peak]!) peak = i; });
  return [
    `${r.cation} docking over ${r.frames} frames, ${fmt(r.anions)} anions`,
    `r_dock = ${fmt(r.rDock.value)} Å (${r.rDock.source}); r₁ = ${fmt(r.r1.value)} Å (${r1Source})`,
    `first shell ${fmt(r.meanShell)} cations per anion, docked ${fmt(r.meanDocked)}: docked fraction ${r.dockedFraction === null ? '—' : fmt(r.dockedFraction)}`,
    r.meanTriadAngle
      ? `angle to the nearest triad axis: mean ${fmt(r.meanTriadAngle.value)}° (isotropic directions: ${fmt(r.isotropicMeanTriadAngle.value)}°), most probable ${r.triadAngle[peak]!.toFixed(1)}°`
      : 'no docked cations',
  ];
}
