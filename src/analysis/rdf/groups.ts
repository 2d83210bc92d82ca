import type { Cell } from '../../core/cell.js';
import { isElement, normaliseSymbol } from '../../core/elements.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import type { Cluster } from '../../chem/clusters.js';
import { ClusterCentres } from '../../chem/centres.js';
import { type Composition, formatFormula, parseFormula, sameComposition } from '../../chem/formula.js';
import type { IonSelection } from '../../chem/select.js';

/**
 * Group syntax of `--pair A:B` (one group on each side of the colon):
 *
 *   GROUP := TERM[,TERM…]   the union of the terms' points
 *   TERM  := anions         centres of mass of the anions chosen by `--anion`
 *                           (a monatomic anion's centre is its atom)
 *          | cations        the mobile cations chosen by `--cation`
 *          | ELEMENT        every atom of that element (`Li`, `S`, `B`)
 *          | FORMULA        centres of mass of the chosen anions of that formula (`B12H12`, `PS4`)
 *
 * A one-atom formula is read as an element (`S` = every S atom, bonded or not). Terms are
 * case-sensitive as element symbols are; `anions`/`cations` are keywords.
 */
export type GroupTerm =
  | { kind: 'anions' }
  | { kind: 'cations' }
  | { kind: 'element'; symbol: string }
  | { kind: 'formula'; formula: string; composition: Composition };

/** A parsed group: its label (the text as given, normalised) and its terms. */
export interface GroupSpec {
  label: string;
  terms: GroupTerm[];
}

/**
 * The points of one group, as plain data. A point is either an atom (`atoms`) or the centre
 * of mass of a cluster (`clusters`, indices into {@link GroupSetup.clusters}). Point p < atoms.length
 * is atom atoms[p]; the rest are the clusters in order.
 *
 * `identity[p]` says which physical point p is (atom index, or nAtoms + cluster index), so a
 * point never pairs with itself when the two groups overlap.
 */
export interface ResolvedGroup {
  label: string;
  atoms: number[];
  clusters: number[];
  identity: number[];
}

/** Both groups of a pair and what they need, as plain data (crosses workers as JSON). */
export interface GroupSetup {
  a: ResolvedGroup;
  b: ResolvedGroup;
  /** Molecular clusters whose centres either group uses. */
  clusters: Cluster[];
  /** Atomic masses (amu) of the whole topology (the centres are mass-weighted). */
  masses: number[];
  /**
   * N_A·N_B: the normalisation of g. Around an A point the B points — all periodic images,
   * those of A itself included when it is also in B, the point itself excluded — have mean
   * density N_B/V at large r, as for MDAnalysis and freud. (For a self pair, g therefore tends
   * to (N−1)/N below the shortest lattice vector, where a point's own images are not yet seen.)
   */
  pairs: number;
}

/** Parse one group (`anions`, `Li`, `PS4,S`). Throws UsageError naming the flag on bad syntax. */
export function parseGroup(text: string, flag = '--pair'): GroupSpec {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new UsageError(`${flag}: empty group; expected anions, cations, an element (Li) or an anion formula (PS4)`);
  const terms: GroupTerm[] = parts.map((p) => {
    if (p === 'anions') return { kind: 'anions' };
    if (p === 'cations') return { kind: 'cations' };
    const sym = normaliseSymbol(p);
    if (sym && sym === p && isElement(sym)) return { kind: 'element', symbol: sym };
    let comp;
    try {
      comp = parseFormula(p);
    } catch {
      throw new UsageError(`${flag}: ${JSON.stringify(p)} is not a group; expected anions, cations, an element (Li) or an anion formula (PS4)`);
    }
    const atoms = Object.values(comp).reduce((s, n) => s + n, 0);
    if (atoms === 1) return { kind: 'element', symbol: Object.keys(comp)[0]! };
    return { kind: 'formula', formula: formatFormula(comp), composition: comp };
  });
  return { label: parts.join(','), terms };
}

/** Parse `--pair A:B` into its two groups. */
export function parsePair(text: string): [GroupSpec, GroupSpec] {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1 || text.indexOf(':', i + 1) >= 0) {
    throw new UsageError(`--pair ${text}: expected A:B, e.g. anions:Li, S:Na, B12H12:Li,Na`);
  }
  return [parseGroup(text.slice(0, i)), parseGroup(text.slice(i + 1))];
}

/**
 * Resolve two groups against a topology and the ion selection (from the reference frame).
 * @throws PaddlewheelError E_SELECTION when a group selects no point, naming what exists.
 */
export function resolveGroups(a: GroupSpec, b: GroupSpec, topology: Topology, ions: IonSelection): GroupSetup {
  const n = topology.symbols.length;
  const clusters: Cluster[] = [];
  const clusterSlot = new Map<Cluster, number>();
  const resolve = (g: GroupSpec): ResolvedGroup => {
    const atoms = new Set<number>();
    const cl = new Set<Cluster>();
    const addCluster = (c: Cluster) => (c.atoms.length === 1 ? atoms.add(c.atoms[0]!) : cl.add(c));
    for (const t of g.terms) {
      if (t.kind === 'anions') ions.anionClusters.forEach(addCluster);
      else if (t.kind === 'cations') ions.cations.forEach((i) => atoms.add(i));
      else if (t.kind === 'element') {
        if (!topology.symbols.includes(t.symbol)) {
          throw new PaddlewheelError('E_SELECTION', `group ${g.label}: no ${t.symbol} atoms; elements present: ${[...new Set(topology.symbols)].join(', ')}`);
        }
        topology.symbols.forEach((s, i) => { if (s === t.symbol) atoms.add(i); });
      } else {
        const hit = ions.anionClusters.filter((c) => sameComposition(c.composition, t.composition));
        if (hit.length === 0) {
          const have = [...new Set(ions.anionClusters.map((c) => c.formula))].join(', ') || 'none';
          throw new PaddlewheelError('E_SELECTION', `group ${g.label}: no selected anion has formula ${t.formula} (selected anions: ${have}; see --anion)`);
        }
        hit.forEach(addCluster);
      }
    }
    const atomList = [...atoms].sort((x, y) => x - y);
    const clusterList = [...cl].map((c) => {
      if (!clusterSlot.has(c)) { clusterSlot.set(c, clusters.length); clusters.push(c); }
      return clusterSlot.get(c)!;
    });
    if (atomList.length + clusterList.length === 0) throw new PaddlewheelError('E_SELECTION', `group ${g.label} selects no atoms or anions`);
    const identity = [...atomList, ...clusterList.map((k) => n + ions.anionClusters.indexOf(clusters[k]!))];
    return { label: g.label, atoms: atomList, clusters: clusterList, identity };
  };
  const ra = resolve(a), rb = resolve(b);
  return { a: ra, b: rb, clusters, masses: Array.from(topology.masses), pairs: ra.identity.length * rb.identity.length };
}

/**
 * Per-frame positions of both groups (allocation-free per frame). Centres of mass are
 * rebuilt whole along each molecule's bond tree (ClusterCentres) and wrapped into the cell.
 * Layout: 3 numbers per point, in the group's point order (atoms, then clusters).
 */
export class GroupPositions {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly idA: Int32Array;
  readonly idB: Int32Array;
  private readonly centres: ClusterCentres | undefined;
  private readonly centreXyz: Float64Array;

  constructor(readonly setup: GroupSetup) {
    const topo: Topology = { symbols: [], masses: Float64Array.from(setup.masses) };
    this.centres = setup.clusters.length ? new ClusterCentres(topo, setup.clusters) : undefined;
    this.centreXyz = new Float64Array(3 * setup.clusters.length);
    this.a = new Float64Array(3 * setup.a.identity.length);
    this.b = new Float64Array(3 * setup.b.identity.length);
    this.idA = Int32Array.from(setup.a.identity);
    this.idB = Int32Array.from(setup.b.identity);
  }

  /** Fill `a` and `b` from a frame's positions (Å). */
  compute(positions: ArrayLike<number>, cell: Cell): void {
    if (this.centres) this.centres.compute(positions, cell, this.centreXyz);
    this.fill(this.a, this.setup.a, positions);
    this.fill(this.b, this.setup.b, positions);
  }

  private fill(out: Float64Array, g: ResolvedGroup, positions: ArrayLike<number>): void {
    let o = 0;
    for (const i of g.atoms) {
      out[o++] = positions[3 * i]!; out[o++] = positions[3 * i + 1]!; out[o++] = positions[3 * i + 2]!;
    }
    const c = this.centreXyz;
    for (const k of g.clusters) {
      out[o++] = c[3 * k]!; out[o++] = c[3 * k + 1]!; out[o++] = c[3 * k + 2]!;
    }
  }
}
