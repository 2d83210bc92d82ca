import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaddlewheelError } from '../../core/errors.js';
import type { Quantity } from '../../core/result.js';
import { writeReport } from '../../report/html/index.js';
import { toReportData, type ResultsFile } from '../../report/html/results.js';
import { fmt, printJson } from '../output.js';
import { analyzeRequestFrom, formatAnalyzeSummary, jsonSummary, runAnalyze, type AnalyzeSummary } from './analyze.js';

/** Default output folder of the demo (relative to the working directory). */
export const DEMO_OUT = 'paddlewheel-demo';

/** Folder of the bundled demo data (illustrative model MD of β-Li2B12H12; fixtures/demo/README.md). */
export function demoFixtureDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = join(dir, 'fixtures', 'demo');
    if (existsSync(cand)) return cand;
    dir = dirname(dir);
  }
  throw new PaddlewheelError('E_IO', 'the bundled demo data (fixtures/demo) is missing from this installation');
}

/** The demo's runs: 30 ps at 800 K (every analysis) and 20 ps at 600, 700, 900 K (Arrhenius). */
export const DEMO_RUNS: readonly [label: string, file: string][] = [
  ['600K', 'li2b12h12-600K-20ps.extxyz.gz'],
  ['700K', 'li2b12h12-700K-20ps.extxyz.gz'],
  ['800K', 'li2b12h12-800K-30ps.extxyz.gz'],
  ['900K', 'li2b12h12-900K-20ps.extxyz.gz'],
];

/**
 * `paddlewheel demo`: `paddlewheel analyze` on the bundled β-Li2B12H12 runs at four
 * temperatures (an illustrative force-matched classical model, not first-principles: see
 * fixtures/demo/README.md) into a folder, a summary of the key descriptors of the longest run
 * (800 K) with the Arrhenius fit across runs, and the HTML report.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run every analysis on the bundled β-Li2B12H12 trajectories (illustrative model MD, 600–900 K) into a folder with results.json and report.html')
    .option('--out <dir>', 'output folder', DEMO_OUT)
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  $ npx paddlewheel demo\n  $ npx paddlewheel demo --out /tmp/pw-demo --json')
    .action(async (flags: { out: string; json?: boolean }) => {
      const dir = demoFixtureDir();
      const run = DEMO_RUNS.map(([label, file]) => `${label}:${join(dir, file)}`);
      const req = analyzeRequestFrom([], { cation: 'Li', anion: 'B12H12', out: flags.out, run });
      const summary = await runAnalyze(req);
      const report = await tryReport(flags.out);
      const shown = toReportData(flags.out, summary.results as ResultsFile).analyses;
      if (flags.json) {
        printJson({ ...jsonSummary(summary), analysis: 'demo', fixture: dir, report: report.path ?? null, descriptors: descriptors(shown) });
        return;
      }
      const rel = relative(process.cwd(), dir) || '.';
      const lines = [
        'paddlewheel demo — β-Li2B12H12 (208-atom cell) at 600, 700, 800 and 900 K',
        `(bundled data: ${rel}; MD with an illustrative force-matched classical model, not first-principles — see its README.md)`,
        '',
        'the 800 K run (30 ps):',
        ...formatDescriptors(shown),
        '',
        ...formatAnalyzeSummary(summary),
        report.path ? `report: ${report.path}` : report.note,
        '',
        'Your own data:  npx paddlewheel analyze <trajectory…> --cation Li --anion auto --out results',
        'All commands:   npx paddlewheel --help',
      ].filter((l): l is string => l !== undefined);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

async function tryReport(dir: string): Promise<{ path?: string; note?: string }> {
  if (typeof writeReport !== 'function') return {};
  try {
    return { path: await writeReport(dir) };
  } catch (e) {
    return { note: `report.html not written: ${(e as Error).message}` };
  }
}

type A = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The headline numbers of the study's descriptors, from results.json. */
export function descriptors(a: Record<string, A>): Record<string, unknown> {
  return {
    radiusRatio: a['pauling']?.['radiusRatio'] ?? null,
    predictedSite: a['pauling']?.['predictedSite'] ?? null,
    entropy: a['sites']?.['entropy'] ?? null,
    D: a['msd']?.['D'] ?? null,
    havenRatio: a['msd']?.['havenRatio'] ?? null,
    dockedFraction: a['docking']?.['dockedFraction'] ?? null,
    tau1: a['rotation']?.['tau1'] ?? null,
    spectralOverlap: a['spectra']?.['overlap']?.[0]?.['value'] ?? null,
    Ea: a['arrhenius']?.['Ea'] ?? null,
  };
}

function formatDescriptors(a: Record<string, A>): string[] {
  const pm = (q: Quantity | null | undefined, unit = '') => (q ? `${fmt(q.value)}${q.stderr !== undefined ? ` ± ${fmt(q.stderr)}` : ''}${unit ? ` ${unit}` : ''}` : '—');
  const p = a['pauling'], si = a['sites'], m = a['msd'], d = a['docking'], r = a['rotation'], sp = a['spectra'], c = a['coordination'], an = a['angles'];
  const overlap = sp?.['overlap']?.[0];
  const tau = r?.['tau1'] ? `τ1 = ${pm(r['tau1'], 'ps')}` : r ? 'no decay within the run (too short to fit τ)' : '—';
  return [
    p ? `Pauling        R⁺/R⁻ = ${fmt(p['radiusRatio'])} (${p['lattice']} anion lattice, a = ${fmt(p['latticeParameter'].value)} Å) → ${p['predictedSite']} site predicted` : undefined,
    si ? `sites          S̃ = ${pm(si['entropy'], 'k_B')} per cation; P1 tetrahedral ${fmt(si['P1'].tetrahedral.value, 3)}, trigonal ${fmt(si['P1'].trigonal.value, 3)}, linear ${fmt(si['P1'].linear.value, 3)}` : undefined,
    m ? `transport      D* = ${pm(m['D'], 'cm²/s')}; σ = ${pm(m['conductivity'], 'S/cm')}; Haven ratio ${pm(m['havenRatio'])}` : undefined,
    c ? `coordination   ${fmt(c['mean'].value)} ${c['pair'].b} within r₁ = ${fmt(c['r1'].value)} Å of each anion` : undefined,
    an ? `angles         icosahedral overlap by range: ${an['ranges'].map((g: A) => (g['icosahedralOverlap'] === null ? '—' : fmt(g['icosahedralOverlap'], 2))).join(', ')} (isotropic ${fmt(an['baseline'].icosahedral, 2)})` : undefined,
    d ? `docking        docked fraction ${d['dockedFraction'] === null ? '—' : fmt(d['dockedFraction'], 3)} of first-shell ${d['cation']} (r_dock ${fmt(d['rDock'].value)} Å)` : undefined,
    r ? `reorientation  ${tau}` : undefined,
    a['arrhenius']?.['Ea'] ? `Arrhenius      E_a = ${pm(a['arrhenius']['Ea'], 'meV')} over 600–900 K (study: 136 meV)` : undefined,
    overlap ? `spectra        ${overlap.cation}/${overlap.anion} overlap in ${fmt(overlap.from)}–${fmt(overlap.to)} THz: ${fmt(overlap.value, 3)}` : undefined,
  ].filter((l): l is string => l !== undefined);
}
