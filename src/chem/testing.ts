import { type Cell, cartToFrac, fracToCart, makeCell } from '../core/cell.js';
import { MinimumImage } from '../math/pbc.js';
import type { Rng } from '../math/rng.js';
import { idealB12H12, randomRotation } from './icosahedron.js';

/**
 * Generated closo-borate cells for tests (quick, geometric; the structure builders of
 * src/sim are the real thing). Atom order as in the QE runs: all B (12 per anion, anion by
 * anion), then all H (same order), then the cations.
 */
export interface GeneratedCell {
  symbols: string[];
  /** Cartesian positions (Å), 3N, wrapped into the cell. */
  positions: Float64Array;
  cell: Cell;
  /** Anion centres (Å), 3 per anion. */
  centres: Float64Array;
  /** Orientation of each anion, row-major 3×3. */
  rotations: Float64Array[];
}

/**
 * β-Li2B12H12-like cell: ideal B12H12 at the fcc sites of lattice parameter `a` (Å, default
 * 10.05) in the √2×√2×1 supercell (a+b, −a+b, c: 8 anions, 208 atoms with 16 Li) or the
 * primitive cell (1 anion, 2 Li on tetrahedral sites, 26 atoms); random orientations
 * (redrawn until no two H of different anions are closer than `minHH`, default 1.8 Å);
 * Li on the trigonal sites farthest from any H (supercell) or on the two tetrahedral sites
 * (primitive).
 */
export function li2b12h12Cell(rng: Rng, options: { a?: number; primitive?: boolean; minHH?: number } = {}): GeneratedCell {
  const a = options.a ?? 10.05;
  const minHH = options.minHH ?? 1.8;
  const cell = options.primitive
    ? makeCell([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0])
    : makeCell([a, a, 0, -a, a, 0, 0, 0, a]);
  const centres = fccPoints(cell, a);
  const nA = centres.length / 3;
  const mic = new MinimumImage(cell);
  const rotations: Float64Array[] = [];
  const B = new Float64Array(36 * nA), H = new Float64Array(36 * nA);
  for (let k = 0; k < nA; k++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1000) throw new RangeError('cannot place the anions without H–H clashes');
      const R = randomRotation(rng);
      const ion = idealB12H12(centres.subarray(3 * k, 3 * k + 3), R);
      // Own images count too: in the primitive cell an anion meets itself at a/√2.
      const ownOk = !hasClash(mic, ion.positions.subarray(36), ion.positions.subarray(36), minHH, true);
      if (ownOk && !hasClash(mic, ion.positions.subarray(36), H.subarray(0, 36 * k), minHH, false)) {
        rotations.push(R);
        B.set(ion.positions.subarray(0, 36), 36 * k);
        H.set(ion.positions.subarray(36), 36 * k);
        break;
      }
    }
  }
  const li = options.primitive
    ? fracToCart(cell, cartToFrac(cell, Float64Array.from([a / 4, a / 4, a / 4, (3 * a) / 4, (3 * a) / 4, (3 * a) / 4])))
    : trigonalLi(cell, centres, H, mic, 2 * nA, a);
  const positions = new Float64Array([...B, ...H, ...li]);
  wrapInPlace(cell, positions);
  const symbols = [...Array<string>(12 * nA).fill('B'), ...Array<string>(12 * nA).fill('H'), ...Array<string>(li.length / 3).fill('Li')];
  return { symbols, positions, cell, centres, rotations };
}

function fccPoints(cell: Cell, a: number): Float64Array {
  const seen = new Set<string>();
  const out: number[] = [];
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) for (let k = -2; k <= 2; k++) for (const b of basis) {
    const p = [(i + b[0]!) * a, (j + b[1]!) * a, (k + b[2]!) * a];
    const f = cartToFrac(cell, p).map((x) => { const w = x - Math.floor(x + 1e-9); return Math.abs(w) < 1e-9 ? 0 : w; });
    const key = Array.from(f, (x) => x.toFixed(6)).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...fracToCart(cell, f));
  }
  return Float64Array.from(out);
}

function hasClash(mic: MinimumImage, p: Float64Array, q: Float64Array, minD: number, self: boolean): boolean {
  const d = new Float64Array(3);
  for (let i = 0; i < p.length; i += 3) for (let j = 0; j < q.length; j += 3) {
    d[0] = q[j]! - p[i]!; d[1] = q[j + 1]! - p[i + 1]!; d[2] = q[j + 2]! - p[i + 2]!;
    // Within one anion H–H ≥ 3 Å, so a shorter minimum image is a clash with an image of it.
    if (self && i === j) continue;
    if (mic.apply(d) < minD * minD) return true;
  }
  return false;
}

/** `count` trigonal sites (centroids of nearest-neighbour anion triangles), farthest from H first, ≥ 3 Å apart. */
function trigonalLi(cell: Cell, centres: Float64Array, H: Float64Array, mic: MinimumImage, count: number, a: number): Float64Array {
  const nA = centres.length / 3;
  const nn = a / Math.SQRT2;
  const m = cell.matrix;
  const sites: { p: number[]; score: number }[] = [];
  const d = new Float64Array(3);
  const img = (k: number, s: number[]) => [0, 1, 2].map((c) => centres[3 * k + c]! + s[0]! * m[c]! + s[1]! * m[3 + c]! + s[2]! * m[6 + c]!);
  const shifts: number[][] = [];
  for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (let k = -1; k <= 1; k++) shifts.push([i, j, k]);
  const near = (p: number[], q: number[]) => Math.abs(Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!) - nn) < 1e-6;
  for (let k = 0; k < nA; k++) {
    const p0 = img(k, [0, 0, 0]);
    const nbrs: number[][] = [];
    for (let l = 0; l < nA; l++) for (const s of shifts) { const q = img(l, s); if (near(p0, q)) nbrs.push(q); }
    for (let u = 0; u < nbrs.length; u++) for (let v = u + 1; v < nbrs.length; v++) {
      if (!near(nbrs[u]!, nbrs[v]!)) continue;
      const c = [0, 1, 2].map((x) => (p0[x]! + nbrs[u]![x]! + nbrs[v]![x]!) / 3);
      let minH = Infinity;
      for (let h = 0; h < H.length; h += 3) {
        d[0] = H[h]! - c[0]!; d[1] = H[h + 1]! - c[1]!; d[2] = H[h + 2]! - c[2]!;
        minH = Math.min(minH, Math.sqrt(mic.apply(d)));
      }
      sites.push({ p: c, score: minH });
    }
  }
  sites.sort((x, y) => y.score - x.score);
  const chosen: number[][] = [];
  for (const s of sites) {
    if (chosen.length === count) break;
    const ok = chosen.every((c) => { d[0] = c[0]! - s.p[0]!; d[1] = c[1]! - s.p[1]!; d[2] = c[2]! - s.p[2]!; return mic.apply(d) > 9; });
    if (ok) chosen.push(s.p);
  }
  if (chosen.length < count) throw new RangeError(`only ${chosen.length} trigonal sites are free for ${count} Li`);
  return Float64Array.from(chosen.flat());
}

/** Wrap Cartesian positions into the cell in place. */
export function wrapInPlace(cell: Cell, positions: Float64Array): void {
  const f = cartToFrac(cell, positions);
  for (let i = 0; i < f.length; i++) f[i] = f[i]! - Math.floor(f[i]!);
  fracToCart(cell, f, positions);
}
