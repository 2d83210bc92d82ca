import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { refuseInputs } from '../../core/atomic-write.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { makeProvenance } from '../../core/provenance.js';
import { openTrajectory, type OpenOptions } from '../../io/open.js';
import { ANALYSIS_IDS, REGISTRY } from '../../analysis/registry.js';
import { VERSION } from '../../version.js';
import { addParallelOptions, addTrajectoryOptions, openOptionsFrom, parallelFrom, parseCation, parseRuns, temperatureFrom, type CommonFlags, type ParallelFlags, type RunSpec } from '../options.js';
import { fmt, printJson } from '../output.js';
import { makeProgress, type Progress } from '../progress.js';
import { analyzeRun, type RunAnalysis } from './analyze-runs.js';
import { formatPartialSummary, runPartial, splitFlags } from './analyze-partial.js';
import { writeAnalyzeResults } from './analyze-results.js';
import type { FitWindowSpec } from '../../analysis/msd/types.js';
import { entriesWithFlags } from '../../run/entry-overrides.js';

interface AnalyzeFlags extends CommonFlags, ParallelFlags {
  out?: string;
  only?: string;
  skip?: string;
  partial?: string;
  r1?: string;
  rMin?: string;
  fit?: string;
  maxLag?: string;
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
  /** `--workers`, `--chunk-frames` (absent: one plain pass, as the library default). */
  parallel?: { workers?: number; chunkFrames?: number };
  /** `--partial FILE`: write the states of this frame range there instead of `out` (src/run/partial.ts). */
  partial?: string;
  /** `--r1`, `--r-min` (Å), `--fit` (ps window) and `--max-lag` (ps): see src/run/entry-overrides.ts. */
  r1?: number;
  rMin?: number;
  fit?: FitWindowSpec;
  maxLag?: number;
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

Splitting one long trajectory over batch jobs: each job runs
  paddlewheel analyze FILES… --frames A:B --partial part-K.json [the same options]
and writes the analysis states (sums, not results) of frames A:B; then
  paddlewheel merge part-*.json --out DIR
writes what one \`paddlewheel analyze FILES… --out DIR\` writes (to rounding, ≤ 1e-10). The
ranges must tile the frames from 0 (0:1000, 1000:2000, …, 9000: — the last may be open); every
partial takes frame 0 as its reference, as the one run does. In partial runs msd needs --fit
and --max-lag (so no parameter depends on a range's length); coordination, angles and docking
need --r1 (angles also --r-min), since r₁ and r_min come from the whole trajectory; vanhove
(every time origin reaches to the end) cannot be split and is skipped.

Analyses: ${ANALYSIS_IDS.join(', ')}

Examples:
  $ paddlewheel analyze md/lbh.pos --qe-input md.in --cation Li --anion B12H12 --out results
  $ paddlewheel analyze run*/XDATCAR.gz --dt 100 --temperature 500 --cation Li --skip vanhove --out argyrodite
  $ paddlewheel analyze --run 600K:a.xyz --run 800K:b.xyz --cation Na --only msd,arrhenius --out series
  $ paddlewheel analyze md.xyz --frames 0:5000 --fit 2:20 --max-lag 40 --r1 6.2 --r-min 1.9 --partial p0.json`;

/** `paddlewheel analyze`: every applicable analysis into one folder (results.json and the figure files). */
export function registerAnalyze(program: Command): void {
  const cmd = program
    .command('analyze')
    .description('run every applicable analysis in one streaming pass and write DIR/results.json (one SPEC section 10 object per analysis), density.cube and the heat maps')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run')
    .option('--out <dir>', 'output folder (created if needed)')
    .option('--only <ids>', 'run only these analyses (comma-separated)')
    .option('--skip <ids>', 'leave these analyses out (comma-separated)')
    .option('--partial <file>', 'instead of --out: write the analysis states of the --frames range to FILE, for paddlewheel merge')
    .option('--r1 <Å>', 'first-shell radius r₁ for coordination, angles and docking (default: first minimum of the anion–cation g(r); needed with --partial)')
    .option('--r-min <Å>', 'lower end of the angle ranges (default: closest anion–cation approach; needed for angles with --partial)')
    .option('--fit <start:end>', 'msd fit window in ps (as paddlewheel msd --fit; needed with --partial)')
    .option('--max-lag <ps>', 'msd largest lag in ps (as paddlewheel msd --max-lag; needed with --partial)');
  addParallelOptions(addTrajectoryOptions(cmd))
    .addHelpText('after', HELP)
    .action(async (files: string[], flags: AnalyzeFlags) => {
      const request = analyzeRequestFrom(files, flags);
      if (request.partial !== undefined) {
        const written = await runPartial(request);
        if (flags.json) printJson(written);
        else process.stdout.write(`${formatPartialSummary(written).join('\n')}\n`);
        return;
      }
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
    frames: flags.frames, dt: flags.dt, temperature: temperatureFrom(flags), out: flags.out ?? '', ids, unselected,
    parallel: parallelFrom(flags), ...splitFlags(flags, runs.length > 0, ids),
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
  const allFiles = [...items.flatMap((r) => r.files), ...(req.open.qeInput ? [req.open.qeInput] : [])];
  await refuseInputs(req.out, allFiles, '--out');
  await refuseInputs(resultsFile, allFiles, '--out');
  const outStat = await stat(req.out).catch(() => undefined);
  if (outStat && !outStat.isDirectory()) throw new UsageError(`--out ${req.out}: exists and is not a folder`);
  const entries = entriesWithFlags(REGISTRY.filter((e) => req.ids.includes(e.id)), req, false);

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
  await refuseInputs(req.out, inputs, '--out');
  const provenance = await makeProvenance(inputs);
  return writeAnalyzeResults(req, runs, provenance, inputs, t0);
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
