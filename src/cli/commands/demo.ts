import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaddlewheelError } from '../../core/errors.js';
import type { Quantity } from '../../core/result.js';
import { writeReport } from '../../report/html/index.js';
import { fmt, printJson } from '../output.js';
import { analyzeRequestFrom, formatAnalyzeSummary, jsonSummary, runAnalyze, type AnalyzeSummary } from './analyze.js';

/** Default output folder of the demo (relative to the working directory). */
export const DEMO_OUT = 'paddlewheel-demo';

/** Folder of the bundled demo trajectory (β-Li2B12H12, cp.x, 800 K). */
export function demoFixtureDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = join(dir, 'fixtures', 'li2b12h12-prim-800K');
    if (existsSync(cand)) return cand;
    dir = dirname(dir);
  }
  throw new PaddlewheelError('E_IO', 'the bundled demo fixture (fixtures/li2b12h12-prim-800K) is missing from this installation');
}

/**
 * `paddlewheel demo`: `paddlewheel analyze` on the bundled β-Li2B12H12 cp.x trajectory into
 * a folder, a summary of the key descriptors, and the HTML report.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run every analysis on the bundled β-Li2B12H12 trajectory (Car–Parrinello MD, 800 K) into a folder with results.json and report.html')
    .option('--out <dir>', 'output folder', DEMO_OUT)
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  $ npx paddlewheel demo\n  $ npx paddlewheel demo --out /tmp/pw-demo --json')
    .action(async (flags: { out: string; json?: boolean }) => {
      const dir = demoFixtureDir();
      const req = analyzeRequestFrom([join(dir, 'lbh.pos.gz')], { qeInput: join(dir, 'lbh.in'), cation: 'Li', anion: 'B12H12', out: flags.out, run: [] });
      const summary = await runAnalyze(req);
      const report = await tryReport(flags.out);
      if (flags.json) {
        printJson({ ...jsonSummary(summary), analysis: 'demo', fixture: dir, report: report.path ?? null, descriptors: descriptors(summary) });
        return;
      }
      const rel = relative(process.cwd(), dir) || '.';
      const lines = [
        'paddlewheel demo — β-Li2B12H12, 26-atom primitive cell, Car–Parrinello MD at 800 K',
        `(bundled fixture: ${rel}; 160 frames, 0.23 ps: too short for physics numbers — it shows what is computed)`,
        '',
        ...formatDescriptors(summary),
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
export function descriptors(s: AnalyzeSummary): Record<string, unknown> {
  const a = s.results.analyses as Record<string, A>;
  return {
    radiusRatio: a['pauling']?.['radiusRatio'] ?? null,
    predictedSite: a['pauling']?.['predictedSite'] ?? null,
    entropy: a['sites']?.['entropy'] ?? null,
    D: a['msd']?.['D'] ?? null,
    havenRatio: a['msd']?.['havenRatio'] ?? null,
    dockedFraction: a['docking']?.['dockedFraction'] ?? null,
    tau1: a['rotation']?.['tau1'] ?? null,
    spectralOverlap: a['spectra']?.['overlap']?.[0]?.['value'] ?? null,
  };
}

function formatDescriptors(s: AnalyzeSummary): string[] {
  const a = s.results.analyses as Record<string, A>;
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
    overlap ? `spectra        ${overlap.cation}/${overlap.anion} overlap in ${fmt(overlap.from)}–${fmt(overlap.to)} THz: ${fmt(overlap.value, 3)}` : undefined,
  ].filter((l): l is string => l !== undefined);
}
