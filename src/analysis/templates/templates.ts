import { TRIAD_AXES } from '../../chem/icosahedron.js';
import type { CubicLattice, SiteType } from '../pauling/pauling.js';
import { CLIQUE_SITE_TYPES, type CliqueSiteType, SITE_CUTOFF_FACTOR, normalised, siteCentresAroundAnion } from './lattice.js';

/**
 * Angle templates of SPEC section 6: the pairwise angles between the C3 (triad) axes of the
 * icosahedron, and between the directions from one anion of an ideal fcc/bcc lattice to the
 * interstitial sites it belongs to. Angles in degrees. All computed from geometry.
 */

/** One bar of a pairwise-angle histogram: an angle (degrees) and how many unordered pairs have it. */
export interface AngleCount {
  angle: number;
  pairs: number;
}

/** Template of one site type from one anion. */
export interface SiteTemplate {
  /** Number of sites of the type that the anion belongs to. */
  count: number;
  /** Unit directions from the anion to the site centres (flat, 3 per site). */
  directions: Float64Array;
  /** Distinct pairwise angles between the directions, ascending, with pair counts (Σ pairs = count(count−1)/2). */
  angles: AngleCount[];
}

/** Angles closer than this (degrees) are the same angle; exact geometry differs by ~1e-12°. */
const SAME_ANGLE = 1e-6;

/** Angle (degrees) between two vectors, via atan2(|u×v|, u·v), accurate near 0° and 180°. */
export function angleBetween(u: ArrayLike<number>, i: number, v: ArrayLike<number>, j: number): number {
  const ux = u[3 * i]!, uy = u[3 * i + 1]!, uz = u[3 * i + 2]!;
  const vx = v[3 * j]!, vy = v[3 * j + 1]!, vz = v[3 * j + 2]!;
  const cross = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  return (Math.atan2(cross, ux * vx + uy * vy + uz * vz) * 180) / Math.PI;
}

/** Histogram of the pairwise angles (i < j) between the directions of `dirs` (flat, 3 each). */
export function pairAngleHistogram(dirs: ArrayLike<number>): AngleCount[] {
  const n = dirs.length / 3;
  const all: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) all.push(angleBetween(dirs, i, dirs, j));
  all.sort((x, y) => x - y);
  const out: AngleCount[] = [];
  let sum = 0, k = 0;
  for (let i = 0; i <= all.length; i++) {
    if (k > 0 && (i === all.length || all[i]! - all[i - 1]! > SAME_ANGLE)) {
      out.push({ angle: sum / k, pairs: k });
      sum = 0; k = 0;
    }
    if (i < all.length) { sum += all[i]!; k++; }
  }
  return out;
}

/**
 * Pairwise angles between the 20 triad (B3-face, C3) axes of the icosahedron with pair
 * counts: 41.8° (30), 70.5° (60), 109.5° (60), 138.2° (30), 180° (10).
 */
export function icosahedralAxisAngles(): AngleCount[] {
  return pairAngleHistogram(TRIAD_AXES);
}

/**
 * Template of one site type for an ideal fcc/bcc anion lattice (SPEC section 6), from the
 * clique sites of SPEC section 2 with neighbour cutoff `cutoff` × a (default 0.85 fcc, 1.2 bcc).
 */
export function latticeTemplate(lattice: CubicLattice, type: CliqueSiteType, cutoff: number = SITE_CUTOFF_FACTOR[lattice]): SiteTemplate {
  const directions = normalised(siteCentresAroundAnion(lattice, type, cutoff));
  return { count: directions.length / 3, directions, angles: pairAngleHistogram(directions) };
}

/** Templates of all three clique site types of a lattice. */
export function latticeTemplates(lattice: CubicLattice, cutoff?: number): Record<CliqueSiteType, SiteTemplate> {
  const out = {} as Record<CliqueSiteType, SiteTemplate>;
  for (const t of CLIQUE_SITE_TYPES) out[t] = latticeTemplate(lattice, t, cutoff);
  return out;
}

/**
 * The lattice template for a predicted site type (e.g. `pauling(...).predictedSite`), for
 * the angle analysis. Null for octahedral and cubic holes, which are not cliques of the
 * neighbour graph and have no template here (the caller should say so).
 */
export function templateForSite(lattice: CubicLattice, site: SiteType, cutoff?: number): SiteTemplate | null {
  return (CLIQUE_SITE_TYPES as readonly string[]).includes(site) ? latticeTemplate(lattice, site as CliqueSiteType, cutoff) : null;
}

/** Template angles only (degrees, ascending), e.g. to test an angle against ±5° windows. */
export function templateAngles(t: { angles: AngleCount[] }): number[] {
  return t.angles.map((a) => a.angle);
}

/** Result body of `paddlewheel templates` (SPEC section 10 keys, plus pair counts of the icosahedral angles). */
export interface TemplatesResult {
  icosahedral: number[];
  icosahedralPairs: AngleCount[];
  lattice: CubicLattice;
  siteCutoff: { value: number; unit: string };
  sites: Record<CliqueSiteType, { count: number; angles: AngleCount[] }>;
  units: { angle: 'degree' };
}

/** Everything `paddlewheel templates --lattice L` reports. `cutoff` in units of a. */
export function templates(lattice: CubicLattice, cutoff: number = SITE_CUTOFF_FACTOR[lattice]): TemplatesResult {
  const ico = icosahedralAxisAngles();
  const all = latticeTemplates(lattice, cutoff);
  const sites = {} as TemplatesResult['sites'];
  for (const t of CLIQUE_SITE_TYPES) sites[t] = { count: all[t].count, angles: all[t].angles };
  return {
    icosahedral: templateAngles({ angles: ico }),
    icosahedralPairs: ico,
    lattice,
    siteCutoff: { value: cutoff, unit: 'a' },
    sites,
    units: { angle: 'degree' },
  };
}
