import type { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { SHANNON_RADII, type CubicLattice, type SiteType } from '../../analysis/pauling/pauling.js';
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

/**
 * The anion lattice and lattice parameter of an M2B12H12 cell to build: the given ones, else
 * the study's reference system for the cation (each default reported as an info diagnostic).
 * Shared by `build`, `qe-input`/`simulate --engine qe` and `simulate --engine lammps`.
 * @throws UsageError for a cation without a Shannon radius, a lattice other than fcc/bcc, or a
 *   missing --lattice/--a where the study has no reference value
 */
export function resolveLattice(cation: string, lattice: string | undefined, a: number | undefined, log: DiagnosticLog): { lattice: CubicLattice; a: number } {
  if (!SHANNON_RADII[cation]) throw new UsageError(`--cation ${cation}: expected one of ${Object.keys(SHANNON_RADII).join(', ')}`);
  const ref = REFERENCE_SYSTEMS[cation];
  if (lattice !== undefined && lattice !== 'fcc' && lattice !== 'bcc') throw new UsageError(`--lattice ${String(lattice)}: expected fcc or bcc`);
  if (!lattice) {
    if (!ref) throw new UsageError(`--lattice is needed for ${cation} (no reference system)`);
    lattice = ref.lattice;
    log.info('I_DEFAULT_LATTICE', `anion lattice ${lattice}, the study's for ${cation}2B12H12`);
  }
  if (a === undefined) {
    if (!ref || ref.lattice !== lattice) throw new UsageError(`--a is needed for ${cation} on a ${lattice} lattice (no reference value)`);
    a = ref.a;
    log.info('I_DEFAULT_LATTICE_PARAMETER', `a = ${a} Å, the study's calculated value for ${cation}2B12H12`);
  }
  return { lattice: lattice as CubicLattice, a };
}

/**
 * The structure part of a run request, as `build`, `qe-input` and `simulate` take it (strings
 * parsed, defaults not yet applied: {@link resolveLattice} fills lattice and a).
 */
export interface StructureRequest {
  cation: string;
  lattice?: CubicLattice;
  /** Å */
  a?: number;
  /** `paper`, `NxNxN`, or (cp.x only) `primitive`. */
  supercell: string;
  orientation: 'random' | 'aligned';
  cationSites?: CliqueSiteType | 'random';
  seed: number;
}
