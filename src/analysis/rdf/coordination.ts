import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { type Quantity, quantity } from '../../core/result.js';
import { NeighbourGrid } from '../../math/neighbour-grid.js';
import { blockJackknife, DEFAULT_BLOCKS } from '../sites/blocks.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { type GroupSetup, GroupPositions, type GroupSpec, resolveGroups } from './groups.js';

/** Parameters of the coordination-number distribution. */
export interface CoordinationParams {
  a: GroupSpec;
  b: GroupSpec;
  /** Shell radius (Å): a B point (any periodic image) closer than r₁ to an A point counts. */
  r1: number;
  /** Blocks for the standard error of the mean (default 10). */
  blocks?: number;
}

/**
 * Sufficient statistics: the histogram of instantaneous coordination numbers over (A point,
 * frame) and, per frame in time order, Σ_A n (for block errors of the mean).
 */
export interface CoordinationState {
  setup: GroupSetup;
  r1: number;
  blocks: number;
  /** histogram[n] = number of (A point, frame) with exactly n B points within r₁. */
  histogram: number[];
  /** Frame index of each pushed frame, in push order. */
  frame: number[];
  /** Σ over A points of n, per frame. */
  sum: number[];
}

/** Result body (SPEC section 10: `r1`, `histogram` [{n, fraction}], `mean`). */
export interface CoordinationResult {
  pair: { a: string; b: string };
  r1: Quantity;
  histogram: { n: number; count: number; fraction: number }[];
  /** Mean coordination with a block-jackknife standard error over frames. */
  mean: Quantity;
  centres: number;
  frames: number;
}

const RUNTIME = new WeakMap<GroupSetup, GroupPositions>();

/**
 * Distribution over A points and frames of the instantaneous number of B points within r₁
 * (SPEC section 5; by default cations around anion centres). Every periodic image counts, so
 * in a cell smaller than 2r₁ one cation may be counted more than once by the same anion — as
 * it is, physically, its neighbour more than once. Frame-local: merge adds histograms and
 * concatenates the per-frame sums.
 */
export const coordinationAnalysis: Analysis<CoordinationParams, CoordinationState, CoordinationResult> = {
  id: 'coordination',
  init(params: CoordinationParams, ctx: AnalysisContext): CoordinationState {
    if (!(params.r1 > 0 && Number.isFinite(params.r1))) throw new PaddlewheelError('E_USAGE', `--r1 ${params.r1}: expected a positive number in Å`);
    const blocks = params.blocks ?? DEFAULT_BLOCKS;
    if (!Number.isInteger(blocks) || blocks < 2) throw new PaddlewheelError('E_USAGE', `--blocks ${blocks}: expected an integer ≥ 2`);
    const setup = resolveGroups(params.a, params.b, ctx.topology, ctx.ions);
    RUNTIME.set(setup, new GroupPositions(setup));
    return { setup, r1: params.r1, blocks, histogram: [], frame: [], sum: [] };
  },
  push(state: CoordinationState, frame: Frame): void {
    let p = RUNTIME.get(state.setup);
    if (!p) { p = new GroupPositions(state.setup); RUNTIME.set(state.setup, p); }
    p.compute(frame.positions, frame.cell);
    const grid = new NeighbourGrid(frame.cell, p.b, state.r1);
    const h = state.histogram;
    let total = 0, count = 0, self = -1;
    const idB = p.idB;
    const visit = (j: number, _s0: number, _s1: number, _s2: number, _dx: number, _dy: number, _dz: number, d2: number): void => {
      if (idB[j] === self && d2 < 1e-12) return;
      count++;
    };
    for (let i = 0; i < p.idA.length; i++) {
      self = p.idA[i]!;
      count = 0;
      grid.forEachNear(p.a[3 * i]!, p.a[3 * i + 1]!, p.a[3 * i + 2]!, visit);
      while (h.length <= count) h.push(0);
      h[count]!++;
      total += count;
    }
    state.frame.push(frame.index);
    state.sum.push(total);
  },
  merge(a: CoordinationState, b: CoordinationState): CoordinationState {
    if (a.r1 !== b.r1 || a.setup.a.identity.length !== b.setup.a.identity.length) throw new PaddlewheelError('E_INTERNAL', 'coordination: cannot merge states with different r1 or groups');
    const histogram = Array.from({ length: Math.max(a.histogram.length, b.histogram.length) }, (_, n) => (a.histogram[n] ?? 0) + (b.histogram[n] ?? 0));
    const order = [...a.frame.map((f, i) => [f, a.sum[i]!] as const), ...b.frame.map((f, i) => [f, b.sum[i]!] as const)];
    order.sort((x, y) => x[0] - y[0]);
    return { ...a, histogram, frame: order.map((x) => x[0]), sum: order.map((x) => x[1]) };
  },
  finalize(state: CoordinationState, _ctx: AnalysisContext): CoordinationResult {
    return coordinationResult(state);
  },
};

/** Histogram fractions, mean and its block-jackknife error (contiguous blocks of frames). */
export function coordinationResult(state: CoordinationState): CoordinationResult {
  const T = state.frame.length;
  if (T === 0) throw new PaddlewheelError('E_SELECTION', 'coordination: no frames');
  const nA = state.setup.a.identity.length;
  const samples = T * nA;
  const total = state.sum.reduce((s, x) => s + x, 0);
  const mean = total / samples;
  const jk = blockJackknife([state.sum, new Array<number>(T).fill(nA)], ([s, c]) => [s! / c!], state.blocks);
  const se = jk.stderr[0];
  return {
    pair: { a: state.setup.a.label, b: state.setup.b.label },
    r1: quantity(state.r1, 'Å'),
    histogram: state.histogram.map((count, n) => ({ n, count, fraction: count / samples })),
    mean: se === null || se === undefined
      ? quantity(mean, '1')
      : quantity(mean, '1', { stderr: se, method: `block jackknife over ${jk.blocks} blocks of ≥ ${jk.framesPerBlock} frames` }),
    centres: nA,
    frames: T,
  };
}
