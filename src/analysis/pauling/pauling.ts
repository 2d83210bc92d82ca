import { UsageError } from '../../core/errors.js';
import { quantity, type Quantity } from '../../core/result.js';

/**
 * Pauling's radius-ratio analysis of the cation sites in an anion lattice (SPEC section 1).
 *
 * Hard-sphere anion radius from the cubic lattice parameter a: fcc R⁻ = a√2/4 (anions touch
 * along the face diagonal), bcc R⁻ = a√3/4 (along the body diagonal). The predicted site is
 * the highest coordination whose lower radius-ratio limit is ≤ R⁺/R⁻. A ratio within
 * `BOUNDARY_WIDTH` of a limit is reported as a boundary case naming both site types.
 */

/** Site types in order of increasing coordination. */
export const SITE_TYPES = ['linear', 'trigonal', 'tetrahedral', 'octahedral', 'cubic'] as const;
export type SiteType = (typeof SITE_TYPES)[number];

/** Lower radius-ratio limits R⁺/R⁻ of each site type (coordination 2, 3, 4, 6, 8). */
export const PAULING_LIMITS: Record<SiteType, number> = {
  linear: 0,
  trigonal: 0.155,
  tetrahedral: 0.225,
  octahedral: 0.414,
  cubic: 0.732,
};

/** Coordination number of each site type. */
export const COORDINATION: Record<SiteType, number> = { linear: 2, trigonal: 3, tetrahedral: 4, octahedral: 6, cubic: 8 };

/** A ratio closer than this to a limit is a boundary case (SPEC section 1). */
export const BOUNDARY_WIDTH = 0.005;

/**
 * Shannon ionic radii (Å) used by default: CN 4 for Li⁺, Na⁺, K⁺, Ag⁺, Cu⁺; CN 6 for Rb⁺ and
 * Cs⁺ (no CN-4 value is tabulated). R. D. Shannon, Acta Cryst. A32, 751 (1976).
 */
export const SHANNON_RADII: Record<string, { radius: number; cn: number }> = {
  Li: { radius: 0.59, cn: 4 },
  Na: { radius: 0.99, cn: 4 },
  K: { radius: 1.37, cn: 4 },
  Ag: { radius: 1.0, cn: 4 },
  Cu: { radius: 0.6, cn: 4 },
  Rb: { radius: 1.52, cn: 6 },
  Cs: { radius: 1.67, cn: 6 },
};

export type CubicLattice = 'fcc' | 'bcc';

/**
 * Interstitial sites per anion in the ideal lattice (SPEC sections 1 and 2): the edges,
 * triangles and tetrahedra of the anion neighbour graph (fcc nearest neighbours; bcc first
 * and second shells), and octahedral holes. Cubic (8-fold) holes do not exist in fcc or bcc.
 */
export const SITES_PER_ANION: Record<CubicLattice, Record<SiteType, number>> = {
  fcc: { linear: 6, trigonal: 8, tetrahedral: 2, octahedral: 1, cubic: 0 },
  bcc: { linear: 7, trigonal: 12, tetrahedral: 6, octahedral: 3, cubic: 0 },
};

/** Inputs of the Pauling analysis. */
export interface PaulingInput {
  lattice: CubicLattice;
  /** Cubic lattice parameter (Å). */
  a: number;
  /** Cation element symbol. */
  cation: string;
  /** Cation radius (Å) overriding the Shannon table. */
  radius?: number;
  /** Cations per anion (2 for M2B12H12). */
  cationsPerAnion?: number;
}

/** Result body (SPEC section 10 `pauling` keys). */
export interface PaulingResult {
  lattice: CubicLattice;
  latticeParameter: Quantity;
  anionRadius: Quantity;
  cationRadius: Quantity & { source: string };
  radiusRatio: number;
  limits: Record<SiteType, number>;
  predictedSite: SiteType;
  /** Null, or the two site types on either side of the limit the ratio is close to. */
  boundary: [SiteType, SiteType] | null;
  /** Distance of the ratio to the nearest limit (positive above it). */
  distanceToNearestLimit: number;
  sitesPerAnion: Record<'linear' | 'trigonal' | 'tetrahedral' | 'octahedral', number>;
  cationsPerAnion: number;
  /** Cations per anion / predicted sites per anion; null where the lattice has no such site. */
  intrinsicOccupancy: number | null;
}

/** Hard-sphere anion radius (Å) of a cubic lattice with parameter a (Å). */
export function anionRadius(lattice: CubicLattice, a: number): number {
  return lattice === 'fcc' ? (a * Math.SQRT2) / 4 : (a * Math.sqrt(3)) / 4;
}

/** The highest site type whose lower limit is ≤ ratio. */
export function predictSite(ratio: number): SiteType {
  let best: SiteType = 'linear';
  for (const t of SITE_TYPES) if (PAULING_LIMITS[t] <= ratio) best = t;
  return best;
}

/** Run the Pauling analysis. Throws UsageError for a non-positive a or an unknown cation without --radius. */
export function pauling(input: PaulingInput): PaulingResult {
  const { lattice, a, cation } = input;
  if (!(a > 0 && Number.isFinite(a))) throw new UsageError(`--a ${a}: expected a positive lattice parameter in Å`);
  const table = SHANNON_RADII[cation];
  const rPlus = input.radius ?? table?.radius;
  if (rPlus === undefined) {
    throw new UsageError(`no Shannon radius tabulated for ${cation} (known: ${Object.keys(SHANNON_RADII).join(', ')}); give --radius in Å`);
  }
  if (!(rPlus > 0)) throw new UsageError(`--radius ${rPlus}: expected a positive radius in Å`);
  const rMinus = anionRadius(lattice, a);
  const ratio = rPlus / rMinus;
  const predictedSite = predictSite(ratio);
  let nearest: SiteType = 'trigonal';
  for (const t of SITE_TYPES.slice(1)) if (Math.abs(ratio - PAULING_LIMITS[t]) < Math.abs(ratio - PAULING_LIMITS[nearest])) nearest = t;
  const dist = ratio - PAULING_LIMITS[nearest];
  const idx = SITE_TYPES.indexOf(nearest);
  const boundary: [SiteType, SiteType] | null = Math.abs(dist) < BOUNDARY_WIDTH ? [SITE_TYPES[idx - 1]!, nearest] : null;
  const cationsPerAnion = input.cationsPerAnion ?? 2;
  const sites = SITES_PER_ANION[lattice];
  const nSites = sites[predictedSite];
  return {
    lattice,
    latticeParameter: quantity(a, 'Å'),
    anionRadius: quantity(rMinus, 'Å'),
    cationRadius: { ...quantity(rPlus, 'Å'), source: input.radius !== undefined ? 'user (--radius)' : `Shannon, CN ${table!.cn}` },
    radiusRatio: ratio,
    limits: { ...PAULING_LIMITS },
    predictedSite,
    boundary,
    distanceToNearestLimit: dist,
    sitesPerAnion: { linear: sites.linear, trigonal: sites.trigonal, tetrahedral: sites.tetrahedral, octahedral: sites.octahedral },
    cationsPerAnion,
    intrinsicOccupancy: nSites > 0 ? cationsPerAnion / nSites : null,
  };
}
