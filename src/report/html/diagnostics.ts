import { esc } from './format.js';
import type { ReportData } from './results.js';

interface Diag {
  code?: string;
  level?: string;
  message?: string;
  file?: string;
  line?: number;
  frame?: number;
}

/** One analysis' diagnostics as a list (warnings first), or a note that there were none. */
export function diagnosticsListHtml(list: unknown): string {
  const ds = (Array.isArray(list) ? list : []) as Diag[];
  if (!ds.length) return '<p class="muted">No diagnostics.</p>';
  const order = (d: Diag) => (d.level === 'error' ? 0 : d.level === 'warning' ? 1 : 2);
  return `<ul class="diags">${[...ds].sort((a, b) => order(a) - order(b)).map((d) => {
    const where = d.file ? ` <span class="where">${esc(d.file)}${d.line ? `:${d.line}` : ''}</span>` : d.frame !== undefined ? ` <span class="where">frame ${esc(d.frame)}</span>` : '';
    return `<li class="${esc(d.level ?? 'info')}"><code>${esc(d.code ?? '')}</code> ${esc(d.message ?? '')}${where}</li>`;
  }).join('')}</ul>`;
}

/** Warning count of a result's diagnostics (shown in the section's heading). */
export function warningCount(list: unknown): number {
  return (Array.isArray(list) ? (list as Diag[]) : []).filter((d) => d.level === 'warning' || d.level === 'error').length;
}

/** All diagnostics of the run, one block per analysis, plus the skipped analyses with their reasons. */
export function allDiagnosticsHtml(d: ReportData): string {
  const blocks = Object.entries(d.analyses).map(([id, r]) => `<h3>${esc(id)}</h3>${diagnosticsListHtml(r['diagnostics'])}`);
  const skipped = Object.entries(d.skipped);
  return `${skipped.length ? `<h3>Skipped analyses</h3><ul class="diags">${skipped.map(([id, why]) => `<li class="warning"><code>${esc(id)}</code> ${esc(why)}</li>`).join('')}</ul>` : ''}${blocks.join('')}`;
}
