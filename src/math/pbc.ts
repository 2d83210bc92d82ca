import { type Cell, cellHeights, makeCell } from '../core/cell.js';

/**
 * Minimum-image displacements for any (triclinic) cell.
 *
 * Method: the cell is first reduced (Lagrange–Gauss/LLL-style pairwise reduction of the
 * lattice vectors, which leaves the lattice unchanged). A displacement is wrapped by rounding
 * its fractional coordinates in the reduced basis; when the result is longer than half the
 * shortest cell height it might not be the shortest image, and the 27 neighbouring images
 * are searched. In a reduced basis that search is exact, so the result is the shortest image
 * even for skewed cells or cells shorter than the distances involved.
 */
export class MinimumImage {
  readonly cell: Cell;
  /** Reduced basis spanning the same lattice. */
  readonly reduced: Cell;
  private readonly halfHeight2: number;
  private readonly orthogonal: boolean;

  constructor(cell: Cell) {
    this.cell = cell;
    this.reduced = reduceCell(cell);
    const h = Math.min(...cellHeights(this.reduced));
    this.halfHeight2 = (h / 2) * (h / 2);
    const m = this.reduced.matrix;
    this.orthogonal = m[1] === 0 && m[2] === 0 && m[3] === 0 && m[5] === 0 && m[6] === 0 && m[7] === 0;
  }

  /**
   * Replace the displacement (dx, dy, dz) stored at `d[o..o+2]` (Å) by its shortest periodic
   * image, in place. Returns the squared length (Å²).
   */
  apply(d: Float64Array, o = 0): number {
    const m = this.reduced.matrix;
    if (this.orthogonal) {
      const x = d[o]! - m[0]! * Math.round(d[o]! / m[0]!);
      const y = d[o + 1]! - m[4]! * Math.round(d[o + 1]! / m[4]!);
      const z = d[o + 2]! - m[8]! * Math.round(d[o + 2]! / m[8]!);
      d[o] = x; d[o + 1] = y; d[o + 2] = z;
      return x * x + y * y + z * z;
    }
    const v = this.reduced.inverse;
    const x0 = d[o]!, y0 = d[o + 1]!, z0 = d[o + 2]!;
    const f0 = Math.round(x0 * v[0]! + y0 * v[3]! + z0 * v[6]!);
    const f1 = Math.round(x0 * v[1]! + y0 * v[4]! + z0 * v[7]!);
    const f2 = Math.round(x0 * v[2]! + y0 * v[5]! + z0 * v[8]!);
    let x = x0 - f0 * m[0]! - f1 * m[3]! - f2 * m[6]!;
    let y = y0 - f0 * m[1]! - f1 * m[4]! - f2 * m[7]!;
    let z = z0 - f0 * m[2]! - f1 * m[5]! - f2 * m[8]!;
    let best = x * x + y * y + z * z;
    if (best > this.halfHeight2) {
      let bx = x, by = y, bz = z;
      for (let i = -1; i <= 1; i++) {
        for (let j = -1; j <= 1; j++) {
          for (let k = -1; k <= 1; k++) {
            if (i === 0 && j === 0 && k === 0) continue;
            const cx = x + i * m[0]! + j * m[3]! + k * m[6]!;
            const cy = y + i * m[1]! + j * m[4]! + k * m[7]!;
            const cz = z + i * m[2]! + j * m[5]! + k * m[8]!;
            const r2 = cx * cx + cy * cy + cz * cz;
            if (r2 < best) { best = r2; bx = cx; by = cy; bz = cz; }
          }
        }
      }
      x = bx; y = by; z = bz;
    }
    d[o] = x; d[o + 1] = y; d[o + 2] = z;
    return best;
  }

  /** Shortest-image distance (Å) between points p[3i..] and q[3j..]. */
  distance(p: ArrayLike<number>, i: number, q: ArrayLike<number>, j: number): number {
    const d = new Float64Array([q[3 * j]! - p[3 * i]!, q[3 * j + 1]! - p[3 * i + 1]!, q[3 * j + 2]! - p[3 * i + 2]!]);
    return Math.sqrt(this.apply(d));
  }
}

/**
 * Reduce a lattice basis (vectors as rows) by repeated pairwise Gauss reduction and sorting
 * by length, until no vector can be shortened by adding or subtracting another. The lattice
 * (the set of all integer combinations) is unchanged, so periodic images are the same.
 * Orthogonal cells are returned unchanged.
 */
export function reduceCell(cell: Cell): Cell {
  const v = [0, 1, 2].map((i) => [cell.matrix[3 * i]!, cell.matrix[3 * i + 1]!, cell.matrix[3 * i + 2]!]);
  const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
  let changed = true;
  for (let iter = 0; changed && iter < 100; iter++) {
    changed = false;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (i === j) continue;
        const n = Math.round(dot(v[i]!, v[j]!) / dot(v[j]!, v[j]!));
        if (n !== 0) {
          const cand = v[i]!.map((x, k) => x - n * v[j]![k]!);
          if (dot(cand, cand) < dot(v[i]!, v[i]!) * (1 - 1e-12)) {
            v[i] = cand;
            changed = true;
          }
        }
      }
    }
    // Also try the combinations a±b±c, which pairwise steps miss in 3-D.
    for (let i = 0; i < 3; i++) {
      const [j, k] = [(i + 1) % 3, (i + 2) % 3];
      for (const sj of [-1, 1]) {
        for (const sk of [-1, 1]) {
          const cand = v[i]!.map((x, c) => x + sj * v[j]![c]! + sk * v[k]![c]!);
          if (dot(cand, cand) < dot(v[i]!, v[i]!) * (1 - 1e-12)) {
            v[i] = cand;
            changed = true;
          }
        }
      }
    }
  }
  const flat = v.flat();
  // Keep the original handedness so fractional conventions stay intuitive.
  const same = flat.every((x, i) => x === cell.matrix[i]);
  return same ? cell : makeCell(flat);
}

/** Wrap a fractional coordinate into [0, 1). */
export function wrapFraction(x: number): number {
  const w = x - Math.floor(x);
  return w >= 1 ? 0 : w;
}

/**
 * Frame-to-frame unwrapping (Bullerjahn, von Bülow & Hummer, J. Chem. Phys. 2023's scheme
 * for NPT): the unwrapped step of each atom is the wrapped Cartesian step minus the lattice
 * translation that rounds it in the *current* cell's fractional coordinates,
 *   Δu = Δw − round(Δw·M⁻¹)·M,   u(t+1) = u(t) + Δu.
 * For a fixed cell this is the fractional minimum image of the displacement. Works whether
 * the input is wrapped or already unwrapped.
 *
 * Returns the largest step length |Δu| (Å) of this update and the index of that atom, so a
 * caller can flag steps that exceed a fraction of the cell height (the unwrapping may then
 * be wrong).
 */
export function unwrapStep(
  unwrapped: Float64Array,
  prevWrapped: ArrayLike<number>,
  currWrapped: ArrayLike<number>,
  cell: Cell,
): { maxStep: number; atom: number } {
  const m = cell.matrix, v = cell.inverse;
  let maxStep2 = 0, atom = -1;
  for (let i = 0; i < currWrapped.length; i += 3) {
    const dx = currWrapped[i]! - prevWrapped[i]!;
    const dy = currWrapped[i + 1]! - prevWrapped[i + 1]!;
    const dz = currWrapped[i + 2]! - prevWrapped[i + 2]!;
    const n0 = Math.round(dx * v[0]! + dy * v[3]! + dz * v[6]!);
    const n1 = Math.round(dx * v[1]! + dy * v[4]! + dz * v[7]!);
    const n2 = Math.round(dx * v[2]! + dy * v[5]! + dz * v[8]!);
    const ux = dx - n0 * m[0]! - n1 * m[3]! - n2 * m[6]!;
    const uy = dy - n0 * m[1]! - n1 * m[4]! - n2 * m[7]!;
    const uz = dz - n0 * m[2]! - n1 * m[5]! - n2 * m[8]!;
    unwrapped[i] = unwrapped[i]! + ux;
    unwrapped[i + 1] = unwrapped[i + 1]! + uy;
    unwrapped[i + 2] = unwrapped[i + 2]! + uz;
    const s2 = ux * ux + uy * uy + uz * uz;
    if (s2 > maxStep2) { maxStep2 = s2; atom = i / 3; }
  }
  return { maxStep: Math.sqrt(maxStep2), atom };
}

/** Wrap Cartesian positions (3N, Å) into the cell, fractional coordinates in [0, 1). Returns a new array. */
export function wrapPositions(cell: Cell, positions: ArrayLike<number>): Float64Array {
  const m = cell.matrix, v = cell.inverse;
  const out = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i]!, y = positions[i + 1]!, z = positions[i + 2]!;
    const f0 = wrapFraction(x * v[0]! + y * v[3]! + z * v[6]!);
    const f1 = wrapFraction(x * v[1]! + y * v[4]! + z * v[7]!);
    const f2 = wrapFraction(x * v[2]! + y * v[5]! + z * v[8]!);
    out[i] = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
    out[i + 1] = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
    out[i + 2] = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
  }
  return out;
}
