import type { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { RdfState } from './analysis.js';
import { DEFAULT_SMOOTHING, firstShellCutoff } from './cutoff.js';
import { binCentres, binEdges } from './histogram.js';

/** Result body of g(r) (SPEC section 10 keys `r`, `g`, `n`, `r1`, `meanCoordination`, plus more). */
export interface RdfResult {
  /** Group labels: A (centres) and B (neighbours). */
  pair: { a: string; b: string };
  /** Bin centres (Å). */
  r: number[];
  /** g(r) per bin. */
  g: number[];
  /** Mean number of B within rEdge[k] of an A point: n(r) = 4πρ∫₀ʳ g(s)s²ds, exact at the edges. */
  n: number[];
  /** Outer edge of each bin (Å): where `n` is evaluated. */
  rEdge: number[];
  /** First-shell cutoff (Å) and how it was found; null when g has no minimum before rmax. */
  r1: { value: number; unit: 'Å'; method: string; peak?: number; gPeak?: number; gMin?: number } | null;
  /** n(r₁): mean number of B within r₁ of an A; null without r₁. */
  meanCoordination: { value: number; unit: string } | null;
  /** ρ of the formula for n(r): the time-averaged number density of B, ⟨N_B/V⟩ (Å⁻³). */
  density: { value: number; unit: 'Å^-3' };
  /** Points per group, N_A·N_B, frames, mean volume. */
  centres: number;
  neighbours: number;
  pairs: number;
  frames: number;
  meanVolume: { value: number; unit: 'Å^3' };
  units: { r: 'Å'; rEdge: 'Å'; g: '1'; n: '1' };
}

/**
 * Running coordination n(r) at any r in [0, rmax]: the cumulative count up to the bin holding
 * r plus the fraction (r³ − r_k³)/(r_{k+1}³ − r_k³) of that bin's count — exact at the edges,
 * and equal to 4πρ∫₀ʳ g s² ds for g constant within each bin.
 */
export function coordinationAt(state: Pick<RdfState, 'counts' | 'binning' | 'centreSum'>, r: number): number {
  const edges = binEdges(state.binning);
  let sum = 0;
  for (let k = 0; k < state.binning.nbins; k++) {
    const lo = edges[k]!, hi = edges[k + 1]!;
    if (r >= hi) { sum += state.counts[k]!; continue; }
    if (r > lo) sum += state.counts[k]! * (r ** 3 - lo ** 3) / (hi ** 3 - lo ** 3);
    break;
  }
  return sum / state.centreSum;
}

/** Turn the sums into g(r), n(r), r₁ and n(r₁). */
export function rdfResult(state: RdfState, diagnostics?: DiagnosticLog): RdfResult {
  if (state.frames === 0) throw new PaddlewheelError('E_SELECTION', 'rdf: no frames');
  const { binning } = state;
  const edges = binEdges(binning);
  const r = Array.from(binCentres(binning));
  const g: number[] = [], n: number[] = [];
  let cum = 0;
  for (let k = 0; k < binning.nbins; k++) {
    const shell = (4 * Math.PI / 3) * (edges[k + 1]! ** 3 - edges[k]! ** 3);
    g.push(state.counts[k]! / (state.pairDensitySum * shell));
    cum += state.counts[k]!;
    n.push(cum / state.centreSum);
  }
  let r1: RdfResult['r1'] = null;
  if (state.r1 !== undefined) {
    r1 = { value: state.r1, unit: 'Å', method: 'given (--r1)' };
  } else {
    const sigma = state.smoothing ?? DEFAULT_SMOOTHING;
    const shell = firstShellCutoff(r, g, sigma);
    if (shell) {
      r1 = { value: shell.r1, unit: 'Å', method: `first minimum after the main peak of g(r) smoothed by a Gaussian of σ = ${sigma} Å (g′ = 0, parabolic vertex)`, peak: shell.peak, gPeak: shell.gPeak, gMin: shell.gMin };
    } else {
      diagnostics?.warn('W_NO_FIRST_SHELL', `g(${state.setup.a.label}–${state.setup.b.label}) has no minimum after its main peak below rmax = ${binning.rmax} Å; raise --rmax or give --r1`);
    }
  }
  const half = state.minHeight / 2;
  if (binning.rmax > half) {
    diagnostics?.info('I_RDF_IMAGES', `r beyond half the shortest cell height (${half.toFixed(3)} Å) counts explicit periodic images; g(r) there also reflects the periodicity of the cell`);
  }
  return {
    pair: { a: state.setup.a.label, b: state.setup.b.label },
    r, g, n, rEdge: Array.from(edges.subarray(1)),
    r1,
    meanCoordination: r1 ? { value: coordinationAt(state, r1.value), unit: '1' } : null,
    density: { value: state.pairDensitySum / state.centreSum, unit: 'Å^-3' },
    centres: state.setup.a.identity.length,
    neighbours: state.setup.b.identity.length,
    pairs: state.setup.pairs,
    frames: state.frames,
    meanVolume: { value: state.volumeSum / state.frames, unit: 'Å^3' },
    units: { r: 'Å', rEdge: 'Å', g: '1', n: '1' },
  };
}
