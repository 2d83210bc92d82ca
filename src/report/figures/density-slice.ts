import type { FigureSpec } from './render.js';

/** A 2-D density cross-section as {@link figureForDensitySlice} draws it (the fields of `DensitySlice` it needs). */
export interface DensitySliceFigureInput {
  /** Plane label, e.g. "z=0.5". */
  label: string;
  cols: number;
  rows: number;
  /** Row-major values[r·cols + c] (Å⁻³), r along v, c along u. */
  values: ArrayLike<number>;
  /** Whole-cell in-plane edge vectors (Å), u = (|A|, 0), v = (B·Â, …). */
  u: [number, number];
  v: [number, number];
  /** Names of the in-plane axes, e.g. "a", "b". */
  uName?: string;
  vName?: string;
  cation?: string;
  /** Slab thickness, Å. */
  thickness?: number;
}

/** Rounded to 0.001 (Å or fractional): far below a pixel, and it keeps the inlined polygons small. */
const mÅ = (x: number): number => Math.round(x * 1000) / 1000;

/** Cells beyond this many per side are block-averaged, keeping the figure small. */
const MAX_SIDE = 90;

/**
 * A density cross-section as a heat map in Å: rectangles when the in-plane cell angle is 90°,
 * else parallelograms (GeoJSON polygons under an identity projection, so the skewed cell of
 * e.g. a primitive fcc cell keeps its true shape). Tooltip: ρ in Å⁻³ and the fractional
 * position of the voxel.
 */
export function figureForDensitySlice(s: DensitySliceFigureInput, opts: { size?: number } = {}): FigureSpec {
  const fc = Math.max(1, Math.ceil(s.cols / MAX_SIDE)), fr = Math.max(1, Math.ceil(s.rows / MAX_SIDE));
  const C = Math.ceil(s.cols / fc), R = Math.ceil(s.rows / fr);
  const grid = new Float64Array(R * C), count = new Float64Array(R * C);
  for (let r = 0; r < s.rows; r++) for (let c = 0; c < s.cols; c++) {
    const k = Math.floor(r / fr) * C + Math.floor(c / fc);
    grid[k] += s.values[r * s.cols + c]!;
    count[k]! += 1;
  }
  let max = 0;
  for (let k = 0; k < grid.length; k++) { grid[k] /= count[k] || 1; max = Math.max(max, grid[k]!); }
  const [ux, uy] = [s.u[0] / C, s.u[1] / C], [vx, vy] = [s.v[0] / R, s.v[1] / R];
  const size = opts.size ?? 300;
  const lenU = Math.hypot(...s.u), lenV = Math.hypot(...s.v);
  const colour = { field: 'rho', type: 'quantitative', title: `${s.cation ?? 'cation'} density (Å⁻³)`, scale: { scheme: 'inferno', reverse: true, domain: [0, max || 1] }, legend: { gradientLength: Math.round(size * 0.6) } } as const;
  const tooltip = [{ field: 'rho', title: 'ρ (Å⁻³)', format: '.4g' }, { field: 'fu', title: `${s.uName ?? 'u'} (fractional)`, format: '.3f' }, { field: 'fv', title: `${s.vName ?? 'v'} (fractional)`, format: '.3f' }];
  const title = { text: `plane ${s.label}`, subtitle: s.thickness ? `slab ${s.thickness.toFixed(2)} Å, ${s.uName ?? 'u'}${s.vName ?? 'v'} plane` : undefined, fontSize: 12, anchor: 'start' };
  const skewed = Math.abs(s.v[0]) > 1e-6 * lenV || Math.abs(s.u[1]) > 1e-6 * lenU;
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, config: { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12, grid: false } } };
  if (!skewed) {
    const cells = [];
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) cells.push({ x0: c * ux, x1: (c + 1) * ux, y0: r * vy, y1: (r + 1) * vy, rho: grid[r * C + c], fu: (c + 0.5) / C, fv: (r + 0.5) / R });
    const aspect = s.v[1] / s.u[0];
    return {
      ...base,
      width: aspect <= 1 ? size : Math.round(size / aspect), height: aspect <= 1 ? Math.round(size * aspect) : size,
      data: { values: cells },
      mark: { type: 'rect', stroke: null },
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: `along ${s.uName ?? 'u'} (Å)`, scale: { nice: false, zero: true } }, x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative', title: `along ${s.vName ?? 'v'} (Å)`, scale: { nice: false, zero: true } }, y2: { field: 'y1' },
        color: colour, tooltip,
      },
    } as FigureSpec;
  }
  const features = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    // Each parallelogram overlaps its neighbours by 4 % of a voxel, hiding the anti-aliasing seams.
    const e = 0.04;
    const x = (c - e) * ux + (r - e) * vx, y = (c - e) * uy + (r - e) * vy;
    const [Ux, Uy, Vx, Vy] = [ux * (1 + 2 * e), uy * (1 + 2 * e), vx * (1 + 2 * e), vy * (1 + 2 * e)];
    const ring = [[x, y], [x + Ux, y + Uy], [x + Ux + Vx, y + Uy + Vy], [x + Vx, y + Vy], [x, y]].map((p) => p.map(mÅ));
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { rho: Number(grid[r * C + c]!.toPrecision(4)), fu: mÅ((c + 0.5) / C), fv: mÅ((r + 0.5) / R) } });
  }
  const w = Math.max(s.u[0], s.u[0] + s.v[0]) - Math.min(0, s.v[0]), h = s.v[1];
  const aspect = h / w;
  return {
    ...base,
    title: { ...title, subtitle: `${title.subtitle ?? ''} — true shape (cell angle ${(Math.acos((s.u[0] * s.v[0] + s.u[1] * s.v[1]) / (lenU * lenV)) * 180 / Math.PI).toFixed(0)}°), |${s.uName ?? 'u'}| = ${lenU.toFixed(2)} Å` },
    width: aspect <= 1 ? size : Math.round(size / aspect), height: aspect <= 1 ? Math.round(size * aspect) : size,
    projection: { type: 'identity', reflectY: true },
    data: { values: features, format: { type: 'json' } },
    mark: { type: 'geoshape', stroke: null },
    encoding: {
      color: { ...colour, field: 'properties.rho' },
      tooltip: tooltip.map((t) => ({ ...t, field: `properties.${t.field}` })),
    },
  } as FigureSpec;
}
