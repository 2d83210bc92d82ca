import { PaddlewheelError } from '../core/errors.js';
import { isElement } from '../core/elements.js';

/**
 * Chemical formulas of clusters, written as chemists write complex anions:
 * `B12H12`, `PS4`, `SO4`, `PF6`, `BH4`, `CB11H12`, `S`, `Cl`.
 *
 * Rule (deterministic, depends on the composition only):
 * 1. The central element comes first: the element with the fewest atoms; a tie goes to the
 *    element earlier in the sequence below.
 * 2. The other elements follow in the IUPAC element sequence (Red Book 2005, Table VI:
 *    electropositive first — noble gases, groups 1, 2, 3 with the lanthanoids, 4 … 12, 13,
 *    14, 15, then H, then 16, 17; within a group from the heaviest to the lightest).
 * 3. Counts of 1 are omitted.
 * Hill order (alphabetical without carbon) happens to give B12H12 and PS4 too, but writes
 * SO4 as O4S and PF6 as F6P; this rule writes those as chemists do. Known departures:
 * hydroxide comes out `HO`, thiocyanate `CNS`.
 * `D` sorts as H.
 */
const SEQUENCE: readonly string[] = [
  'Rn', 'Xe', 'Kr', 'Ar', 'Ne', 'He',
  'Cs', 'Rb', 'K', 'Na', 'Li',
  'Ba', 'Sr', 'Ca', 'Mg', 'Be',
  'Lu', 'Yb', 'Tm', 'Er', 'Ho', 'Dy', 'Tb', 'Gd', 'Eu', 'Sm', 'Pm', 'Nd', 'Pr', 'Ce', 'La', 'Y', 'Sc',
  'Hf', 'Zr', 'Ti', 'Ta', 'Nb', 'V', 'W', 'Mo', 'Cr', 'Re', 'Tc', 'Mn', 'Os', 'Ru', 'Fe',
  'Ir', 'Rh', 'Co', 'Pt', 'Pd', 'Ni', 'Au', 'Ag', 'Cu', 'Hg', 'Cd', 'Zn',
  'Tl', 'In', 'Ga', 'Al', 'B',
  'Pb', 'Sn', 'Ge', 'Si', 'C',
  'Bi', 'Sb', 'As', 'P', 'N',
  'H',
  'Po', 'Te', 'Se', 'S', 'O',
  'At', 'I', 'Br', 'Cl', 'F',
];
const RANK = new Map<string, number>(SEQUENCE.map((s, i) => [s, i]));
RANK.set('D', RANK.get('H')!);

/** Position of an element in the formula sequence (unknown symbols sort last, alphabetically). */
export function elementRank(symbol: string): number {
  return RANK.get(symbol) ?? SEQUENCE.length;
}

/** Element counts, e.g. `{B: 12, H: 12}`. */
export type Composition = Record<string, number>;

/** Composition of the atoms `atoms` (indices into `symbols`). */
export function compositionOf(symbols: readonly string[], atoms: ArrayLike<number>): Composition {
  const c: Composition = {};
  for (let k = 0; k < atoms.length; k++) {
    const s = symbols[atoms[k]!]!;
    c[s] = (c[s] ?? 0) + 1;
  }
  return c;
}

/** Elements of a composition in formula order (rule in the module comment). */
export function formulaOrder(c: Composition): string[] {
  const els = Object.keys(c).filter((e) => c[e]! > 0);
  const bySeq = (a: string, b: string) => elementRank(a) - elementRank(b) || (a < b ? -1 : a > b ? 1 : 0);
  els.sort(bySeq);
  if (els.length <= 1) return els;
  let central = els[0]!;
  for (const e of els) if (c[e]! < c[central]!) central = e;
  return [central, ...els.filter((e) => e !== central)];
}

/** Formula string of a composition: `{H: 12, B: 12}` → `B12H12`, `{S: 4, P: 1}` → `PS4`. */
export function formatFormula(c: Composition): string {
  return formulaOrder(c).map((e) => (c[e] === 1 ? e : `${e}${c[e]}`)).join('');
}

/**
 * Parse a plain formula (`B12H12`, `PS4`, `S4P`, `Cl`; element symbols with optional counts,
 * no brackets or charges) into a composition. Order does not matter for matching.
 * Throws PaddlewheelError E_USAGE naming the problem.
 */
export function parseFormula(text: string): Composition {
  const t = text.trim();
  if (!/^([A-Z][a-z]?\d*)+$/.test(t)) {
    throw new PaddlewheelError('E_USAGE', `${JSON.stringify(text)} is not a formula: expected element symbols with counts, e.g. B12H12 or PS4`);
  }
  const c: Composition = {};
  for (const m of t.matchAll(/([A-Z][a-z]?)(\d*)/g)) {
    const el = m[1]!;
    if (!isElement(el)) throw new PaddlewheelError('E_USAGE', `formula ${JSON.stringify(text)}: ${el} is not an element symbol`);
    const n = m[2] === '' ? 1 : Number(m[2]);
    if (!(n >= 1)) throw new PaddlewheelError('E_USAGE', `formula ${JSON.stringify(text)}: count of ${el} must be ≥ 1`);
    c[el] = (c[el] ?? 0) + n;
  }
  return c;
}

/** True when two compositions have the same elements with the same counts. */
export function sameComposition(a: Composition, b: Composition): boolean {
  const ka = Object.keys(a).filter((k) => a[k]! > 0), kb = Object.keys(b).filter((k) => b[k]! > 0);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}
