import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Provenance } from '../../core/result.js';
import type { OutputFile } from '../../analysis/registry.js';
import { VERSION } from '../../version.js';
import type { AnalyzeRequest, AnalyzeSummary } from './analyze.js';
import { arrheniusAcrossRuns, combineRuns, type RunAnalysis } from './analyze-runs.js';

/** How the writer of results.json was invoked, where it is not `paddlewheel analyze` itself. */
export interface ResultsOrigin {
  /** `command` of results.json (default 'analyze'). */
  command?: string;
  /** Extra `params` fields (e.g. merge's partial files). */
  params?: Record<string, unknown>;
}

/**
 * Assemble results.json from the analysed runs and write the output folder: the figure files
 * first (each atomically), results.json last, so a failure leaves no results.json; no path in
 * `protect` (the inputs) is ever written. Shared by `analyze` and `merge`, so a merge writes
 * exactly what the one run writes; results.json's `params` echo the request (`--r1`, `--r-min`,
 * `--fit`, `--max-lag` only when given).
 */
export async function writeAnalyzeResults(req: AnalyzeRequest, runs: RunAnalysis[], provenance: Provenance, protect: string[], t0: number, origin: ResultsOrigin = {}): Promise<AnalyzeSummary> {
  const resultsFile = join(req.out, 'results.json');
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
    command: origin.command ?? 'analyze',
    created: provenance.created,
    inputs: provenance.inputs,
    params: {
      files: req.files, runs: req.runs.length ? req.runs : undefined, cation: req.cation ?? null, anion: req.anion, frames: req.frames ?? null, dt: req.dt ?? null, temperature: req.temperature ?? null,
      r1: req.r1, rMin: req.rMin, fit: req.fit, maxLag: req.maxLag, out: req.out, ...origin.params,
    },
    passes: runs.map((r) => ({ label: r.label || undefined, frames: r.frames, passes: r.passes })),
    analyses,
    skipped,
    diagnostics: runs.flatMap((r) => r.diagnostics),
  };
  await writeOutputs(req.out, files, resultsFile, results, protect);
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
  for (const f of files) await writeFileAtomic(f.path, f.data, inputs, '--out');
  await writeFileAtomic(resultsFile, `${JSON.stringify(results, null, 2)}\n`, inputs, '--out');
}
