import type { DiagnosticLog } from '../core/diagnostics.js';
import type { Trajectory } from '../io/open.js';
import type { Analysis, AnalysisContext } from './types.js';

/**
 * The common options of `paddlewheel analyze`, parsed, as every registry entry sees them.
 * Text fields are kept as typed where the single commands echo them into `params`, so the
 * objects in results.json equal the single commands' `--json` output.
 */
export interface AnalyzeOptions {
  /** Trajectory files as given (restart segments of one run). */
  files: string[];
  /** `--cation`, parsed (element symbol), and as typed. */
  cation?: string;
  cationFlag?: string;
  /** `--anion` as typed ('auto' by default). */
  anion: string;
  /** `--frames` and `--dt` as typed. */
  frames?: string;
  dt?: string;
  /** K, from `--temperature` or the run label, with where it came from. */
  temperature?: number;
  temperatureSource?: string;
  /** `--temperature` itself (K), as the msd command echoes it. */
  temperatureFlag?: number;
  /** Final output folder: file names inside results.json are under it. */
  out: string;
}

/** r₁ and r_min found in the main pass for the shell analyses (coordination, angles, docking). */
export interface ShellScan {
  /** First minimum of the anion-centre–cation g(r) after its main peak (Å). */
  r1: number;
  /** How angles and docking describe r₁ (`paddlewheel angles` pre-pass wording). */
  r1Source: string;
  /** How coordination describes r₁ (the g(r) result's method). */
  r1Method: string;
  /** Smallest anion–cation distance over the selected frames (Å), when angles asked for it. */
  closest?: number;
  /** Diagnostics of the g(r) that gave r₁ (the single commands log them too). */
  diagnostics: DiagnosticLog;
}

/** A file an entry wants written into the output folder (written only when the whole run succeeded). */
export interface OutputFile {
  /** Path under the final output folder, as results.json names it. */
  path: string;
  data: string | Uint8Array;
}

/** What a finished job hands to its entry's `output`. */
export interface Finished {
  result: unknown;
  context: AnalysisContext;
  frames: number;
  /** The job's own diagnostics (the entry may add to them). */
  diagnostics: DiagnosticLog;
}

/** The SPEC section 10 object of one analysis, without the envelope's provenance and diagnostics. */
export interface EntryOutput {
  params: Record<string, unknown>;
  body: Record<string, unknown>;
  files: OutputFile[];
}

/** An analysis bound to its parameters for one trajectory. */
export interface EntryJob {
  // Heterogeneous analyses share one pass; each entry keeps its own P, S, R consistent.
  analysis: Analysis<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  params: unknown;
}

/**
 * One registry line: when an analysis applies, how its parameters come from the common
 * options, and how its SPEC section 10 body is made (the same object its command prints).
 *
 * Passes: `main` analyses read every frame in the one streaming pass; `shell` analyses need
 * r₁ (and angles r_min) of the whole trajectory before their first frame, so they run in a
 * second pass after the main pass has produced the g(r) that gives r₁.
 */
export interface RegistryEntry {
  id: string;
  /** One line for `--help` and the report. */
  title: string;
  pass: 'main' | 'shell';
  /** What the analysis needs, in words (shown with the skip reason). */
  needs: string;
  /** Reason it cannot run on this trajectory, known before any frame is read. */
  precheck?(traj: Trajectory, opts: AnalyzeOptions): string | undefined;
  /** Reason it cannot run, known once the ions are selected on the first frame. */
  check?(ctx: AnalysisContext, opts: AnalyzeOptions): string | undefined;
  /** The analysis and its parameters (shell entries get the scan). */
  job(opts: AnalyzeOptions, ctx: AnalysisContext, shell?: ShellScan): EntryJob;
  /** The params and body the single command would print, and the files it would write. */
  output(opts: AnalyzeOptions, done: Finished, shell?: ShellScan): EntryOutput;
}

/** A number as the commands print it in figure labels: 4 significant digits (cli/output `fmt`). */
export function fmt4(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}
