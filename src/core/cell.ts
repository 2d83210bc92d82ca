/**
 * Periodic cell. `matrix` holds the lattice vectors as rows, in Å:
 * `[ax, ay, az, bx, by, bz, cx, cy, cz]`. A Cartesian position is r = f·M
 * (row vector of fractional coordinates times the matrix), so r = f₀a + f₁b + f₂c, and
 * f = r·M⁻¹. Triclinic cells are the general case; the volume is |det M|, never a product
 * of diagonal elements.
 */
export interface Cell {
  /** Lattice vectors a, b, c as rows (Å), length 9. */
  readonly matrix: Float64Array;
  /** Inverse of `matrix` (1/Å), length 9, so that f = r·inverse. */
  readonly inverse: Float64Array;
  /** |det matrix| (Å³). */
  readonly volume: number;
}

/** Lattice parameters: lengths in Å, angles in degrees (alpha = ∠(b,c), beta = ∠(a,c), gamma = ∠(a,b)). */
export interface CellParameters {
  a: number;
  b: number;
  c: number;
  alpha: number;
  beta: number;
  gamma: number;
  volume: number;
}

/** Determinant of a 3×3 row-major matrix. */
export function det3(m: ArrayLike<number>): number {
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

/** Inverse of a 3×3 row-major matrix; throws on a singular matrix. */
export function inv3(m: ArrayLike<number>): Float64Array {
  const d = det3(m);
  if (!Number.isFinite(d) || d === 0) throw new RangeError('singular 3×3 matrix');
  const r = new Float64Array(9);
  r[0] = (m[4]! * m[8]! - m[5]! * m[7]!) / d;
  r[1] = (m[2]! * m[7]! - m[1]! * m[8]!) / d;
  r[2] = (m[1]! * m[5]! - m[2]! * m[4]!) / d;
  r[3] = (m[5]! * m[6]! - m[3]! * m[8]!) / d;
  r[4] = (m[0]! * m[8]! - m[2]! * m[6]!) / d;
  r[5] = (m[2]! * m[3]! - m[0]! * m[5]!) / d;
  r[6] = (m[3]! * m[7]! - m[4]! * m[6]!) / d;
  r[7] = (m[1]! * m[6]! - m[0]! * m[7]!) / d;
  r[8] = (m[0]! * m[4]! - m[1]! * m[3]!) / d;
  return r;
}

/**
 * Make a cell from lattice vectors as rows (Å). Throws RangeError when the vectors are
 * degenerate (zero volume) or not finite; readers turn that into a ParseError with a line.
 */
export function makeCell(rows: ArrayLike<number>): Cell {
  if (rows.length !== 9) throw new RangeError('a cell needs 9 numbers');
  const matrix = Float64Array.from(rows as ArrayLike<number>);
  for (const x of matrix) if (!Number.isFinite(x)) throw new RangeError('cell vector is not finite');
  const volume = Math.abs(det3(matrix));
  if (!(volume > 1e-12)) throw new RangeError('cell vectors are degenerate (zero volume)');
  return { matrix, inverse: inv3(matrix), volume };
}

/** Orthorhombic cell with edge lengths a, b, c (Å). */
export function orthorhombicCell(a: number, b: number, c: number): Cell {
  return makeCell([a, 0, 0, 0, b, 0, 0, 0, c]);
}

/**
 * Cell from lengths (Å) and angles (degrees), in the standard orientation (a along x,
 * b in the xy plane), as ASE's `cellpar_to_cell` and VASP/LAMMPS conventions do.
 */
export function cellFromParameters(a: number, b: number, c: number, alpha: number, beta: number, gamma: number): Cell {
  const d = Math.PI / 180;
  const ca = cosDeg(alpha), cb = cosDeg(beta), cg = cosDeg(gamma);
  const sg = Math.sin(gamma * d);
  const cx = c * cb;
  const cy = (c * (ca - cb * cg)) / sg;
  const cz2 = c * c - cx * cx - cy * cy;
  if (!(cz2 > 0)) throw new RangeError('cell angles are inconsistent');
  return makeCell([a, 0, 0, b * cg, b * sg, 0, cx, cy, Math.sqrt(cz2)]);
}

// cos of exactly 90° must be 0, not 6e-17, so orthogonal cells stay exactly orthogonal.
function cosDeg(x: number): number {
  if (x === 90) return 0;
  if (x === 60) return 0.5;
  if (x === 120) return -0.5;
  return Math.cos((x * Math.PI) / 180);
}

/** Lengths (Å), angles (degrees) and volume (Å³) of a cell. */
export function cellParameters(cell: Cell): CellParameters {
  const m = cell.matrix;
  const la = Math.hypot(m[0]!, m[1]!, m[2]!);
  const lb = Math.hypot(m[3]!, m[4]!, m[5]!);
  const lc = Math.hypot(m[6]!, m[7]!, m[8]!);
  const ang = (i: number, j: number, li: number, lj: number) => {
    const dot = m[i]! * m[j]! + m[i + 1]! * m[j + 1]! + m[i + 2]! * m[j + 2]!;
    return (Math.acos(Math.max(-1, Math.min(1, dot / (li * lj)))) * 180) / Math.PI;
  };
  return { a: la, b: lb, c: lc, alpha: ang(3, 6, lb, lc), beta: ang(0, 6, la, lc), gamma: ang(0, 3, la, lb), volume: cell.volume };
}

/**
 * Perpendicular heights of the cell (Å): distance between opposite faces, h_i = V/|b×c| etc.
 * The shortest height bounds the largest sphere that fits in the cell (minimum-image radius = h_min/2).
 */
export function cellHeights(cell: Cell): [number, number, number] {
  const inv = cell.inverse;
  // The rows of M⁻ᵀ (columns of M⁻¹) are the reciprocal vectors; h_i = 1/|reciprocal_i|.
  const h = (j: number) => 1 / Math.hypot(inv[j]!, inv[3 + j]!, inv[6 + j]!);
  return [h(0), h(1), h(2)];
}

/** Fractional → Cartesian for a flat array of 3N coordinates (Å). Writes into `out` (may alias `frac`). */
export function fracToCart(cell: Cell, frac: ArrayLike<number>, out: Float64Array = new Float64Array(frac.length)): Float64Array {
  const m = cell.matrix;
  for (let i = 0; i < frac.length; i += 3) {
    const f0 = frac[i]!, f1 = frac[i + 1]!, f2 = frac[i + 2]!;
    out[i] = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
    out[i + 1] = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
    out[i + 2] = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
  }
  return out;
}

/** Cartesian (Å) → fractional for a flat array of 3N coordinates. Writes into `out` (may alias `cart`). */
export function cartToFrac(cell: Cell, cart: ArrayLike<number>, out: Float64Array = new Float64Array(cart.length)): Float64Array {
  const m = cell.inverse;
  for (let i = 0; i < cart.length; i += 3) {
    const x = cart[i]!, y = cart[i + 1]!, z = cart[i + 2]!;
    out[i] = x * m[0]! + y * m[3]! + z * m[6]!;
    out[i + 1] = x * m[1]! + y * m[4]! + z * m[7]!;
    out[i + 2] = x * m[2]! + y * m[5]! + z * m[8]!;
  }
  return out;
}

/** True when two cells have the same matrix to within `tol` Å per element. */
export function sameCell(a: Cell, b: Cell, tol = 1e-9): boolean {
  for (let i = 0; i < 9; i++) if (Math.abs(a.matrix[i]! - b.matrix[i]!) > tol) return false;
  return true;
}
