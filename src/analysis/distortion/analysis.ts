import { ClusterCentres } from '../../chem/centres.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { ShellFitter } from './fit.js';
import { buildDistortionModel, checkDistortionParams, type DistortionModel, type DistortionParams } from './model.js';
import { distortionResult, type DistortionResult } from './result.js';

/**
 * Sufficient statistics of the distortion analysis (plain data): per-frame means over the
 * anions (for block errors) and histograms over anion-frames. Memory O(elements × frames).
 * Merging concatenates the series (a's frames first) and adds the histograms, so a chunked
 * run finalises to the one-pass result exactly.
 */
export interface DistortionState {
  model: DistortionModel;
  params: DistortionParams;
  /** Frame index of each pushed frame. */
  frame: number[];
  /** radialStd[e][t]: mean over anions of the population std of the element-e distances from the centre of mass (Å). */
  radialStd: number[][];
  /** kabschRmsd[e][t]: mean over anions of the element-e RMSD after the rigid fit (Å); empty when no fit. */
  kabschRmsd: number[][];
  /** radius[e][t]: mean over anions of the fitted shell radius (Å); empty when no fit. */
  radius: number[][];
  /** Histograms over anion-frames, [e][bin], bins + 1 entries (the last counts values ≥ histogramMax). */
  histRadialStd: number[][];
  histKabschRmsd: number[][];
}

/** Per-model scratch of push (not part of the state: rebuilt after a worker transfer). */
interface Runtime {
  centres: ClusterCentres;
  com: Float64Array;
  fitter: ShellFitter;
  elementOfSlot: Int32Array;
  template: Float64Array;
  /** Distance of each slot from its anion's centre of mass (Å). */
  dist: Float64Array;
  sum: Float64Array;
  cnt: Float64Array;
  ss: Float64Array;
  stdAcc: Float64Array;
  rmsdAcc: Float64Array;
  radAcc: Float64Array;
}
const RUNTIME = new WeakMap<DistortionModel, Runtime>();

function runtime(model: DistortionModel): Runtime {
  let r = RUNTIME.get(model);
  if (!r) {
    const centres = new ClusterCentres(model.topology, model.clusters);
    const nE = model.elements.length, e = () => new Float64Array(nE);
    r = {
      centres, com: new Float64Array(3 * centres.count), fitter: new ShellFitter(nE),
      elementOfSlot: Int32Array.from(model.elementOfSlot), template: Float64Array.from(model.template),
      dist: new Float64Array(centres.slotAtom.length), sum: e(), cnt: e(), ss: e(), stdAcc: e(), rmsdAcc: e(), radAcc: e(),
    };
    RUNTIME.set(model, r);
  }
  return r;
}

/**
 * Anion distortion (SPEC section 7; issue 5 item 4). Per anion and frame, for each element:
 * - radialStd: the population standard deviation (divide by n, numpy's default) of the
 *   distances of its atoms from the anion's centre of mass — a property of the n distances,
 *   not an estimate of a wider population; 0 for a regular shape. Only elements with ≥ 2
 *   atoms per anion (a single P of PS4 has no spread);
 * - kabschRmsd: √(mean squared residual) of its atoms after the best rigid fit of the whole
 *   anion to regular shells of fitted radius (fit.ts; atom↔vertex map: match.ts).
 * Averaged over anions and frames, with block standard errors over contiguous frame blocks,
 * and histograms over all anion-frames.
 */
export const distortionAnalysis: Analysis<DistortionParams, DistortionState, DistortionResult> = {
  id: 'distortion',
  init(params: DistortionParams, ctx: AnalysisContext): DistortionState {
    checkDistortionParams(params);
    const model = buildDistortionModel(ctx);
    const nE = model.elements.length;
    const rows = () => Array.from({ length: nE }, () => [] as number[]);
    const hist = () => Array.from({ length: nE }, () => new Array<number>(params.bins + 1).fill(0));
    return { model, params, frame: [], radialStd: rows(), kabschRmsd: model.kabsch ? rows() : [], radius: model.kabsch ? rows() : [], histRadialStd: hist(), histKabschRmsd: hist() };
  },
  push(state: DistortionState, frame: Frame): void {
    const { model, params } = state;
    const { centres, com, fitter, elementOfSlot, template, dist, sum, cnt, ss, stdAcc, rmsdAcc, radAcc } = runtime(model);
    centres.compute(frame.positions, frame.cell, com, false);
    const nE = model.elements.length, K = centres.count, w = centres.whole, { bins, histogramMax } = params;
    const binOf = (v: number) => Math.min(bins, Math.floor((v / histogramMax) * bins));
    stdAcc.fill(0); rmsdAcc.fill(0); radAcc.fill(0);
    for (let k = 0; k < K; k++) {
      const o = centres.offsets[k]!, end = centres.offsets[k + 1]!;
      const mx = com[3 * k]!, my = com[3 * k + 1]!, mz = com[3 * k + 2]!;
      sum.fill(0); cnt.fill(0); ss.fill(0);
      for (let s = o; s < end; s++) {
        const dx = w[3 * s]! - mx, dy = w[3 * s + 1]! - my, dz = w[3 * s + 2]! - mz;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz), e = elementOfSlot[s]!;
        dist[s] = d; sum[e] += d; cnt[e]++;
      }
      for (let s = o; s < end; s++) { const e = elementOfSlot[s]!; ss[e] += (dist[s]! - sum[e]! / cnt[e]!) ** 2; }
      for (let e = 0; e < nE; e++) {
        if (model.counts[e]! < 2) continue;
        const sd = Math.sqrt(ss[e]! / cnt[e]!);
        stdAcc[e] += sd;
        state.histRadialStd[e]![binOf(sd)]!++;
      }
      if (model.kabsch) {
        const { sumSq, radius } = fitter.fit(w, elementOfSlot, template, o, end);
        for (let e = 0; e < nE; e++) {
          const r = Math.sqrt(sumSq[e]! / model.counts[e]!);
          rmsdAcc[e] += r;
          radAcc[e] += radius[e]!;
          state.histKabschRmsd[e]![binOf(r)]!++;
        }
      }
    }
    state.frame.push(frame.index);
    for (let e = 0; e < nE; e++) {
      state.radialStd[e]!.push(stdAcc[e]! / K); // stays 0 for a one-atom element (reported as null)
      if (model.kabsch) { state.kabschRmsd[e]!.push(rmsdAcc[e]! / K); state.radius[e]!.push(radAcc[e]! / K); }
    }
  },
  merge(a: DistortionState, b: DistortionState): DistortionState {
    const cat = (x: number[][], y: number[][]) => x.map((row, e) => [...row, ...y[e]!]);
    const add = (x: number[][], y: number[][]) => x.map((row, e) => row.map((v, i) => v + y[e]![i]!));
    return {
      model: a.model, params: a.params, frame: [...a.frame, ...b.frame],
      radialStd: cat(a.radialStd, b.radialStd), kabschRmsd: cat(a.kabschRmsd, b.kabschRmsd), radius: cat(a.radius, b.radius),
      histRadialStd: add(a.histRadialStd, b.histRadialStd), histKabschRmsd: add(a.histKabschRmsd, b.histKabschRmsd),
    };
  },
  finalize(state: DistortionState): DistortionResult {
    return distortionResult(state);
  },
};
