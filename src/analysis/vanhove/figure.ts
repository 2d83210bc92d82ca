import { encodePng } from '../../report/heatmap/png.js';
import { type ColourScale, type HeatmapGrid, rasterize, withColourBar } from '../../report/heatmap/raster.js';
import { VIRIDIS_ANCHORS } from '../../report/heatmap/colormap.js';
import { esc, niceTicks } from '../../report/heatmap/svg.js';

/**
 * An r–t map: `values[k][j]` at time t_k = k·dt (ps, x axis) and radius r_j = j·dr (Å, y axis).
 * The heat-map module draws maps in true geometry (both axes in Å); time and distance need
 * separate scales, so this figure rasterises the same way (nearest cell, viridis) on a
 * fixed-size plot area and draws its own axes.
 */
export interface RtMap {
  values: readonly ArrayLike<number>[];
  /** Row spacing in time (ps) and radial spacing (Å). */
  dt: number;
  dr: number;
  title: string;
  subtitle?: string;
  /** Colour-bar label, e.g. `4πr²G_s (Å⁻¹)`. */
  unit: string;
}

const PLOT_W = 560, PLOT_H = 360;

/**
 * Colour scale of a map: from min(0, smallest value) to the largest value, capped at `cap`
 * (values above saturate). pymatgen's `get_3d_plot` caps 4πr²G_s at 1 and G_d at 4, so the
 * t = 0 delta of the self part and the short-r spike of G_d do not wash out the rest.
 */
export function rtScale(values: readonly ArrayLike<number>[], cap: number): ColourScale {
  let lo = 0, hi = -Infinity;
  for (const row of values) for (let j = 0; j < row.length; j++) { lo = Math.min(lo, row[j]!); hi = Math.max(hi, row[j]!); }
  const max = Math.min(cap, hi);
  return { min: lo, max: max > lo ? max : lo + 1 };
}

/** The grid in raster layout (rows = radii from r = 0 at the bottom, columns = times) on a PLOT_W × PLOT_H pixel area. */
function grid(m: RtMap): HeatmapGrid {
  const cols = m.values.length, rows = m.values[0]?.length ?? 0;
  const v = new Float64Array(rows * cols);
  for (let k = 0; k < cols; k++) for (let j = 0; j < rows; j++) v[j * cols + k] = m.values[k]![j]!;
  return { values: v, rows, cols, u: [PLOT_W, 0], v: [0, PLOT_H] };
}

/** PNG of the map with a colour bar (no text; the SVG is the labelled figure). */
export function rtHeatmapPng(m: RtMap, scale: ColourScale): Uint8Array {
  return encodePng(withColourBar(rasterize(grid(m), scale, 1)));
}

/**
 * A self-contained SVG of the map: raster as an embedded PNG (cell [t_k, t_k + dt) ×
 * [r_j, r_j + dr) shows the value at (t_k, r_j), as matplotlib's pcolor does), axes in ps and Å,
 * title, and a viridis colour bar with ticks.
 */
export function rtHeatmapSvg(m: RtMap, scale: ColourScale): string {
  const img = rasterize(grid(m), scale, 1);
  const png = Buffer.from(encodePng(img)).toString('base64');
  const tSpan = m.values.length * m.dt, rSpan = (m.values[0]?.length ?? 0) * m.dr;
  const left = 72, top = m.subtitle ? 58 : 42, barX = left + PLOT_W + 24, barW = 18;
  const W = barX + barW + 96, H = top + PLOT_H + 56;
  const X = (t: number) => left + (t / tSpan) * PLOT_W;
  const Y = (r: number) => top + PLOT_H - (r / rSpan) * PLOT_H;
  const f = (x: number) => x.toFixed(2);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<defs><linearGradient id="cbar" x1="0" y1="1" x2="0" y2="0">${VIRIDIS_ANCHORS.map((c, i) => `<stop offset="${(i / (VIRIDIS_ANCHORS.length - 1)).toFixed(4)}" stop-color="${c}"/>`).join('')}</linearGradient></defs>`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(m.title)}</text>`);
  if (m.subtitle) out.push(`<text x="${W / 2}" y="38" text-anchor="middle" fill="#444">${esc(m.subtitle)}</text>`);
  out.push(`<image x="${left}" y="${top}" width="${PLOT_W}" height="${PLOT_H}" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`);
  out.push(`<rect x="${left}" y="${top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#222" stroke-width="0.8"/>`);
  for (const t of niceTicks(0, tSpan)) {
    out.push(`<line x1="${f(X(t))}" y1="${top + PLOT_H}" x2="${f(X(t))}" y2="${top + PLOT_H + 5}" stroke="#222"/><text x="${f(X(t))}" y="${top + PLOT_H + 18}" text-anchor="middle">${label(t)}</text>`);
  }
  for (const r of niceTicks(0, rSpan)) {
    out.push(`<line x1="${left - 5}" y1="${f(Y(r))}" x2="${left}" y2="${f(Y(r))}" stroke="#222"/><text x="${left - 8}" y="${f(Y(r) + 4)}" text-anchor="end">${label(r)}</text>`);
  }
  out.push(`<text x="${left + PLOT_W / 2}" y="${top + PLOT_H + 40}" text-anchor="middle">t (ps)</text>`);
  out.push(`<text transform="translate(18 ${top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">r (Å)</text>`);
  out.push(`<rect x="${barX}" y="${top}" width="${barW}" height="${PLOT_H}" fill="url(#cbar)" stroke="#222" stroke-width="0.8"/>`);
  const span = scale.max - scale.min;
  for (const v of niceTicks(scale.min, scale.max)) {
    const y = top + PLOT_H - ((v - scale.min) / span) * PLOT_H;
    out.push(`<line x1="${barX + barW}" y1="${f(y)}" x2="${barX + barW + 4}" y2="${f(y)}" stroke="#222"/><text x="${barX + barW + 7}" y="${f(y + 4)}">${label(v)}</text>`);
  }
  out.push(`<text transform="translate(${W - 12} ${top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${esc(m.unit)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function label(x: number): string {
  return x === 0 ? '0' : String(Number(x.toPrecision(4)));
}
