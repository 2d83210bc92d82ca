import type { CubeData } from '../../io/cube/types.js';
import type { DensityResult } from './density.js';

/**
 * The cube file of a density map. Geometry: the mean cell, voxel vectors a_i/n_i, and the
 * origin shifted by half a voxel along each axis, (v₁ + v₂ + v₃)/2, so that grid point
 * (i, j, k) sits at the centre of histogram voxel (i, j, k) — a cube value is a sample at a
 * point, and a bin's count belongs to its middle. Values: number density in Å⁻³ (not Bohr⁻³,
 * although lengths are in Bohr as the format requires — both comment lines say so). Atoms:
 * the time-averaged anion centres with the atomic number of each anion's central atom (see
 * AnionCentreSums.z) and that number as the charge.
 */
export function densityCube(r: DensityResult, cationLabel: string, tool: string): CubeData {
  const axes = new Float64Array(9);
  for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) axes[3 * a + c] = r.meanCell[3 * a + c]! / r.shape[a]!;
  const origin: [number, number, number] = [0, 1, 2].map((c) => 0.5 * (axes[c]! + axes[3 + c]! + axes[6 + c]!)) as [number, number, number];
  return {
    comments: [
      `${tool}: time-averaged ${cationLabel} number density over ${r.frames} frames, ${r.cations} cations, grid ${r.shape.join('x')}`,
      `VALUES IN ANGSTROM^-3 (number per cubic Angstrom); grid, origin and atoms in Bohr; atoms = time-averaged anion centres`,
    ],
    origin,
    shape: [...r.shape],
    axes,
    atoms: r.anions.map((a) => ({ z: a.z, charge: a.z, position: a.position })),
    values: r.density,
  };
}
