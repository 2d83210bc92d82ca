import { cellHeights } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { binDistinct, binSelf, DistinctScratch } from './pairs.js';
import { resolveVanHoveParams, type ResolvedVanHoveParams, type VanHoveParams } from './params.js';
import { CationTracker } from './tracker.js';
import { type VanHoveResult, vanHoveResult } from './result.js';

/**
 * Sufficient statistics of the van Hove analysis: histogram counts summed over time origins,
 * per row of the time grid, and how many origins each row got. All sums, so the merge of
 * chunks in which every origin belongs to exactly one chunk is their addition.
 */
export interface VanHoveState {
  params: ResolvedVanHoveParams;
  /** Atom indices of the cations (self and distinct part) and of the framework (drift). */
  cations: number[];
  framework: number[];
  /** Row k (lag k·lagStep frames): self-displacement counts per bin k' (length ngrid), summed over origins. */
  selfCounts: Float64Array[];
  /** Row k: distinct-pair counts per bin, summed over origins. */
  distinctCounts: Float64Array[];
  /** Row k: number of origins that reached lag k·lagStep. */
  rowOrigins: number[];
  /** Origins started in this run (or chunk). */
  originsStarted: number;
  /** Σ over origin frames of the cell volume (Å³): ρ = N/⟨V⟩ over the origins. */
  volumeSum: number;
  /** Ordinal (among the selected frames) of the next frame to push. */
  next: number;
  /** Frames pushed into this state (overlap frames of a chunk included). */
  framesPushed: number;
  /** Whether rmax exceeds half the shortest cell height of the first frame, so several images of a pair can count. */
  imagesBeyondMinimum: boolean;
  /** Most origin frames held at once (memory bound check). */
  maxHeld: number;
}

/** Per-run working data (lag window, unwrapping), not part of the mergeable state. */
interface Window {
  tracker: CationTracker;
  /** Origin frames still needed: ordinal and cation positions (3N, Å). */
  held: { ordinal: number; x: Float64Array }[];
  scratch: DistinctScratch;
}
const WINDOWS = new WeakMap<VanHoveState, Window>();

/** Largest rmax, in shortest cell heights: beyond it the image sum grows as (rmax/h)³ and is surely a mistake. */
export const MAX_RMAX_HEIGHTS = 2;

/**
 * Van Hove correlation function G(r, t) of the mobile cations (SPEC section 8): self part
 * 4πr²G_s and distinct part G_d on an r–t grid, averaged over time origins, with the time
 * grid, normalisation and smearing of pymatgen-analysis-diffusion's `VanHoveAnalysis`
 * (see params.ts and normalise.ts for the formulas and where they follow pymatgen).
 *
 * Memory: the lag window holds at most `heldOriginsBound(params)` origin frames of 3N doubles
 * (N cations) — the number of origins, or the origins within the largest lag, whichever is
 * smaller — plus the histograms (rows × ngrid) and the unwrapping buffers (3 × all atoms).
 */
export const vanHoveAnalysis: Analysis<VanHoveParams, VanHoveState, VanHoveResult> = {
  id: 'vanhove',
  init(params: VanHoveParams, ctx: AnalysisContext): VanHoveState {
    const p = resolveVanHoveParams(params);
    const cations = ctx.ions.cations;
    if (cations.length === 0) throw new PaddlewheelError('E_SELECTION', 'vanhove: no mobile cations selected');
    const isCation = new Set(cations);
    const framework: number[] = [];
    for (let i = 0; i < ctx.topology.symbols.length; i++) if (!isCation.has(i)) framework.push(i);
    if (p.drift === 'framework' && framework.length === 0) {
      ctx.diagnostics.warn('W_NO_FRAMEWORK', 'vanhove: every atom is a mobile cation, so there is no framework drift to remove; positions are used as read');
    }
    const h = Math.min(...cellHeights(ctx.reference.cell));
    if (p.rmax > MAX_RMAX_HEIGHTS * h) {
      throw new PaddlewheelError('E_USAGE', `vanhove: rmax ${p.rmax} Å is more than ${MAX_RMAX_HEIGHTS} times the shortest cell height (${h.toFixed(3)} Å); the periodic images would dominate — use a smaller --rmax`);
    }
    const imagesBeyondMinimum = p.rmax > h / 2;
    if (imagesBeyondMinimum) {
      ctx.diagnostics.info('I_VANHOVE_IMAGES', `vanhove: rmax ${p.rmax} Å exceeds half the shortest cell height (${(h / 2).toFixed(3)} Å); every periodic image within rmax counts in the distinct part (as pymatgen's cell_range=1 does), not only the minimum image`);
    }
    const state: VanHoveState = {
      params: p,
      cations: [...cations],
      framework,
      selfCounts: [],
      distinctCounts: [],
      rowOrigins: [],
      originsStarted: 0,
      volumeSum: 0,
      next: p.first,
      framesPushed: 0,
      imagesBeyondMinimum,
      maxHeld: 0,
    };
    WINDOWS.set(state, {
      tracker: new CationTracker(Int32Array.from(cations), Int32Array.from(framework), p.drift === 'framework', ctx.diagnostics),
      held: [],
      scratch: new DistinctScratch(),
    });
    return state;
  },

  push(state: VanHoveState, frame: Frame): void {
    const w = WINDOWS.get(state);
    if (!w) throw new PaddlewheelError('E_INTERNAL', 'vanhove: frames pushed into a merged or transported state; push into states made by init');
    const p = state.params;
    const ordinal = state.next++;
    state.framesPushed++;
    const x = w.tracker.next(frame);
    if (isOrigin(p, ordinal)) {
      w.held.push({ ordinal, x });
      state.originsStarted++;
      state.volumeSum += frame.cell.volume;
      state.maxHeld = Math.max(state.maxHeld, w.held.length);
    }
    const maxLag = p.maxLagSteps * p.lagStep;
    for (const o of w.held) {
      const lag = ordinal - o.ordinal;
      if (lag % p.lagStep !== 0 || lag > maxLag) continue;
      const k = lag / p.lagStep;
      while (state.rowOrigins.length <= k) {
        state.selfCounts.push(new Float64Array(p.ngrid));
        state.distinctCounts.push(new Float64Array(p.ngrid));
        state.rowOrigins.push(0);
      }
      binSelf(state.selfCounts[k]!, o.x, x, p.rmax, p.dr);
      binDistinct(state.distinctCounts[k]!, o.x, x, frame.cell, p.rmax, p.dr, w.scratch);
      state.rowOrigins[k]!++;
    }
    // Origins the largest lag has passed are no longer needed.
    if (maxLag !== Infinity) w.held = w.held.filter((o) => ordinal - o.ordinal < maxLag);
  },

  merge(a: VanHoveState, b: VanHoveState): VanHoveState {
    const pa = a.params, pb = b.params;
    for (const key of ['rmax', 'ngrid', 'sigma', 'lagStep', 'maxLagSteps', 'origins', 'originStep', 'drift'] as const) {
      if (pa[key] !== pb[key]) throw new PaddlewheelError('E_INTERNAL', `vanhove: cannot merge states with different ${key} (${pa[key]} vs ${pb[key]})`);
    }
    if (a.cations.length !== b.cations.length) throw new PaddlewheelError('E_INTERNAL', 'vanhove: cannot merge states with different cations');
    const rows = Math.max(a.rowOrigins.length, b.rowOrigins.length);
    const add = (x: Float64Array[], y: Float64Array[]) =>
      Array.from({ length: rows }, (_, k) => {
        const s = new Float64Array(pa.ngrid);
        for (const src of [x[k], y[k]]) if (src) for (let j = 0; j < s.length; j++) s[j] += src[j]!;
        return s;
      });
    return {
      params: { ...pa, first: Math.min(pa.first, pb.first), originsBefore: Math.max(pa.originsBefore, pb.originsBefore) },
      cations: a.cations,
      framework: a.framework,
      selfCounts: add(a.selfCounts, b.selfCounts),
      distinctCounts: add(a.distinctCounts, b.distinctCounts),
      rowOrigins: Array.from({ length: rows }, (_, k) => (a.rowOrigins[k] ?? 0) + (b.rowOrigins[k] ?? 0)),
      originsStarted: a.originsStarted + b.originsStarted,
      volumeSum: a.volumeSum + b.volumeSum,
      next: Math.max(a.next, b.next),
      framesPushed: a.framesPushed + b.framesPushed,
      imagesBeyondMinimum: a.imagesBeyondMinimum || b.imagesBeyondMinimum,
      maxHeld: Math.max(a.maxHeld, b.maxHeld),
    };
  },

  finalize(state: VanHoveState, ctx: AnalysisContext): VanHoveResult {
    return vanHoveResult(state, ctx.frameSpacing);
  },
};

/** Whether the frame with this ordinal starts a time origin. */
function isOrigin(p: ResolvedVanHoveParams, ordinal: number): boolean {
  if (ordinal >= p.originsBefore || ordinal % p.originStep !== 0) return false;
  return ordinal / p.originStep < p.origins;
}

