import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { ClusterCentres } from '../../chem/centres.js';
import { type LatticeRecognition, recogniseLattice } from '../../chem/lattice.js';
import { selectIons } from '../../chem/select.js';
import { openTrajectory } from '../../io/open.js';
import { pauling, type CubicLattice, type PaulingResult, SITE_TYPES, PAULING_LIMITS } from '../../analysis/pauling/pauling.js';
import { MeanPositions } from '../../analysis/sites/reference.js';
import { addTrajectoryOptions, openOptionsFrom, parseCation, positiveNumber, type CommonFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface PaulingFlags extends CommonFlags {
  lattice?: string;
  a?: string;
  radius?: string;
  cationsPerAnion?: string;
}

/** What a trajectory told the Pauling analysis. */
interface FromTrajectory {
  recognition: LatticeRecognition;
  frames: number;
  anions: number;
  anionFormulas: string[];
  cations: number;
  cation: string;
}

/**
 * `paddlewheel pauling`: radius-ratio prediction of the cation site (SPEC section 1), from
 * `--lattice/--a` or from a trajectory, whose anion lattice and cubic parameter are
 * recognised from the time-averaged anion centres over the selected frames (`--frames 0:1`
 * for the first frame only). `--lattice`, `--a` and `--cations-per-anion` take precedence
 * over what the trajectory says; cations per anion otherwise come from the composition.
 */
export function registerPauling(program: Command): void {
  const cmd = program
    .command('pauling')
    .description('Pauling radius-ratio analysis: predicted cation site type, sites per anion and intrinsic occupancy (from --lattice/--a, or recognised from a trajectory)')
    .argument('[files...]', 'trajectory (restart segments of one run): recognise the anion lattice from its time-averaged anion centres')
    .option('--lattice <fcc|bcc>', 'anion lattice (default with files: recognised)')
    .option('--a <Å>', 'cubic lattice parameter in Å (default with files: from the anion density)')
    .option('--radius <Å>', 'cation radius in Å instead of the Shannon value')
    .option('--cations-per-anion <n>', 'cations per anion (default: from the composition, or 2)')
    .addHelpText('after', '\nExamples:\n  $ paddlewheel pauling --lattice fcc --a 10.05 --cation Li --json\n  $ paddlewheel pauling lbh.pos --qe-input md.in --cation Li --anion B12H12');
  addTrajectoryOptions(cmd).action(async (files: string[], flags: PaulingFlags) => {
    await runPauling(files, flags);
  });
}

async function runPauling(files: string[], flags: PaulingFlags): Promise<void> {
  const latticeFlag = flags.lattice;
  if (latticeFlag !== undefined && latticeFlag !== 'fcc' && latticeFlag !== 'bcc') throw new UsageError(`--lattice ${latticeFlag}: expected fcc or bcc`);
  const aFlag = positiveNumber('--a', flags.a, 'Å');
  const cationFlag = parseCation(flags.cation);
  const radius = positiveNumber('--radius', flags.radius, 'Å');
  const cpaFlag = positiveNumber('--cations-per-anion', flags.cationsPerAnion, 'cations per anion');
  const diagnostics = new DiagnosticLog();
  let traj: FromTrajectory | undefined;
  const inputs: string[] = [];
  if (files.length === 0) {
    if (!latticeFlag || aFlag === undefined || !cationFlag) throw new UsageError('give --lattice, --a and --cation, or a trajectory to recognise the lattice from');
  } else {
    const t = await openTrajectory(files, { ...openOptionsFrom(flags), diagnostics });
    inputs.push(...t.paths);
    traj = await averageAnionLattice(t, cationFlag, flags.anion, diagnostics);
  }
  const rec = traj?.recognition;
  let lattice = latticeFlag as CubicLattice | undefined;
  if (!lattice) {
    if (!rec || rec.lattice === 'other') throw new UsageError(`the anion lattice is not recognised: ${rec?.reason}; give --lattice fcc|bcc and --a Å`);
    lattice = rec.lattice;
  } else if (rec && rec.lattice !== 'other' && rec.lattice !== lattice) {
    diagnostics.warn('W_LATTICE_OVERRIDDEN', `--lattice ${lattice} used, but the anion centres form a ${rec.lattice} lattice (${rec.reason})`);
  }
  const a = aFlag ?? rec![lattice].a;
  if (aFlag !== undefined && rec && rec.lattice === lattice && Math.abs(aFlag / rec.a! - 1) > 0.02) {
    diagnostics.warn('W_A_OVERRIDDEN', `--a ${aFlag} Å used; the anion density gives a = ${rec.a!.toFixed(3)} Å`);
  }
  const cation = cationFlag ?? traj!.cation;
  const cationsPerAnion = cpaFlag ?? (traj ? traj.cations / traj.anions : 2);
  const r = pauling({ lattice, a, cation, radius, cationsPerAnion });
  const source = {
    lattice: latticeFlag ? '--lattice' : `recognised from the time-averaged anion centres (${traj!.frames} frames)`,
    latticeParameter: aFlag !== undefined ? '--a' : `${lattice} anion density of the time-averaged cell`,
    cationsPerAnion: cpaFlag !== undefined ? '--cations-per-anion' : traj ? `composition: ${traj.cations} ${traj.cation} / ${traj.anions} ${traj.anionFormulas.join('+')}` : 'default (M2X)',
  };
  const body: Record<string, unknown> = { ...r, source };
  if (rec) {
    body['recognition'] = {
      lattice: rec.lattice, a: rec.a === null ? null : quantity(rec.a, 'Å'), confidence: rec.confidence, reason: rec.reason,
      frames: traj!.frames, anions: traj!.anions, fcc: rec.fcc, bcc: rec.bcc, order: rec.order,
    };
  }
  if (flags.json) {
    const params = { lattice: latticeFlag, a: aFlag, cation: cationFlag, radius, cationsPerAnion: cpaFlag, anion: files.length ? flags.anion : undefined, frames: flags.frames };
    printJson(await envelope('pauling', params, inputs, diagnostics, body));
    return;
  }
  process.stdout.write(`${formatPauling(r, cation, lattice, a, traj).join('\n')}\n`);
  printDiagnostics(diagnostics);
}

/** Stream the trajectory: select ions on the first frame, average the anion centres. */
async function averageAnionLattice(traj: Awaited<ReturnType<typeof openTrajectory>>, cation: string | undefined, anion: string | undefined, diagnostics: DiagnosticLog): Promise<FromTrajectory> {
  const mean = new MeanPositions();
  let centres: ClusterCentres | undefined;
  let sel: ReturnType<typeof selectIons> | undefined;
  const progress = makeProgress('pauling');
  try {
    for await (const f of traj.frames()) {
      if (!sel) {
        sel = selectIons(traj.topology, f, { cation, anion });
        for (const d of sel.diagnostics) diagnostics.add(d);
        centres = new ClusterCentres(traj.topology, sel.anionClusters);
      }
      mean.push(centres!.compute(f.positions, f.cell), f.cell);
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  if (!sel) throw new PaddlewheelError('E_SELECTION', `${traj.files.join(', ')}: no frames selected (check --frames)`);
  if (sel.cationSymbols.length > 1) throw new UsageError(`--cation ${sel.cationSymbols.join(',')}: the Pauling analysis takes one cation species`);
  const m = mean.mean();
  return {
    recognition: recogniseLattice(m.positions, m.cell),
    frames: m.frames,
    anions: sel.anionClusters.length,
    anionFormulas: sel.anions.map((g) => g.formula),
    cations: sel.cations.length,
    cation: sel.cationSymbols[0]!,
  };
}

function formatPauling(r: PaulingResult, cation: string, lattice: CubicLattice, a: number, traj: FromTrajectory | undefined): string[] {
  return [
    traj ? `anion lattice from ${traj.anions} ${traj.anionFormulas.join('+')} centres averaged over ${traj.frames} frames: ${traj.recognition.reason}` : undefined,
    `${cation}⁺ in a ${lattice} anion lattice, a = ${fmt(a)} Å`,
    `R⁻ = ${fmt(r.anionRadius.value)} Å (${lattice === 'fcc' ? 'a√2/4' : 'a√3/4'}), R⁺ = ${fmt(r.cationRadius.value)} Å (${r.cationRadius.source})`,
    `R⁺/R⁻ = ${r.radiusRatio.toFixed(4)} → ${r.predictedSite}${r.boundary ? ` (boundary case: ${r.boundary.join('/')}, within 0.005 of ${PAULING_LIMITS[r.boundary[1]]})` : ''}`,
    `limits: ${SITE_TYPES.map((t) => `${t} ${PAULING_LIMITS[t]}`).join(', ')}`,
    `sites per anion: ${Object.entries(r.sitesPerAnion).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `cations per anion ${fmt(r.cationsPerAnion)}; intrinsic occupancy of ${r.predictedSite} sites: ${r.intrinsicOccupancy === null ? `— (no ${r.predictedSite} sites in ${lattice})` : fmt(r.intrinsicOccupancy)}`,
  ].filter((l): l is string => l !== undefined);
}
