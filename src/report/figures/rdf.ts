import type { FigureSpec } from './render.js';

/** What {@link figureForRdf} reads: the `rdf` result of SPEC section 10 (extra keys ignored). */
export interface RdfFigureInput {
  /** Bin centres, Å. */
  r: number[];
  /** g(r), dimensionless. */
  g: number[];
  /** Running coordination number n(r) = ∫₀ʳ 4πr′²ρ g(r′) dr′. */
  n: number[];
  /** First minimum of g(r), Å (drawn as a dashed rule). */
  r1?: { value: number } | null;
  meanCoordination?: { value: number } | null;
  pair?: { a: string; b: string };
}

/**
 * g(r) (left axis) and the running coordination number n(r) (right axis) against r in Å, with
 * the first-shell cutoff r₁ as a dashed rule and n(r₁) written beside it.
 */
export function figureForRdf(o: RdfFigureInput, opts: { width?: number; height?: number } = {}): FigureSpec {
  const rows = o.r.map((r, i) => ({ r, g: o.g[i], n: o.n[i] })).filter((p) => Number.isFinite(p.g) && Number.isFinite(p.n));
  const x = { field: 'r', type: 'quantitative', title: 'r (Å)', scale: { zero: true, nice: false } } as const;
  const tip = [{ field: 'r', title: 'r (Å)', format: '.3f' }, { field: 'g', title: 'g(r)', format: '.3f' }, { field: 'n', title: 'n(r)', format: '.3f' }];
  const r1 = o.r1?.value;
  const pairTitle = o.pair ? `${o.pair.a}–${o.pair.b}` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? 440, height: opts.height ?? 280,
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' } },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', color: '#4c78a8', strokeWidth: 1.6 },
        encoding: { x, y: { field: 'g', type: 'quantitative', title: `g(r) ${pairTitle}`.trim(), axis: { titleColor: '#4c78a8' } }, tooltip: tip },
      },
      {
        data: { values: rows },
        mark: { type: 'line', color: '#f58518', strokeWidth: 1.6, strokeDash: [5, 3] },
        encoding: { x, y: { field: 'n', type: 'quantitative', title: 'n(r) (running coordination)', axis: { titleColor: '#f58518', orient: 'right' } }, tooltip: tip },
      },
      ...(r1 !== undefined && Number.isFinite(r1) ? [{
        data: { values: [{ r: r1, label: `r₁ = ${r1.toFixed(2)} Å${o.meanCoordination ? `, n(r₁) = ${o.meanCoordination.value.toFixed(2)}` : ''}` }] },
        layer: [
          { mark: { type: 'rule', color: '#555', strokeDash: [2, 3] }, encoding: { x } },
          { mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 11, color: '#333' }, encoding: { x, y: { value: 0 }, text: { field: 'label' } } },
        ],
      } as const] : []),
    ],
    resolve: { scale: { y: 'independent' } },
  } as FigureSpec;
}
