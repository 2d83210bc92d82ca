import type { CubicLattice, SiteType } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';

/**
 * The study's M2B12H12 systems (SPEC "Reference systems"): anion lattice and calculated cubic
 * lattice parameter (Å), used as `paddlewheel build` defaults when --lattice / --a are omitted.
 * Li is the superionic β phase (α: 9.63 Å).
 */
export const REFERENCE_SYSTEMS: Record<string, { lattice: CubicLattice; a: number }> = {
  Li: { lattice: 'fcc', a: 10.05 },
  Na: { lattice: 'bcc', a: 7.98 },
  K: { lattice: 'fcc', a: 10.71 },
  Rb: { lattice: 'fcc', a: 11.0 },
  Cs: { lattice: 'fcc', a: 11.4 },
};

/**
 * Clique site type for a Pauling-predicted site: octahedral and cubic holes are not cliques,
 * and the study observed tetrahedral occupancy where the rule says octahedral (Cs), so both
 * map to tetrahedral.
 */
export function cliqueSiteFor(site: SiteType): CliqueSiteType {
  return site === 'linear' || site === 'trigonal' ? site : 'tetrahedral';
}
