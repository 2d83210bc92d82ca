import { type Cell, cartToFrac, cellHeights, fracToCart } from '../../core/cell.js';
import { CLIQUE_SITE_TYPES, type CliqueSiteType } from '../../analysis/templates/lattice.js';

/**
 * Interstitial sites of a periodic set of anion centres, by the clique definition of SPEC
 * section 2: the neighbour graph joins anion images closer than the cutoff; its edges,
 * triangles and 4-cliques are the linear, trigonal and tetrahedral sites. Members are
 * (anion index, image shift) pairs, so cells thinner than twice the cutoff (the 208-atom
 * cells, 1×1×1 cells) still give every site once: a site is one clique up to a common
 * lattice translation of all its members.
 */

/** One member anion of a site: its index and the image (integer multiples of the cell rows). */
export interface SiteMember {
  anion: number;
  shift: [number, number, number];
}

/** One interstitial site. */
export interface InterstitialSite {
  type: CliqueSiteType;
  /** Centroid of the members' images (Å), wrapped into the cell. */
  centre: [number, number, number];
  members: SiteMember[];
}

interface Image {
  anion: number;
  shift: [number, number, number];
  p: [number, number, number];
}

/**
 * All sites of the given types among the anion `centres` (Å, flat) in `cell`, with neighbour
 * cutoff `cutoff` (Å). Order: by type (as in `types`), then by the lowest-numbered member
 * anion, then by discovery; deterministic for given input.
 */
export function cliqueSites(centres: Float64Array, cell: Cell, cutoff: number, types: readonly CliqueSiteType[] = CLIQUE_SITE_TYPES): InterstitialSite[] {
  const n = centres.length / 3;
  const m = cell.matrix;
  const reach = cellHeights(cell).map((h) => Math.ceil(cutoff / h) + 1);
  const rc2 = cutoff * cutoff;
  const d2 = (a: number[], b: number[]) => (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2 + (a[2]! - b[2]!) ** 2;
  const image = (j: number, s: [number, number, number]): Image => ({
    anion: j,
    shift: s,
    p: [0, 1, 2].map((c) => centres[3 * j + c]! + s[0] * m[c]! + s[1] * m[3 + c]! + s[2] * m[6 + c]!) as [number, number, number],
  });
  const found = new Map<string, InterstitialSite>();
  const byType: Record<CliqueSiteType, InterstitialSite[]> = { linear: [], trigonal: [], tetrahedral: [] };
  const add = (type: CliqueSiteType, members: Image[]) => {
    const key = `${type}:${canonicalKey(members)}`;
    if (found.has(key)) return;
    const c = [0, 1, 2].map((k) => members.reduce((s, x) => s + x.p[k]!, 0) / members.length);
    const f = cartToFrac(cell, c).map((x) => { const w = x - Math.floor(x); return w >= 1 - 1e-12 ? 0 : w; });
    const site: InterstitialSite = { type, centre: Array.from(fracToCart(cell, f)) as [number, number, number], members: members.map((x) => ({ anion: x.anion, shift: [...x.shift] })) };
    found.set(key, site);
    byType[type].push(site);
  };
  for (let i = 0; i < n; i++) {
    const home = image(i, [0, 0, 0]);
    const nb: Image[] = [];
    for (let j = 0; j < n; j++)
      for (let s0 = -reach[0]!; s0 <= reach[0]!; s0++)
        for (let s1 = -reach[1]!; s1 <= reach[1]!; s1++)
          for (let s2 = -reach[2]!; s2 <= reach[2]!; s2++) {
            if (j === i && s0 === 0 && s1 === 0 && s2 === 0) continue;
            const q = image(j, [s0, s1, s2]);
            if (d2(q.p, home.p) < rc2) nb.push(q);
          }
    const near = (u: Image, v: Image) => d2(u.p, v.p) < rc2;
    for (let u = 0; u < nb.length; u++) {
      if (types.includes('linear')) add('linear', [home, nb[u]!]);
      for (let v = u + 1; v < nb.length; v++) {
        if (!near(nb[u]!, nb[v]!)) continue;
        if (types.includes('trigonal')) add('trigonal', [home, nb[u]!, nb[v]!]);
        if (!types.includes('tetrahedral')) continue;
        for (let w = v + 1; w < nb.length; w++) if (near(nb[u]!, nb[w]!) && near(nb[v]!, nb[w]!)) add('tetrahedral', [home, nb[u]!, nb[v]!, nb[w]!]);
      }
    }
  }
  return types.flatMap((t) => byType[t]);
}

// The same clique translated by a lattice vector is the same site: express the shifts relative
// to each member in turn and keep the smallest text, which no translation changes.
function canonicalKey(members: Image[]): string {
  let best: string | undefined;
  for (const anchor of members) {
    const rel = members
      .map((x) => `${x.anion}/${x.shift[0] - anchor.shift[0]},${x.shift[1] - anchor.shift[1]},${x.shift[2] - anchor.shift[2]}`)
      .sort()
      .join(' ');
    if (best === undefined || rel < best) best = rel;
  }
  return best!;
}

/** Number of sites of each type. */
export function countSites(sites: readonly InterstitialSite[]): Record<CliqueSiteType, number> {
  const out: Record<CliqueSiteType, number> = { linear: 0, trigonal: 0, tetrahedral: 0 };
  for (const s of sites) out[s.type]++;
  return out;
}
