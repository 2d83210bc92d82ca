import { afterEach, describe, expect, it, vi } from 'vitest';
import { arrhenius, type ArrheniusPoint } from '../../analysis/arrhenius/index.js';
import { KB_EV } from '../../core/units.js';
import { figureForArrhenius, figureForMsd, linePlot, renderSvg, renderSvgWithWarnings, sci, valueWithError } from './index.js';

/** Tag balance, attribute quoting and escaped text: enough to catch a broken SVG. Returns the elements in document order. */
function parseXml(s: string): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const text = s.slice(i, lt < 0 ? s.length : lt);
    expect(text, `text at ${i}`).not.toMatch(/>|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    if (lt < 0) break;
    if (s.startsWith('<?', lt)) { i = s.indexOf('?>', lt) + 2; continue; }
    if (s.startsWith('<!--', lt)) { i = s.indexOf('-->', lt) + 3; continue; }
    tag.lastIndex = lt;
    const m = tag.exec(s);
    expect(m, `a tag at ${lt}: ${s.slice(lt, lt + 60)}`).not.toBeNull();
    const [, close, name, attrText, selfClose] = m!;
    if (close) expect(stack.pop(), `</${name}>`).toBe(name);
    else {
      const attrs: Record<string, string> = {};
      for (const a of attrText!.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
      out.push({ name: name!, attrs });
      if (!selfClose) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
  expect(out[0]?.name).toBe('svg');
  return out;
}

/** Unescaped text lines of the SVG (axis titles, labels, and each line of multi-line annotations). */
function texts(svg: string): string[] {
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]+)</g)].map((m) => unescape(m[1]!));
}

/** Symbols (or paths) inside the mark group whose class names `mark`. */
function markItems(svg: string, mark: string): number {
  const start = svg.indexOf(`${mark}_marks"`);
  if (start < 0) return 0;
  const end = svg.indexOf('</g>', start);
  return svg.slice(start, end).split('role="graphics-symbol"').length - 1;
}

function synthetic(Ts: number[], rel: number): ArrheniusPoint[] {
  return Ts.map((T) => ({ label: `${T}K`, T, D: 1e-4 * Math.exp(-0.136 / (KB_EV * T)), stderr: rel * 1e-4 * Math.exp(-0.136 / (KB_EV * T)) }));
}

afterEach(() => vi.restoreAllMocks());

describe('figure renderer', () => {
  it('renders the Arrhenius figure as well-formed SVG with its axes, points, extrapolation and Ea, without any network access', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const pts = [...synthetic([600, 700, 800, 900, 1000], 0.1), { label: 'K', T: 500, D: 0, stderr: 1e-9 }];
    const r = arrhenius(pts, { carriers: { density: 0.00788, charge: 1, source: 'test' } });
    const { svg, warnings } = await renderSvgWithWarnings(figureForArrhenius(r));
    expect(warnings).toEqual([]);
    const els = parseXml(svg);
    expect(els.filter((e) => e.name === 'svg')).toHaveLength(1);
    const t = texts(svg);
    for (const title of ['1000/T (K⁻¹)', 'D (cm²/s)', 'T (K)']) expect(t, title).toContain(title);
    // σ_Ea = k_B·0.1/√Sxx = 16.32 meV for 1/T at 600…1000 K, rounded to two digits.
    expect(t).toContain('Eₐ = 136 ± 16 meV');
    expect(t.some((s) => /^D\(300 K\) = 5\.2×10⁻⁷ cm²\/s$/.test(s))).toBe(true);
    expect(t.some((s) => s.startsWith('σ(300 K) = '))).toBe(true);
    expect(t).toContain('1 left out (D ≤ 0)');
    // Five fitted points (the D = 0 one cannot sit on a log axis), one extrapolated diamond.
    expect(markItems(svg, 'points')).toBe(5);
    expect(markItems(svg, 'extrapolated')).toBe(1);
    // Solid over the data and dashed to 300 K: two line paths, one with a dash array.
    const lines = els.filter((e) => e.name === 'path' && e.attrs['aria-roledescription'] === 'line mark');
    expect(lines).toHaveLength(2);
    expect(lines.filter((e) => e.attrs['stroke-dasharray'] === '6,4')).toHaveLength(1);
    // Top axis labels are round temperatures.
    expect(t).toEqual(expect.arrayContaining(['900', '700', '500', '300']));
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses to load anything: a spec with a data URL fails instead of fetching', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await expect(renderSvg({ data: { url: 'https://example.org/data.csv' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } })).rejects.toThrow(/must carry their data inline/);
    await expect(renderSvg({ data: { url: 'local.json' }, mark: 'point' })).rejects.toThrow(/must carry their data inline/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('renders the MSD figure: titles, shaded fit window, legend, thinned long series', async () => {
    const n = 20000;
    const lag = Array.from({ length: n }, (_, i) => i * 0.005);
    const msd = lag.map((t) => 0.6 * t + 1);
    const spec = figureForMsd({ lag, msd, fitWindow: [10, 60], D: 0.1, Dstderr: 0.012, species: 'Li' });
    const { svg, warnings } = await renderSvgWithWarnings(spec);
    expect(warnings).toEqual([]);
    const els = parseXml(svg);
    const t = texts(svg);
    for (const s of ['lag time (ps)', 'MSD (Å²)', 'Li mean squared displacement', 'fit window', 'Li MSD', 'fit 6Dt + c', 'fit, extended']) expect(t, s).toContain(s);
    expect(t).toContain('D = 0.100 ± 0.012 Å²/ps = 1.00×10⁻⁵ cm²/s');
    expect(els.filter((e) => e.name === 'path' && e.attrs['aria-roledescription'] === 'rect mark')).toHaveLength(1);
    const curve = els.find((e) => e.name === 'path' && e.attrs['aria-roledescription'] === 'line mark' && e.attrs['stroke'] === '#4c78a8');
    const vertices = curve!.attrs['d']!.split(/[ML]/).filter((s) => s !== '').length;
    expect(vertices).toBeGreaterThan(1000);
    expect(vertices).toBeLessThanOrEqual(1501);
    // Intercept defaults to the window mean of MSD − 6Dt: exactly 1 here.
    const data = (spec as { layer: { name?: string; data: { values: { series: string; x: number; y: number }[] } }[] }).layer.find((l) => l.name === 'lines')!.data.values;
    const fit = data.filter((p) => p.series === 'fit 6Dt + c');
    expect(fit.map((p) => p.y)).toEqual([0.6 * 10 + 1, 0.6 * 60 + 1].map((v) => expect.closeTo(v, 9)));
  });

  it('linePlot drops points a log axis cannot show and keeps the last point when thinning', () => {
    const spec = linePlot({ series: [{ name: 'a', x: [1, 2, 3, 4, 5], y: [0, 1, NaN, 4, 5] }], xTitle: 'x', yTitle: 'y', yScale: 'log', maxPoints: 2 }) as { layer: { data: { values: { x: number }[] } }[] };
    // Stride 3: i = 0 (y = 0, dropped on the log axis), 3, and the last point 4.
    expect(spec.layer[0]!.data.values.map((p) => p.x)).toEqual([4, 5]);
    expect(() => linePlot({ series: [{ name: 'a', x: [1], y: [] }], xTitle: 'x', yTitle: 'y' })).toThrow(RangeError);
  });
});

describe('figure text', () => {
  it('rounds value ± error the PDG way and writes powers of ten', () => {
    expect(valueWithError(136.2, 8.3)).toBe('136 ± 8');
    expect(valueWithError(136.2, 16.6)).toBe('136 ± 17');
    expect(valueWithError(0.1234, 0.0123)).toBe('0.123 ± 0.012');
    expect(valueWithError(5.5, undefined)).toBe('5.5');
    expect(sci(5.19e-7)).toBe('5.2×10⁻⁷');
    expect(sci(3.2e12, 3)).toBe('3.20×10¹²');
    expect(sci(0.5)).toBe('0.5');
  });
});
