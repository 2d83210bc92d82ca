import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { makeProvenance } from '../../core/provenance.js';
import { openTrajectory, type OpenOptions } from '../../io/open.js';
import { ANALYSIS_IDS, REGISTRY, type OutputFile } from '../../analysis/registry.js';
import { VERSION } from '../../version.js';
import { addTrajectoryOptions, openOptionsFrom, parseCation, parseRuns, temperatureFrom, type CommonFlags, type RunSpec } from '../options.js';
import { fmt, printJson } from '../output.js';
import { makeProgress, type Progress } from '../progress.js';
import { analyzeRun, arrheniusAcrossRuns, combineRuns, type RunAnalysis } from './analyze-runs.js';

interface AnalyzeFlags extends CommonFlags {
  out?: string;
  only?: string;
  skip?: string;
}

/** What `analyze` was asked to do, parsed and validated (before any file is read). */
export interface AnalyzeRequest {
  files: string[];
  runs: RunSpec[];
  open: OpenOptions;
  cation?: string;
  cationFlag?: string;
  anion: string;
  frames?: string;
  dt?: string;
  temperature?: number;
  out: string;
  /** Analysis ids to run, in registry order. */
  ids: string[];
  /** Ids left out by --only/--skip (listed as skipped, with that reason). */
  unselected: { id: string; reason: string }[];
}

/** What `analyze` wrote. */
export interface AnalyzeSummary {
  out: string;
  resultsFile: string;
  results: Record<string, unknown> & { analyses: Record<string, Record<string, unknown>>; skipped: Record<string, string> };
  files: string[];
  seconds: number;
}

const HELP = `
Every applicable analysis runs in one streaming pass over the frames (sites, density, msd,
vanhove, rdf, pauling, distortion, rotation, spectra); coordination, angles and docking need
the whole trajectory's r₁ (first g(r) minimum) and r_min first, so they run in a second pass.
Each analysis's object in results.json is what \`paddlewheel <id> --json\` prints for the same
input with its default options; skipped analyses are listed with the reason. With several
--run LABEL:FILES each run is analysed, results carry "runs": [...], and arrhenius fits the
runs' D(T). Nothing is written until every analysis has finished; results.json comes last.

Analyses: ${ANALYSIS_IDS.join(', ')}

Examples:
  $ paddlewheel analyze md/lbh.pos --qe-input md.in --cation Li --anion B12H12 --out results
  $ paddlewheel analyze run*/XDATCAR.gz --dt 100 --temperature 500 --cation Li --skip vanhove --out argyrodite
  $ paddlewheel analyze --run 600K:a.xyz --run 800K:b.xyz --cation Na --only msd,arrhenius --out series`;

/** `paddlewheel analyze`: every applicable analysis into one folder (results.json and the figure files). */
export function registerAnalyze(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('run every applicable analysis in one streaming pass and write DIR/results.json (one SPEC section 10 object per analysis), density.cube and the heat maps')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .requiredOption('--out <dir>', 'output folder (created if needed)')
    .option('--only <ids>', 'run only these analyses (comma-separated)')
    .option('--skip <ids>', 'leave these analyses out (comma-separated)');
  addTrajectoryOptions(cmd)
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: AnalyzeFlags) => {
      const request = analyzeRequestFrom(files, flags);
      const summary = await runAnalyze(request);
      if (flags.json) printJson(jsonSummary(summary));
      else process.stdout.write(`${formatAnalyzeSummary(summary).join('\n')}\n`);
    });
}

/** Parse the flags (every usage error before any file is read). */
export function analyzeRequestFrom(files: string[], flags: AnalyzeFlags): AnalyzeRequest {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel analyze FILE… --out DIR (or --run LABEL:FILE…)');
  const labels = new Set<string>();
  for (const r of runs) {
    if (labels.has(r.label)) throw new UsageError(`--run ${r.label}: the label is used twice; give each run its own label`);
    labels.add(r.label);
  }
  const list = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = ids.filter((id) => !ANALYSIS_IDS.includes(id));
    if (bad.length || ids.length === 0) throw new UsageError(`${flag} ${text}: unknown analysis ${bad.join(', ') || '(none given)'}; known: ${ANALYSIS_IDS.join(', ')}`);
    return new Set(ids);
  };
  const only = list('--only', flags.only), skip = list('--skip', flags.skip);
  const unselected: { id: string; reason: string }[] = [];
  const ids = ANALYSIS_IDS.filter((id) => {
    if (only && !only.has(id)) return unselected.push({ id, reason: 'not in --only' }), false;
    if (skip?.has(id)) return unselected.push({ id, reason: 'left out by --skip' }), false;
    return true;
  });
  return {
    files, runs, open: openOptionsFrom(flags), cation: parseCation(flags.cation), cationFlag: flags.cation, anion: flags.anion ?? 'auto',
    frames: flags.frames, dt: flags.dt, temperature: temperatureFrom(flags), out: flags.out!, ids, unselected,
  };
}

/**
 * Run the analyses and write the folder. Everything is computed first; only then are the
 * figure files written (each atomically) and results.json last, so a failure (a bad file)
 * leaves no results.json. The folder may not be an input file; no input is ever overwritten.
 */
export async function runAnalyze(req: AnalyzeRequest): Promise<AnalyzeSummary> {
  const t0 = performance.now();
  const resultsFile = join(req.out, 'results.json');
  const items: RunSpec[] = req.runs.length ? req.runs : [{ label: '', files: req.files }];
  const allFiles = items.flatMap((r) => r.files);
  await refuseInputs(req.out, allFiles);
  await refuseInputs(resultsFile, allFiles);
  const outStat = await stat(req.out).catch(() => undefined);
  if (outStat && !outStat.isDirectory()) throw new UsageError(`--out ${req.out}: exists and is not a folder`);
  const entries = REGISTRY.filter((e) => req.ids.includes(e.id));

  const runs: RunAnalysis[] = [];
  const inputs: string[] = [];
  for (const run of items) {
    const diagnostics = new DiagnosticLog();
    const traj = await openTrajectory(run.files, { ...req.open, diagnostics });
    inputs.push(...traj.paths);
    const label = run.label ? `analyze ${run.label}` : 'analyze';
    let progress: Progress | undefined;
    try {
      runs.push(await analyzeRun(traj, run, req, entries, {
        onPass: (pass, total) => { progress?.stop(); progress = makeProgress(`${label} (${pass} pass)`, total); },
        onFrame: () => progress?.tick(),
      }));
    } finally {
      progress?.stop();
    }
  }
  await refuseInputs(req.out, inputs);
  const provenance = await makeProvenance(inputs);
  const { analyses, skipped, files } = combineRuns(runs, req, provenance);
  if (req.ids.includes('arrhenius')) {
    const a = arrheniusAcrossRuns(runs, req, provenance);
    if (typeof a === 'string') skipped['arrhenius'] = a;
    else analyses['arrhenius'] = a;
  }
  for (const u of req.unselected) skipped[u.id] = u.reason;
  const results = {
    tool: 'paddlewheel',
    version: VERSION,
    command: 'analyze',
    created: provenance.created,
    inputs: provenance.inputs,
    params: { files: req.files, runs: req.runs.length ? req.runs : undefined, cation: req.cation ?? null, anion: req.anion, frames: req.frames ?? null, dt: req.dt ?? null, temperature: req.temperature ?? null, out: req.out },
    passes: runs.map((r) => ({ label: r.label || undefined, frames: r.frames, passes: r.passes })),
    analyses,
    skipped,
    diagnostics: runs.flatMap((r) => r.diagnostics),
  };
  await writeOutputs(req.out, files, resultsFile, results, inputs);
  return { out: req.out, resultsFile, results, files: files.map((f) => f.path), seconds: (performance.now() - t0) / 1000 };
}

async function writeOutputs(out: string, files: OutputFile[], resultsFile: string, results: unknown, inputs: string[]): Promise<void> {
  const dirs = new Set([out, ...files.map((f) => join(f.path, '..'))]);
  for (const d of dirs) {
    try {
      await mkdir(d, { recursive: true });
    } catch (e) {
      throw new PaddlewheelError('E_IO', `${d}: cannot create the output folder (${(e as Error).message})`);
    }
  }
  for (const f of files) await writeFileAtomic(f.path, f.data, inputs);
  await writeFileAtomic(resultsFile, `${JSON.stringify(results, null, 2)}\n`, inputs);
}

/** The `--json` answer: where things are and what ran (results.json itself can be large). */
export function jsonSummary(s: AnalyzeSummary): Record<string, unknown> {
  return { analysis: 'analyze', version: VERSION, out: s.out, resultsFile: s.resultsFile, analyses: Object.keys(s.results.analyses), skipped: s.results.skipped, files: s.files, seconds: s.seconds };
}

/** Lines for people: what ran, what was skipped and why, where the files are. */
export function formatAnalyzeSummary(s: AnalyzeSummary): string[] {
  const passes = (s.results['passes'] as { label?: string; frames: number; passes: { pass: string; analyses: string[]; seconds: number }[] }[]);
  return [
    ...passes.flatMap((r) => r.passes.map((p) => `${r.label ? `run ${r.label}: ` : ''}${p.pass} pass over ${r.frames} frames (${fmt(p.seconds, 3)} s): ${p.analyses.filter((id) => !id.startsWith('#')).join(', ') || '(r₁ only)'}`)),
    `analyses: ${Object.keys(s.results.analyses).join(', ')}`,
    // Per-run reasons can repeat four times over; the full text is in results.json.
    ...Object.entries(s.results.skipped).map(([id, why]) => `skipped ${id}: ${why.length > 240 ? `${why.slice(0, 240)}… (full reason in results.json)` : why}`),
    `results: ${s.resultsFile}${s.files.length ? ` (+ ${s.files.length} figure files in ${s.out})` : ''}`,
    `time: ${fmt(s.seconds, 3)} s`,
  ];
}
