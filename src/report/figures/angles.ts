import type { FigureSpec } from './render.js';

/** What {@link figureForAngles} reads: the `angles` result of SPEC section 10. */
export interface AnglesFigureInput {
  /** Bin centres, degrees. */
  theta: number[];
  ranges: { rMin: number; rMax: number; density: number[]; icosahedralOverlap?: number; latticeOverlap?: number; pairs?: number }[];
  templates?: {
    icosahedral?: number[];
    lattice?: { lattice?: string; site?: string; angles?: number[] } | null;
    window?: number;
  };
}

/**
 * Cation–anion–cation angle distributions, one panel per distance range (degree⁻¹ against
 * degrees), with the icosahedral C₃-axis angles as solid rules and the lattice template of the
 * predicted site as dashed rules; each panel's title gives the range and both template scores.
 */
export function figureForAngles(o: AnglesFigureInput, opts: { width?: number; height?: number } = {}): FigureSpec {
  const width = opts.width ?? 300, height = opts.height ?? 200;
  const ico = o.templates?.icosahedral ?? [];
  const lat = o.templates?.lattice?.angles ?? [];
  const latName = o.templates?.lattice ? `${o.templates.lattice.lattice ?? 'lattice'} ${o.templates.lattice.site ?? ''}`.trim() : 'lattice';
  const rules = [
    ...ico.map((a) => ({ angle: a, template: 'icosahedral C₃ axes' })),
    ...lat.map((a) => ({ angle: a, template: `${latName} template` })),
  ];
  const domain = ['icosahedral C₃ axes', `${latName} template`];
  const x = { field: 'theta', type: 'quantitative', title: 'cation–anion–cation angle (°)', scale: { domain: [0, 180], nice: false }, axis: { values: [0, 30, 60, 90, 120, 150, 180] } } as const;
  const panels = o.ranges.map((rg, k) => {
    const score = rg.icosahedralOverlap !== undefined ? `ico ${pct(rg.icosahedralOverlap)}, lattice ${pct(rg.latticeOverlap)}` : '';
    return {
      title: { text: `shell ${k + 1}: ${rg.rMin.toFixed(2)}–${rg.rMax.toFixed(2)} Å`, subtitle: score ? `within ±${o.templates?.window ?? 5}°: ${score}` : '', fontSize: 12, subtitleFontSize: 11 },
      width, height,
      layer: [
        {
          data: { values: rules },
          mark: { type: 'rule', strokeWidth: 1.2, opacity: 0.7 },
          encoding: {
            x: { ...x, field: 'angle' },
            color: { field: 'template', type: 'nominal', title: null, scale: { domain, range: ['#b279a2', '#72b7b2'] }, legend: { orient: 'bottom' } },
            strokeDash: { field: 'template', type: 'nominal', title: null, scale: { domain, range: [[1, 0], [4, 3]] }, legend: { orient: 'bottom' } },
          },
        },
        {
          data: { values: o.theta.map((t, i) => ({ theta: t, density: rg.density[i] ?? 0 })) },
          mark: { type: 'area', line: { color: '#4c78a8' }, color: '#4c78a8', opacity: 0.35, interpolate: 'step' },
          encoding: {
            x,
            y: { field: 'density', type: 'quantitative', title: 'density (deg⁻¹)' },
            tooltip: [{ field: 'theta', title: 'θ (°)' }, { field: 'density', title: 'density (deg⁻¹)', format: '.4f' }],
          },
        },
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' } },
    hconcat: panels,
    resolve: { scale: { y: 'independent' } },
  } as unknown as FigureSpec;
}

function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(0)} %`;
}
