import { UsageError } from '../../core/errors.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { type CubicLattice, pauling } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import { CATION_SITE_CHOICES, buildStructure } from '../build/build.js';
import { type StructureRequest, cliqueSiteFor, resolveLattice } from '../build/reference.js';
import { parseSupercell } from '../build/supercell.js';
import type { QeStructure } from './inputs.js';
import { primitiveStructure } from './primitive.js';

/** Structure options of `qe-input` and `simulate --engine qe` (the builder's, plus `primitive` supercells). */
export type QeStructureOptions = StructureRequest;

/**
 * The structure for cp.x: the 26-atom primitive cell (see primitive.ts) or a builder cell
 * (`paddlewheel build`: random anion orientations, cations on the Pauling-predicted sites
 * unless given), H with the deuterium mass. Defaults (lattice, a, sites) as `build`, each
 * reported as an info diagnostic.
 */
export function qeStructure(o: QeStructureOptions, log: DiagnosticLog): { structure: QeStructure; lattice: CubicLattice; a: number; cationSites?: string } {
  const { cation } = o;
  const { lattice, a } = resolveLattice(cation, o.lattice, o.a, log);
  if (o.supercell.trim().toLowerCase() === 'primitive') {
    if (o.cationSites !== undefined && o.cationSites !== 'tetrahedral') throw new UsageError(`--cation-sites ${o.cationSites}: the primitive cell puts its two cations on tetrahedral sites`);
    log.info('I_PRIMITIVE_CELL', `26-atom primitive ${lattice} cell (ibrav ${lattice === 'fcc' ? 2 : 3}), anion in the reference orientation, cations on tetrahedral sites`);
    return { structure: primitiveStructure(cation, lattice, a), lattice, a, cationSites: 'tetrahedral' };
  }
  const supercell = parseSupercell(o.supercell);
  let cationSites = o.cationSites;
  if (cationSites === undefined) {
    const predicted = pauling({ lattice, a, cation }).predictedSite;
    cationSites = cliqueSiteFor(predicted);
    log.info('I_DEFAULT_SITES', `cations on ${cationSites} sites (Pauling predicts ${predicted} for ${cation} in ${lattice} at a = ${a} Å)`);
  } else if (!(CATION_SITE_CHOICES as readonly string[]).includes(cationSites)) {
    throw new UsageError(`--cation-sites ${cationSites}: expected ${CATION_SITE_CHOICES.join(', ')}`);
  }
  const b = buildStructure({ cation, lattice, a, supercell, orientation: o.orientation, cationSites, seed: o.seed, deuterium: true });
  const nat = b.topology.symbols.length;
  return {
    structure: {
      topology: b.topology,
      positions: b.frame.positions,
      cell: b.cell,
      description: `${cation}2B12H12 ${lattice} a=${a} A supercell=${o.supercell} (${nat} atoms) anions=${o.orientation} sites=${cationSites} seed=${o.seed}`,
    },
    lattice,
    a,
    cationSites,
  };
}
