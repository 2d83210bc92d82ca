import { type Cell, cellHeights } from '../../core/cell.js';
import { MinimumImage } from '../../math/pbc.js';

/**
 * Gaussian assignment of cations to sites (SPEC 2.4): each cation weighs every site within
 * `radius` (minimum image) by f(d) = exp(−d²/2σ²), and the weights are normalised to sum
 * to 1 per cation and frame. A cation with no site within `radius` is unassigned.
 *
 * Weights are evaluated as exp(−(d² − d²_min)/2σ²), which normalises to the same numbers
 * but cannot underflow to 0/0 for a cation far from every site or a small σ². Terms below
 * e^(−50) ≈ 2·10⁻²² of the nearest site's weight (which is 1) are skipped: even thousands
 * of them change a normalised weight by less than 10⁻¹⁸.
 *
 * Search: a cell list over the sites (O(cations + sites) per frame, see SiteBins) when the
 * cell is at least 2·radius thick, so each site has at most one image within reach;
 * otherwise (small cells, where one site may have several images within reach) every
 * cation–site pair with its minimum image, exact and cheap there as such cells hold few sites.
 */
export class SiteAssigner {
  readonly radius: number;
  readonly sigma2: number;
  private readonly kind: Int8Array;
  private readonly d2: Float64Array;
  private readonly hitKind: Int8Array;
  private hits = 0;
  private cellKey = new Float64Array(9).fill(NaN);
  private mic: MinimumImage | undefined;
  private halfHeight2 = 0;
  private bins: SiteBins | undefined;

  /**
   * @param kindOfSite site kind index (0, 1, 2) per site
   * @param radius search radius (Å)
   * @param sigma2 σ² of the Gaussian (Å²)
   */
  constructor(kindOfSite: ArrayLike<number>, radius: number, sigma2: number) {
    this.kind = Int8Array.from(kindOfSite);
    this.radius = radius;
    this.sigma2 = sigma2;
    this.d2 = new Float64Array(Math.max(1, this.kind.length));
    this.hitKind = new Int8Array(Math.max(1, this.kind.length));
  }

  /**
   * Assign the cations of one frame. Adds each assigned cation's normalised weight per kind
   * into `out[kind]`, and returns the number of assigned cations.
   *
   * @param sites site positions (Å, 3 per site, wrapped or not)
   * @param positions all atom positions of the frame (Å, 3N)
   * @param cations atom indices of the cations
   */
  assign(sites: Float64Array, cell: Cell, positions: ArrayLike<number>, cations: ArrayLike<number>, out: Float64Array): number {
    this.prepareCell(cell);
    const bins = this.bins;
    bins?.fill(sites, cell);
    const r2 = this.radius * this.radius;
    const inv2s = 1 / (2 * this.sigma2);
    let assigned = 0;
    for (let c = 0; c < cations.length; c++) {
      const a = 3 * cations[c]!;
      const x = positions[a]!, y = positions[a + 1]!, z = positions[a + 2]!;
      this.hits = 0;
      if (bins) this.hits = bins.near(x, y, z, cell, r2, this.d2, this.hitKind);
      else this.bruteForce(sites, cell, x, y, z, r2);
      const h = this.hits;
      if (h === 0) continue;
      let min = Infinity;
      for (let k = 0; k < h; k++) if (this.d2[k]! < min) min = this.d2[k]!;
      let w0 = 0, w1 = 0, w2 = 0;
      for (let k = 0; k < h; k++) {
        const e = (this.d2[k]! - min) * inv2s;
        if (e > 50) continue;
        const w = Math.exp(-e);
        const t = this.hitKind[k]!;
        if (t === 0) w0 += w;
        else if (t === 1) w1 += w;
        else w2 += w;
      }
      const total = w0 + w1 + w2;
      out[0] = out[0]! + w0 / total;
      out[1] = out[1]! + w1 / total;
      out[2] = out[2]! + w2 / total;
      assigned++;
    }
    return assigned;
  }

  private bruteForce(sites: Float64Array, cell: Cell, x: number, y: number, z: number, r2: number): void {
    const m = cell.matrix, v = cell.inverse;
    const t = this.scratch;
    for (let s = 0, S = this.kind.length; s < S; s++) {
      let dx = sites[3 * s]! - x, dy = sites[3 * s + 1]! - y, dz = sites[3 * s + 2]! - z;
      const f0 = Math.round(dx * v[0]! + dy * v[3]! + dz * v[6]!);
      const f1 = Math.round(dx * v[1]! + dy * v[4]! + dz * v[7]!);
      const f2 = Math.round(dx * v[2]! + dy * v[5]! + dz * v[8]!);
      dx -= f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
      dy -= f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
      dz -= f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
      let d2 = dx * dx + dy * dy + dz * dz;
      // Rounding in the cell basis is the minimum image only below half the cell height.
      if (d2 > this.halfHeight2) {
        t[0] = dx; t[1] = dy; t[2] = dz;
        d2 = this.mic!.apply(t);
      }
      if (d2 < r2) {
        this.d2[this.hits] = d2;
        this.hitKind[this.hits++] = this.kind[s]!;
      }
    }
  }

  private readonly scratch = new Float64Array(3);

  private prepareCell(cell: Cell): void {
    const m = cell.matrix;
    let same = true;
    for (let i = 0; i < 9; i++) if (m[i] !== this.cellKey[i]) { same = false; break; }
    if (same) return;
    this.cellKey.set(m);
    const h = Math.min(...cellHeights(cell));
    this.halfHeight2 = (h / 2) * (h / 2);
    this.mic = new MinimumImage(cell);
    // Bins only where each site has at most one image within reach, and where they pay.
    this.bins = h >= 2 * this.radius && this.kind.length > 64 ? new SiteBins(cell, this.radius, this.kind) : undefined;
  }
}

/**
 * Cell list of the sites for one cell shape, refilled every frame without allocating.
 * Bins are at least `radius` thick along each cell height (n_k = ⌊h_k/radius⌋ ≥ 2), so the
 * sites within `radius` of a point lie in its bin or the 26 adjacent ones; each adjacent
 * bin is visited with the lattice translation that brings it next to the point's bin
 * (precomputed per cell), so pair vectors need no rounding. With h_min ≥ 2·radius at most
 * one image of a site is within reach, so visiting one bin twice (n_k = 2) finds no pair twice.
 */
class SiteBins {
  private readonly n: [number, number, number];
  /** 27 neighbour bins of each bin, and the Cartesian translation (Å) of each. */
  private readonly nbBin: Int32Array;
  private readonly nbT: Float64Array;
  private readonly start: Int32Array;
  private readonly fill0: Int32Array;
  private readonly binOf: Int32Array;
  /** Wrapped Cartesian coordinates and kinds of the sites, in bin order. */
  private readonly xyz: Float64Array;
  private readonly k: Int8Array;
  private readonly tmp: Float64Array;

  constructor(cell: Cell, radius: number, private readonly kind: Int8Array) {
    const h = cellHeights(cell);
    const n = h.map((x) => Math.max(1, Math.floor(x / radius))) as [number, number, number];
    this.n = n;
    const nb = n[0] * n[1] * n[2];
    const m = cell.matrix;
    this.nbBin = new Int32Array(27 * nb);
    this.nbT = new Float64Array(81 * nb);
    let t = 0;
    for (let a = 0; a < n[0]; a++) for (let b = 0; b < n[1]; b++) for (let c = 0; c < n[2]; c++) {
      for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (let l = -1; l <= 1; l++) {
        const s0 = Math.floor((a + i) / n[0]), s1 = Math.floor((b + j) / n[1]), s2 = Math.floor((c + l) / n[2]);
        this.nbBin[t] = ((a + i - s0 * n[0]) * n[1] + (b + j - s1 * n[1])) * n[2] + (c + l - s2 * n[2]);
        for (let x = 0; x < 3; x++) this.nbT[3 * t + x] = s0 * m[x]! + s1 * m[3 + x]! + s2 * m[6 + x]!;
        t++;
      }
    }
    const S = kind.length;
    this.start = new Int32Array(nb + 1);
    this.fill0 = new Int32Array(nb);
    this.binOf = new Int32Array(S);
    this.xyz = new Float64Array(3 * S);
    this.tmp = new Float64Array(3 * S);
    this.k = new Int8Array(S);
  }

  /** Bin the sites (Å, 3 per site, wrapped or not) of this frame. */
  fill(sites: Float64Array, cell: Cell): void {
    const m = cell.matrix, v = cell.inverse, [n0, n1, n2] = this.n;
    const S = this.kind.length, { start, binOf, xyz, k, fill0, tmp } = this;
    start.fill(0);
    for (let s = 0; s < S; s++) {
      const x = sites[3 * s]!, y = sites[3 * s + 1]!, z = sites[3 * s + 2]!;
      let f0 = x * v[0]! + y * v[3]! + z * v[6]!, f1 = x * v[1]! + y * v[4]! + z * v[7]!, f2 = x * v[2]! + y * v[5]! + z * v[8]!;
      f0 -= Math.floor(f0); f1 -= Math.floor(f1); f2 -= Math.floor(f2);
      tmp[3 * s] = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
      tmp[3 * s + 1] = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
      tmp[3 * s + 2] = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
      const b = (Math.min(n0 - 1, Math.floor(f0 * n0)) * n1 + Math.min(n1 - 1, Math.floor(f1 * n1))) * n2 + Math.min(n2 - 1, Math.floor(f2 * n2));
      binOf[s] = b;
      start[b + 1]!++;
    }
    for (let b = 0; b < fill0.length; b++) start[b + 1]! += start[b]!;
    fill0.set(start.subarray(0, fill0.length));
    for (let s = 0; s < S; s++) {
      const q = fill0[binOf[s]!]!++;
      xyz[3 * q] = tmp[3 * s]!; xyz[3 * q + 1] = tmp[3 * s + 1]!; xyz[3 * q + 2] = tmp[3 * s + 2]!;
      k[q] = this.kind[s]!;
    }
  }

  /** Sites within √r2 of (x, y, z): writes squared distances and kinds, returns how many. */
  near(x: number, y: number, z: number, cell: Cell, r2: number, d2out: Float64Array, kindOut: Int8Array): number {
    const m = cell.matrix, v = cell.inverse, [n0, n1, n2] = this.n;
    let g0 = x * v[0]! + y * v[3]! + z * v[6]!, g1 = x * v[1]! + y * v[4]! + z * v[7]!, g2 = x * v[2]! + y * v[5]! + z * v[8]!;
    g0 -= Math.floor(g0); g1 -= Math.floor(g1); g2 -= Math.floor(g2);
    const px = g0 * m[0]! + g1 * m[3]! + g2 * m[6]!, py = g0 * m[1]! + g1 * m[4]! + g2 * m[7]!, pz = g0 * m[2]! + g1 * m[5]! + g2 * m[8]!;
    const b = (Math.min(n0 - 1, Math.floor(g0 * n0)) * n1 + Math.min(n1 - 1, Math.floor(g1 * n1))) * n2 + Math.min(n2 - 1, Math.floor(g2 * n2));
    const { xyz, k, start, nbBin, nbT } = this;
    let hits = 0;
    for (let t = 27 * b, te = t + 27; t < te; t++) {
      const c = nbBin[t]!;
      const tx = nbT[3 * t]! - px, ty = nbT[3 * t + 1]! - py, tz = nbT[3 * t + 2]! - pz;
      for (let q = start[c]!, e = start[c + 1]!; q < e; q++) {
        const dx = xyz[3 * q]! + tx, dy = xyz[3 * q + 1]! + ty, dz = xyz[3 * q + 2]! + tz;
        const r = dx * dx + dy * dy + dz * dz;
        if (r < r2) { d2out[hits] = r; kindOut[hits++] = k[q]!; }
      }
    }
    return hits;
  }
}
