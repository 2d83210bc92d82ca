import { VERSION } from '../../version.js';
import { CLIENT_SCRIPT } from './client.js';
import { densitySliceFigures, loadCube, viewerData, type ViewerData } from './density.js';
import { allDiagnosticsHtml, diagnosticsListHtml, warningCount } from './diagnostics.js';
import { FigureSet } from './figures.js';
import { esc, jsonForScript } from './format.js';
import type { VendorScripts } from './assets.js';
import type { AnalysisResult, ReportData } from './results.js';
import { bandTableHtml, keyNumbersHtml, SECTIONS, type SectionDef } from './sections.js';
import { summaryHtml } from './summary.js';
import { table1Html } from './table1.js';
import { STYLE } from './style.js';

/**
 * The whole report as one HTML document: header, summary cards, Table 1, one section per
 * analysis (absent ones say why), all diagnostics, provenance; then the inlined bundles, the
 * figure specifications and viewer data as JSON blocks, and the page script.
 */
export async function renderPage(d: ReportData, vendor: VendorScripts): Promise<string> {
  const figs = new FigureSet();
  let viewer: ViewerData | undefined;
  const known = new Set(SECTIONS.map((s) => s.id));
  const sections: string[] = [];
  for (const def of SECTIONS) {
    const r = d.analyses[def.id];
    if (!r) {
      sections.push(skippedSection(def, d.skipped[def.id] ?? 'not run (the analysis was not requested or does not apply to this input)'));
      continue;
    }
    let body = '';
    if (def.id === 'density') {
      const out = await densityBody(d, r, figs);
      body = out.html;
      viewer = out.viewer;
    } else {
      try {
        body = def.figures ? def.figures(r, figs) : '';
      } catch (e) {
        body = figs.failed(def.title, `figure not drawn (${(e as Error).message})`);
      }
      if (def.id === 'spectra') body += bandTableHtml(r);
    }
    sections.push(section(def, r, body));
  }
  for (const [id, r] of Object.entries(d.analyses)) if (!known.has(id)) sections.push(section({ id, title: id, lead: `Result of the ${id} analysis.` }, r, ''));

  const toc = SECTIONS.map((s) => `<a href="#${s.id}"${d.analyses[s.id] ? '' : ' class="skip"'}>${esc(s.title)}</a>`).join('');
  const inputs = inputNames(d);
  const title = `paddlewheel report${inputs.length ? ` — ${inputs.map((p) => p.split('/').pop()).join(', ')}` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src data: blob:; worker-src blob:">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><div class="inner">
<h1>Why do the ions move?</h1>
<p>${esc(inputs.join(', ') || 'paddlewheel analysis')} · paddlewheel ${esc(d.results.version ?? firstVersion(d) ?? VERSION)} · report made ${esc(new Date().toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
</div></header>
<main>
<nav class="toc"><a href="#summary">Summary</a><a href="#table1">Table 1</a>${toc}<a href="#diagnostics">Diagnostics</a></nav>
<h2 id="summary">Frustration descriptors</h2>
<p class="lead">The numbers that say why (or whether) the cations move, side by side. Hover a value for how its error was estimated.</p>
${summaryHtml(d)}
<h2 id="table1">Table 1</h2>
${table1Html(d) || `<p class="skipped">No site analysis: ${esc(d.skipped['sites'] ?? 'not run')}</p>`}
${sections.join('\n')}
<h2 id="diagnostics">Diagnostics</h2>
<p class="lead">Everything the analyses noted or warned about, per analysis.</p>
${allDiagnosticsHtml(d)}
<footer>${provenanceHtml(d)}</footer>
</main>
<script type="application/json" id="figure-data">${jsonForScript(figs.specs)}</script>
${viewer ? `<script type="application/json" id="viewer-data">${jsonForScript(viewer)}</script>` : ''}
<script>${vendor.vega}</script>
<script>${vendor.vegaLite}</script>
<script>${vendor.vegaEmbed}</script>
${viewer ? `<script>${vendor.threeDmol}</script>` : ''}
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

function section(def: SectionDef, r: AnalysisResult, body: string): string {
  const warn = warningCount(r['diagnostics']);
  return `<section id="${esc(def.id)}">
<h2>${esc(def.title)}${warn ? `<span class="badge">${warn} warning${warn > 1 ? 's' : ''}</span>` : ''}</h2>
<p class="lead">${esc(def.lead)}</p>
${keyNumbersHtml(r)}
${body}
<details${warn ? ' open' : ''}><summary>diagnostics (${Array.isArray(r['diagnostics']) ? r['diagnostics'].length : 0})</summary>${diagnosticsListHtml(r['diagnostics'])}</details>
<details><summary>parameters</summary><pre class="params">${esc(JSON.stringify(r['params'] ?? {}, null, 1))}</pre></details>
</section>`;
}

function skippedSection(def: SectionDef, why: string): string {
  return `<section id="${esc(def.id)}"><h2>${esc(def.title)}</h2><p class="skipped">Not in this report: ${esc(why)}</p></section>`;
}

async function densityBody(d: ReportData, r: AnalysisResult, figs: FigureSet): Promise<{ html: string; viewer?: ViewerData }> {
  let loaded;
  try {
    loaded = await loadCube(d.dir, r);
  } catch (e) {
    return { html: figs.failed('density', `the cube file could not be read (${(e as Error).message})`) };
  }
  if (!loaded) return { html: figs.failed('density', `no density.cube in ${d.dir} (nor at ${String(r['cubeFile'] ?? '—')}); slices and the 3-D view need it`) };
  const slices = densitySliceFigures(loaded.cube, r, 240).map((spec, k) => figs.add(spec, k === 0 ? `Cross-sections of the ${esc(r['cation'] ?? 'cation')} density (Å⁻³); hover for values.` : ''));
  const viewer = viewerData(loaded.cube, String(r['cation'] ?? 'cations'));
  const html = `<div class="row">${slices.join('')}</div>
<div class="viewer-box"><div id="viewer" role="img" aria-label="3-D view of the cell with the cation density iso-surface"></div>
<div class="viewer-controls"><label for="iso">iso-surface</label><input type="range" id="iso" min="0" max="59" step="1"><span id="iso-label"></span></div>
<figcaption>Cell edges (grey), anion centres (blue) and the ${esc(viewer.cation)} density iso-surface (red). Drag to rotate, scroll to zoom; the slider sets the iso-value. The density is smoothed with a Gaussian of σ = ${viewer.smoothing} Å for display (the slices above are not). Grid ${viewer.grid.join('×')}${viewer.viewGrid.join() !== viewer.grid.join() ? `, shown block-averaged to ${viewer.viewGrid.join('×')}` : ''}.</figcaption></div>`;
  return { html, viewer };
}

function inputNames(d: ReportData): string[] {
  const inp = d.results.inputs;
  if (Array.isArray(inp) && inp.length) return inp.map((x) => (typeof x === 'string' ? x : String((x as { path?: string }).path ?? ''))).filter(Boolean);
  for (const r of Object.values(d.analyses)) {
    const ins = r['provenance']?.inputs;
    if (Array.isArray(ins) && ins.length) return [String(ins[0].path)];
  }
  return [];
}

function firstVersion(d: ReportData): string | undefined {
  return Object.values(d.analyses).find((r) => typeof r['version'] === 'string')?.['version'];
}

function provenanceHtml(d: ReportData): string {
  const seen = new Map<string, { bytes?: number; sha256?: string }>();
  for (const r of Object.values(d.analyses)) for (const i of (r['provenance']?.inputs ?? []) as { path: string; bytes?: number; sha256?: string }[]) seen.set(i.path, i);
  const rows = [...seen.entries()].map(([p, i]) => `<tr><td>${esc(p)}</td><td>${esc(i.bytes ?? '')}</td><td><code>${esc((i.sha256 ?? '').slice(0, 16))}…</code></td></tr>`);
  return `<h3>Provenance</h3><table><thead><tr><th>input</th><th>bytes</th><th>sha256</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p>Made by paddlewheel ${esc(VERSION)} from ${esc(d.dir)}/results.json. Self-contained: figures by Vega-Lite and vega-embed, 3-D view by 3Dmol.js, all inlined; nothing is loaded from the network.</p>`;
}
