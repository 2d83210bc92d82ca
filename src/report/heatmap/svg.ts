import { VIRIDIS_ANCHORS } from './colormap.js';
import { encodePng } from './png.js';
import { colourScale, type ColourScale, defaultPixelsPerAngstrom, extentOf, type HeatmapGrid, rasterize } from './raster.js';

/** Labels of a heat map figure. */
export interface HeatmapLabels {
  title: string;
  /** Unit of the values, shown on the colour bar (e.g. `Å⁻³`). */
  unit: string;
  /** Axis titles, e.g. `x ∥ a (Å)`. */
  xLabel: string;
  yLabel: string;
  /** Optional second title line (e.g. slab thickness, frames). */
  subtitle?: string;
}

/**
 * A self-contained SVG figure of `g`: the map in its true geometry (a raster PNG embedded as a
 * data URI, nearest-voxel, so the grid stays visible), axes with ticks in Å, a title, and a
 * colour bar drawn as a linear gradient through the colormap's own anchor colours (so it shows
 * exactly the colours of the map) with ticks in the values' unit.
 */
export function heatmapSvg(g: HeatmapGrid, labels: HeatmapLabels, scale: ColourScale = colourScale(g.values), pixelsPerAngstrom = defaultPixelsPerAngstrom(g)): string {
  const img = rasterize(g, scale, pixelsPerAngstrom);
  const png = Buffer.from(encodePng(img)).toString('base64');
  const e = extentOf(g);
  const left = 72, top = labels.subtitle ? 58 : 42, plotW = img.width, plotH = img.height;
  const barX = left + plotW + 24, barW = 18, right = 96, bottom = 56;
  const W = barX + barW + right, H = top + plotH + bottom;
  const sx = plotW / (e.x1 - e.x0), sy = plotH / (e.y1 - e.y0);
  const X = (x: number) => left + (x - e.x0) * sx;
  const Y = (y: number) => top + (e.y1 - y) * sy;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<defs><linearGradient id="cbar" x1="0" y1="1" x2="0" y2="0">${VIRIDIS_ANCHORS.map((c, i) => `<stop offset="${(i / (VIRIDIS_ANCHORS.length - 1)).toFixed(4)}" stop-color="${c}"/>`).join('')}</linearGradient></defs>`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(labels.title)}</text>`);
  if (labels.subtitle) out.push(`<text x="${W / 2}" y="38" text-anchor="middle" fill="#444">${esc(labels.subtitle)}</text>`);
  out.push(`<image x="${left}" y="${top}" width="${plotW}" height="${plotH}" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`);
  // Outline of the cell section.
  const corners: [number, number][] = [[0, 0], g.u, [g.u[0] + g.v[0], g.u[1] + g.v[1]], g.v];
  out.push(`<polygon points="${corners.map(([x, y]) => `${r2(X(x))},${r2(Y(y))}`).join(' ')}" fill="none" stroke="#222" stroke-width="0.8"/>`);
  // Axes.
  out.push(`<g stroke="#222" stroke-width="1"><line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}"/></g>`);
  for (const t of niceTicks(e.x0, e.x1)) {
    out.push(`<line x1="${r2(X(t))}" y1="${top + plotH}" x2="${r2(X(t))}" y2="${top + plotH + 5}" stroke="#222"/><text x="${r2(X(t))}" y="${top + plotH + 18}" text-anchor="middle">${num(t)}</text>`);
  }
  for (const t of niceTicks(e.y0, e.y1)) {
    out.push(`<line x1="${left - 5}" y1="${r2(Y(t))}" x2="${left}" y2="${r2(Y(t))}" stroke="#222"/><text x="${left - 8}" y="${r2(Y(t) + 4)}" text-anchor="end">${num(t)}</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${top + plotH + 40}" text-anchor="middle">${esc(labels.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(labels.yLabel)}</text>`);
  // Colour bar.
  out.push(`<rect x="${barX}" y="${top}" width="${barW}" height="${plotH}" fill="url(#cbar)" stroke="#222" stroke-width="0.8"/>`);
  const span = scale.max - scale.min;
  for (const t of niceTicks(scale.min, scale.max)) {
    const y = top + plotH - ((t - scale.min) / span) * plotH;
    out.push(`<line x1="${barX + barW}" y1="${r2(y)}" x2="${barX + barW + 4}" y2="${r2(y)}" stroke="#222"/><text x="${barX + barW + 7}" y="${r2(y + 4)}">${num(t)}</text>`);
  }
  out.push(`<text transform="translate(${W - 12} ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(labels.unit)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** About `n` evenly spaced round values (1, 2 or 5 × 10^k apart) within [lo, hi]. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

function num(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(1) : String(Number(x.toPrecision(4)));
}

function r2(x: number): string {
  return x.toFixed(2);
}

/** Escape text for XML character data and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
