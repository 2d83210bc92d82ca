import { DiagnosticLog } from '../core/diagnostics.js';
import type { Frame } from '../core/frame.js';
import type { Trajectory } from '../io/open.js';
import { closestApproachAnalysis } from '../analysis/angles/index.js';
import type { RdfResult } from '../analysis/rdf/index.js';
import { defaultRdfParams } from '../analysis/rdf/entry.js';
import { rdfAnalysis } from '../analysis/rdf/index.js';
import type { AnalyzeOptions, EntryOutput, RegistryEntry, ShellScan } from '../analysis/registry.js';
import type { AnalysisContext } from '../analysis/types.js';
import { runMulti, type MultiJob, type MultiOutcome, type MultiRunOptions } from './multi.js';

/** Search radius (Å) of the closest-approach scan for r_min, as `paddlewheel angles` uses it. */
const CLOSEST_CUTOFF = 10;
/** Ids of the internal jobs of the main pass that serve the shell analyses. */
const R1_JOB = '#r1', CLOSEST_JOB = '#closest';

/** One analysis's outcome on one trajectory. */
export type EntryOutcome =
  | { id: string; ok: true; output: EntryOutput; diagnostics: DiagnosticLog; result: unknown }
  | { id: string; ok: false; reason: string };

/** What the passes did. */
export interface PassRecord {
  pass: 'main' | 'shell';
  analyses: string[];
  frames: number;
  seconds: number;
}

/** Result of {@link analyzeTrajectory}. */
export interface TrajectoryAnalysis {
  outcomes: EntryOutcome[];
  passes: PassRecord[];
  frames: number;
  context: AnalysisContext;
}

/** Options of one trajectory's analysis. */
export interface AnalyzeTrajectoryOptions {
  entries: readonly RegistryEntry[];
  options: AnalyzeOptions;
  selection: { cation?: string; anion?: string };
  /** Progress: a pass begins (total frames when known) and each frame. */
  onPass?: (pass: 'main' | 'shell', total?: number) => void;
  onFrame?: (frame: Frame) => void;
  /**
   * r₁ (Å), and r_min (Å) for angles, given on the command line (`--r1`, `--r-min`): the shell
   * analyses that have what they need then join the main pass (no g(r) scan, no second read);
   * angles without r_min still gets it from the main pass's closest approach, in a shell pass.
   */
  shell?: { r1: number; rMin?: number };
  /**
   * How a pass runs: runMulti over the trajectory unless replaced — a partial run
   * (`analyze --partial`) keeps the states instead, `paddlewheel merge` finalizes merged
   * states (src/run/partial.ts); either way the jobs come from the same `makeJobs`.
   */
  runPass?: PassRunner;
  /** Chunked run on worker threads (`--workers`, `--chunk-frames`; MultiRunOptions); absent: one plain pass. */
  parallel?: Pick<MultiRunOptions, 'workers' | 'chunkFrames'>;
}

/** Runs one pass of {@link analyzeTrajectory}: the outcomes of the jobs `makeJobs` asks for. */
export type PassRunner = (
  pass: 'main' | 'shell',
  makeJobs: (ctx: AnalysisContext) => MultiJob[],
  options: MultiRunOptions,
) => Promise<{ outcomes: MultiOutcome[]; context: AnalysisContext; frames: number }>;

/**
 * Run the selected registry analyses over one trajectory: the main pass streams every frame
 * once to every applicable `main` analysis, plus (when a shell analysis is selected) the
 * anion–cation g(r) that gives r₁ and the closest approach that gives r_min; the shell pass
 * then streams the frames once more to coordination, angles and docking, which need those
 * whole-trajectory numbers before their first frame. So at most two reads, whatever the
 * number of analyses, and each analysis sees exactly the parameters its own command would
 * use (the same numbers as `paddlewheel <id> --json`).
 */
export async function analyzeTrajectory(traj: Trajectory, a: AnalyzeTrajectoryOptions): Promise<TrajectoryAnalysis> {
  const o = a.options;
  const skipped = new Map<string, string>();
  for (const e of a.entries) {
    const why = e.precheck?.(traj, o);
    if (why) skipped.set(e.id, why);
  }
  const shellWanted: RegistryEntry[] = [];
  const given: ShellScan | undefined = a.shell && { r1: a.shell.r1, r1Source: 'given (--r1)', r1Method: 'given (--r1)', closest: a.shell.rMin, diagnostics: new DiagnosticLog() };
  const runPass: PassRunner = a.runPass ?? ((_pass, makeJobs, options) => runMulti(traj, makeJobs, options));
  const makeMainJobs = (ctx: AnalysisContext): MultiJob[] => {
    const jobs: MultiJob[] = [];
    for (const e of a.entries) {
      if (skipped.has(e.id)) continue;
      const why = e.check?.(ctx, o);
      if (why) { skipped.set(e.id, why); continue; }
      if (e.pass === 'shell') {
        if (given && (e.id !== 'angles' || given.closest !== undefined)) jobs.push({ id: e.id, ...e.job(o, ctx, given) });
        else shellWanted.push(e);
        continue;
      }
      jobs.push({ id: e.id, ...e.job(o, ctx) });
    }
    if (shellWanted.length) {
      if (!given && !jobs.some((j) => j.id === 'rdf')) jobs.push({ id: R1_JOB, analysis: rdfAnalysis, params: defaultRdfParams() });
      if (shellWanted.some((e) => e.id === 'angles')) jobs.push({ id: CLOSEST_JOB, analysis: closestApproachAnalysis, params: { cutoff: CLOSEST_CUTOFF } });
    }
    return jobs;
  };
  a.onPass?.('main');
  let t0 = performance.now();
  const main = await runPass('main', makeMainJobs, { ...a.selection, ...a.parallel, temperature: o.temperature, onFrame: a.onFrame });
  const passes: PassRecord[] = [{ pass: 'main', analyses: main.outcomes.map((x) => x.id), frames: main.frames, seconds: (performance.now() - t0) / 1000 }];
  const outcomes = new Map<string, EntryOutcome>();
  const finish = (e: RegistryEntry, x: MultiOutcome, frames: number, shell?: ShellScan) => {
    if (!x.ok) { outcomes.set(e.id, { id: e.id, ok: false, reason: x.reason }); return; }
    const output = e.output(o, { result: x.result, context: x.context, frames, diagnostics: x.diagnostics }, shell);
    outcomes.set(e.id, { id: e.id, ok: true, output, diagnostics: x.diagnostics, result: x.result });
  };
  for (const e of a.entries) {
    const x = main.outcomes.find((m) => m.id === e.id);
    if (x) finish(e, x, main.frames, e.pass === 'shell' ? given : undefined);
  }

  if (shellWanted.length) {
    const scan = given ? { ...given, closest: closestOf(main.outcomes) } : shellScan(main.outcomes, main.frames);
    const ready: RegistryEntry[] = [];
    for (const e of shellWanted) {
      if (typeof scan === 'string') skipped.set(e.id, scan);
      else if (e.id === 'angles' && scan.closest === undefined) skipped.set(e.id, `no ${main.context.ions.cationSymbols.join(',') || 'cation'} came within r₁ = ${scan.r1.toFixed(3)} Å of an anion centre in any frame`);
      else ready.push(e);
    }
    if (ready.length && typeof scan !== 'string') {
      a.onPass?.('shell', main.frames);
      t0 = performance.now();
      const shell = await runPass('shell', (ctx) => ready.map((e) => ({ id: e.id, ...e.job(o, ctx, scan) })), { ...a.selection, ...a.parallel, temperature: o.temperature, onFrame: a.onFrame });
      passes.push({ pass: 'shell', analyses: ready.map((e) => e.id), frames: shell.frames, seconds: (performance.now() - t0) / 1000 });
      for (const e of ready) {
        const x = shell.outcomes.find((m) => m.id === e.id)!;
        if (x.ok) for (const d of scan.diagnostics.toArray()) x.diagnostics.add(d);
        finish(e, x, shell.frames, scan);
      }
    }
  }
  for (const [id, reason] of skipped) outcomes.set(id, { id, ok: false, reason });
  const ordered = a.entries.map((e) => outcomes.get(e.id)).filter((x): x is EntryOutcome => x !== undefined);
  return { outcomes: ordered, passes, frames: main.frames, context: main.context };
}

/** r₁ (and r_min) from the main pass, worded as the single commands word them; or why not. */
function shellScan(outcomes: MultiOutcome[], frames: number): ShellScan | string {
  const g = outcomes.find((x) => x.id === 'rdf' || x.id === R1_JOB);
  if (!g) return 'the anion–cation g(r) that gives r₁ did not run';
  if (!g.ok) return `the anion–cation g(r) that gives r₁ failed: ${g.reason}`;
  const r = g.result as RdfResult;
  if (!r.r1) return `the anion–cation g(r) has no minimum after its main peak below ${r.rEdge[r.rEdge.length - 1]} Å (${frames} frames); r₁ is undefined`;
  const c = outcomes.find((x) => x.id === CLOSEST_JOB);
  const closest = closestOf(outcomes);
  const diagnostics = new DiagnosticLog();
  for (const d of g.diagnostics.toArray()) diagnostics.add(d);
  if (c) for (const d of c.diagnostics.toArray()) diagnostics.add(d);
  return {
    r1: r.r1.value,
    r1Source: `first minimum of the anion-centre–cation g(r) after its main peak at ${r.r1.peak?.toFixed(3)} Å (${r.frames} frames)`,
    r1Method: r.r1.method,
    closest,
    diagnostics,
  };
}

/** r_min from the main pass's closest-approach job, when it ran and found one. */
function closestOf(outcomes: MultiOutcome[]): number | undefined {
  const c = outcomes.find((x) => x.id === CLOSEST_JOB);
  return c && c.ok ? ((c.result as { closest: number | null }).closest ?? undefined) : undefined;
}
