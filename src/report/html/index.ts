/**
 * The self-contained HTML report (`report.html`): one file with the figures' data, Vega,
 * Vega-Lite, vega-embed and 3Dmol.js inlined, opened from disk with no network. Built from
 * DIR/results.json (and DIR/density.cube for the density slices and the 3-D view).
 */
import { join } from 'node:path';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { vendorScripts } from './assets.js';
import { renderPage } from './page.js';
import { loadResults, toReportData, type ResultsFile } from './results.js';

export { loadResults, type ResultsFile, type ReportData, type AnalysisResult } from './results.js';

/**
 * Render DIR/report.html from DIR/results.json, written atomically (a temporary file renamed
 * over the old report). Returns the report's path.
 * @throws PaddlewheelError E_IO / ParseError when results.json is missing or malformed
 */
export async function writeReport(dir: string): Promise<string> {
  const path = join(dir, 'report.html');
  // report.html may not be (a link to) one of the files it is made from: checked before the work.
  const sources = [join(dir, 'results.json'), join(dir, 'density.cube')];
  await refuseInputs(path, sources);
  const data = await loadResults(dir);
  const html = await renderPage(data, await vendorScripts());
  await writeFileAtomic(path, html, sources);
  return path;
}

/**
 * The report's HTML for results already in memory (`dir` is where density.cube is looked
 * for). For callers that assemble results themselves, e.g. `analyze` before it renames its
 * output folder into place.
 */
export async function renderReportHtml(results: ResultsFile, dir: string): Promise<string> {
  return renderPage(toReportData(dir, results), await vendorScripts());
}
