import type { FigureSpec } from './render.js';

/** What {@link figureForVanHove} reads: the `vanhove` result of SPEC section 10. */
export interface VanHoveFigureInput {
  /** Radii, Å (evenly spaced). */
  r: number[];
  /** Times, ps (evenly spaced). */
  t: number[];
  /** self[t][r]: 4πr²G_s, Å⁻¹. */
  self: number[][];
  /** distinct[t][r]: G_d, dimensionless (→ 1 at large r). */
  distinct: number[][];
  cation?: string;
}

/** Colour caps: 4πr²G_s above 1 Å⁻¹ (the t = 0 spike) and G_d above 4 would wash out the rest. */
const CAP = { self: 1, distinct: 4 } as const;
const MAX_CELLS = 24000;

/**
 * The self or distinct van Hove function as an r–t heat map (r in Å across, t in ps up), one
 * rectangle per grid point, colour capped (values above the cap saturate, the tooltip shows
 * the true value). Grids over ~24 000 points are thinned by an even stride in t.
 */
export function figureForVanHove(o: VanHoveFigureInput, part: 'self' | 'distinct', opts: { width?: number; height?: number } = {}): FigureSpec {
  const values = o[part];
  const dr = o.r.length > 1 ? o.r[1]! - o.r[0]! : 1;
  const dt = o.t.length > 1 ? o.t[1]! - o.t[0]! : 1;
  const stride = Math.max(1, Math.ceil((o.t.length * o.r.length) / MAX_CELLS));
  const cells: { r0: number; r1: number; t0: number; t1: number; r: number; t: number; v: number }[] = [];
  let max = 0;
  for (let j = 0; j < o.t.length; j += stride) {
    const row = values[j] ?? [];
    for (let i = 0; i < o.r.length; i++) {
      const v = row[i]!;
      if (!Number.isFinite(v)) continue;
      max = Math.max(max, v);
      // 2 % overlap hides the anti-aliasing seams between neighbouring rectangles.
      cells.push({ r0: o.r[i]! - 0.51 * dr, r1: o.r[i]! + 0.51 * dr, t0: o.t[j]! - 0.51 * dt * stride, t1: o.t[j]! + 0.51 * dt * stride, r: o.r[i]!, t: o.t[j]!, v });
    }
  }
  const cap = Math.min(max || 1, CAP[part]);
  const what = part === 'self' ? '4πr²G_s(r, t) (Å⁻¹)' : 'G_d(r, t)';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${part === 'self' ? 'self part' : 'distinct part'}${o.cation ? ` (${o.cation})` : ''}`, fontSize: 12, anchor: 'start' },
    width: opts.width ?? 340, height: opts.height ?? 240,
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, grid: false } },
    data: { values: cells },
    mark: { type: 'rect', stroke: null },
    encoding: {
      x: { field: 'r0', type: 'quantitative', title: 'r (Å)', scale: { nice: false, zero: false } },
      x2: { field: 'r1' },
      y: { field: 't0', type: 'quantitative', title: 't (ps)', scale: { nice: false, zero: false } },
      y2: { field: 't1' },
      color: { field: 'v', type: 'quantitative', title: what, scale: { scheme: part === 'self' ? 'viridis' : 'magma', domain: [0, cap], clamp: true }, legend: { gradientLength: 180 } },
      tooltip: [{ field: 'r', title: 'r (Å)', format: '.2f' }, { field: 't', title: 't (ps)', format: '.3f' }, { field: 'v', title: what, format: '.4f' }],
    },
  } as FigureSpec;
}
