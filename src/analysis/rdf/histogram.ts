import type { Cell } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import { NeighbourGrid } from '../../math/neighbour-grid.js';

/**
 * Radial bins [0, rmax) of equal width rmax/nbins. Edge k is k·rmax/nbins (the last edge is
 * rmax exactly), as numpy's `histogram(range=(0, rmax), bins=nbins)` makes them, and a distance
 * on an edge belongs to the bin above it — so the bins agree with MDAnalysis's InterRDF
 * pair for pair.
 */
export interface Binning {
  /** Outer radius (Å). */
  rmax: number;
  /** Number of bins. */
  nbins: number;
}

/** Validate a binning from rmax (Å) and a bin width (Å): nbins = round(rmax/dr). */
export function makeBinning(rmax: number, dr: number): Binning {
  if (!(rmax > 0 && Number.isFinite(rmax))) throw new UsageError(`--rmax ${rmax}: expected a positive number in Å`);
  if (!(dr > 0 && Number.isFinite(dr))) throw new UsageError(`--bin ${dr}: expected a positive number in Å`);
  const nbins = Math.max(1, Math.round(rmax / dr));
  if (nbins > 1e6) throw new UsageError(`--rmax ${rmax} / --bin ${dr}: ${nbins} bins is too many (at most 10^6)`);
  return { rmax, nbins };
}

/** The nbins + 1 bin edges (Å). */
export function binEdges(b: Binning): Float64Array {
  const e = new Float64Array(b.nbins + 1);
  const step = b.rmax / b.nbins;
  for (let k = 0; k < b.nbins; k++) e[k] = k * step;
  e[b.nbins] = b.rmax;
  return e;
}

/** Bin centres (Å). */
export function binCentres(b: Binning): Float64Array {
  const e = binEdges(b);
  return Float64Array.from({ length: b.nbins }, (_, k) => 0.5 * (e[k]! + e[k + 1]!));
}

/**
 * Bin of a distance d (Å) with 0 ≤ d < rmax: the guess ⌊d·nbins/rmax⌋, moved by one where
 * rounding put it on the wrong side of an edge (numpy's rule), so the result depends only on
 * the edges.
 */
export function binOf(d: number, edges: Float64Array, nbins: number, scale: number): number {
  let k = Math.floor(d * scale);
  if (k >= nbins) k = nbins - 1;
  if (d < edges[k]!) k--;
  else if (k < nbins - 1 && d >= edges[k + 1]!) k++;
  return k;
}

/** Squared distance (Å²) below which a point of A and the same point in B are taken as one. */
const SAME_POINT2 = 1e-12;

/**
 * Add to `counts` (length nbins) every ordered pair (a point of A, a periodic image of a point
 * of B) closer than rmax, over all images — also beyond half the cell, and several images of
 * one B point where the cell is small. A pair of the same physical point (equal identities)
 * at zero distance is skipped; its other images count.
 *
 * @param a positions of group A (Å, 3 per point)
 * @param idA identities of A's points (see ResolvedGroup.identity)
 * @param b positions of group B (Å, 3 per point)
 * @param idB identities of B's points
 * @returns the number of pairs added
 */
export function addPairs(counts: Float64Array, edges: Float64Array, binning: Binning, cell: Cell, a: Float64Array, idA: Int32Array, b: Float64Array, idB: Int32Array): number {
  const { rmax, nbins } = binning;
  const scale = nbins / rmax;
  const grid = new NeighbourGrid(cell, b, rmax);
  let added = 0;
  let self = -1;
  const visit = (j: number, _s0: number, _s1: number, _s2: number, _dx: number, _dy: number, _dz: number, d2: number): void => {
    // The point itself (wrapping may leave ~1e-15 Å of rounding); its images are ≥ one cell height away.
    if (idB[j] === self && d2 < SAME_POINT2) return;
    const k = binOf(Math.sqrt(d2), edges, nbins, scale);
    if (k >= 0) { counts[k]!++; added++; }
  };
  for (let i = 0, n = idA.length; i < n; i++) {
    self = idA[i]!;
    grid.forEachNear(a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, visit);
  }
  return added;
}
