import { type Cell, cellParameters } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';

/** Default voxel edge (Å) of the density grid (SPEC section 3). */
export const DEFAULT_SPACING = 0.2;

/** Number of voxels along a, b, c. */
export type GridShape = [number, number, number];

/**
 * Grid counts for a cell: n_i = max(1, round(|a_i| / spacing)) along each lattice vector,
 * so each voxel edge a_i/n_i is within half a voxel of `spacing` (Å) in length. Lattice-vector
 * lengths rather than cell heights because the voxels are the cell's own parallelepipeds:
 * their edges are the cube file's voxel vectors a_i/n_i, and those are what a viewer draws.
 *
 * @throws UsageError when `spacing` is not positive or the grid would exceed 2²⁵ voxels (268 MB per array)
 */
export function gridFor(cell: Cell, spacing: number): GridShape {
  if (!(spacing > 0) || !Number.isFinite(spacing)) throw new UsageError(`--spacing ${spacing}: expected a positive length in Å`);
  const p = cellParameters(cell);
  const shape: GridShape = [p.a, p.b, p.c].map((l) => Math.max(1, Math.round(l / spacing))) as GridShape;
  const total = shape[0] * shape[1] * shape[2];
  if (total > 2 ** 25) {
    throw new UsageError(`--spacing ${spacing}: gives a ${shape.join('×')} grid (${total} voxels); choose a coarser spacing`);
  }
  return shape;
}

/** Flat index of voxel (i, j, k): `(i·ny + j)·nz + k` (a outer, c inner — the cube file's order). */
export function voxelIndex(shape: GridShape, i: number, j: number, k: number): number {
  return (i * shape[1] + j) * shape[2] + k;
}

/** Inverse of voxelIndex: [i, j, k] of a flat index. */
export function voxelOf(shape: GridShape, index: number): [number, number, number] {
  const k = index % shape[2];
  const ij = (index - k) / shape[2];
  const j = ij % shape[1];
  return [(ij - j) / shape[1], j, k];
}

/**
 * Add one count per position to `counts` (length nx·ny·nz, layout of voxelIndex), binning in
 * fractional coordinates of `cell`: f = r·M⁻¹ wrapped into [0, 1), voxel ⌊f_i·n_i⌋. Exact for
 * triclinic cells and for any cell size; an atom on a voxel face goes to the voxel above it
 * (up to the rounding of r·M⁻¹).
 *
 * @param positions Cartesian positions (Å), 3 per atom, atom-major
 * @param atoms indices of the atoms to bin
 */
export function binAtoms(counts: Float64Array, shape: GridShape, cell: Cell, positions: ArrayLike<number>, atoms: ArrayLike<number>): void {
  const v = cell.inverse;
  const [nx, ny, nz] = shape;
  const v0 = v[0]!, v1 = v[1]!, v2 = v[2]!, v3 = v[3]!, v4 = v[4]!, v5 = v[5]!, v6 = v[6]!, v7 = v[7]!, v8 = v[8]!;
  for (let q = 0; q < atoms.length; q++) {
    const a = 3 * atoms[q]!;
    const x = positions[a]!, y = positions[a + 1]!, z = positions[a + 2]!;
    let f0 = x * v0 + y * v3 + z * v6;
    let f1 = x * v1 + y * v4 + z * v7;
    let f2 = x * v2 + y * v5 + z * v8;
    f0 -= Math.floor(f0);
    f1 -= Math.floor(f1);
    f2 -= Math.floor(f2);
    // f − ⌊f⌋ can round up to exactly 1 for a tiny negative f: that voxel is the first one.
    let i = Math.floor(f0 * nx), j = Math.floor(f1 * ny), k = Math.floor(f2 * nz);
    if (i >= nx) i = 0;
    if (j >= ny) j = 0;
    if (k >= nz) k = 0;
    counts[(i * ny + j) * nz + k] += 1;
  }
}
