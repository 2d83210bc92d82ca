import { PaddlewheelError } from '../../core/errors.js';
import { quantity, type Quantity } from '../../core/result.js';
import type { AnalysisContext } from '../types.js';
import type { AnglesState } from './analysis.js';
import type { LatticeTemplateChoice } from './template.js';
import { isotropicFraction } from './windows.js';

/** One distance range of the angle result (SPEC section 10 `ranges`). */
export interface AngleRange {
  /** Range ends (Å). */
  rMin: number;
  rMax: number;
  /** Cation pairs counted (same anion, same frame, both in the range). */
  pairs: number;
  /** Mean number of cations (images) of the range per anion and frame. */
  meanCations: number;
  /**
   * Angle density (per degree) at the bins of `theta`: count_b / (pairs · binWidth), so
   * Σ density · binWidth = 1. Empty ranges give zeros.
   */
  density: number[];
  /** Fraction of the range's pairs whose angle lies within ±window of an icosahedral C3 angle; null without pairs. */
  icosahedralOverlap: number | null;
  /** The same for the lattice template's angles; null without pairs or without a template. */
  latticeOverlap: number | null;
}

/** Result body of `paddlewheel angles`. */
export interface AnglesResult {
  /** Bin centres (degrees). */
  theta: number[];
  binWidth: number;
  ranges: AngleRange[];
  r1: Quantity;
  rMinSource: string;
  /** Template angles (degrees) and the window half-width. */
  templates: { icosahedral: number[]; lattice: LatticeTemplateChoice | null; latticeReason: string | null; window: number };
  /**
   * Fraction of pairs of isotropically random directions that fall in the windows (the same
   * for every range): what an overlap equals with no angular preference at all.
   */
  baseline: { icosahedral: number; lattice: number | null; method: string };
  /** Mean number of cation images within r₁ per anion and frame. */
  meanCoordination: number;
  /** Closest anion–cation distance seen (Å), and the fraction of shell cations closer than r_min (counted in the first range). */
  closest: Quantity;
  belowRMinFraction: number;
  frames: number;
  anions: number;
  cation: string;
  units: Record<string, string>;
}

/** Turn the sums into the result body; warns about empty ranges and cations below r_min. */
export function finalizeAngles(s: AnglesState, ctx: AnalysisContext): AnglesResult {
  if (s.frames === 0) throw new PaddlewheelError('E_SELECTION', 'angles: no frames');
  const theta = Array.from({ length: s.bins }, (_, b) => (b + 0.5) * s.binWidth);
  const ranges: AngleRange[] = s.edges.map(([rMin, rMax], r) => {
    const p = s.pairs[r]!;
    if (p === 0) ctx.diagnostics.warn('W_EMPTY_RANGE', `angles: no cation pairs in the range ${rMin.toFixed(3)}–${rMax.toFixed(3)} Å; its density is zero and its overlaps null`);
    const density = Array.from(s.counts.subarray(r * s.bins, (r + 1) * s.bins), (c) => (p > 0 ? c / (p * s.binWidth) : 0));
    return {
      rMin, rMax, pairs: p, meanCations: s.members[r]! / s.anionFrames, density,
      icosahedralOverlap: p > 0 ? s.icosahedralHits[r]! / p : null,
      latticeOverlap: p > 0 && s.template ? s.latticeHits[r]! / p : null,
    };
  });
  const belowRMinFraction = s.entries > 0 ? s.belowRMin / s.entries : 0;
  if (s.belowRMin > 0) {
    ctx.diagnostics.info('I_BELOW_RMIN', `angles: ${s.belowRMin} of ${s.entries} first-shell cation images (${(100 * belowRMinFraction).toFixed(2)} %) came closer than r_min = ${s.edges[0]![0].toFixed(3)} Å (closest ${s.closest.toFixed(3)} Å); they are counted in the first range`);
  }
  return {
    theta, binWidth: s.binWidth, ranges,
    r1: quantity(s.r1, 'Å'),
    rMinSource: s.rMinSource,
    templates: { icosahedral: s.icosahedral, lattice: s.template, latticeReason: s.templateReason, window: s.window },
    baseline: {
      icosahedral: isotropicFraction(s.icosahedralWindows),
      lattice: s.latticeWindows ? isotropicFraction(s.latticeWindows) : null,
      method: 'fraction of isotropically random direction pairs (density ½ sin θ) inside the same windows',
    },
    meanCoordination: s.entries / s.anionFrames,
    closest: quantity(Number.isFinite(s.closest) ? s.closest : NaN, 'Å'),
    belowRMinFraction,
    frames: s.frames,
    anions: s.anionFrames / s.frames,
    cation: s.cation,
    units: { theta: 'degree', binWidth: 'degree', density: 'degree^-1', rMin: 'Å', rMax: 'Å' },
  };
}
