import { figureForAngles } from '../figures/angles.js';
import { figureForArrhenius } from '../figures/arrhenius.js';
import { figureForCoordination } from '../figures/coordination.js';
import { linePlot } from '../figures/line.js';
import { figureForMsd } from '../figures/msd.js';
import { figureForRdf } from '../figures/rdf.js';
import { figureForRotation } from '../figures/rotation.js';
import { figureForSpectra } from '../figures/spectra.js';
import { figureForVanHove } from '../figures/vanhove.js';
import type { ArrheniusResult } from '../../analysis/arrhenius/arrhenius.js';
import type { FigureSet } from './figures.js';
import { esc, isQuantity, num, qty, unitHtml } from './format.js';
import type { AnalysisResult } from './results.js';

/** How one analysis is shown: a title, a one-line lead and its figures. */
export interface SectionDef {
  id: string;
  title: string;
  lead: string;
  figures?: (r: AnalysisResult, f: FigureSet) => string;
}

const ENVELOPE = new Set(['analysis', 'version', 'params', 'provenance', 'diagnostics', 'units', 'definitions']);

/** Sections in reading order; density is drawn by its own module (slices from the cube, 3-D viewer). */
export const SECTIONS: SectionDef[] = [
  { id: 'pauling', title: 'Structural factors (Pauling)', lead: 'Radius ratio of cation and anion against Pauling’s limits: the site type the cation should prefer in this anion lattice.' },
  { id: 'density', title: 'Cation density', lead: 'Time-averaged cation number density: cross-sections through the cell and an iso-surface in 3-D, anion centres as spheres.' },
  {
    id: 'sites', title: 'Interstitial sites', lead: 'Share of cation weight on linear, trigonal and tetrahedral interstices of the anion lattice (Gaussian site weights, σ² = 0.1 Å²).',
    figures: (r, f) => {
      const ser = r['series'];
      if (!ser?.P1 || !Array.isArray(ser.time ?? ser.frame)) return '';
      const x = (ser.time ?? ser.frame) as number[];
      const series = Object.entries(ser.P1 as Record<string, number[]>).map(([name, y]) => ({ name, x, y }));
      return f.add(linePlot({ series, xTitle: ser.time ? 'time (ps)' : 'frame', yTitle: 'P1 per frame', maxPoints: 800 }), 'Share of cation weight on each site type, frame by frame.');
    },
  },
  {
    id: 'rdf', title: 'Radial distribution', lead: 'Anion-centre–cation pair distribution g(r) and the running coordination number n(r); r₁ (first minimum) bounds the first shell.',
    figures: (r, f) => (Array.isArray(r['r']) ? f.add(figureForRdf(r as never), `g(r) (solid, left axis) and n(r) (dashed, right axis) against r in Å.`) : ''),
  },
  {
    id: 'coordination', title: 'Coordination', lead: 'How many cations sit in the first shell of an anion, over anions and frames.',
    figures: (r, f) => (Array.isArray(r['histogram']) ? f.add(figureForCoordination(r as never), 'Distribution of the first-shell coordination number.') : ''),
  },
  {
    id: 'angles', title: 'Symmetry frustration (angles)', lead: 'Cation–anion–cation angles per distance range against the icosahedral C₃ template and the lattice template of the predicted site: little overlap with the lattice means frustration.',
    figures: (r, f) => (Array.isArray(r['ranges']) && Array.isArray(r['theta']) ? f.add(figureForAngles(r as never, { width: 250, height: 170 }), 'Angle density per first-shell distance range; rules mark template angles.', true) : ''),
  },
  {
    id: 'docking', title: 'Docking', lead: 'Cations within r_dock of an anion centre sit on a B₃ face; the triad angle is how far off the face axis they are.',
    figures: (r, f) => (Array.isArray(r['triadAngle']) ? f.add(linePlot({
      series: [{ name: 'docked cations', x: r['triadAngle'], y: r['triadAngleDensity'] }, ...(Array.isArray(r['triadAngleIsotropicDensity']) ? [{ name: 'isotropic (random)', x: r['triadAngle'], y: r['triadAngleIsotropicDensity'], dashed: true, color: '#888' }] : [])],
      xTitle: 'angle to the nearest triad axis (°)', yTitle: 'density (deg⁻¹)',
    }), 'Angle between a docked cation’s direction and the nearest B₃-face axis, against a random direction.') : ''),
  },
  {
    id: 'msd', title: 'Transport', lead: 'Mean squared displacement of the cations; D from the slope 6D in the shaded fit window, σ from the collective displacement of the charges.',
    figures: (r, f) => {
      if (!Array.isArray(r['lag']) || !Array.isArray(r['msd'])) return '';
      const DA = r['DAngstrom'] ?? (isQuantity(r['D']) ? { value: r['D'].value * 1e4, stderr: r['D'].stderr != null ? r['D'].stderr * 1e4 : undefined } : null);
      if (!DA || !Array.isArray(r['fitWindow'])) return f.add(linePlot({ series: [{ name: 'MSD', x: r['lag'], y: r['msd'] }], xTitle: 'lag time (ps)', yTitle: 'MSD (Å²)' }), 'Mean squared displacement (no fit).');
      return f.add(figureForMsd({ lag: r['lag'], msd: r['msd'], components: r['msdComponents'], fitWindow: r['fitWindow'] as [number, number], D: DA.value, Dstderr: DA.stderr ?? undefined, intercept: r['fit']?.intercept, species: r['species']?.join?.(',') }), 'Tracer MSD with x, y, z components; fitted line solid in the window, dashed outside.');
    },
  },
  {
    id: 'arrhenius', title: 'Arrhenius', lead: 'ln D against 1/T: the slope gives the activation energy; the line is extrapolated to 300 K with its 1σ band.',
    figures: (r, f) => (r['fit']?.covariance ? f.add(figureForArrhenius(r as ArrheniusResult), 'Arrhenius plot: points with 1σ errors, weighted fit and confidence band.') : ''),
  },
  {
    id: 'vanhove', title: 'Van Hove correlation', lead: 'Self part: how far a cation moves in time t; distinct part: where the other cations are relative to where one was.',
    figures: (r, f) => (Array.isArray(r['self']) && Array.isArray(r['t']) ? `<div class="row">${f.add(figureForVanHove(r as never, 'self'), '4πr²G_s(r, t), colour capped at 1 Å⁻¹.')}${f.add(figureForVanHove(r as never, 'distinct'), 'G_d(r, t), colour capped at 4 (→ 1 at large r).')}</div>` : ''),
  },
  {
    id: 'rotation', title: 'Anion reorientation', lead: 'Correlation of the anion’s atom directions with themselves after a lag: its decay time is the reorientation time.',
    figures: (r, f) => (Array.isArray(r['lag']) && Array.isArray(r['C1']) ? f.add(figureForRotation(r as never), 'First- and second-order Legendre correlations with fits (dashed) where the decay could be fitted.') : ''),
  },
  {
    id: 'distortion', title: 'Anion distortion', lead: 'Spread of the anion’s atoms about a regular icosahedron: radial standard deviation and Kabsch RMSD per element.',
    figures: (r, f) => {
      const h = r['histogram'];
      if (!h?.bins) return '';
      const series = (['radialStd', 'kabschRmsd'] as const).flatMap((k) => Object.entries((h[k] ?? {}) as Record<string, number[]>).map(([el, y]) => ({ name: `${el} ${k === 'radialStd' ? 'radial s.d.' : 'Kabsch RMSD'}`, x: h.bins as number[], y, dashed: k === 'kabschRmsd' })));
      return f.add(linePlot({ series, xTitle: 'per-anion value (Å)', yTitle: 'density (Å⁻¹)' }), 'Distributions of the per-anion, per-frame distortion measures.');
    },
  },
  {
    id: 'spectra', title: 'Vibrational spectra', lead: 'Power spectra of the velocity (and anion angular-velocity) autocorrelations; shared low-frequency weight of cations and anion rotation is the paddle-wheel signature.',
    figures: (r, f) => (Array.isArray(r['frequency']) ? f.add(figureForSpectra(r as never), 'Normalised spectra per group with the nominal bands shaded; band weights in the table below.', true) : ''),
  },
];

/**
 * The key numbers of a result as a definition list: every top-level quantity ({value, unit,
 * stderr?}) and plain number or string, per-element quantity groups one level down, with units
 * and errors; arrays and objects are left to the figures.
 */
export function keyNumbersHtml(r: AnalysisResult): string {
  const items: string[] = [];
  for (const [k, v] of Object.entries(r)) {
    if (ENVELOPE.has(k)) continue;
    if (isQuantity(v)) items.push(`<dt>${esc(k)}</dt><dd>${qty(v)}</dd>`);
    else if (typeof v === 'number') {
      const unit = typeof r['units']?.[k] === 'string' ? unitHtml(r['units'][k]) : '';
      items.push(`<dt>${esc(k)}</dt><dd>${esc(num(v))}${unit ? `&#8239;${unit}` : ''}</dd>`);
    }
    else if (typeof v === 'string' && v.length < 60) items.push(`<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`);
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = Object.entries(v).filter(([, x]) => isQuantity(x));
      if (inner.length) {
        items.push(`<dt>${esc(k)}</dt><dd>${inner.map(([n, x]) => `${esc(n)} ${qty(x as never)}`).join(' · ')}</dd>`);
      }
    }
  }
  return items.length ? `<dl class="keys">${items.join('')}</dl>` : '';
}

/** Bands of a spectra result with each group's weight, as a table. */
export function bandTableHtml(r: AnalysisResult): string {
  const bands = r['bands'] as { name: string; from: number; to: number; weights: Record<string, number> }[] | undefined;
  if (!Array.isArray(bands) || !bands.length) return '';
  const groups = Object.keys(bands[0]!.weights ?? {});
  const head = `<tr><th>band</th><th>THz</th>${groups.map((g) => `<th>${esc(g)}</th>`).join('')}</tr>`;
  const rows = bands.map((b) => `<tr><th>${esc(b.name)}</th><td>${esc(num(b.from))}–${esc(num(b.to))}</td>${groups.map((g) => `<td>${esc(num(b.weights[g], 3))}</td>`).join('')}</tr>`);
  return `<table class="small"><caption>Spectral weight of each group in each band (fractions of unit area).</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}
