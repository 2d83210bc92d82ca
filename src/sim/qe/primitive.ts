import { makeCell } from '../../core/cell.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { BOHR_TO_ANGSTROM } from '../../core/units.js';
import { IDENTITY, idealB12H12 } from '../../chem/icosahedron.js';
import type { CubicLattice } from '../../analysis/pauling/pauling.js';
import { DEUTERIUM_MASS } from '../build/build.js';
import type { QeStructure } from './inputs.js';

/**
 * The 26-atom primitive cell of M2B12H12: one ideal B12H12²⁻ at the origin in the reference
 * orientation (C2 axes along x, y, z; see chem/icosahedron.ts) and two cations on tetrahedral
 * sites, written with cp.x's own Bravais lattice (celldm(1) = a in bohr):
 *
 * - fcc, ibrav 2: a₁ = (a/2)(−1, 0, 1), a₂ = (a/2)(0, 1, 1), a₃ = (a/2)(−1, 1, 0); cations at
 *   (¼, ¼, ¼)a and (¾, ¾, ¾)a, the cell's two tetrahedral sites — the structure of the shared
 *   cp.x run (../shared/data/qe-cp-li2b12h12-prim-800K, a = 10.05 Å).
 * - bcc, ibrav 3: a₁ = (a/2)(1, 1, 1), a₂ = (a/2)(−1, 1, 1), a₃ = (a/2)(−1, −1, 1); cations at
 *   (½, ¼, 0)a and (0, ½, ¼)a, two of the six tetrahedral sites per anion.
 *
 * Atom order as everywhere in paddlewheel's builders: 12 B, 12 H (H k outside B k), 2 cations.
 * H carries the deuterium mass (2.014 amu), the study's choice. Positions are not wrapped (the
 * anion stays whole around the origin), which cp.x accepts.
 */
export function primitiveStructure(cation: string, lattice: CubicLattice, a: number): QeStructure {
  const h = a / 2;
  const rows = lattice === 'fcc' ? [-h, 0, h, 0, h, h, -h, h, 0] : [h, h, h, -h, h, h, -h, -h, h];
  const cations = lattice === 'fcc' ? [a / 4, a / 4, a / 4, (3 * a) / 4, (3 * a) / 4, (3 * a) / 4] : [a / 2, a / 4, 0, 0, a / 2, a / 4];
  const anion = idealB12H12([0, 0, 0], IDENTITY);
  const positions = new Float64Array(78);
  positions.set(anion.positions, 0);
  positions.set(cations, 72);
  const symbols = [...anion.symbols, cation, cation];
  const topology = topologyFromSymbols(symbols, symbols.map((s) => (s === 'H' ? DEUTERIUM_MASS : NaN)));
  return {
    topology,
    positions,
    cell: makeCell(rows),
    bravais: { ibrav: lattice === 'fcc' ? 2 : 3, celldm1: Number((a / BOHR_TO_ANGSTROM).toFixed(6)) },
    description: `${cation}2B12H12 ${lattice} primitive cell (26 atoms) a=${a} A`,
  };
}
