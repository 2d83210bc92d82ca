import { makeCell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { SiteAssigner } from './assign.js';
import { FrameworkPoints, SitePositions } from './positions.js';
import { buildSitesModel, type SitesModel, type SitesParams } from './model.js';
import { type SitesResult, sitesResult } from './result.js';

/**
 * Sufficient statistics of the `sites` analysis: per-frame sums (so block errors and the
 * convergence series can be formed) and running totals. Plain data.
 */
export interface SitesState {
  model: SitesModel;
  /** Frame index of each pushed frame, in push order. */
  frame: number[];
  /** Frame time (ps) or null. */
  time: (number | null)[];
  /** Assigned cations per frame. */
  assigned: number[];
  /** Σ over assigned cations of the normalised weight on linear / trigonal / tetrahedral sites, per frame. */
  weight: [number[], number[], number[]];
  /** Totals over all frames: weights per kind, assigned and unassigned cation-frames. */
  totals: { weight: [number, number, number]; assigned: number; unassigned: number };
  /** Largest distance of a framework point from its reference position (Å). */
  maxDisplacement: number;
}

/** Reusable per-process buffers, rebuilt from the plain model when missing (e.g. after JSON transport). */
interface Runtime {
  points: FrameworkPoints;
  positions: SitePositions;
  assigner: SiteAssigner;
  cations: Int32Array;
  sites: Float64Array;
  acc: Float64Array;
}
const RUNTIME = new WeakMap<SitesModel, Runtime>();

function runtime(model: SitesModel): Runtime {
  let r = RUNTIME.get(model);
  if (!r) {
    const positions = new SitePositions(model.topology, model.refPoints, makeCell(model.refCell));
    r = {
      points: new FrameworkPoints(model.framework),
      positions,
      assigner: new SiteAssigner(model.topology.kind, model.radius, model.sigma2),
      cations: Int32Array.from(model.cations),
      sites: new Float64Array(3 * positions.sites),
      acc: new Float64Array(3),
    };
    RUNTIME.set(model, r);
  }
  return r;
}

/**
 * Interstitial-site occupancy and configurational entropy (SPEC section 2; the study's
 * Table 1). The reference site topology is built in `init` from the first selected frame;
 * every frame then places the sites at their members' instantaneous centroids and spreads
 * each cation over the sites within reach by Gaussian weights. Results: P1 (fraction of
 * cation weight per site type), P2 (mean occupation of one site), S̃ (k_B per cation), the
 * unassigned fraction, per-frame P1 series, and jackknife block errors.
 */
export const sitesAnalysis: Analysis<SitesParams, SitesState, SitesResult> = {
  id: 'sites',
  init(params: SitesParams, ctx: AnalysisContext): SitesState {
    const model = buildSitesModel(params, ctx);
    runtime(model);
    return emptyState(model);
  },
  push(state: SitesState, frame: Frame): void {
    const rt = runtime(state.model);
    const pts = rt.points.compute(frame.positions, frame.cell);
    rt.positions.compute(pts, frame.cell, rt.sites);
    rt.acc.fill(0);
    const n = rt.assigner.assign(rt.sites, frame.cell, frame.positions, rt.cations, rt.acc);
    state.frame.push(frame.index);
    state.time.push(frame.time ?? null);
    state.assigned.push(n);
    for (let k = 0; k < 3; k++) {
      state.weight[k]!.push(rt.acc[k]!);
      state.totals.weight[k] += rt.acc[k]!;
    }
    state.totals.assigned += n;
    state.totals.unassigned += rt.cations.length - n;
    if (rt.positions.maxDisplacement > state.maxDisplacement) state.maxDisplacement = rt.positions.maxDisplacement;
  },
  merge(a: SitesState, b: SitesState): SitesState {
    const ta = a.model.topology, tb = b.model.topology;
    if (ta.kind.length !== tb.kind.length || a.model.cations.length !== b.model.cations.length || ta.cutoff !== tb.cutoff) {
      throw new PaddlewheelError('E_INTERNAL', 'cannot merge sites states built on different site topologies');
    }
    const out = emptyState(a.model);
    const order = [...a.frame.map((f, i) => [f, 0, i] as const), ...b.frame.map((f, i) => [f, 1, i] as const)];
    // Chunks normally arrive in order; sort by frame index when they do not, so the series
    // (and the blocks of the error estimate) are in time order whatever the split.
    const last = a.frame[a.frame.length - 1];
    if (last !== undefined && b.frame.length > 0 && b.frame[0]! < last) order.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (const [, src, i] of order) {
      const s = src === 0 ? a : b;
      out.frame.push(s.frame[i]!);
      out.time.push(s.time[i]!);
      out.assigned.push(s.assigned[i]!);
      for (let k = 0; k < 3; k++) out.weight[k]!.push(s.weight[k]![i]!);
    }
    for (let k = 0; k < 3; k++) out.totals.weight[k] = a.totals.weight[k] + b.totals.weight[k];
    out.totals.assigned = a.totals.assigned + b.totals.assigned;
    out.totals.unassigned = a.totals.unassigned + b.totals.unassigned;
    out.maxDisplacement = Math.max(a.maxDisplacement, b.maxDisplacement);
    return out;
  },
  finalize(state: SitesState, ctx: AnalysisContext): SitesResult {
    return sitesResult(state, ctx.diagnostics);
  },
};

function emptyState(model: SitesModel): SitesState {
  return {
    model, frame: [], time: [], assigned: [], weight: [[], [], []],
    totals: { weight: [0, 0, 0], assigned: 0, unassigned: 0 }, maxDisplacement: 0,
  };
}
