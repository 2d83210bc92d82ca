import type { Cell } from '../core/cell.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { elementInfo } from '../core/elements.js';
import { PaddlewheelError } from '../core/errors.js';
import { composition as compositionOfTopology, type Topology } from '../core/topology.js';
import { type Cluster, type ClusterSet, findClusters } from './clusters.js';
import { type Composition, compositionOf, formatFormula, parseFormula, sameComposition } from './formula.js';

/**
 * Default mobile cation when `--cation` is not given: the lightest element present among the
 * usual monovalent mobile ions (Li, Na, K, Cu, Rb, Ag, Cs — ordered by mass), else among the
 * divalent ones (Mg, Zn, Ca, Sr, Ba). Lightest first because in mixed compounds the lighter
 * ion is almost always the faster one. An `I_DEFAULT_CATION` diagnostic names the choice.
 */
export const DEFAULT_CATION_CANDIDATES: readonly string[] = ['Li', 'Na', 'K', 'Cu', 'Rb', 'Ag', 'Cs', 'Mg', 'Zn', 'Ca', 'Sr', 'Ba'];

/** Ionic cations (groups 1 and 2): never bonded into clusters, whether or not they are the mobile species. */
const IONIC = new Set(['Li', 'Na', 'K', 'Rb', 'Cs', 'Be', 'Mg', 'Ca', 'Sr', 'Ba']);
/** Elements accepted as monatomic anions by `--anion auto` (hydride, groups 15–17). */
const MONATOMIC_ANION = new Set(['H', 'D', 'N', 'P', 'As', 'Sb', 'O', 'S', 'Se', 'Te', 'F', 'Cl', 'Br', 'I']);

/** Options of selectIons, as the CLI passes them. */
export interface IonSelectionOptions {
  /** Mobile cation element(s): `Li`, or `Li,Na`. Default: DEFAULT_CATION_CANDIDATES rule. */
  cation?: string;
  /** `auto` (default), a formula (`B12H12`, `PS4`) or a comma list (`S,Cl`). */
  anion?: string;
  /** Bond criterion (see clusters.ts). */
  tolerance?: number;
  slack?: number;
}

/** All anions of one formula. */
export interface AnionGroup {
  formula: string;
  composition: Composition;
  /** Number of clusters. */
  count: number;
  /** Atom indices of all its clusters, ascending. */
  atoms: number[];
  clusters: Cluster[];
}

/** Result of selectIons. */
export interface IonSelection {
  /** Mobile cation element symbols. */
  cationSymbols: string[];
  /** Atom indices of the mobile cations, ascending. */
  cations: number[];
  /** Selected anions grouped by formula: most atoms per cluster first, then heavier, then by formula. */
  anions: AnionGroup[];
  /** The selected anion clusters in one list (group order), for centre-of-mass analyses. */
  anionClusters: Cluster[];
  /** Percolating clusters (never anions). */
  frameworks: Cluster[];
  /** Every cluster found, with the atoms that were excluded from bonding. */
  clusterSet: ClusterSet;
  diagnostics: Diagnostic[];
}

/**
 * Choose the mobile cations and the anions of a structure (the selection every command
 * uses). The cation species and all group-1/2 elements never bond, so a Li 1.9 Å from an H
 * does not join a B12H12. Anions are bonded clusters (SPEC 2.1) found in `frame`:
 * - `auto`: every molecular cluster, plus monatomic hydride/pnictide/chalcogenide/halide
 *   ions (S²⁻, Cl⁻, I⁻); monatomic metals are spectators, frameworks are reported apart;
 * - a formula list: exactly those formulas (order of elements irrelevant: `S4P` = `PS4`).
 *
 * @throws PaddlewheelError E_SELECTION when the cation is absent (message names the elements
 *   present), a formula matches no cluster (message lists the formulas found), or no anion
 *   is found; E_USAGE for a malformed formula.
 */
export function selectIons(topology: Topology, frame: { positions: ArrayLike<number>; cell: Cell }, options: IonSelectionOptions = {}): IonSelection {
  const diagnostics: Diagnostic[] = [];
  const present = compositionOfTopology(topology);
  const presentList = () => Object.entries(present).map(([e, c]) => `${e} (${c})`).join(', ');
  const cationSymbols = chooseCations(options.cation, present, presentList, diagnostics);
  const cationSet = new Set(cationSymbols);

  const exclude = new Set<string>([...cationSymbols, ...Object.keys(present).filter((e) => IONIC.has(e))]);
  const clusterSet = findClusters(topology, frame, { tolerance: options.tolerance, slack: options.slack, exclude });
  const frameworks = clusterSet.clusters.filter((c) => c.periodic);
  for (const f of frameworks) {
    diagnostics.push({
      code: 'W_FRAMEWORK', level: 'warning',
      message: `atoms ${f.formula} form a bonded network that percolates in ${f.dimensionality} dimension(s) through the cell; it is not an anion (give --anion to choose molecular anions)`,
    });
  }
  const molecular = clusterSet.clusters.filter((c) => !c.periodic);
  const spectators: number[] = [];
  for (let i = 0; i < topology.symbols.length; i++) {
    const s = topology.symbols[i]!;
    if (!cationSet.has(s) && exclude.has(s)) spectators.push(i);
  }

  let chosen: Cluster[];
  const spec = options.anion?.trim();
  if (spec === undefined || spec === '' || spec.toLowerCase() === 'auto') {
    chosen = molecular.filter((c) => c.atoms.length > 1 || MONATOMIC_ANION.has(c.formula));
    const metals = molecular.filter((c) => c.atoms.length === 1 && !MONATOMIC_ANION.has(c.formula));
    spectators.push(...metals.map((c) => c.atoms[0]!));
    if (chosen.length === 0) {
      throw new PaddlewheelError('E_SELECTION', `--anion auto: no anion found (clusters: ${describe(clusterSet.clusters)}); give --anion FORMULA`);
    }
  } else {
    const wanted = spec.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => ({ text: s, comp: parseFormula(s) }));
    chosen = [];
    for (const w of wanted) {
      const inCation = Object.keys(w.comp).filter((e) => exclude.has(e));
      const hit = molecular.filter((c) => sameComposition(c.composition, w.comp));
      if (hit.length === 0) {
        const why = inCation.length > 0 ? `; ${inCation.join(', ')} never bond into anions (cations and group-1/2 elements are ionic)` : '';
        throw new PaddlewheelError('E_SELECTION', `--anion ${w.text}: no cluster has formula ${formatFormula(w.comp)}; found ${describe(molecular, frameworks)}${why}`);
      }
      chosen.push(...hit);
    }
    chosen = [...new Set(chosen)];
  }
  if (spectators.length > 0) {
    diagnostics.push({
      code: 'I_SPECTATOR_IONS', level: 'info',
      message: `neither mobile cation nor anion: ${formatFormula(compositionOf(topology.symbols, spectators))}`,
    });
  }

  const groups = groupByFormula(chosen);
  const cations: number[] = [];
  topology.symbols.forEach((s, i) => { if (cationSet.has(s)) cations.push(i); });
  return {
    cationSymbols, cations, anions: groups, anionClusters: groups.flatMap((g) => g.clusters),
    frameworks, clusterSet, diagnostics,
  };
}

function chooseCations(text: string | undefined, present: Composition, presentList: () => string, diagnostics: Diagnostic[]): string[] {
  if (text === undefined || text.trim() === '') {
    const found = DEFAULT_CATION_CANDIDATES.filter((e) => present[e]);
    const pick = found[0];
    if (!pick) throw new PaddlewheelError('E_SELECTION', `no mobile cation among ${DEFAULT_CATION_CANDIDATES.join(', ')}; give --cation (elements present: ${presentList()})`);
    const others = found.slice(1);
    diagnostics.push({
      code: 'I_DEFAULT_CATION', level: 'info',
      message: `mobile cation: ${pick} (the lightest of the usual mobile ions present${others.length ? `; also present: ${others.join(', ')}` : ''}); give --cation to choose`,
    });
    return [pick];
  }
  const out: string[] = [];
  for (const raw of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const sym = present[raw] ? raw : Object.keys(present).find((e) => e.toLowerCase() === raw.toLowerCase());
    if (!sym) {
      const what = elementInfo(raw) ? 'is not in this structure' : 'is not an element symbol';
      throw new PaddlewheelError('E_SELECTION', `--cation ${raw}: ${what}; elements present: ${presentList()}`);
    }
    if (!out.includes(sym)) out.push(sym);
  }
  if (out.length === 0) throw new PaddlewheelError('E_SELECTION', `--cation ${JSON.stringify(text)}: no element given; elements present: ${presentList()}`);
  return out;
}

function groupByFormula(clusters: Cluster[]): AnionGroup[] {
  const by = new Map<string, Cluster[]>();
  for (const c of clusters) by.set(c.formula, [...(by.get(c.formula) ?? []), c]);
  const groups = [...by.entries()].map(([formula, cs]) => ({
    formula, composition: cs[0]!.composition, count: cs.length,
    atoms: cs.flatMap((c) => c.atoms).sort((a, b) => a - b), clusters: cs,
  }));
  groups.sort((a, b) => b.clusters[0]!.atoms.length - a.clusters[0]!.atoms.length || b.clusters[0]!.mass - a.clusters[0]!.mass || (a.formula < b.formula ? -1 : a.formula > b.formula ? 1 : 0));
  return groups;
}

/** "PS4 ×32, Cl ×32, S ×32, framework X" for error messages, in group order. */
function describe(clusters: Cluster[], frameworks: Cluster[] = []): string {
  const parts = groupByFormula(clusters.filter((c) => !c.periodic)).map((g) => `${g.formula} ×${g.count}`);
  for (const f of [...frameworks, ...clusters.filter((c) => c.periodic && !frameworks.includes(c))]) parts.push(`framework ${f.formula}`);
  return parts.length ? parts.join(', ') : 'none';
}
