import { type Cell, cellHeights } from '../core/cell.js';

/**
 * Called once per neighbour pair: atoms `i` and `j` (indices into the caller's positions)
 * with the lattice shift (s0, s1, s2) such that the pair vector is
 *   d = r_j + s0·a + s1·b + s2·c − r_i   (Å, r as given by the caller, wrapped or not),
 * its components (dx, dy, dz) and its squared length d2 (Å²).
 */
export type PairCallback = (i: number, j: number, s0: number, s1: number, s2: number, dx: number, dy: number, dz: number, d2: number) => void;

/**
 * Cell-list (linked-cell) neighbour search under periodic boundaries, O(N) for a fixed
 * density, exact for any triclinic cell and any cutoff, including a cutoff longer than the
 * cell: every periodic image within the cutoff is found, so one atom may meet several images
 * of another, or images of itself.
 *
 * Method: fractional coordinates are wrapped into [0, 1) and binned into n_k = ⌊h_k/r_c⌋ bins
 * along each lattice vector (h_k = perpendicular cell height). A bin is then at least r_c
 * thick, and a point within r_c of another differs by at most r_c/h_k in fractional
 * coordinate k, so searching ⌈n_k r_c/h_k⌉ bins either side (1 in the usual case, more when
 * the cell is thinner than r_c) is exhaustive. Each offset maps to one (bin, image shift)
 * pair, so no pair is reported twice.
 */
export class NeighbourGrid {
  readonly cell: Cell;
  readonly cutoff: number;
  /** Number of points in the grid. */
  readonly count: number;
  /** Bins along a, b, c. */
  readonly bins: [number, number, number];
  private readonly reach: [number, number, number];
  /** Caller's index of each stored point, in bin order. */
  private readonly ids: Int32Array;
  /** Wrapped Cartesian coordinates in bin order (3 per point). */
  private readonly xyz: Float64Array;
  /** Integer lattice shift that wrapped each point (3 per point, bin order): r_wrapped = r − w·M. */
  private readonly wrap: Int32Array;
  /** First point of each bin in bin order; length nBins + 1. */
  private readonly start: Int32Array;
  /** Bin of each stored point (bin order). */
  private readonly binOf: Int32Array;

  /**
   * @param cell periodic cell (rows a, b, c; Å)
   * @param positions Cartesian positions, 3N flat (Å), wrapped or not
   * @param cutoff search radius (Å), > 0
   * @param subset caller indices to store (default: all N points)
   */
  constructor(cell: Cell, positions: ArrayLike<number>, cutoff: number, subset?: ArrayLike<number>) {
    if (!(cutoff > 0 && Number.isFinite(cutoff))) throw new RangeError(`neighbour cutoff must be positive, got ${cutoff}`);
    this.cell = cell;
    this.cutoff = cutoff;
    const n = subset ? subset.length : positions.length / 3;
    this.count = n;
    const h = cellHeights(cell);
    // Cap the bin count near the point count: empty bins cost time but add nothing, and
    // fewer, thicker bins stay exact.
    const nb: [number, number, number] = [0, 1, 2].map((k) => Math.max(1, Math.floor(h[k]! / cutoff))) as [number, number, number];
    const maxBins = Math.max(8, 2 * n);
    while (nb[0] * nb[1] * nb[2] > maxBins) {
      const k = nb[0] >= nb[1] && nb[0] >= nb[2] ? 0 : nb[1] >= nb[2] ? 1 : 2;
      nb[k] = Math.max(1, Math.floor(nb[k] / 2));
    }
    this.bins = nb;
    this.reach = [0, 1, 2].map((k) => Math.max(1, Math.ceil((nb[k]! * cutoff) / h[k]! - 1e-12))) as [number, number, number];

    const m = cell.matrix, v = cell.inverse;
    const nBins = nb[0] * nb[1] * nb[2];
    const bin = new Int32Array(n);
    const fx = new Float64Array(3 * n);
    const wi = new Int32Array(3 * n);
    for (let p = 0; p < n; p++) {
      const id = subset ? subset[p]! : p;
      const x = positions[3 * id]!, y = positions[3 * id + 1]!, z = positions[3 * id + 2]!;
      let b = 0;
      for (let k = 0; k < 3; k++) {
        const f = x * v[k]! + y * v[3 + k]! + z * v[6 + k]!;
        if (!Number.isFinite(f)) throw new RangeError(`position of point ${id} is not finite`);
        const w = Math.floor(f);
        let g = f - w;
        if (g >= 1) g = 0;
        fx[3 * p + k] = g;
        wi[3 * p + k] = w;
        b = b * nb[k]! + Math.min(nb[k]! - 1, Math.floor(g * nb[k]!));
      }
      bin[p] = b;
    }
    // Counting sort by bin keeps each bin's points contiguous (cache-friendly inner loops).
    const start = new Int32Array(nBins + 1);
    for (let p = 0; p < n; p++) start[bin[p]! + 1]!++;
    for (let b = 0; b < nBins; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, nBins);
    this.ids = new Int32Array(n);
    this.xyz = new Float64Array(3 * n);
    this.wrap = new Int32Array(3 * n);
    this.binOf = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      const q = fill[bin[p]!]!++;
      this.ids[q] = subset ? subset[p]! : p;
      this.binOf[q] = bin[p]!;
      const f0 = fx[3 * p]!, f1 = fx[3 * p + 1]!, f2 = fx[3 * p + 2]!;
      this.xyz[3 * q] = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
      this.xyz[3 * q + 1] = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
      this.xyz[3 * q + 2] = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
      this.wrap[3 * q] = wi[3 * p]!;
      this.wrap[3 * q + 1] = wi[3 * p + 1]!;
      this.wrap[3 * q + 2] = wi[3 * p + 2]!;
    }
    this.start = start;
  }

  /**
   * Visit every unordered pair of stored points closer than `cutoff` (default: the grid's
   * cutoff; must not exceed it), once each, with i < j — or i = j for a point and its own
   * periodic image (then the shift is the lexicographically positive one of ±s).
   */
  forEachPair(cb: PairCallback, cutoff = this.cutoff): void {
    if (cutoff > this.cutoff * (1 + 1e-12)) throw new RangeError(`pair cutoff ${cutoff} exceeds the grid cutoff ${this.cutoff}`);
    const rc2 = cutoff * cutoff;
    const [n0, n1, n2] = this.bins;
    const [k0, k1, k2] = this.reach;
    const m = this.cell.matrix;
    const { ids, xyz, wrap, start } = this;
    for (let b0 = 0; b0 < n0; b0++) for (let b1 = 0; b1 < n1; b1++) for (let b2 = 0; b2 < n2; b2++) {
      const b = (b0 * n1 + b1) * n2 + b2;
      const p0 = start[b]!, p1 = start[b + 1]!;
      if (p0 === p1) continue;
      for (let o0 = -k0; o0 <= k0; o0++) {
        const c0 = b0 + o0, s0 = Math.floor(c0 / n0), q0 = c0 - s0 * n0;
        for (let o1 = -k1; o1 <= k1; o1++) {
          const c1 = b1 + o1, s1 = Math.floor(c1 / n1), q1 = c1 - s1 * n1;
          for (let o2 = -k2; o2 <= k2; o2++) {
            const c2 = b2 + o2, s2 = Math.floor(c2 / n2), q2 = c2 - s2 * n2;
            const c = (q0 * n1 + q1) * n2 + q2;
            const r0 = start[c]!, r1 = start[c + 1]!;
            if (r0 === r1) continue;
            const zeroShift = s0 === 0 && s1 === 0 && s2 === 0;
            const positive = s0 > 0 || (s0 === 0 && (s1 > 0 || (s1 === 0 && s2 > 0)));
            const tx = s0 * m[0]! + s1 * m[3]! + s2 * m[6]!;
            const ty = s0 * m[1]! + s1 * m[4]! + s2 * m[7]!;
            const tz = s0 * m[2]! + s1 * m[5]! + s2 * m[8]!;
            for (let p = p0; p < p1; p++) {
              const i = ids[p]!;
              const xi = xyz[3 * p]! - tx, yi = xyz[3 * p + 1]! - ty, zi = xyz[3 * p + 2]! - tz;
              for (let q = r0; q < r1; q++) {
                const j = ids[q]!;
                if (j < i || (j === i && (zeroShift || !positive))) continue;
                const dx = xyz[3 * q]! - xi, dy = xyz[3 * q + 1]! - yi, dz = xyz[3 * q + 2]! - zi;
                const d2 = dx * dx + dy * dy + dz * dz;
                if (d2 >= rc2) continue;
                // Back to the caller's (possibly unwrapped) coordinates: S = s − w_j + w_i.
                cb(i, j,
                  s0 - wrap[3 * q]! + wrap[3 * p]!,
                  s1 - wrap[3 * q + 1]! + wrap[3 * p + 1]!,
                  s2 - wrap[3 * q + 2]! + wrap[3 * p + 2]!,
                  dx, dy, dz, d2);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Visit every stored point (every periodic image of it) within `cutoff` (≤ the grid's) of
   * the Cartesian point (x, y, z). The callback gets the caller's index j, the shift s with
   * d = r_j + s·M − (x, y, z), the vector d and its squared length.
   */
  forEachNear(x: number, y: number, z: number, cb: (j: number, s0: number, s1: number, s2: number, dx: number, dy: number, dz: number, d2: number) => void, cutoff = this.cutoff): void {
    if (cutoff > this.cutoff * (1 + 1e-12)) throw new RangeError(`query cutoff ${cutoff} exceeds the grid cutoff ${this.cutoff}`);
    const rc2 = cutoff * cutoff;
    const m = this.cell.matrix, v = this.cell.inverse;
    const [n0, n1, n2] = this.bins;
    const [k0, k1, k2] = this.reach;
    const f = [0, 1, 2].map((k) => x * v[k]! + y * v[3 + k]! + z * v[6 + k]!);
    const w = f.map(Math.floor);
    const g = f.map((t, k) => Math.min(1 - Number.EPSILON, t - w[k]!));
    const b0 = Math.min(n0 - 1, Math.floor(g[0]! * n0)), b1 = Math.min(n1 - 1, Math.floor(g[1]! * n1)), b2 = Math.min(n2 - 1, Math.floor(g[2]! * n2));
    // The query point, wrapped like the stored points.
    const px = x - w[0]! * m[0]! - w[1]! * m[3]! - w[2]! * m[6]!;
    const py = y - w[0]! * m[1]! - w[1]! * m[4]! - w[2]! * m[7]!;
    const pz = z - w[0]! * m[2]! - w[1]! * m[5]! - w[2]! * m[8]!;
    const { ids, xyz, wrap, start } = this;
    for (let o0 = -k0; o0 <= k0; o0++) {
      const c0 = b0 + o0, s0 = Math.floor(c0 / n0), q0 = c0 - s0 * n0;
      for (let o1 = -k1; o1 <= k1; o1++) {
        const c1 = b1 + o1, s1 = Math.floor(c1 / n1), q1 = c1 - s1 * n1;
        for (let o2 = -k2; o2 <= k2; o2++) {
          const c2 = b2 + o2, s2 = Math.floor(c2 / n2), q2 = c2 - s2 * n2;
          const c = (q0 * n1 + q1) * n2 + q2;
          const tx = s0 * m[0]! + s1 * m[3]! + s2 * m[6]! - px;
          const ty = s0 * m[1]! + s1 * m[4]! + s2 * m[7]! - py;
          const tz = s0 * m[2]! + s1 * m[5]! + s2 * m[8]! - pz;
          for (let q = start[c]!, e = start[c + 1]!; q < e; q++) {
            const dx = xyz[3 * q]! + tx, dy = xyz[3 * q + 1]! + ty, dz = xyz[3 * q + 2]! + tz;
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 >= rc2) continue;
            cb(ids[q]!, s0 - wrap[3 * q]! + w[0]!, s1 - wrap[3 * q + 1]! + w[1]!, s2 - wrap[3 * q + 2]! + w[2]!, dx, dy, dz, d2);
          }
        }
      }
    }
  }
}
