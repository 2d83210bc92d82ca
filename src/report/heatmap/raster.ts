import { viridisTable } from './colormap.js';
import type { RgbImage } from './png.js';

/**
 * A 2-D grid of values over a parallelogram (a cross-section of a triclinic cell):
 * cell (r, c) covers the area spanned from (c/cols)·u + (r/rows)·v, with u, v in Å.
 */
export interface HeatmapGrid {
  /** Row-major values: values[r·cols + c]. */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  /** Whole-grid edge vectors in the plane (Å); u usually (|A|, 0). */
  u: [number, number];
  v: [number, number];
}

/** Linear colour scale from `min` (darkest) to `max` (brightest). */
export interface ColourScale {
  min: number;
  max: number;
}

/** Default scale: 0 (or the minimum, if negative) to the maximum; a flat map gets max = min + 1. */
export function colourScale(values: ArrayLike<number>): ColourScale {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const min = Math.min(0, Number.isFinite(lo) ? lo : 0);
  const max = Number.isFinite(hi) && hi > min ? hi : min + 1;
  return { min, max };
}

/** Bounding box (Å) of the parallelogram 0, u, v, u + v. */
export function extentOf(g: Pick<HeatmapGrid, 'u' | 'v'>): { x0: number; x1: number; y0: number; y1: number } {
  const xs = [0, g.u[0], g.v[0], g.u[0] + g.v[0]], ys = [0, g.u[1], g.v[1], g.u[1] + g.v[1]];
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

/**
 * Default resolution (pixels per Å): a whole number of pixels per grid cell along u (so
 * orthogonal maps have even voxels), about 480 px across that edge, at least 3 pixels per
 * cell, and the larger side of the image at most 1600 px.
 */
export function defaultPixelsPerAngstrom(g: HeatmapGrid): number {
  const e = extentOf(g);
  const side = Math.max(e.x1 - e.x0, e.y1 - e.y0);
  const lu = Math.hypot(...g.u);
  const perCell = Math.max(3, Math.round(480 / Math.max(g.cols, g.rows)));
  return Math.min(1600 / side, (perCell * g.cols) / lu);
}

/**
 * Render `g` in its true geometry: pixel (px, py) shows the grid cell under its centre, with
 * x to the right and y up (row 0 of the image is the top, y = y1). Nearest-cell sampling, so
 * each voxel stays visible as such; pixels outside the parallelogram are `background`.
 */
export function rasterize(g: HeatmapGrid, scale: ColourScale, pixelsPerAngstrom = defaultPixelsPerAngstrom(g), background: [number, number, number] = [255, 255, 255]): RgbImage {
  const e = extentOf(g);
  const width = Math.max(1, Math.round((e.x1 - e.x0) * pixelsPerAngstrom));
  const height = Math.max(1, Math.round((e.y1 - e.y0) * pixelsPerAngstrom));
  const sx = (e.x1 - e.x0) / width, sy = (e.y1 - e.y0) / height;
  const det = g.u[0] * g.v[1] - g.u[1] * g.v[0];
  if (!(Math.abs(det) > 0)) throw new RangeError('heatmap: degenerate parallelogram');
  const lut = viridisTable();
  const span = scale.max - scale.min;
  const data = new Uint8Array(width * height * 3);
  for (let py = 0; py < height; py++) {
    const Y = e.y1 - (py + 0.5) * sy;
    for (let px = 0; px < width; px++) {
      const X = e.x0 + (px + 0.5) * sx;
      // Solve (X, Y) = a·u + b·v.
      const a = (X * g.v[1] - Y * g.v[0]) / det;
      const b = (g.u[0] * Y - g.u[1] * X) / det;
      const o = 3 * (py * width + px);
      if (a < 0 || a >= 1 || b < 0 || b >= 1) {
        data[o] = background[0]; data[o + 1] = background[1]; data[o + 2] = background[2];
        continue;
      }
      const c = Math.min(g.cols - 1, Math.floor(a * g.cols)), r = Math.min(g.rows - 1, Math.floor(b * g.rows));
      const t = (g.values[r * g.cols + c]! - scale.min) / span;
      const q = 3 * Math.max(0, Math.min(255, Math.round(t * 255)));
      data[o] = lut[q]!; data[o + 1] = lut[q + 1]!; data[o + 2] = lut[q + 2]!;
    }
  }
  return { width, height, data };
}

/**
 * The heat map with a vertical colour bar to its right (bottom = scale.min, top = scale.max),
 * on white; no text (the SVG carries title, axes and numbers).
 */
export function withColourBar(img: RgbImage, gap = 16, barWidth = 20, pad = 8): RgbImage {
  const width = pad + img.width + gap + barWidth + pad, height = img.height + 2 * pad;
  const data = new Uint8Array(width * height * 3).fill(255);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray(3 * y * img.width, 3 * (y + 1) * img.width), 3 * ((y + pad) * width + pad));
  const lut = viridisTable();
  const x0 = pad + img.width + gap;
  for (let y = 0; y < img.height; y++) {
    const q = 3 * Math.round((255 * (img.height - 1 - y)) / Math.max(1, img.height - 1));
    for (let x = x0; x < x0 + barWidth; x++) data.set(lut.subarray(q, q + 3), 3 * ((y + pad) * width + x));
  }
  return { width, height, data };
}
