import { cellHeights, makeCell } from '../../core/cell.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { AnionCentreTracker, type AnionCentreSums, meanAnionFractions, mergeAnionSums } from './anions.js';
import { binAtoms, DEFAULT_SPACING, gridFor, type GridShape, voxelOf } from './grid.js';

/** Parameters of the cation density map. */
export interface DensityParams {
  /** Target voxel edge (Å); default 0.2. The grid is fixed by the first frame's cell (see gridFor). */
  spacing?: number;
  /** Explicit grid counts [na, nb, nc], overriding `spacing`. */
  grid?: GridShape;
}

/**
 * State of the density map: sufficient statistics only, all of them sums, so the merge of any
 * split of the frames is their addition (integer counts add exactly).
 */
export interface DensityState {
  shape: GridShape;
  /** Target spacing (Å) the grid was made from. */
  spacing: number;
  /** Σ over frames of the cations in each voxel; layout (i·nb + j)·nc + k (see voxelIndex). */
  counts: Float64Array;
  frames: number;
  /** Number of mobile cations binned per frame. */
  cations: number;
  /** Σ over frames of the voxel volume V_t/(na·nb·nc) (Å³). */
  voxelVolumeSum: number;
  /** Σ over frames of the cell matrix (rows a, b, c; Å), for the mean cell. */
  cellSum: Float64Array;
  anions: AnionCentreSums;
  /** Indices of the cations. */
  cationAtoms: number[];
}

/** Result of the density map (in-memory; the CLI writes the cube and slices from it). */
export interface DensityResult {
  shape: GridShape;
  spacing: number;
  frames: number;
  cations: number;
  /** Mean cell over the frames (rows a, b, c; Å): the geometry of the cube file. */
  meanCell: Float64Array;
  /** Mean voxel volume (Å³) = Σ_t V_t / (T·na·nb·nc). */
  voxelVolume: number;
  /**
   * Time-averaged cation number density (Å⁻³) per voxel, layout of voxelIndex:
   * ρ_v = Σ_t n_v(t) / Σ_t ΔV_t with n_v(t) the cations of voxel v in frame t and ΔV_t the
   * voxel volume of frame t. For a fixed cell this is the mean count over ΔV; for a variable
   * (NPT) cell the voxels are fractional, so each follows the cell, and ρ_v is the count per
   * mean voxel volume (a ratio of sums, which differs from the mean of per-frame ratios only
   * at second order in the volume fluctuation). Either way Σ_v ρ_v·ΔV̄ = number of cations.
   */
  density: Float64Array;
  /** Σ_v ρ_v·ΔV̄: the number of cations the map integrates to. */
  integrated: number;
  /** Largest density (Å⁻³), its voxel [i, j, k] and the voxel centre (fractional and Cartesian Å, mean cell). */
  max: { value: number; voxel: [number, number, number]; fractional: [number, number, number]; cartesian: [number, number, number] };
  /** Time-averaged anion centres: Cartesian (Å, mean cell, wrapped), atomic number, formula. */
  anions: { position: [number, number, number]; z: number; formula: string }[];
  /** Largest distance (Å) of an anion centre from its reference position (see AnionCentreSums). */
  anionMaxDrift: number;
}

/** Drift (fraction of the shortest cell height) above which the mean anion centre is doubtful. */
const DRIFT_WARN_FRACTION = 0.25;

const trackers = new WeakMap<DensityState, AnionCentreTracker>();

/**
 * Time-averaged cation number density on a fractional grid over the cell (SPEC section 3).
 * Frame-local: merge adds the sums.
 */
export const densityAnalysis: Analysis<DensityParams, DensityState, DensityResult> = {
  id: 'density',
  init(params: DensityParams, ctx: AnalysisContext): DensityState {
    const spacing = params.spacing ?? DEFAULT_SPACING;
    let shape: GridShape;
    if (params.grid) {
      if (params.grid.length !== 3 || params.grid.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`grid ${params.grid.join('×')}: expected three positive integers`);
      shape = [...params.grid] as GridShape;
    } else {
      shape = gridFor(ctx.reference.cell, spacing);
    }
    const cationAtoms = ctx.ions.cations;
    if (cationAtoms.length === 0) throw new PaddlewheelError('E_SELECTION', 'density: no mobile cations selected');
    const tracker = new AnionCentreTracker(ctx.topology, ctx.ions.anionClusters);
    const state: DensityState = {
      shape,
      spacing,
      counts: new Float64Array(shape[0] * shape[1] * shape[2]),
      frames: 0,
      cations: cationAtoms.length,
      voxelVolumeSum: 0,
      cellSum: new Float64Array(9),
      anions: tracker.init(ctx.topology, ctx.reference),
      cationAtoms,
    };
    trackers.set(state, tracker);
    return state;
  },
  push(state: DensityState, frame: Frame): void {
    const tracker = trackers.get(state);
    if (!tracker) throw new PaddlewheelError('E_INTERNAL', 'density: push on a state that was not made by init in this process');
    binAtoms(state.counts, state.shape, frame.cell, frame.positions, state.cationAtoms);
    state.frames++;
    state.voxelVolumeSum += frame.cell.volume / state.counts.length;
    for (let i = 0; i < 9; i++) state.cellSum[i] += frame.cell.matrix[i]!;
    tracker.push(state.anions, frame);
  },
  merge(a: DensityState, b: DensityState): DensityState {
    if (a.shape.some((n, i) => n !== b.shape[i])) throw new PaddlewheelError('E_INTERNAL', `density: cannot merge grids ${a.shape.join('×')} and ${b.shape.join('×')}`);
    const merged: DensityState = {
      ...a,
      counts: Float64Array.from(a.counts, (x, i) => x + b.counts[i]!),
      frames: a.frames + b.frames,
      voxelVolumeSum: a.voxelVolumeSum + b.voxelVolumeSum,
      cellSum: Float64Array.from(a.cellSum, (x, i) => x + b.cellSum[i]!),
      anions: mergeAnionSums(a.anions, b.anions),
    };
    const t = trackers.get(a) ?? trackers.get(b);
    if (t) trackers.set(merged, t);
    return merged;
  },
  finalize(state: DensityState, ctx: AnalysisContext): DensityResult {
    return finalizeDensity(state, ctx);
  },
};

function finalizeDensity(state: DensityState, ctx: AnalysisContext): DensityResult {
  const T = state.frames;
  if (T === 0) throw new PaddlewheelError('E_SELECTION', 'density: no frames');
  const meanCell = Float64Array.from(state.cellSum, (x) => x / T);
  const cell = makeCell(meanCell);
  const voxelVolume = state.voxelVolumeSum / T;
  const density = new Float64Array(state.counts.length);
  let integrated = 0, best = 0;
  for (let v = 0; v < density.length; v++) {
    density[v] = state.counts[v]! / state.voxelVolumeSum;
    integrated += density[v]! * voxelVolume;
    if (state.counts[v]! > state.counts[best]!) best = v;
  }
  const voxel = voxelOf(state.shape, best);
  const frac = voxel.map((n, i) => (n + 0.5) / state.shape[i]!) as [number, number, number];
  const fracs = meanAnionFractions(state.anions, T);
  const anions = state.anions.formulas.map((formula, k) => ({
    position: toCart(meanCell, fracs[3 * k]!, fracs[3 * k + 1]!, fracs[3 * k + 2]!),
    z: state.anions.z[k]!,
    formula,
  }));
  const hMin = Math.min(...cellHeights(cell));
  if (state.anions.maxDrift > DRIFT_WARN_FRACTION * hMin) {
    ctx.diagnostics.warn(
      'W_ANION_DRIFT',
      `anion ${state.anions.maxDriftAnion + 1} (${state.anions.formulas[state.anions.maxDriftAnion]}) moved ${state.anions.maxDrift.toFixed(2)} Å from its reference position (more than ${DRIFT_WARN_FRACTION} of the shortest cell height, ${hMin.toFixed(2)} Å); its time-averaged centre in the cube file may be meaningless`,
      { frame: state.anions.maxDriftFrame },
    );
  }
  return {
    shape: state.shape,
    spacing: state.spacing,
    frames: T,
    cations: state.cations,
    meanCell,
    voxelVolume,
    density,
    integrated,
    max: { value: density[best]!, voxel, fractional: frac, cartesian: toCart(meanCell, frac[0], frac[1], frac[2]) },
    anions,
    anionMaxDrift: Math.max(0, state.anions.maxDrift),
  };
}

function toCart(m: Float64Array, f0: number, f1: number, f2: number): [number, number, number] {
  return [f0 * m[0]! + f1 * m[3]! + f2 * m[6]!, f0 * m[1]! + f1 * m[4]! + f2 * m[7]!, f0 * m[2]! + f1 * m[5]! + f2 * m[8]!];
}
