import type { Cell } from '../../core/cell.js';
import { type LatticeRecognition, recogniseLattice, SITE_CUTOFF_FACTOR } from '../../chem/lattice.js';
import { NeighbourGrid } from '../../math/neighbour-grid.js';

/** Neighbour cutoff r_c of a recognised lattice, in units of a (SPEC 2.2: fcc needs 0.707a < r_c < a, bcc a < r_c < 1.414a). */
export const LATTICE_CUTOFF_FACTOR = SITE_CUTOFF_FACTOR;

/** How the site cutoff was chosen. */
export interface CutoffChoice {
  /** r_c (Å). */
  cutoff: number;
  source: 'user' | 'fcc' | 'bcc' | 'g(r) minimum';
  /** For people: "0.85a of the fcc lattice (a = 10.05 Å)", "first minimum of g(r)…". */
  description: string;
  lattice: LatticeRecognition;
  /** First peak and first minimum of the reference g(r) (Å), when it was needed. */
  gr?: { peak: number; minimum: number };
}

/**
 * Choose r_c (SPEC 2.2): the user's value when given; else 0.85a (fcc) or 1.2a (bcc) when
 * the reference points form a recognised lattice; else the first minimum of their g(r)
 * after its main peak (`guessed` is then true and the caller warns). Returns undefined
 * `cutoff` only when g(r) has no minimum in range.
 */
export function chooseSiteCutoff(points: ArrayLike<number>, cell: Cell, user?: number): CutoffChoice & { guessed: boolean } | { cutoff: undefined; lattice: LatticeRecognition; reason: string } {
  const lattice = recogniseLattice(points, cell);
  if (user !== undefined) return { cutoff: user, source: 'user', description: 'given (--site-cutoff)', lattice, guessed: false };
  if (lattice.lattice !== 'other') {
    const f = LATTICE_CUTOFF_FACTOR[lattice.lattice];
    return {
      cutoff: f * lattice.a!, source: lattice.lattice, lattice, guessed: false,
      description: `${f}a of the recognised ${lattice.lattice} lattice (a = ${lattice.a!.toFixed(3)} Å)`,
    };
  }
  const gr = firstMinimumOfGr(points, cell);
  if (!gr) return { cutoff: undefined, lattice, reason: `${lattice.reason}; and their g(r) has no clear minimum after its main peak` };
  return {
    cutoff: gr.minimum, source: 'g(r) minimum', lattice, gr, guessed: true,
    description: `first minimum of the reference g(r) after its main peak at ${gr.peak.toFixed(2)} Å (the points form no recognised fcc/bcc lattice)`,
  };
}

/**
 * Main peak and the first minimum after it of the pair distribution g(r) of points in a
 * periodic cell (all images), from a Gaussian kernel estimate (kernel width 0.04·d, with
 * d = ρ^(−1/3)) divided by r², on r ∈ (0, 2.5d]. The peak is the highest point of g (the
 * "main peak" of SPEC section 5's r₁; for anion centres it is also the first). Not simply
 * the first local maximum: in an argyrodite's S/Cl framework that would be the S–S edge of
 * the rigid PS4 tetrahedra (3.3 Å, minimum 3.6 Å), whose "sites" are PS4 edges, whereas the
 * main peak (4.1 Å) is the inter-anion shell and its minimum (≈ 5.3 Å) the shell's end.
 * The minimum is the lowest point before g rises again by 10 % of the peak-to-minimum
 * depth (a plateau's middle when g is flat there, as between the shells of an ideal
 * lattice). Undefined when g(r) never rises again in range.
 */
export function firstMinimumOfGr(points: ArrayLike<number>, cell: Cell): { peak: number; minimum: number } | undefined {
  const n = points.length / 3;
  if (n < 1) return undefined;
  const d = Math.cbrt(cell.volume / n);
  const rmax = 2.5 * d;
  const bins = 1000;
  const dr = rmax / bins;
  const sk = 0.04 * d;
  const reach = Math.ceil((4 * sk) / dr);
  const kde = new Float64Array(bins + 1);
  new NeighbourGrid(cell, points, rmax).forEachPair((_i, _j, _s0, _s1, _s2, _dx, _dy, _dz, d2) => {
    const r = Math.sqrt(d2);
    const c = Math.round(r / dr);
    for (let b = Math.max(1, c - reach); b <= Math.min(bins, c + reach); b++) {
      const x = (b * dr - r) / sk;
      kde[b] = kde[b]! + Math.exp(-0.5 * x * x);
    }
  });
  const g = new Float64Array(bins + 1);
  let top = 0;
  for (let b = 1; b <= bins; b++) {
    g[b] = kde[b]! / (b * dr) ** 2;
    top = Math.max(top, g[b]!);
  }
  if (!(top > 0)) return undefined;
  let peak = -1;
  for (let b = 1; b <= bins; b++) if (g[b] === top) { peak = b; break; }
  if (peak < 0 || peak === bins) return undefined;
  let min = g[peak]!, at = peak;
  for (let b = peak + 1; b <= bins; b++) {
    if (g[b]! < min) { min = g[b]!; at = b; }
    if (g[b]! > min + 0.1 * (g[peak]! - min)) {
      // Middle of the run of values equal to the minimum (a flat valley between shells).
      const flat = 1e-9 * g[peak]!;
      let end = at;
      while (end + 1 < b && g[end + 1]! <= min + flat) end++;
      return { peak: peak * dr, minimum: ((at + end) / 2) * dr };
    }
  }
  return undefined;
}
