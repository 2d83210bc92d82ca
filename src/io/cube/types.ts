/**
 * Volumetric data on a grid with atoms, in internal units (Å), as a Gaussian cube file holds
 * it. The file stores lengths in Bohr (or Å when the grid counts are negative); writer and
 * reader convert, so this model is always in Å.
 */
export interface CubeData {
  /** The two free-text comment lines (without newlines). */
  comments: [string, string];
  /** Position of grid point (0, 0, 0) (Å). */
  origin: [number, number, number];
  /** Grid points along the three voxel vectors. */
  shape: [number, number, number];
  /** Voxel vectors as rows (Å), 9 numbers: grid point (i, j, k) sits at origin + i·v₁ + j·v₂ + k·v₃. */
  axes: Float64Array;
  atoms: CubeAtom[];
  /**
   * Values, one per grid point (times `valuesPerPoint`), first axis outermost, third innermost:
   * values[(i·n₂ + j)·n₃ + k]. The unit is whatever the comments say (paddlewheel: Å⁻³).
   */
  values: Float64Array;
  /** Values per grid point (1 except for multi-orbital files with a negative atom count). */
  valuesPerPoint?: number;
}

/** One atom line: atomic number (0 for a dummy), charge, position (Å). */
export interface CubeAtom {
  z: number;
  charge: number;
  position: [number, number, number];
}
