/**
 * Seeded, cheap and physically plausible Li2B12H12 motion for the scale benchmark.
 *
 * The start is the builder's 208-atom study cell (`paddlewheel build --cation Li --lattice fcc
 * --a 10.05 --supercell paper`: 8 ideal B12H12 on fcc, 16 Li on tetrahedral sites), optionally
 * repeated n₁×n₂×n₃ times for the memory test. Then, every frame of `dtFs` femtoseconds:
 * - each anion centre rattles (Ornstein–Uhlenbeck, σ 0.10 Å per component, τ 0.1 ps) and the
 *   icosahedron turns rigidly with an OU angular velocity (σ 1.25 rad/ps per axis, √(kT/I) at
 *   600 K for I = 317 amu Å²; τ 0.05 ps), so it reorients within a few ps;
 * - every B and H vibrates about its rigid-body place (OU, σ 0.03 Å, τ 0.02 ps): B–H stays
 *   1.20 ± 0.1 Å, so the molecules are found in every frame;
 * - each Li vibrates about its site (OU, σ 0.20 Å, τ 0.03 ps) and hops at rate `HOP_RATE` to
 *   a free tetrahedral or trigonal site within 3.4 Å, moving there linearly over 0.1 ps:
 *   tetrahedral ↔ its 4 faces (1.45 Å), faces of one tetrahedron (2.37 Å) and faces of one
 *   octahedral void (3.35 Å; without these each Li would stay in its tetrahedron). On the
 *   35,000 frames `paddlewheel msd` gives D = 5.6e-6 ± 1.4e-6 cm²/s.
 * Positions are written wrapped into the cell, atom by atom, as most engines write them.
 * State is O(atoms); frames are produced one at a time (never the whole trajectory).
 */
import { buildStructure } from '../src/sim/build/build.js';
import { cliqueSites } from '../src/sim/build/sites.js';
import { SITE_CUTOFF_FACTOR } from '../src/analysis/templates/lattice.js';
import { type Cell, cartToFrac, fracToCart, inv3, makeCell } from '../src/core/cell.js';
import type { Frame } from '../src/core/frame.js';
import { type Topology, topologyFromSymbols } from '../src/core/topology.js';
import { type Rng, createRng } from '../src/math/rng.js';

/** Lattice parameter of the study's Li2B12H12 cell (Å). */
export const PAPER_A = 10.05;
/** Hops per Li per ps (attempts; a hop to an occupied site is not made). */
export const HOP_RATE = 0.1;
const HOP_RANGE = 3.4, HOP_PS = 0.1;
const OU = { centre: [0.1, 0.1], omega: [1.25, 0.05], atom: [0.03, 0.02], li: [0.2, 0.03] } as const;

/** The system: topology, cell, and what the motion needs (all flat arrays). */
export interface ScaleSystem {
  topology: Topology;
  cell: Cell;
  /** Copies of the 208-atom cell along its three rows. */
  repeat: [number, number, number];
  anions: number;
  cations: number;
  /** Anion centres at rest (Å, 3 per anion). */
  centres: Float64Array;
  /** Per anion atom (B then H, 24 per anion): its anion and its offset from the centre (Å). */
  offsetOf: Float64Array;
  /** Li start positions (Å) and base-cell site index, per Li. */
  liStart: Float64Array;
  liSite: Int32Array;
  /** Base-cell sites: for site s, hops[s] = [target, dx, dy, dz, shift (3, base-cell rows)]…. */
  hops: number[][];
  baseSites: number;
}

/** Atoms of the system for a given repeat. */
export const atomsFor = (repeat: readonly number[]): number => 208 * repeat[0]! * repeat[1]! * repeat[2]!;

/**
 * A repeat n×n×m of the 208-atom cell (a√2 × a√2 × a) with at least `atoms` atoms: the most
 * nearly cubic one (m/n closest to √2) among those with at most 20 % more copies than needed.
 * 10⁵ atoms → 7×7×10 (101,920 atoms, 99.5 × 99.5 × 100.5 Å).
 */
export function repeatFor(atoms: number): [number, number, number] {
  const copies = Math.max(1, Math.ceil(atoms / 208));
  let best: [number, number, number] = [1, 1, copies], score = Infinity;
  for (let n = 1; n * n <= copies * 1.2; n++) {
    const m = Math.ceil(copies / (n * n));
    if (n * n * m > copies * 1.2 && n > 1) continue;
    const s = Math.abs(Math.log(m / (n * Math.SQRT2)));
    if (s < score) { score = s; best = [n, n, m]; }
  }
  return best;
}

/** Build the system: the study cell from the builder (seeded), repeated `repeat` times. */
export function scaleSystem(repeat: [number, number, number] = [1, 1, 1], seed = 1): ScaleSystem {
  const b = buildStructure({ cation: 'Li', lattice: 'fcc', a: PAPER_A, supercell: { kind: 'paper' }, orientation: 'random', cationSites: 'tetrahedral', seed });
  const nA0 = b.centres.length / 3, nC0 = b.cationSites.length;
  const m0 = b.cell.matrix;
  const copies = repeat[0] * repeat[1] * repeat[2];
  const shifts: number[][] = [];
  for (let i = 0; i < repeat[0]; i++) for (let j = 0; j < repeat[1]; j++) for (let k = 0; k < repeat[2]; k++) shifts.push([i, j, k]);
  const tr = (s: number[]) => [0, 1, 2].map((c) => s[0]! * m0[c]! + s[1]! * m0[3 + c]! + s[2]! * m0[6 + c]!);
  const nA = nA0 * copies, nC = nC0 * copies;

  // Offsets of each anion atom from its centre in the built cell (minimum image).
  const base = b.frame.positions;
  const offset0 = new Float64Array(24 * nA0 * 3);
  for (let a = 0; a < nA0; a++) for (let j = 0; j < 24; j++) {
    const atom = j < 12 ? 12 * a + j : 12 * nA0 + 12 * a + (j - 12);
    const d = minimumImage(b.cell, [0, 1, 2].map((c) => base[3 * atom + c]! - b.centres[3 * a + c]!));
    offset0.set(d, 3 * (24 * a + j));
  }
  const centres = new Float64Array(3 * nA), offsetOf = new Float64Array(3 * 24 * nA);
  shifts.forEach((s, c) => {
    const t = tr(s);
    for (let a = 0; a < nA0; a++) {
      for (let k = 0; k < 3; k++) centres[3 * (c * nA0 + a) + k] = b.centres[3 * a + k]! + t[k]!;
      offsetOf.set(offset0.subarray(72 * a, 72 * a + 72), 72 * (c * nA0 + a));
    }
  });

  // Base-cell hop table among tetrahedral and trigonal sites.
  const sites = cliqueSites(b.centres, b.cell, SITE_CUTOFF_FACTOR.fcc * PAPER_A).filter((s) => s.type !== 'linear');
  const hops = sites.map((s) => {
    const out: number[] = [];
    sites.forEach((t, ti) => {
      if (t === s) return;
      const d = minimumImage(b.cell, [0, 1, 2].map((k) => t.centre[k]! - s.centre[k]!));
      if (Math.hypot(d[0]!, d[1]!, d[2]!) > HOP_RANGE) return;
      // Which base cell the target lands in, relative to where s is.
      const f = cartToFrac(b.cell, [0, 1, 2].map((k) => s.centre[k]! + d[k]! - t.centre[k]!));
      out.push(ti, d[0]!, d[1]!, d[2]!, Math.round(f[0]!), Math.round(f[1]!), Math.round(f[2]!));
    });
    return out;
  });
  const siteOf = (p: ArrayLike<number>) => sites.findIndex((s) => Math.hypot(...minimumImage(b.cell, [0, 1, 2].map((k) => s.centre[k]! - p[k]!))) < 1e-6);
  const liStart = new Float64Array(3 * nC), liSite = new Int32Array(nC);
  shifts.forEach((s, c) => {
    const t = tr(s);
    b.cationSites.forEach((site, i) => {
      const si = siteOf(site.centre);
      if (si < 0) throw new Error('bench: built cation site not among the tetrahedral/trigonal sites');
      liSite[c * nC0 + i] = si + sites.length * c;
      for (let k = 0; k < 3; k++) liStart[3 * (c * nC0 + i) + k] = site.centre[k]! + t[k]!;
    });
  });
  const symbols = [...Array<string>(12 * nA).fill('B'), ...Array<string>(12 * nA).fill('H'), ...Array<string>(nC).fill('Li')];
  const cell = makeCell([0, 1, 2].flatMap((r) => [0, 1, 2].map((k) => repeat[r]! * m0[3 * r + k]!)));
  return { topology: topologyFromSymbols(symbols), cell, repeat, anions: nA, cations: nC, centres, offsetOf, liStart, liSite, hops, baseSites: sites.length };
}

function minimumImage(cell: Cell, d: number[]): number[] {
  const f = cartToFrac(cell, d);
  for (let k = 0; k < 3; k++) f[k] = f[k]! - Math.round(f[k]!);
  return [...fracToCart(cell, f)];
}

/** OU update factors for step dt (ps): x ← a·x + s·N(0,1). */
function ou([sigma, tau]: readonly [number, number], dt: number): [number, number] {
  const a = Math.exp(-dt / tau);
  return [a, sigma * Math.sqrt(1 - a * a)];
}

/**
 * `count` frames of the system, `dtFs` fs apart (frame.time in ps), one Float64Array each.
 * `onLi` (optional) sees the unwrapped Li positions of every frame (for the MSD peers).
 */
export function* scaleFrames(sys: ScaleSystem, count: number, dtFs: number, seed = 7, onLi?: (t: number, li: Float64Array) => void): Generator<Frame> {
  const rng: Rng = createRng(seed);
  const dt = dtFs / 1000;
  const nA = sys.anions, nC = sys.cations, nAt = 24 * nA, n = nAt + nC;
  const [ca, cs] = ou(OU.centre, dt), [wa, ws] = ou(OU.omega, dt), [aa, as] = ou(OU.atom, dt), [la, ls] = ou(OU.li, dt);
  const u = new Float64Array(3 * nA), w = new Float64Array(3 * nA), noise = new Float64Array(3 * nAt), osc = new Float64Array(3 * nC);
  const rot = new Float64Array(9 * nA);
  for (let a = 0; a < nA; a++) { rot[9 * a] = 1; rot[9 * a + 4] = 1; rot[9 * a + 8] = 1; }
  for (let i = 0; i < u.length; i++) u[i] = OU.centre[0] * rng.nextNormal();
  for (let i = 0; i < w.length; i++) w[i] = OU.omega[0] * rng.nextNormal();
  for (let i = 0; i < noise.length; i++) noise[i] = OU.atom[0] * rng.nextNormal();
  for (let i = 0; i < osc.length; i++) osc[i] = OU.li[0] * rng.nextNormal();
  // Li: equilibrium point (unwrapped), hop origin/target, hop progress (frames left), site id.
  const eq = Float64Array.from(sys.liStart), from = new Float64Array(3 * nC), to = new Float64Array(3 * nC);
  const left = new Int32Array(nC), site = Int32Array.from(sys.liSite);
  const hopFrames = Math.max(1, Math.round(HOP_PS / dt));
  const copiesPerAxis = sys.repeat, S = sys.baseSites;
  const occupied = new Uint8Array(S * copiesPerAxis[0] * copiesPerAxis[1] * copiesPerAxis[2]);
  for (const s of site) occupied[s] = 1;
  const m = sys.cell.matrix, inv = inv3(m);
  const li = new Float64Array(3 * nC);
  const q = new Float64Array(9);

  for (let t = 0; t < count; t++) {
    const pos = new Float64Array(3 * n);
    for (let a = 0; a < nA; a++) {
      const r = rot.subarray(9 * a, 9 * a + 9);
      if (t > 0) {
        for (let k = 0; k < 3; k++) {
          u[3 * a + k] = ca * u[3 * a + k]! + cs * rng.nextNormal();
          w[3 * a + k] = wa * w[3 * a + k]! + ws * rng.nextNormal();
        }
        rodrigues(w[3 * a]! * dt, w[3 * a + 1]! * dt, w[3 * a + 2]! * dt, q);
        mulInto(q, r);
        if (t % 1000 === 0) orthonormalise(r);
      }
      const cx = sys.centres[3 * a]! + u[3 * a]!, cy = sys.centres[3 * a + 1]! + u[3 * a + 1]!, cz = sys.centres[3 * a + 2]! + u[3 * a + 2]!;
      for (let j = 0; j < 24; j++) {
        const o = 3 * (24 * a + j);
        const ox = sys.offsetOf[o]!, oy = sys.offsetOf[o + 1]!, oz = sys.offsetOf[o + 2]!;
        const atom = j < 12 ? 12 * a + j : 12 * nA + 12 * a + (j - 12);
        if (t > 0) for (let k = 0; k < 3; k++) noise[o + k] = aa * noise[o + k]! + as * rng.nextNormal();
        pos[3 * atom] = cx + r[0]! * ox + r[1]! * oy + r[2]! * oz + noise[o]!;
        pos[3 * atom + 1] = cy + r[3]! * ox + r[4]! * oy + r[5]! * oz + noise[o + 1]!;
        pos[3 * atom + 2] = cz + r[6]! * ox + r[7]! * oy + r[8]! * oz + noise[o + 2]!;
      }
    }
    for (let c = 0; c < nC; c++) {
      if (t > 0) {
        for (let k = 0; k < 3; k++) osc[3 * c + k] = la * osc[3 * c + k]! + ls * rng.nextNormal();
        if (left[c]! > 0) {
          const f = 1 - --left[c]! / hopFrames;
          for (let k = 0; k < 3; k++) eq[3 * c + k] = from[3 * c + k]! + f * (to[3 * c + k]! - from[3 * c + k]!);
        } else if (rng.nextFloat() < HOP_RATE * dt) hop(c);
      }
      for (let k = 0; k < 3; k++) li[3 * c + k] = eq[3 * c + k]! + osc[3 * c + k]!;
      pos.set(li.subarray(3 * c, 3 * c + 3), 3 * (nAt + c));
    }
    onLi?.(t, li);
    wrap(pos, m, inv);
    yield { index: t, segment: 0, step: t, time: t * dt, positions: pos, cell: sys.cell };
  }

  function hop(c: number): void {
    const s = site[c]!, base = s % S, copy = (s - base) / S;
    const list = sys.hops[base]!;
    const choice = rng.nextInt(list.length / 7);
    const e = list.slice(7 * choice, 7 * choice + 7);
    const [ni, nj, nk] = copiesPerAxis;
    const ci = Math.floor(copy / (nj * nk)), cj = Math.floor(copy / nk) % nj, ck = copy % nk;
    const nc = (((ci + e[4]!) % ni + ni) % ni) * nj * nk + (((cj + e[5]!) % nj + nj) % nj) * nk + (((ck + e[6]!) % nk + nk) % nk);
    const target = e[0]! + S * nc;
    if (occupied[target]) return;
    occupied[s] = 0; occupied[target] = 1; site[c] = target;
    for (let k = 0; k < 3; k++) { from[3 * c + k] = eq[3 * c + k]!; to[3 * c + k] = eq[3 * c + k]! + e[1 + k]!; }
    left[c] = hopFrames;
  }
}

/** Rotation matrix (row-major) of the rotation vector (x, y, z) (rad), into q. */
function rodrigues(x: number, y: number, z: number, q: Float64Array): void {
  const th = Math.hypot(x, y, z);
  const s = th > 0 ? Math.sin(th) / th : 1, c = th > 0 ? (1 - Math.cos(th)) / (th * th) : 0.5;
  q[0] = 1 - c * (y * y + z * z); q[1] = -s * z + c * x * y; q[2] = s * y + c * x * z;
  q[3] = s * z + c * x * y; q[4] = 1 - c * (x * x + z * z); q[5] = -s * x + c * y * z;
  q[6] = -s * y + c * x * z; q[7] = s * x + c * y * z; q[8] = 1 - c * (x * x + y * y);
}

/** r ← q·r (3×3 row-major). */
function mulInto(q: Float64Array, r: Float64Array): void {
  const o = Float64Array.from(r);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[3 * i + j] = q[3 * i]! * o[j]! + q[3 * i + 1]! * o[3 + j]! + q[3 * i + 2]! * o[6 + j]!;
}

/** Gram–Schmidt on the rows, against the slow drift of many products. */
function orthonormalise(r: Float64Array): void {
  const n0 = Math.hypot(r[0]!, r[1]!, r[2]!);
  for (let k = 0; k < 3; k++) r[k] = r[k]! / n0;
  const d = r[0]! * r[3]! + r[1]! * r[4]! + r[2]! * r[5]!;
  for (let k = 0; k < 3; k++) r[3 + k] = r[3 + k]! - d * r[k]!;
  const n1 = Math.hypot(r[3]!, r[4]!, r[5]!);
  for (let k = 0; k < 3; k++) r[3 + k] = r[3 + k]! / n1;
  r[6] = r[1]! * r[5]! - r[2]! * r[4]!; r[7] = r[2]! * r[3]! - r[0]! * r[5]!; r[8] = r[0]! * r[4]! - r[1]! * r[3]!;
}

/** Wrap Cartesian positions into the cell (fractional coordinates in [0, 1)). */
function wrap(pos: Float64Array, m: ArrayLike<number>, inv: ArrayLike<number>): void {
  for (let i = 0; i < pos.length; i += 3) {
    const x = pos[i]!, y = pos[i + 1]!, z = pos[i + 2]!;
    // frac = cart · inv (rows of m are the cell vectors: cart = frac · m).
    let f0 = x * inv[0]! + y * inv[3]! + z * inv[6]!, f1 = x * inv[1]! + y * inv[4]! + z * inv[7]!, f2 = x * inv[2]! + y * inv[5]! + z * inv[8]!;
    f0 -= Math.floor(f0); f1 -= Math.floor(f1); f2 -= Math.floor(f2);
    pos[i] = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
    pos[i + 1] = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
    pos[i + 2] = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
  }
}
