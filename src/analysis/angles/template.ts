import type { Cell } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import { recogniseLattice } from '../../chem/lattice.js';
import { pauling, type CubicLattice, type SiteType } from '../pauling/pauling.js';
import { CLIQUE_SITE_TYPES, type CliqueSiteType } from '../templates/lattice.js';
import { icosahedralAxisAngles, templateAngles, templateForSite } from '../templates/templates.js';

/** Which lattice template the angle scores use, and why. */
export interface LatticeTemplateChoice {
  lattice: CubicLattice;
  site: CliqueSiteType;
  /** Distinct pairwise angles of the template (degrees, ascending). */
  angles: number[];
  /** For people: where lattice and site came from. */
  source: string;
}

/** Overrides of the lattice template (`--lattice`, `--site`, `--radius`). */
export interface TemplateOverrides {
  lattice?: CubicLattice;
  site?: CliqueSiteType;
  /** Cation radius (Å) for the Pauling prediction instead of the Shannon value. */
  radius?: number;
}

/** Icosahedral C3 (triad-axis) pairwise angles (degrees): 41.8, 70.5, 109.5, 138.2, 180. */
export function icosahedralAngles(): number[] {
  return templateAngles({ angles: icosahedralAxisAngles() });
}

/** Validate a `--site` value. */
export function parseSite(text: string | undefined): CliqueSiteType | undefined {
  if (text === undefined) return undefined;
  if (!(CLIQUE_SITE_TYPES as readonly string[]).includes(text)) throw new UsageError(`--site ${text}: expected one of ${CLIQUE_SITE_TYPES.join(', ')}`);
  return text as CliqueSiteType;
}

/** Validate a `--lattice` value. */
export function parseLattice(text: string | undefined): CubicLattice | undefined {
  if (text === undefined) return undefined;
  if (text !== 'fcc' && text !== 'bcc') throw new UsageError(`--lattice ${text}: expected fcc or bcc`);
  return text;
}

/**
 * The lattice template for the angle scores: lattice from `--lattice` or recognised from the
 * reference anion centres; site from `--site` or the Pauling radius-ratio prediction for
 * `cation` at the recognised a. Returns a reason instead when there is none (lattice not
 * recognised, no tabulated radius, or a predicted octahedral/cubic hole, which has no
 * clique template) — the caller reports `latticeOverlap: null` and warns.
 */
export function chooseLatticeTemplate(centres: ArrayLike<number>, cell: Cell, cation: string, o: TemplateOverrides): LatticeTemplateChoice | { reason: string } {
  const rec = recogniseLattice(centres, cell);
  let lattice = o.lattice;
  let latticeSource = '--lattice';
  if (!lattice) {
    if (rec.lattice === 'other') return { reason: `the anion centres form no recognised fcc/bcc lattice (${rec.reason}); give --lattice and --site` };
    lattice = rec.lattice;
    latticeSource = `recognised ${lattice} (a = ${rec.a!.toFixed(3)} Å)`;
  }
  let site: SiteType | undefined = o.site;
  let siteSource = '--site';
  if (!site) {
    if (rec.lattice !== lattice) return { reason: `the anion centres are not ${lattice} (${rec.reason}), so no a for the Pauling prediction; give --site` };
    let p;
    try {
      p = pauling({ lattice, a: rec.a!, cation, radius: o.radius });
    } catch (e) {
      if (e instanceof UsageError) return { reason: `no Pauling prediction: ${e.message}; give --site` };
      throw e;
    }
    site = p.predictedSite;
    siteSource = `Pauling prediction (R⁺/R⁻ = ${p.radiusRatio.toFixed(3)}${p.boundary ? `, boundary ${p.boundary.join('/')}` : ''})`;
  }
  const t = templateForSite(lattice, site);
  if (!t) return { reason: `the predicted ${site} hole of ${lattice} is not a clique site and has no angle template; give --site` };
  return { lattice, site: site as CliqueSiteType, angles: templateAngles(t), source: `${latticeSource}; ${site} from ${siteSource}` };
}
