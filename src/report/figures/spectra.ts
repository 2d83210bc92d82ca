import type { FigureSpec } from './render.js';

/** What {@link figureForSpectra} reads: the `spectra` result of SPEC section 10 (one array per group). */
export interface SpectraFigureInput {
  /** THz. */
  frequency: number[];
  bands?: { name: string; from: number; to: number; weights?: Record<string, number> }[];
  groups?: { name: string; kind?: string }[];
  [group: string]: unknown;
}

const NICE: Record<string, string> = { anionOmegaAtoms: 'anion ω (per atom)', anionOmegaRigid: 'anion ω (rigid body)' };

/**
 * Normalised power spectra (THz⁻¹ against THz), one stacked panel per group sharing the
 * frequency axis, with the nominal bands shaded and named. The axis stops where every group
 * has 99.5 % of its spectral weight (the rest up to Nyquist is empty and would squash the plot).
 */
export function figureForSpectra(o: SpectraFigureInput, opts: { width?: number; height?: number } = {}): FigureSpec {
  const f = o.frequency;
  const names = (o.groups?.map((g) => g.name) ?? Object.keys(o).filter((k) => Array.isArray(o[k]) && k !== 'frequency' && k !== 'bands' && k !== 'groups' && k !== 'overlap'))
    .filter((k) => Array.isArray(o[k]) && (o[k] as unknown[]).length === f.length);
  const fMax = cutoff(f, names.map((k) => o[k] as number[]));
  const bands = (o.bands ?? []).map((b) => ({ name: b.name, from: Math.max(0, b.from), to: Math.min(fMax, Number.isFinite(b.to) ? b.to : fMax) })).filter((b) => b.to > b.from);
  const x = { field: 'f', type: 'quantitative', title: 'frequency (THz)', scale: { domain: [0, fMax], nice: false } } as const;
  const palette = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#b279a2', '#9d755d'];
  const panels = names.map((name, k) => {
    const ys = o[name] as number[];
    const rows: { f: number; p: number }[] = [];
    for (let i = 0; i < f.length && f[i]! <= fMax; i++) rows.push({ f: f[i]!, p: ys[i]! });
    return {
      width: opts.width ?? 560, height: opts.height ?? 90,
      layer: [
        {
          data: { values: bands },
          mark: { type: 'rect', opacity: 0.12 },
          encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, color: { field: 'name', type: 'nominal', title: 'band', scale: { range: ['#888', '#eeca3b', '#72b7b2', '#e45756'] } } },
        },
        ...(k === 0 ? [{
          data: { values: bands.map((b) => ({ mid: (b.from + b.to) / 2, name: b.name })) },
          mark: { type: 'text', baseline: 'top', dy: 2, fontSize: 10, color: '#555' },
          encoding: { x: { ...x, field: 'mid' }, y: { value: 0 }, text: { field: 'name' } },
        }] : []),
        {
          data: { values: rows },
          mark: { type: 'line', color: palette[k % palette.length], strokeWidth: 1.3 },
          encoding: {
            x: k === names.length - 1 ? x : { ...x, axis: { title: null, labels: false } },
            y: { field: 'p', type: 'quantitative', title: NICE[name] ?? name, axis: { tickCount: 3 } },
            tooltip: [{ field: 'f', title: 'ν (THz)', format: '.2f' }, { field: 'p', title: `${name} (THz⁻¹)`, format: '.4f' }],
          },
        },
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'power spectra, each normalised to unit area (THz⁻¹)', fontSize: 12, fontWeight: 'normal', anchor: 'start' },
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eee' }, concat: { spacing: 6 } },
    vconcat: panels,
  } as unknown as FigureSpec;
}

/** Smallest frequency below which every spectrum holds 99.5 % of its area, rounded up to 10 THz. */
function cutoff(f: number[], spectra: number[][]): number {
  let need = 0;
  for (const s of spectra) {
    let total = 0;
    for (let i = 1; i < f.length; i++) total += 0.5 * (s[i]! + s[i - 1]!) * (f[i]! - f[i - 1]!);
    let acc = 0;
    for (let i = 1; i < f.length; i++) {
      acc += 0.5 * (s[i]! + s[i - 1]!) * (f[i]! - f[i - 1]!);
      if (acc >= 0.995 * total) { need = Math.max(need, f[i]!); break; }
    }
  }
  const last = f.length ? f[f.length - 1]! : 1;
  return Math.min(last, Math.max(10, Math.ceil(need / 10) * 10));
}
