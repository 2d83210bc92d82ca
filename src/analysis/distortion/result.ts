import { quantity, type Quantity } from '../../core/result.js';
import { blockAverage } from '../../math/stats.js';
import type { DistortionState } from './analysis.js';

/** Per-element distortion numbers (SPEC 10: per element {radialStd, kabschRmsd}). */
export interface ElementDistortion {
  /** Atoms of this element per anion. */
  atoms: number;
  /** Regular shape of the fit (`icosahedron`, `tetrahedron`, `centre`, …). */
  shape: string;
  /** Mean population std of the distances from the anion centre of mass (Å); null for a one-atom element. */
  radialStd: Quantity | null;
  /** Mean RMSD after the rigid fit (Å); null when the anion has no regular-shape fit. */
  kabschRmsd: Quantity | null;
  /** Mean fitted shell radius (Å); null without a fit and for a one-atom (centre) element. */
  radius: Quantity | null;
}

/** Result body of `distortion`: one key per element symbol (like `spectra`), plus the keys below. */
export interface DistortionResult {
  formula: string;
  anions: number;
  frames: number;
  elements: string[];
  /** Histograms over anion-frames: bin centres (Å) and probability densities (1/Å) per element. */
  histogram: {
    bins: number[];
    radialStd: Record<string, number[]>;
    kabschRmsd: Record<string, number[]>;
    /** Anion-frames at or beyond the last bin edge, per element. */
    overflow: { radialStd: Record<string, number>; kabschRmsd: Record<string, number> };
  };
  units: Record<string, string>;
  fit: { translation: string; rotation: string; radius: string; correspondence: string };
  [element: string]: unknown;
}

function meanWithError(series: number[], blocks: number): Quantity {
  const T = series.length;
  const mean = series.reduce((a, b) => a + b, 0) / T;
  const B = Math.min(blocks, T);
  if (B < 2) return quantity(mean, 'Å');
  const b = blockAverage(series, B);
  // blockAverage drops the remainder frames; the value reported is the mean of all frames.
  return quantity(mean, 'Å', { stderr: b.stderr, method: `block averaging of per-frame anion means, ${B} blocks of ${b.blockLength} frames` });
}

/** Turn the state into the result body. */
export function distortionResult(state: DistortionState): DistortionResult {
  const { model, params } = state;
  const width = params.histogramMax / params.bins;
  const bins = Array.from({ length: params.bins }, (_, i) => (i + 0.5) * width);
  const density = (h: number[]) => {
    const n = h.reduce((a, b) => a + b, 0);
    return h.slice(0, params.bins).map((c) => (n > 0 ? c / (n * width) : 0));
  };
  const out: DistortionResult = {
    formula: model.formula, anions: model.clusters.length, frames: state.frame.length, elements: model.elements,
    histogram: { bins, radialStd: {}, kabschRmsd: {}, overflow: { radialStd: {}, kabschRmsd: {} } },
    units: { 'histogram.bins': 'Å', 'histogram.radialStd': '1/Å', 'histogram.kabschRmsd': '1/Å' },
    fit: {
      translation: 'free (the centroid of the anion atoms); radialStd uses the centre of mass',
      rotation: 'one proper rotation for the whole anion (Kabsch)',
      radius: 'one fitted radius per element (alternating exact least-squares steps)',
      correspondence: 'atom↔vertex map fixed in the reference frame (iterated greedy assignment + Kabsch from every two-vertex start)',
    },
  };
  model.elements.forEach((el, e) => {
    const one = model.counts[e]! < 2;
    out[el] = {
      atoms: model.counts[e]!, shape: model.shapes[e]!,
      radialStd: one || state.frame.length === 0 ? null : meanWithError(state.radialStd[e]!, params.blocks),
      kabschRmsd: model.kabsch && state.frame.length ? meanWithError(state.kabschRmsd[e]!, params.blocks) : null,
      radius: model.kabsch && !one && state.frame.length ? meanWithError(state.radius[e]!, params.blocks) : null,
    } satisfies ElementDistortion;
    if (!one) {
      out.histogram.radialStd[el] = density(state.histRadialStd[e]!);
      out.histogram.overflow.radialStd[el] = state.histRadialStd[e]![params.bins]!;
    }
    if (model.kabsch) {
      out.histogram.kabschRmsd[el] = density(state.histKabschRmsd[e]!);
      out.histogram.overflow.kabschRmsd[el] = state.histKabschRmsd[e]![params.bins]!;
    }
  });
  return out;
}
