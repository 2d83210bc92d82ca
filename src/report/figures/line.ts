import type { FigureSpec } from './render.js';

/** One curve of a line plot. */
export interface LineSeries {
  /** Legend entry (unique within the plot). */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Dashed stroke (fits, guides). */
  dashed?: boolean;
  /** CSS colour; default from the Tableau-10 palette in series order. */
  color?: string;
}

/** A shaded interval of x (e.g. a fit window), drawn behind the curves. */
export interface ShadedRange {
  from: number;
  to: number;
  /** Text written at the top of the band. */
  label?: string;
}

/** Options of {@link linePlot}. */
export interface LinePlotOptions {
  series: LineSeries[];
  xTitle: string;
  yTitle: string;
  title?: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  shade?: ShadedRange[];
  /** Lines of text in the top-left corner. */
  notes?: string[];
  width?: number;
  height?: number;
  /**
   * At most this many points per series (default 1500): longer series are thinned to an even
   * stride, keeping the last point, so a 10⁵-lag MSD stays a small SVG. Say so in the notes
   * when the thinning matters for reading the figure.
   */
  maxPoints?: number;
}

const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d'];

/**
 * A generic x–y line plot as a Vega-Lite spec: several named series (legend when more than
 * one), optional dashed ones, shaded x intervals and corner notes. Non-finite points (and
 * non-positive ones on a log axis) are dropped, since Vega cannot place them.
 */
export function linePlot(o: LinePlotOptions): FigureSpec {
  const max = o.maxPoints ?? 1500;
  const rows: { x: number; y: number; series: string }[] = [];
  const names: string[] = [], colours: string[] = [], dashes: number[][] = [];
  o.series.forEach((s, k) => {
    if (s.x.length !== s.y.length) throw new RangeError(`linePlot: series ${s.name} has ${s.x.length} x and ${s.y.length} y values`);
    names.push(s.name);
    colours.push(s.color ?? PALETTE[k % PALETTE.length]!);
    dashes.push(s.dashed ? [6, 4] : [1, 0]);
    const n = s.x.length;
    const stride = n > max ? Math.ceil(n / max) : 1;
    for (let i = 0; i < n; i += stride) push(rows, s, i, o);
    if (n > 0 && (n - 1) % stride !== 0) push(rows, s, n - 1, o);
  });
  const scale = (t: 'linear' | 'log' | undefined) => (t === 'log' ? { type: 'log' as const } : { zero: false });
  const width = o.width ?? 440, height = o.height ?? 300;
  const shade = o.shade ?? [];
  const x = { field: 'x', type: 'quantitative', title: o.xTitle, scale: scale(o.xScale) } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(o.title ? { title: o.title } : {}),
    width, height,
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 } },
    layer: [
      ...(shade.length ? [
        {
          name: 'shade',
          data: { values: shade.map((s) => ({ from: s.from, to: s.to })) },
          mark: { type: 'rect', color: '#999', opacity: 0.15 },
          encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' } },
        } as const,
        {
          data: { values: shade.filter((s) => s.label).map((s) => ({ mid: (s.from + s.to) / 2, label: s.label })) },
          mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 11, color: '#555' },
          encoding: { x: { ...x, field: 'mid' }, y: { value: height }, text: { field: 'label' } },
        } as const,
      ] : []),
      {
        name: 'lines',
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: scale(o.yScale) },
          // Colour and dash share the field and domain, so Vega-Lite draws one legend showing both.
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colours }, legend: names.length > 1 ? {} : null },
          strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: dashes }, legend: names.length > 1 ? {} : null },
        },
      } as const,
      ...(o.notes?.length ? [{
        data: { values: [{ text: o.notes.join('\n') }] },
        mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 12, lineBreak: '\n', lineHeight: 16 },
        encoding: { x: { value: 8 }, y: { value: 8 }, text: { field: 'text' } },
      } as const] : []),
    ],
  };
}

function push(rows: { x: number; y: number; series: string }[], s: LineSeries, i: number, o: LinePlotOptions): void {
  const x = s.x[i]!, y = s.y[i]!;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  if ((o.xScale === 'log' && x <= 0) || (o.yScale === 'log' && y <= 0)) return;
  rows.push({ x, y, series: s.name });
}
