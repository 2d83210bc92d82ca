import type { Cell } from '../../core/cell.js';
import { NeighbourGrid } from '../../math/neighbour-grid.js';

/** Interstitial site types of SPEC section 2, by number of framework points (2, 3, 4). */
export const SITE_KINDS = ['linear', 'trigonal', 'tetrahedral'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/**
 * The interstitial sites of a framework (SPEC 2.2), built once from a reference frame.
 * Plain data (number arrays), so it travels to workers and JSON.
 *
 * Site s has kind `kind[s]` (0 linear, 1 trigonal, 2 tetrahedral; sites sorted by kind) and
 * members `offsets[s] … offsets[s+1]−1`: member q is framework point `point[q]` translated by
 * the integer lattice shift `shift[3q … 3q+2]` (rows of the cell matrix), so its reference
 * position is r_point + shift·M. Members of one site are pairwise closer than `cutoff`.
 */
export interface SiteTopology {
  /** Neighbour cutoff r_c (Å). */
  cutoff: number;
  /** Number of framework points (anion centres or framework atoms). */
  points: number;
  counts: Record<SiteKind, number>;
  kind: number[];
  offsets: number[];
  point: number[];
  shift: number[];
  /** Number of 5-cliques (points mutually closer than r_c beyond a tetrahedron): each adds 5 tetrahedral sites. */
  fiveCliques: number;
  /** Shortest edge (Å) in the reference frame: the closest pair of framework points. */
  shortestEdge: number;
  /** Longest edge (Å) in the reference frame. */
  longestEdge: number;
}

/**
 * Build the site topology: the neighbour graph of the framework points with cutoff r_c
 * over all periodic images, and its 2-, 3- and 4-cliques.
 *
 * Periodic images make a clique a set of (point, shift) members, defined up to a common
 * lattice translation. Each is counted once by enumerating it from its canonical root — the
 * member with the lowest point index and, among members of that point, the
 * lexicographically smallest shift — translated to shift 0: from root (i, 0) only neighbours
 * (j, s) with j > i, or j = i and s lexicographically positive, are candidates, and cliques
 * among the candidates are listed in sorted order. So cells smaller than 2·r_c (the paper's
 * 208-atom cells, a 1-anion primitive cell where every member is an image of one anion)
 * give exactly the ideal counts.
 *
 * @param positions reference positions of the framework points (Å, 3 per point)
 * @param cutoff r_c (Å); pairs closer than r_c are neighbours
 */
export function buildSiteTopology(positions: ArrayLike<number>, cell: Cell, cutoff: number): SiteTopology {
  const n = positions.length / 3;
  // Neighbour lists in both directions: (j, s) with |r_j + s·M − r_i| < r_c.
  const nbr: number[][] = Array.from({ length: n }, () => []);
  const keys: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  let shortest = Infinity, longest = 0;
  new NeighbourGrid(cell, positions, cutoff).forEachPair((i, j, s0, s1, s2, _dx, _dy, _dz, d2) => {
    nbr[i]!.push(j, s0, s1, s2);
    keys[i]!.add(key(j, s0, s1, s2));
    nbr[j]!.push(i, -s0, -s1, -s2);
    keys[j]!.add(key(i, -s0, -s1, -s2));
    const d = Math.sqrt(d2);
    if (d < shortest) shortest = d;
    if (d > longest) longest = d;
  });

  const sites: { kind: number; members: number[] }[][] = [[], [], []];
  let fiveCliques = 0;
  for (let i = 0; i < n; i++) {
    // Candidates: (j, s) after the root in canonical order, sorted.
    const list = nbr[i]!;
    const cand: number[][] = [];
    for (let q = 0; q < list.length; q += 4) {
      const j = list[q]!, s = [list[q + 1]!, list[q + 2]!, list[q + 3]!];
      if (j > i || (j === i && lexPositive(s))) cand.push([j, s[0]!, s[1]!, s[2]!]);
    }
    cand.sort(compareMember);
    const adj = (u: number[], v: number[]) => keys[u[0]!]!.has(key(v[0]!, v[1]! - u[1]!, v[2]! - u[2]!, v[3]! - u[3]!));
    const root = [i, 0, 0, 0];
    const c = cand.length;
    for (let a = 0; a < c; a++) {
      const A = cand[a]!;
      sites[0]!.push({ kind: 0, members: [...root, ...A] });
      for (let b = a + 1; b < c; b++) {
        const B = cand[b]!;
        if (!adj(A, B)) continue;
        sites[1]!.push({ kind: 1, members: [...root, ...A, ...B] });
        for (let e = b + 1; e < c; e++) {
          const E = cand[e]!;
          if (!adj(A, E) || !adj(B, E)) continue;
          sites[2]!.push({ kind: 2, members: [...root, ...A, ...B, ...E] });
          for (let f = e + 1; f < c; f++) {
            const F = cand[f]!;
            if (adj(A, F) && adj(B, F) && adj(E, F)) fiveCliques++;
          }
        }
      }
    }
  }

  const kind: number[] = [], offsets: number[] = [0], point: number[] = [], shift: number[] = [];
  for (const group of sites) {
    for (const s of group) {
      kind.push(s.kind);
      for (let q = 0; q < s.members.length; q += 4) {
        point.push(s.members[q]!);
        shift.push(s.members[q + 1]!, s.members[q + 2]!, s.members[q + 3]!);
      }
      offsets.push(point.length);
    }
  }
  return {
    cutoff,
    points: n,
    counts: { linear: sites[0]!.length, trigonal: sites[1]!.length, tetrahedral: sites[2]!.length },
    kind, offsets, point, shift, fiveCliques,
    shortestEdge: Number.isFinite(shortest) ? shortest : NaN,
    longestEdge: longest,
  };
}

/** Reference positions of the sites (Å, 3 per site): centroids of the members' positions. */
export function referenceSitePositions(topo: SiteTopology, positions: ArrayLike<number>, cell: Cell): Float64Array {
  const m = cell.matrix;
  const S = topo.kind.length;
  const out = new Float64Array(3 * S);
  for (let s = 0; s < S; s++) {
    const q0 = topo.offsets[s]!, q1 = topo.offsets[s + 1]!;
    for (let q = q0; q < q1; q++) {
      const p = topo.point[q]!, a = topo.shift[3 * q]!, b = topo.shift[3 * q + 1]!, c = topo.shift[3 * q + 2]!;
      for (let k = 0; k < 3; k++) out[3 * s + k] = out[3 * s + k]! + positions[3 * p + k]! + a * m[k]! + b * m[3 + k]! + c * m[6 + k]!;
    }
    for (let k = 0; k < 3; k++) out[3 * s + k] = out[3 * s + k]! / (q1 - q0);
  }
  return out;
}

// Shifts stay far inside ±512 (a cutoff spans a handful of cells); points below 2^23.
function key(j: number, s0: number, s1: number, s2: number): number {
  return ((j * 1024 + s0 + 512) * 1024 + s1 + 512) * 1024 + s2 + 512;
}

function lexPositive(s: number[]): boolean {
  return s[0]! > 0 || (s[0] === 0 && (s[1]! > 0 || (s[1] === 0 && s[2]! > 0)));
}

function compareMember(u: number[], v: number[]): number {
  return u[0]! - v[0]! || u[1]! - v[1]! || u[2]! - v[2]! || u[3]! - v[3]!;
}
