import type { ArrheniusResult } from '../../analysis/arrhenius/arrhenius.js';
import type { FigureSpec } from './render.js';
import { sci, valueWithError } from './text.js';

/** Samples along the fitted line and its band (the band is curved on a log axis). */
const SAMPLES = 64;

/**
 * The Arrhenius plot of the study's Fig. S1: D on a log axis against 1000/T (K⁻¹, with T in K
 * on the top axis), each point with its ±1σ error bar in ln D (D·e^{∓σ_D/D}, the errors the
 * fit weighted by), the fitted line solid over the data and dashed where it is extrapolated
 * (to 300 K), its ±1σ confidence band from the full fit covariance, the extrapolated
 * D(300 K) as an open diamond, points left out of the fit as crosses, and E_a ± error in a
 * corner. Uses only the result (no analysis code), so the report and the web app draw the same.
 */
export function figureForArrhenius(r: ArrheniusResult, opts: { width?: number; height?: number; title?: string } = {}): FigureSpec {
  const width = opts.width ?? 440, height = opts.height ?? 330;
  const [[caa, cab], [, cbb]] = r.fit.covariance;
  const a = r.fit.intercept.value, b = r.fit.slope.value;
  const at = r.extrapolationTemperature;
  const [tLo, tHi] = r.fit.temperatureRange;
  const xData: [number, number] = [1000 / tHi, 1000 / tLo];
  const x0 = Math.min(xData[0], 1000 / at), x1 = Math.max(xData[1], 1000 / at);
  const line: Record<string, number | string>[] = [];
  for (let k = 0; k <= SAMPLES; k++) {
    const x = x0 + ((x1 - x0) * k) / SAMPLES;
    line.push(linePoint(x, a, b, caa, cab, cbb, x < xData[0] || x > xData[1] ? 'extrapolated' : 'fit'));
  }
  // The two segments meet exactly at the data's ends, so the dashed part starts where the solid ends.
  for (const x of xData) {
    line.push(linePoint(x, a, b, caa, cab, cbb, 'fit'));
    if (x > x0 && x < x1) line.push(linePoint(x, a, b, caa, cab, cbb, 'extrapolated'));
  }
  line.sort((p, q) => (p['x'] as number) - (q['x'] as number));
  const points = r.points.map((p) => {
    const s = p.stderr != null && p.D > 0 ? p.stderr / p.D : 0;
    return { x: 1000 / p.T, T: p.T, D: p.D, lo: p.D * Math.exp(-s), hi: p.D * Math.exp(s), label: p.label, stderr: p.stderr ?? NaN, fit: p.included ? 'fitted' : 'left out (D ≤ 0)' };
  }).filter((p) => p.D > 0);
  const excluded = r.points.filter((p) => !p.included).length;
  const iv = (r.D300K['interval68'] as [number, number] | undefined) ?? [r.D300K.value, r.D300K.value];
  const extrap = [{ x: 1000 / at, T: at, D: r.D300K.value, lo: iv[0], hi: iv[1] }];
  const notes = [
    `Eₐ = ${valueWithError(r.Ea.value, r.Ea.stderr)} meV`,
    `D(${at} K) = ${sci(r.D300K.value)} cm²/s`,
    ...(r.sigma300K ? [`σ(${at} K) = ${sci(r.sigma300K.value)} S/cm`] : []),
    r.fit.reducedChi2 === null ? `${r.fit.points} points (exact line)` : `${r.fit.points} points, χ²ᵣ = ${r.fit.reducedChi2 < 100 ? r.fit.reducedChi2.toFixed(2) : r.fit.reducedChi2.toPrecision(3)}`,
    ...(excluded ? [`${excluded} left out (D ≤ 0)`] : []),
  ];
  const axisX = { field: 'x', type: 'quantitative', scale: { zero: false, nice: false, padding: 12 } } as const;
  const x = { ...axisX, axis: null };
  const yTitle = 'D (cm²/s)';
  const y = { field: 'D', type: 'quantitative', title: yTitle, scale: { type: 'log' }, axis: { format: '.0e', grid: true } } as const;
  const yRange = (lo: string) => ({ field: lo, type: 'quantitative', scale: { type: 'log' }, title: yTitle }) as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(opts.title ? { title: opts.title } : {}),
    width, height,
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' } },
    layer: [
      {
        name: 'band',
        data: { values: line },
        mark: { type: 'area', opacity: 0.18, color: '#4c78a8' },
        encoding: { x: { ...axisX, axis: { title: '1000/T (K⁻¹)', grid: false } }, y: yRange('lo'), y2: { field: 'hi' } },
      },
      {
        name: 'fit',
        data: { values: line },
        mark: { type: 'line', color: '#4c78a8', strokeWidth: 1.5 },
        encoding: {
          x, y,
          detail: { field: 'part', type: 'nominal' },
          strokeDash: { field: 'part', type: 'nominal', scale: { domain: ['fit', 'extrapolated'], range: [[1, 0], [6, 4]] }, legend: null },
        },
      },
      {
        name: 'errorbars',
        data: { values: [...points.filter((p) => p.hi > p.lo), ...extrap] },
        mark: { type: 'rule', color: '#333' },
        encoding: { x, y: yRange('lo'), y2: { field: 'hi' } },
      },
      {
        name: 'points',
        data: { values: points },
        mark: { type: 'point', filled: true, size: 60, color: '#e45756' },
        encoding: {
          x, y,
          shape: { field: 'fit', type: 'nominal', scale: { domain: ['fitted', 'left out (D ≤ 0)'], range: ['circle', 'cross'] }, legend: null },
          tooltip: [{ field: 'label', title: 'run' }, { field: 'T', title: 'T (K)' }, { field: 'D', title: 'D (cm²/s)', format: '.3e' }, { field: 'stderr', title: 'stderr', format: '.2e' }],
        },
      },
      {
        name: 'extrapolated',
        data: { values: extrap },
        mark: { type: 'point', shape: 'diamond', filled: false, size: 90, color: '#4c78a8', strokeWidth: 1.5 },
        encoding: { x, y, tooltip: [{ field: 'T', title: 'T (K)' }, { field: 'D', title: 'extrapolated D (cm²/s)', format: '.3e' }] },
      },
      {
        // Invisible marks that carry the top axis: T in K at round temperatures.
        name: 'temperature_axis',
        data: { values: [{ x: x0 }, { x: x1 }] },
        mark: { type: 'point', opacity: 0 },
        encoding: {
          x: { ...axisX, axis: { orient: 'top', title: 'T (K)', values: temperatureTicks(x0, x1), labelExpr: "format(1000 / datum.value, '.0f')", grid: false } },
          y: { value: 0 },
        },
      },
      {
        name: 'annotation',
        data: { values: [{ text: notes.join('\n') }] },
        mark: { type: 'text', align: 'right', baseline: 'top', fontSize: 12, lineBreak: '\n', lineHeight: 16 },
        encoding: { x: { value: width - 8 }, y: { value: 8 }, text: { field: 'text' } },
      },
    ],
    resolve: { axis: { x: 'independent' } },
  };
}

/** 1000/T at round temperatures (steps of 50, 100 or 200 K) inside [x0, x1] (K⁻¹·1000). */
function temperatureTicks(x0: number, x1: number): number[] {
  const tMin = 1000 / x1, tMax = 1000 / x0;
  const step = tMax - tMin > 800 ? 200 : tMax - tMin > 300 ? 100 : 50;
  const out: number[] = [];
  for (let T = Math.ceil(tMin / step) * step; T <= tMax; T += step) out.push(1000 / T);
  return out;
}

function linePoint(x: number, a: number, b: number, caa: number, cab: number, cbb: number, part: string): Record<string, number | string> {
  const u = x / 1000;
  const ln = a + b * u;
  const s = Math.sqrt(Math.max(0, caa + 2 * cab * u + cbb * u * u));
  return { x, D: Math.exp(ln), lo: Math.exp(ln - s), hi: Math.exp(ln + s), part };
}
