import type { Cluster } from '../../chem/clusters.js';
import { ClusterCentres } from '../../chem/centres.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { polyatomicAnions } from '../distortion/anion.js';
import { emptyWindow, type LagWindow, mergeWindows, pushWindowRow, type WindowPlan } from '../spectra/lag-window.js';
import { appendRow, concatRows, emptyRows, type RowBlocks } from '../spectra/row-blocks.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { rotationPlan } from './correlate.js';
import { rotationResult, type RotationResult } from './result.js';

/** Parameters of the rotation analysis. */
export interface RotationParams {
  /** Element whose centre→atom directions are followed; default: the anion's most numerous element (ties: the heavier). */
  element?: string;
  /**
   * Longest lag (ps); default half the time span of the frames. When given (≥ 2 frames), the
   * state keeps bounded-memory correlation sums (lag-window.ts) instead of the vectors:
   * memory O(vectors × maxLag) for any number of frames, same correlations.
   */
  maxLag?: number;
  /** Fit model of the relaxation time. */
  model: 'stretched' | 'exponential';
  /** Lags below this (ps) are left out of the fit (default 0: A < 1 absorbs librations). */
  fitStart: number;
}

/** Plain model fixed in the reference frame. */
export interface RotationModel {
  formula: string;
  element: string;
  anions: number;
  /** Vectors (atoms of `element`) per anion. */
  perAnion: number;
  topology: Topology;
  clusters: Cluster[];
  /** ClusterCentres slot of each followed atom, anion-major. */
  slots: number[];
}

/**
 * State: the unit vectors themselves, one row of V = anions × perAnion vectors (3 numbers
 * each, anion-major) per frame in blocks (row-blocks.ts), because a correlation over all time
 * origins needs the whole series. Memory 24 B per vector and frame (plus at most one partly
 * filled 1 MiB block), e.g. 8 B12H12 × 12 B × 100 000 frames ≈ 230 MB. Merging concatenates
 * (a's frames first), so chunked runs finalise to the one-pass result exactly.
 */
export interface RotationState {
  model: RotationModel;
  params: RotationParams;
  /** Frames pushed. */
  frames: number;
  /** The unit vectors, one row per frame (empty when `window` is used). */
  vectors: RowBlocks;
  /**
   * With an explicit maxLag (≥ 2 frames): bounded-memory correlation sums instead of the
   * vectors (lag-window.ts; channels 2k and 2k+1 = the C1 and C2 sums of anion k, see
   * {@link rotationPlan}), memory O(vectors × maxLag) however many frames.
   */
  window?: LagWindow;
}

const RUNTIME = new WeakMap<RotationModel, { centres: ClusterCentres; com: Float64Array; anionOf: Int32Array; row: Float64Array; plan: WindowPlan }>();

function runtime(model: RotationModel) {
  let r = RUNTIME.get(model);
  if (!r) {
    const centres = new ClusterCentres(model.topology, model.clusters);
    const anionOf = Int32Array.from(model.slots, (_, i) => Math.floor(i / model.perAnion));
    r = { centres, com: new Float64Array(3 * centres.count), anionOf, row: new Float64Array(3 * model.slots.length), plan: rotationPlan(model.anions, model.perAnion) };
    RUNTIME.set(model, r);
  }
  return r;
}

/** Check parameters before any frame is read. */
export function checkRotationParams(p: RotationParams): void {
  if (p.maxLag !== undefined && !(p.maxLag > 0)) throw new UsageError(`--max-lag ${p.maxLag}: expected a positive time in ps`);
  if (!(p.fitStart >= 0)) throw new UsageError(`--fit-start ${p.fitStart}: expected a time ≥ 0 in ps`);
  if (p.model !== 'stretched' && p.model !== 'exponential') throw new UsageError(`--model ${String(p.model)}: expected stretched or exponential`);
}

function buildModel(params: RotationParams, ctx: AnalysisContext): RotationModel {
  const { formula, clusters, elements } = polyatomicAnions(ctx, 'rotation');
  const sym = ctx.topology.symbols;
  const count = (e: string) => clusters[0]!.atoms.filter((a) => sym[a] === e).length;
  const mass = (e: string) => ctx.topology.masses[sym.indexOf(e)]!;
  let element = params.element;
  if (element === undefined) {
    element = [...elements].sort((a, b) => count(b) - count(a) || mass(b) - mass(a))[0]!;
    ctx.diagnostics.info('I_DEFAULT_ELEMENT', `rotation: following the ${element} atoms of ${formula} (give --element to choose)`);
  } else if (!elements.includes(element)) {
    throw new PaddlewheelError('E_SELECTION', `--element ${element}: ${formula} has no ${element}; its elements are ${elements.join(', ')}`);
  }
  const centres = new ClusterCentres(ctx.topology, clusters);
  const slots: number[] = [];
  for (let s = 0; s < centres.slotAtom.length; s++) if (sym[centres.slotAtom[s]!] === element) slots.push(s);
  const perAnion = count(element);
  if (perAnion === 1) ctx.diagnostics.warn('W_CENTRAL_ATOM', `rotation: ${formula} has one ${element}; its direction from the centre of mass is ill-defined when it sits at the centre — choose an outer element`);
  return { formula, element, anions: clusters.length, perAnion, topology: ctx.topology, clusters, slots };
}

/**
 * Anion reorientation dynamics (SPEC section 7; issue 5 item 5): per frame, the unit vectors
 * r̂ from each anion's centre of mass to its atoms of one element (molecules rebuilt whole);
 * at the end C1(Δt) and C2(Δt) over anions, atoms and all time origins by FFT (correlate.ts)
 * and relaxation times τ1, τ2 from fits (fit.ts), errors by result.ts.
 */
export const rotationAnalysis: Analysis<RotationParams, RotationState, RotationResult> = {
  id: 'rotation',
  init(params: RotationParams, ctx: AnalysisContext): RotationState {
    checkRotationParams(params);
    const model = buildModel(params, ctx);
    const state: RotationState = { model, params, frames: 0, vectors: emptyRows(3 * model.slots.length) };
    const lag = params.maxLag === undefined || ctx.frameSpacing === undefined ? 0 : Math.round(params.maxLag / ctx.frameSpacing);
    if (lag >= 2) state.window = emptyWindow(3 * model.slots.length, lag, 2 * model.anions);
    return state;
  },
  push(state: RotationState, frame: Frame): void {
    const rt = runtime(state.model), { centres, com, anionOf } = rt;
    centres.compute(frame.positions, frame.cell, com, false);
    const w = centres.whole, slots = state.model.slots;
    const o = state.window ? 0 : appendRow(state.vectors);
    const row = state.window ? rt.row : state.vectors.blocks[state.vectors.blocks.length - 1]!;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!, k = anionOf[i]!;
      const x = w[3 * s]! - com[3 * k]!, y = w[3 * s + 1]! - com[3 * k + 1]!, z = w[3 * s + 2]! - com[3 * k + 2]!;
      const n = Math.hypot(x, y, z);
      row[o + 3 * i] = x / n; row[o + 3 * i + 1] = y / n; row[o + 3 * i + 2] = z / n;
    }
    if (state.window) pushWindowRow(state.window, rt.plan, row);
    state.frames++;
  },
  merge(a: RotationState, b: RotationState): RotationState {
    const out: RotationState = { model: a.model, params: a.params, frames: a.frames + b.frames, vectors: concatRows(a.vectors, b.vectors) };
    if (a.window && b.window) out.window = mergeWindows(a.window, b.window, runtime(a.model).plan);
    else if (a.window || b.window) throw new PaddlewheelError('E_INTERNAL', 'rotation: merging a bounded-memory state with a whole-series one');
    return out;
  },
  finalize(state: RotationState, ctx: AnalysisContext): RotationResult {
    if (ctx.frameSpacing === undefined) throw new PaddlewheelError('E_NO_TIME', 'rotation needs the time between frames; pass --dt FS');
    return rotationResult(state, ctx.frameSpacing, ctx.diagnostics);
  },
};
