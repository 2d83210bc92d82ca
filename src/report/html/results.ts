import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ParseError, PaddlewheelError } from '../../core/errors.js';

/**
 * One analysis result as its command prints it with `--json` (SPEC section 10). The report
 * reads the documented keys defensively: results come from files, possibly of older or newer
 * versions, so every field is optional to the renderer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnalysisResult = Record<string, any>;

/** The contents of DIR/results.json as `paddlewheel analyze` writes it. */
export interface ResultsFile {
  tool?: string;
  version?: string;
  inputs?: unknown[];
  analyses: Record<string, AnalysisResult>;
  /** Analyses not run, id → why (also accepted: an entry `{skipped: true, reason}` under `analyses`). */
  skipped?: Record<string, string>;
  [extra: string]: unknown;
}

/** The results and where they came from, as the renderer uses them. */
export interface ReportData {
  dir: string;
  results: ResultsFile;
  /** Analyses with a result, by id. */
  analyses: Record<string, AnalysisResult>;
  /** id → reason for each analysis that was skipped. */
  skipped: Record<string, string>;
}

/**
 * Read and check DIR/results.json.
 * @throws PaddlewheelError E_IO when it cannot be read, ParseError when it is not JSON or has no `analyses` object
 */
export async function loadResults(dir: string): Promise<ReportData> {
  const file = join(dir, 'results.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run \`paddlewheel analyze … --out ${dir}\` first`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const pos = m ? Number(m[1]) : undefined;
    const line = pos === undefined ? 1 : text.slice(0, pos).split('\n').length;
    throw new ParseError({ file, line }, 'JSON (results.json as paddlewheel analyze writes it)', (e as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as ResultsFile).analyses !== 'object' || (parsed as ResultsFile).analyses === null) {
    throw new ParseError({ file, line: 1 }, 'an object with an "analyses" object (results.json of paddlewheel analyze)', text.slice(0, 40));
  }
  return toReportData(dir, parsed as ResultsFile);
}

/** Split results into present analyses and skip reasons (both conventions accepted). */
export function toReportData(dir: string, results: ResultsFile): ReportData {
  const analyses: Record<string, AnalysisResult> = {};
  const skipped: Record<string, string> = {};
  for (const [id, why] of Object.entries(results.skipped ?? {})) skipped[id] = typeof why === 'string' ? why : (why as { reason?: string })?.reason ?? 'skipped';
  const label = primaryLabel(results.analyses);
  for (const [id, r] of Object.entries(results.analyses)) {
    if (!r || typeof r !== 'object') continue;
    if (r['skipped'] === true || r['status'] === 'skipped') skipped[id] = String(r['reason'] ?? r['message'] ?? 'skipped');
    else analyses[id] = Array.isArray(r['runs']) && r['runs'].length > 0 ? primaryRun(r, label) : r;
  }
  return { dir, results, analyses, skipped };
}

/**
 * Several independent runs (`analyze --run …`) store one body per run under `runs`. The
 * per-analysis sections show one run — the longest (most frames), which has the best
 * statistics — and say so in that analysis's diagnostics; cross-run results (Arrhenius) are
 * separate analyses and unaffected. results.json keeps every run.
 */
function primaryRun(r: AnalysisResult, label: string | undefined): AnalysisResult {
  const runs = r['runs'] as AnalysisResult[];
  const best = runs.find((x) => x['label'] === label) ?? runs[0]!;
  const labels = runs.map((x) => String(x['label'] ?? '?'));
  const note = {
    code: 'I_REPORT_RUN',
    level: 'info',
    message: `the report shows run ${String(best['label'] ?? '?')} (the longest of ${labels.join(', ')}); results.json holds every run`,
  };
  const diagnostics = [...(Array.isArray(r['diagnostics']) ? r['diagnostics'] : []), note];
  return { ...r, ...best, runs: undefined, runLabel: best['label'], diagnostics };
}

/** Label of the run with the most frames over every multi-run analysis (one run for all sections). */
function primaryLabel(all: Record<string, AnalysisResult>): string | undefined {
  let label: string | undefined;
  let most = -1;
  for (const r of Object.values(all)) {
    if (!r || !Array.isArray(r['runs'])) continue;
    for (const run of r['runs'] as AnalysisResult[]) {
      const n = Number(run['frames'] ?? -1);
      if (n > most) { most = n; label = run['label'] as string | undefined; }
    }
  }
  return label;
}
