import { esc, qty } from './format.js';
import type { ReportData } from './results.js';

const TYPES = ['tetrahedral', 'trigonal', 'linear'] as const;

/**
 * Table 1 of the study for this run: per site type the number of sites, P1 (share of cation
 * weight) and P2 (occupation of one site), both with jackknife errors, and S̃; E_a when an
 * Arrhenius fit is present. Empty string when there is no sites result.
 */
export function table1Html(d: ReportData): string {
  const s = d.analyses['sites'];
  if (!s) return '';
  const counts = (s['siteCounts'] ?? {}) as Record<string, number>;
  const rows = TYPES.map((t) => `<tr><th>${t}</th><td>${esc(counts[t] ?? '—')}</td><td>${qty(s['P1']?.[t])}</td><td>${qty(s['P2']?.[t])}</td></tr>`);
  const ea = d.analyses['arrhenius']?.['Ea'];
  return `<table class="t1">
<caption>Site occupation (the study's Table 1) for ${esc(s['cations'] ?? '?')} ${esc(s['cation'] ?? 'cations')} over ${esc(s['frames'] ?? '?')} frames; site cutoff ${qty(s['siteCutoff'])}${s['lattice']?.lattice ? `, ${esc(s['lattice'].lattice)} anion lattice (a = ${qty(s['lattice'].a)})` : ''}</caption>
<thead><tr><th>site</th><th>sites in cell</th><th>P1</th><th>P2</th></tr></thead>
<tbody>${rows.join('')}</tbody>
<tfoot><tr><th>S̃</th><td colspan="3">${qty(s['entropy'])}${ea ? ` &nbsp;·&nbsp; Eₐ ${qty(ea)}` : ''}${s['unassignedFraction'] ? ` &nbsp;·&nbsp; unassigned ${esc((100 * s['unassignedFraction']).toFixed(2))} %` : ''}</td></tr></tfoot>
</table>`;
}
