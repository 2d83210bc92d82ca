import type { Cluster } from '../../chem/clusters.js';
import { ClusterCentres } from '../../chem/centres.js';
import { UsageError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import type { AnalysisContext } from '../types.js';
import { polyatomicAnions } from './anion.js';
import { matchTemplate } from './match.js';
import { regularShape, shapeName } from './shapes.js';

/** Parameters of the distortion analysis. */
export interface DistortionParams {
  /** Contiguous blocks of frames for the standard errors (≥ 2). */
  blocks: number;
  /** Histogram range 0 … histogramMax (Å); larger values fall in an overflow count. */
  histogramMax: number;
  /** Histogram bins. */
  bins: number;
}

/** Defaults: 10 blocks; 200 bins of 0.002 Å up to 0.4 Å. */
export const DEFAULT_DISTORTION_PARAMS: DistortionParams = { blocks: 10, histogramMax: 0.4, bins: 200 };

/** Check parameters (before any frame is read). */
export function checkDistortionParams(p: DistortionParams): void {
  if (!Number.isInteger(p.blocks) || p.blocks < 2) throw new UsageError(`--blocks ${p.blocks}: expected an integer ≥ 2`);
  if (!Number.isInteger(p.bins) || p.bins < 1) throw new UsageError(`--bins ${p.bins}: expected a positive integer`);
  if (!(p.histogramMax > 0)) throw new UsageError(`--histogram-max ${p.histogramMax}: expected a positive length in Å`);
}

/**
 * What the distortion analysis fixes in the reference frame (plain data). Atoms are in the
 * slot layout of ClusterCentres: anion k holds slots offsets[k] … offsets[k+1]−1.
 */
export interface DistortionModel {
  formula: string;
  /** Element symbols of the anion, in order of first appearance. */
  elements: string[];
  /** Atoms of each element per anion. */
  counts: number[];
  /** Regular shape compared with, per element (`icosahedron`, `tetrahedron`, `centre`, …). */
  shapes: string[];
  /** Whether the Kabsch fit is defined (every element's count has a regular shape and one has ≥ 2 atoms). */
  kabsch: boolean;
  topology: Topology;
  clusters: Cluster[];
  /** Element index of each slot. */
  elementOfSlot: number[];
  /** Unit template vector of each slot (flat, 3 per slot); empty when `kabsch` is false. */
  template: number[];
  /** Residual Σ squares of the correspondence fit in the reference frame, per anion (Å²). */
  referenceSumSq: number[];
}

/** Build the model from the reference frame: anions, elements, and the atom↔vertex correspondence. */
export function buildDistortionModel(ctx: AnalysisContext): DistortionModel {
  const { formula, clusters, elements } = polyatomicAnions(ctx, 'distortion');
  const sym = ctx.topology.symbols;
  const counts = elements.map((e) => clusters[0]!.order.filter((a) => sym[a] === e).length);
  const shapeVerts = counts.map((c) => regularShape(c));
  const kabsch = shapeVerts.every((s) => s !== undefined) && Math.max(...counts) >= 2;
  if (!kabsch) {
    ctx.diagnostics.warn('W_NO_REGULAR_SHAPE', `distortion: ${formula} has ${elements.map((e, i) => `${counts[i]} ${e}`).join(', ')}; Kabsch RMSD needs regular shapes (1, 2, 3, 4, 6 or 12 atoms per element), so only radialStd is reported`);
  }
  const centres = new ClusterCentres(ctx.topology, clusters);
  centres.compute(ctx.reference.positions, ctx.reference.cell, undefined, false);
  const elementOfSlot = Array.from(centres.slotAtom, (a) => elements.indexOf(sym[a]!));
  const template: number[] = [];
  const referenceSumSq: number[] = [];
  if (kabsch) {
    for (let k = 0; k < clusters.length; k++) {
      const o = centres.offsets[k]!, e = centres.offsets[k + 1]!;
      const m = matchTemplate(centres.whole.subarray(3 * o, 3 * e), elementOfSlot.slice(o, e), shapeVerts as Float64Array[]);
      template.push(...m.template);
      referenceSumSq.push(m.sumSq);
    }
  }
  return { formula, elements, counts, shapes: counts.map(shapeName), kabsch, topology: ctx.topology, clusters, elementOfSlot, template, referenceSumSq };
}
