import type { Cluster } from '../../chem/clusters.js';
import { ClusterCentres } from '../../chem/centres.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { polyatomicAnions } from '../distortion/anion.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { rotationResult, type RotationResult } from './result.js';

/** Parameters of the rotation analysis. */
export interface RotationParams {
  /** Element whose centre→atom directions are followed; default: the anion's most numerous element (ties: the heavier). */
  element?: string;
  /** Longest lag (ps); default half the time span of the frames. */
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
 * State: the unit vectors themselves (frame-major: frame t holds V = anions × perAnion vectors
 * of 3 numbers), because a correlation over all time origins needs the whole series. Memory
 * O(V × frames) — 8 B/number, e.g. 8 B12H12 × 12 B × 100 000 frames ≈ 230 MB. Merging
 * concatenates (a's frames first), so chunked runs finalise to the one-pass result exactly.
 */
export interface RotationState {
  model: RotationModel;
  params: RotationParams;
  frame: number[];
  vectors: number[];
}

const RUNTIME = new WeakMap<RotationModel, { centres: ClusterCentres; com: Float64Array }>();

function runtime(model: RotationModel) {
  let r = RUNTIME.get(model);
  if (!r) {
    const centres = new ClusterCentres(model.topology, model.clusters);
    r = { centres, com: new Float64Array(3 * centres.count) };
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
    return { model: buildModel(params, ctx), params, frame: [], vectors: [] };
  },
  push(state: RotationState, frame: Frame): void {
    const { centres, com } = runtime(state.model);
    centres.compute(frame.positions, frame.cell, com, false);
    const w = centres.whole, per = state.model.perAnion;
    state.model.slots.forEach((s, i) => {
      const k = Math.floor(i / per);
      const x = w[3 * s]! - com[3 * k]!, y = w[3 * s + 1]! - com[3 * k + 1]!, z = w[3 * s + 2]! - com[3 * k + 2]!;
      const n = Math.hypot(x, y, z);
      state.vectors.push(x / n, y / n, z / n);
    });
    state.frame.push(frame.index);
  },
  merge(a: RotationState, b: RotationState): RotationState {
    return { model: a.model, params: a.params, frame: [...a.frame, ...b.frame], vectors: a.vectors.concat(b.vectors) };
  },
  finalize(state: RotationState, ctx: AnalysisContext): RotationResult {
    if (ctx.frameSpacing === undefined) throw new PaddlewheelError('E_NO_TIME', 'rotation needs the time between frames; pass --dt FS');
    return rotationResult(state, ctx.frameSpacing, ctx.diagnostics);
  },
};
