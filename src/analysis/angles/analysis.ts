import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { type RangeSpec, DEFAULT_RANGE_COUNT, rangeEdges } from './ranges.js';
import { FirstShell, unitAngle } from './shell.js';
import { chooseLatticeTemplate, icosahedralAngles, type LatticeTemplateChoice, type TemplateOverrides } from './template.js';
import { DEFAULT_WINDOW, type Interval, inWindows, templateWindows } from './windows.js';
import { finalizeAngles, type AnglesResult } from './result.js';

/** Parameters of the cation–anion–cation angle analysis. */
export interface AnglesParams {
  /** First-shell radius r₁ (Å). Required unless explicit ranges are given (then their largest end). */
  r1?: number;
  /** Distance ranges; default three equal ranges of [r_min, r₁]. */
  ranges?: RangeSpec;
  /**
   * Lower end r_min (Å) of equal ranges. The CLI passes the smallest anion–cation distance
   * over all selected frames (a pre-pass); when omitted, the smallest of the reference frame.
   * Cations closer than r_min are counted in the first range (and reported).
   */
  rMin?: number;
  /** Where rMin came from, for the result (default '--r-min'). */
  rMinSource?: string;
  /** Angle bin width (degrees); default 1. */
  binWidth?: number;
  /** Half-width of the template windows (degrees); default 5. */
  window?: number;
  /** Lattice template overrides. */
  template?: TemplateOverrides;
}

/**
 * State: sums only (merge adds them; `closest` takes the minimum). Layout of `counts`:
 * range-major, counts[r·bins + b] = number of cation pairs of range r whose angle falls in
 * bin b = [b·binWidth, (b+1)·binWidth) degrees (180° goes into the last bin).
 */
export interface AnglesState {
  r1: number;
  /** [from, to] of each range (Å). */
  edges: [number, number][];
  /** True for equal ranges of [r_min, r₁] (cations closer than r_min count in the first range). */
  equal: boolean;
  rMinSource: string;
  binWidth: number;
  bins: number;
  window: number;
  counts: Float64Array;
  /** Per range: Σ pairs, Σ pairs in an icosahedral window, Σ pairs in a lattice window, Σ cations. */
  pairs: Float64Array;
  icosahedralHits: Float64Array;
  latticeHits: Float64Array;
  members: Float64Array;
  /** Σ first-shell (anion, cation image) entries and Σ anions over frames. */
  entries: number;
  anionFrames: number;
  frames: number;
  /** Entries closer than r_min (equal ranges only), and the closest anion–cation distance seen (Å). */
  belowRMin: number;
  closest: number;
  icosahedral: number[];
  icosahedralWindows: Interval[];
  template: LatticeTemplateChoice | null;
  templateReason: string | null;
  latticeWindows: Interval[] | null;
  cation: string;
}

const shells = new WeakMap<AnglesState, FirstShell>();

/**
 * Cation–anion–cation angle distributions per distance range inside the first shell, with
 * the symmetry-frustration scores of SPEC section 6 (see result.ts for the normalisation and
 * windows.ts for the isotropic baseline). Frame-local: merge adds the sums.
 */
export const anglesAnalysis: Analysis<AnglesParams, AnglesState, AnglesResult> = {
  id: 'angles',
  init(params: AnglesParams, ctx: AnalysisContext): AnglesState {
    const spec = params.ranges ?? { kind: 'equal', count: DEFAULT_RANGE_COUNT };
    const r1 = params.r1 ?? (spec.kind === 'explicit' ? Math.max(...spec.ranges.map((r) => r[1])) : undefined);
    if (r1 === undefined) throw new UsageError('angles: give --r1 (first-shell radius in Å, e.g. the first minimum of the anion–cation g(r)) or explicit --ranges');
    if (!(r1 > 0 && Number.isFinite(r1))) throw new UsageError(`--r1 ${r1}: expected a positive distance in Å`);
    const binWidth = params.binWidth ?? 1;
    if (!(binWidth > 0 && binWidth <= 30 && Math.abs(180 / binWidth - Math.round(180 / binWidth)) < 1e-9)) {
      throw new UsageError(`--bin-width ${binWidth}: expected a width in degrees that divides 180 (e.g. 0.5, 1, 2)`);
    }
    const window = params.window ?? DEFAULT_WINDOW;
    if (!(window > 0 && window < 90)) throw new UsageError(`--window ${window}: expected a half-width between 0 and 90 degrees`);
    const { ions } = ctx;
    if (ions.cations.length === 0) throw new PaddlewheelError('E_SELECTION', 'angles: no cations selected');
    if (ions.anionClusters.length === 0) throw new PaddlewheelError('E_SELECTION', 'angles: no anions selected');
    const shell = new FirstShell(ctx.topology, ions.anionClusters, ions.cations, r1);
    const ref = ctx.reference;
    const n = shell.compute(ref.positions, ref.cell);

    let rMin = params.rMin, rMinSource = params.rMinSource ?? '--r-min';
    if (spec.kind === 'explicit') rMinSource = '--ranges';
    else if (rMin === undefined) {
      if (n === 0) throw new PaddlewheelError('E_SELECTION', `angles: no ${ions.cationSymbols.join(',')} within r₁ = ${r1} Å of any anion centre in the reference frame; give a larger --r1 or --r-min`);
      rMin = Math.min(...shell.dist.subarray(0, n));
      rMinSource = 'smallest anion–cation distance in the reference frame';
    }
    const edges = rangeEdges(spec, rMin ?? 0, r1);
    const cation = ions.cationSymbols.join(',');
    const choice = chooseLatticeTemplate(shell.centres, ref.cell, cation, params.template ?? {});
    const template = 'reason' in choice ? null : choice;
    const templateReason = 'reason' in choice ? choice.reason : null;
    if (templateReason) ctx.diagnostics.warn('W_NO_LATTICE_TEMPLATE', `angles: no lattice template, latticeOverlap is null: ${templateReason}`);
    const icosahedral = icosahedralAngles();
    const bins = Math.round(180 / binWidth);
    const R = edges.length;
    const state: AnglesState = {
      r1, edges, equal: spec.kind === 'equal', rMinSource, binWidth, bins, window,
      counts: new Float64Array(R * bins),
      pairs: new Float64Array(R), icosahedralHits: new Float64Array(R), latticeHits: new Float64Array(R), members: new Float64Array(R),
      entries: 0, anionFrames: 0, frames: 0, belowRMin: 0, closest: Infinity,
      icosahedral, icosahedralWindows: templateWindows(icosahedral, window),
      template, templateReason, latticeWindows: template ? templateWindows(template.angles, window) : null,
      cation,
    };
    shells.set(state, shell);
    return state;
  },

  push(state: AnglesState, frame: Frame): void {
    const shell = shells.get(state);
    if (!shell) throw new PaddlewheelError('E_INTERNAL', 'angles: push on a state that was not made by init in this process');
    const n = shell.compute(frame.positions, frame.cell);
    state.frames++;
    state.anionFrames += shell.anions;
    state.entries += n;
    const R = state.edges.length;
    const lists = Array.from({ length: R }, () => [] as number[]);
    const { dist, dir, start } = shell;
    for (let k = 0; k < shell.anions; k++) {
      for (const l of lists) l.length = 0;
      for (let e = start[k]!; e < start[k + 1]!; e++) {
        const d = dist[e]!;
        if (d < state.closest) state.closest = d;
        if (state.equal) {
          const [lo] = state.edges[0]!;
          if (d < lo) state.belowRMin++;
          let r = Math.floor(((d - lo) / (state.r1 - lo)) * R);
          r = r < 0 ? 0 : r >= R ? R - 1 : r;
          lists[r]!.push(e);
        } else {
          for (let r = 0; r < R; r++) if (d >= state.edges[r]![0] && d < state.edges[r]![1]) lists[r]!.push(e);
        }
      }
      for (let r = 0; r < R; r++) addPairs(state, r, lists[r]!, dir);
    }
  },

  merge(a: AnglesState, b: AnglesState): AnglesState {
    if (a.bins !== b.bins || a.edges.length !== b.edges.length || a.edges.some((e, i) => e[0] !== b.edges[i]![0] || e[1] !== b.edges[i]![1])) {
      throw new PaddlewheelError('E_INTERNAL', 'angles: cannot merge states with different ranges or bins');
    }
    const add = (x: Float64Array, y: Float64Array) => Float64Array.from(x, (v, i) => v + y[i]!);
    const m: AnglesState = {
      ...a,
      counts: add(a.counts, b.counts), pairs: add(a.pairs, b.pairs), icosahedralHits: add(a.icosahedralHits, b.icosahedralHits),
      latticeHits: add(a.latticeHits, b.latticeHits), members: add(a.members, b.members),
      entries: a.entries + b.entries, anionFrames: a.anionFrames + b.anionFrames, frames: a.frames + b.frames,
      belowRMin: a.belowRMin + b.belowRMin, closest: Math.min(a.closest, b.closest),
    };
    const s = shells.get(a) ?? shells.get(b);
    if (s) shells.set(m, s);
    return m;
  },

  finalize(state: AnglesState, ctx: AnalysisContext): AnglesResult {
    return finalizeAngles(state, ctx);
  },
};

function addPairs(state: AnglesState, r: number, list: number[], dir: Float64Array): void {
  const m = list.length;
  state.members[r] += m;
  if (m < 2) return;
  const base = r * state.bins, last = state.bins - 1;
  const lat = state.latticeWindows;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const theta = unitAngle(dir, list[i]!, list[j]!);
      const b = Math.floor(theta / state.binWidth);
      state.counts[base + (b > last ? last : b)]++;
      state.pairs[r]++;
      if (inWindows(theta, state.icosahedralWindows)) state.icosahedralHits[r]++;
      if (lat && inWindows(theta, lat)) state.latticeHits[r]++;
    }
  }
}
