import { cellHeights } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { type GroupSetup, GroupPositions, type GroupSpec, resolveGroups } from './groups.js';
import { addPairs, binEdges, type Binning } from './histogram.js';
import { rdfResult, type RdfResult } from './result.js';

/** Parameters of g(r). */
export interface RdfParams {
  /** Group A (the centres, default anion centres) and B (the neighbours, default the cations). */
  a: GroupSpec;
  b: GroupSpec;
  binning: Binning;
  /** First-shell cutoff (Å) instead of the first minimum of g(r); must be < rmax. */
  r1?: number;
  /** Gaussian σ (Å) of the smoothing before the minimum search (cutoff.ts). */
  smoothing?: number;
}

/**
 * Sufficient statistics of g(r), all sums, so any split of the frames merges by addition:
 *   g_k = counts_k / (pairDensitySum · ΔV_k),  ΔV_k = 4π/3 (r_{k+1}³ − r_k³),
 *   n(r_{k+1}) = Σ_{i≤k} counts_i / centreSum  (= 4πρ∫₀ʳ g s² ds with ρ = ⟨N_B/V⟩).
 * With one cell this is the textbook V/(N_A N_B) normalisation; with a variable (NPT) cell
 * each frame contributes its own ideal-gas expectation (N_A N_B/V_t)·ΔV_k, so g is the ratio
 * of observed to ideal-gas pair counts summed over frames.
 */
export interface RdfState {
  setup: GroupSetup;
  binning: Binning;
  /** Σ over frames of the ordered (A, B-image) pairs in each bin (integers). */
  counts: Float64Array;
  frames: number;
  /** Σ_t N_A·N_B / V_t (Å⁻³). */
  pairDensitySum: number;
  /** Σ_t N_A. */
  centreSum: number;
  /** Σ_t V_t (Å³). */
  volumeSum: number;
  /** Smallest cell height seen (Å), to say when r goes beyond half the cell. */
  minHeight: number;
  r1?: number;
  smoothing?: number;
}

interface Runtime { positions: GroupPositions; edges: Float64Array }
const RUNTIME = new WeakMap<GroupSetup, Runtime>();

function runtime(state: RdfState): Runtime {
  let r = RUNTIME.get(state.setup);
  if (!r) {
    r = { positions: new GroupPositions(state.setup), edges: binEdges(state.binning) };
    RUNTIME.set(state.setup, r);
  }
  return r;
}

/**
 * Radial distribution function g(r) between two groups of points (SPEC section 5), over
 * every periodic image within rmax (correct in triclinic cells and beyond half the cell),
 * with the running coordination number n(r), the first-shell cutoff r₁ and n(r₁).
 * Frame-local: merge adds the sums.
 */
export const rdfAnalysis: Analysis<RdfParams, RdfState, RdfResult> = {
  id: 'rdf',
  init(params: RdfParams, ctx: AnalysisContext): RdfState {
    checkR1(params.r1, params.binning);
    const setup = resolveGroups(params.a, params.b, ctx.topology, ctx.ions);
    const state = emptyRdfState(setup, params);
    runtime(state);
    return state;
  },
  push(state: RdfState, frame: Frame): void {
    const rt = runtime(state);
    rt.positions.compute(frame.positions, frame.cell);
    const p = rt.positions;
    addPairs(state.counts, rt.edges, state.binning, frame.cell, p.a, p.idA, p.b, p.idB);
    const V = frame.cell.volume;
    state.frames++;
    state.pairDensitySum += state.setup.pairs / V;
    state.centreSum += p.idA.length;
    state.volumeSum += V;
    const h = Math.min(...cellHeights(frame.cell));
    if (h < state.minHeight) state.minHeight = h;
  },
  merge(a: RdfState, b: RdfState): RdfState {
    if (a.binning.nbins !== b.binning.nbins || a.binning.rmax !== b.binning.rmax || a.setup.pairs !== b.setup.pairs) {
      throw new PaddlewheelError('E_INTERNAL', 'rdf: cannot merge states with different bins or groups');
    }
    return {
      ...a,
      counts: Float64Array.from(a.counts, (x, k) => x + b.counts[k]!),
      frames: a.frames + b.frames,
      pairDensitySum: a.pairDensitySum + b.pairDensitySum,
      centreSum: a.centreSum + b.centreSum,
      volumeSum: a.volumeSum + b.volumeSum,
      minHeight: Math.min(a.minHeight, b.minHeight),
    };
  },
  finalize(state: RdfState, ctx: AnalysisContext): RdfResult {
    return rdfResult(state, ctx.diagnostics);
  },
};

/** An empty state (no frames) for these groups and parameters. */
export function emptyRdfState(setup: GroupSetup, params: Pick<RdfParams, 'binning' | 'r1' | 'smoothing'>): RdfState {
  return {
    setup, binning: params.binning, counts: new Float64Array(params.binning.nbins), frames: 0,
    pairDensitySum: 0, centreSum: 0, volumeSum: 0, minHeight: Infinity, r1: params.r1, smoothing: params.smoothing,
  };
}

/** `--r1` must lie inside the histogram (checked before any frame is read). */
export function checkR1(r1: number | undefined, binning: Binning): void {
  if (r1 === undefined) return;
  if (!(r1 > 0) || r1 >= binning.rmax) {
    throw new PaddlewheelError('E_USAGE', `--r1 ${r1} Å lies beyond the g(r) range (rmax = ${binning.rmax} Å); raise --rmax or lower --r1`);
  }
}

