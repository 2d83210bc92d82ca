import type { FigureSpec } from './render.js';

/** What {@link figureForCoordination} reads: the `coordination` result of SPEC section 10. */
export interface CoordinationFigureInput {
  histogram: { n: number; fraction: number; count?: number }[];
  mean?: { value: number; stderr?: number } | null;
  r1?: { value: number } | null;
}

/** Bar chart of the fraction of anions with n cations within r₁, mean ± error in the corner. */
export function figureForCoordination(o: CoordinationFigureInput, opts: { width?: number; height?: number } = {}): FigureSpec {
  const width = opts.width ?? 360, height = opts.height ?? 260;
  const mean = o.mean ? `mean ${o.mean.value.toFixed(2)}${o.mean.stderr ? ` ± ${o.mean.stderr.toPrecision(2)}` : ''}` : '';
  const r1 = o.r1 ? `within r₁ = ${o.r1.value.toFixed(2)} Å` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height,
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' } },
    layer: [
      {
        data: { values: o.histogram.map((h) => ({ n: h.n, fraction: h.fraction, count: h.count ?? null })) },
        mark: { type: 'bar', color: '#54a24b' },
        encoding: {
          x: { field: 'n', type: 'ordinal', title: 'cations in the first shell, n', axis: { labelAngle: 0 } },
          y: { field: 'fraction', type: 'quantitative', title: 'fraction of anion–frame pairs', scale: { domain: [0, 1] } },
          tooltip: [{ field: 'n' }, { field: 'fraction', format: '.4f' }, { field: 'count', title: 'count' }],
        },
      },
      {
        data: { values: [{ text: [mean, r1].filter(Boolean).join('\n') }] },
        mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 12, lineBreak: '\n', lineHeight: 16 },
        encoding: { x: { value: 8 }, y: { value: 8 }, text: { field: 'text' } },
      },
    ],
  } as FigureSpec;
}
