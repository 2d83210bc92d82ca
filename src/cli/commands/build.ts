import type { Command } from 'commander';
import { cellParameters } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { fileRecord } from '../../core/provenance.js';
import { quantity } from '../../core/result.js';
import { composition } from '../../core/topology.js';
import { SHANNON_RADII, pauling } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import { type BuiltStructure, CATION_SITE_CHOICES, DEUTERIUM_MASS, buildStructure } from '../../sim/build/build.js';
import { type BuildFormat, resolveFormat, writeBuilt } from '../../sim/build/output.js';
import { cliqueSiteFor, resolveLattice } from '../../sim/build/reference.js';
import { parseSupercell } from '../../sim/build/supercell.js';
import { parseCation, positiveNumber, type StructureFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';

interface BuildFlags extends StructureFlags {
  out?: string;
  format?: string;
  deuterium?: boolean;
  minCationAnion?: string;
  minCationCation?: string;
  minHh?: string;
  pseudo?: string;
  json?: boolean;
}

/** `paddlewheel build`: an M2B12H12 starting structure (SPEC "Reference systems"). */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build an M2B12H12 cell: ideal B12H12 on an fcc/bcc lattice, 2 cations per anion on distinct interstitial sites, no clashes')
    .requiredOption('--cation <symbol>', `cation (${Object.keys(SHANNON_RADII).join(', ')})`)
    .option('--lattice <fcc|bcc>', 'anion lattice (default: the study\'s, bcc for Na, else fcc)')
    .option('--a <Å>', 'cubic lattice parameter in Å (default: the study\'s calculated value, e.g. 10.05 for Li)')
    .option('--supercell <paper|NxNxN>', 'paper = √2×√2×1 (fcc) or √2×√2×2 (bcc), 8 anions; NxNxN = conventional cube repeated', 'paper')
    .option('--anion-orientation <random|aligned>', 'uniform random rotations, or one common pyritohedral setting (see docs)', 'random')
    .option('--cation-sites <type>', `${CATION_SITE_CHOICES.join('|')} (default: the Pauling prediction; octahedral → tetrahedral)`)
    .option('--seed <n>', 'random seed (integer)', '1')
    .requiredOption('--out <file>', 'output file (never an input; written atomically)')
    .option('--format <id>', 'extxyz, poscar, lammps-data or qe (default: from the file name)')
    .option('--deuterium', 'give H the mass of D (2.014 amu) where the format stores masses (default for qe)')
    .option('--no-deuterium', 'keep the H mass 1.008 amu (default for lammps-data)')
    .option('--min-cation-anion <Å>', 'minimum cation–B/H distance (default max(1.5, R⁺ + 0.8))')
    .option('--min-cation-cation <Å>', 'minimum cation–cation distance (default 2.5)')
    .option('--min-hh <Å>', 'minimum H–H distance between anions (default 1.8)')
    .option('--pseudo <map>', 'qe pseudopotential files, e.g. Li=Li.UPF,B=B.UPF,H=H.UPF (default <El>.UPF)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  $ paddlewheel build --cation Li --seed 7 --out li2b12h12.extxyz\n  $ paddlewheel build --cation Na --lattice bcc --a 7.98 --cation-sites tetrahedral --out POSCAR\n  $ paddlewheel build --cation K --anion-orientation aligned --out k.in --json')
    .action(async (flags: BuildFlags) => {
      await runBuild(flags);
    });
}

async function runBuild(flags: BuildFlags): Promise<void> {
  const log = new DiagnosticLog();
  const cation = parseCation(flags.cation)!;
  const { lattice, a } = resolveLattice(cation, flags.lattice, positiveNumber('--a', flags.a, 'Å'), log);
  const supercell = parseSupercell(flags.supercell ?? 'paper');
  const orientation = flags.anionOrientation;
  if (orientation !== 'random' && orientation !== 'aligned') throw new UsageError(`--anion-orientation ${orientation}: expected random or aligned`);
  let cationSites = flags.cationSites as CliqueSiteType | 'random' | undefined;
  if (cationSites === undefined) {
    const predicted = pauling({ lattice, a, cation }).predictedSite;
    cationSites = cliqueSiteFor(predicted);
    log.info('I_DEFAULT_SITES', `cations on ${cationSites} sites (Pauling predicts ${predicted} for ${cation} in ${lattice} at a = ${a} Å)`);
  } else if (!(CATION_SITE_CHOICES as readonly string[]).includes(cationSites)) {
    throw new UsageError(`--cation-sites ${cationSites}: expected ${CATION_SITE_CHOICES.join(', ')}`);
  }
  const seedText = flags.seed ?? '1';
  if (!/^-?\d+$/.test(seedText.trim())) throw new UsageError(`--seed ${seedText}: expected an integer`);
  const seed = Number(seedText);
  const out = flags.out!;
  const format = resolveFormat(out, flags.format);
  const deuterium = flags.deuterium ?? format === 'qe';
  const limits = {
    cationAnion: nonNegative('--min-cation-anion', flags.minCationAnion),
    cationCation: nonNegative('--min-cation-cation', flags.minCationCation),
    hh: nonNegative('--min-hh', flags.minHh),
  };
  const pseudopotentials = parsePseudo(flags.pseudo);

  const b = buildStructure({ cation, lattice, a, supercell, orientation, cationSites, seed, limits, deuterium });
  const title = `${cation}2B12H12 ${lattice} a=${a} supercell=${flags.supercell ?? 'paper'} anions=${orientation} sites=${cationSites} seed=${seed} (paddlewheel build)`;
  await writeBuilt(b, out, format, { comment: title, pseudopotentials, prefix: `${cation.toLowerCase()}2b12h12` });
  const params = { cation, lattice, a, supercell: flags.supercell ?? 'paper', anionOrientation: orientation, cationSites, seed, out, format, deuterium, limits: b.limits };
  const body = await summary(b, out, format, cationSites);
  if (flags.json) {
    printJson(await envelope('build', params, [], log, body));
    return;
  }
  printDiagnostics(log);
  const cp = cellParameters(b.cell);
  const lines = [
    `wrote ${out} (${format}): ${body.atoms} atoms, ${Object.entries(body.composition).map(([s, n]) => `${s}${n}`).join(' ')}`,
    `cell ${fmt(cp.a)} × ${fmt(cp.b)} × ${fmt(cp.c)} Å, angles ${fmt(cp.alpha)}°, ${fmt(cp.beta)}°, ${fmt(cp.gamma)}°, V = ${fmt(cp.volume)} Å³`,
    `${body.anions} B12H12 (B at 1.70 Å, H at 2.90 Å), ${orientation} orientation${b.aligned ? ` (${b.aligned.setting} Th setting, ${b.aligned.facing}/${b.aligned.directions} site directions face a triad)` : ''}`,
    `sites in the cell (cutoff ${fmt(b.siteCutoff)} Å): linear ${b.siteCounts.linear}, trigonal ${b.siteCounts.trigonal}, tetrahedral ${b.siteCounts.tetrahedral}; occupied: ${Object.entries(b.occupied).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ')}`,
    `closest: cation–B/H ${fmt(b.closest.cationAnion)} Å (≥ ${b.limits.cationAnion}), cation–cation ${fmt(b.closest.cationCation)} Å (≥ ${b.limits.cationCation}), H–H ${fmt(b.closest.hh)} Å (≥ ${b.limits.hh})`,
    `H mass ${deuterium ? `${DEUTERIUM_MASS} amu (deuterium)` : 'standard'}; seed ${seed}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function summary(b: BuiltStructure, out: string, format: BuildFormat, cationSites: string) {
  const cp = cellParameters(b.cell);
  const file = await fileRecord(out);
  return {
    output: { path: out, format, bytes: file.bytes, sha256: file.sha256 },
    atoms: b.topology.symbols.length,
    composition: composition(b.topology),
    anions: b.centres.length / 3,
    cations: b.cationSites.length,
    cell: {
      a: quantity(cp.a, 'Å'), b: quantity(cp.b, 'Å'), c: quantity(cp.c, 'Å'),
      alpha: quantity(cp.alpha, 'degree'), beta: quantity(cp.beta, 'degree'), gamma: quantity(cp.gamma, 'degree'),
      volume: quantity(cp.volume, 'Å^3'),
      matrix: Array.from(b.cell.matrix),
    },
    siteCutoff: quantity(b.siteCutoff, 'Å'),
    siteCounts: b.siteCounts,
    sitesUsed: { type: cationSites, occupied: b.occupied },
    anionOrientation: b.aligned ? { mode: 'aligned', setting: b.aligned.setting, facingTriads: b.aligned.facing, siteDirections: b.aligned.directions } : { mode: 'random' },
    minimumDistances: b.limits,
    closestDistances: b.closest,
    units: { minimumDistances: 'Å', closestDistances: 'Å', mass: 'amu' },
    hydrogenMass: b.topology.masses[b.topology.symbols.indexOf('H')]!,
    attempts: b.attempts,
  };
}

function nonNegative(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0) throw new UsageError(`${flag} ${text}: expected a distance ≥ 0 in Å`);
  return v;
}

function parsePseudo(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(',').filter((s) => s.trim() !== '')) {
    const m = /^\s*([A-Za-z]{1,2})\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--pseudo ${text}: expected ELEMENT=FILE pairs separated by commas, found ${JSON.stringify(part)}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}
