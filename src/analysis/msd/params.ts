import { isElement, normaliseSymbol } from '../../core/elements.js';
import { UsageError } from '../../core/errors.js';
import { formatFormula, parseFormula } from '../../chem/formula.js';
import type { CollectiveMode, DriftSpec, FitWindowSpec } from './types.js';

/**
 * Formal charges (e) assumed for the usual mobile cations when `--charge` does not say:
 * +1 for the alkali metals, Cu⁺ and Ag⁺; +2 for the alkaline-earth metals and Zn²⁺.
 * Any other mobile species needs `--charge`.
 */
export const DEFAULT_FORMAL_CHARGES: Readonly<Record<string, number>> = {
  Li: 1, Na: 1, K: 1, Rb: 1, Cs: 1, Cu: 1, Ag: 1,
  Mg: 2, Ca: 2, Sr: 2, Ba: 2, Zn: 2,
};

/** Default fit window, as fractions of the trajectory duration. */
export const DEFAULT_FIT_FRACTIONS: readonly [number, number] = [0.1, 0.6];

/** Default jump threshold: a fraction of the shortest cell height. */
export const DEFAULT_JUMP_THRESHOLD = 0.3;

/**
 * Parse `--fit START:END`: times in ps, or with a unit suffix `ps`/`fs` on each part
 * (`2ps:20ps`, `500fs:10ps`, `2:20`). Throws UsageError unless 0 ≤ start < end.
 */
export function parseFitWindow(text: string | undefined): FitWindowSpec | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(':');
  if (parts.length !== 2) throw new UsageError(`--fit ${text}: expected START:END in ps (e.g. 2ps:20ps or 2:20)`);
  const [start, end] = parts.map((p) => parseTime(p, text));
  if (!(start! < end!)) throw new UsageError(`--fit ${text}: the start must be before the end`);
  return { start: start!, end: end! };
}

function parseTime(part: string, whole: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(ps|fs)?\s*$/.exec(part);
  if (!m) throw new UsageError(`--fit ${whole}: ${JSON.stringify(part)} is not a time ≥ 0 (a number in ps, or with a ps/fs suffix)`);
  const v = Number(m[1]);
  return m[2] === 'fs' ? v * 1e-3 : v;
}

/** Parse `--drift none|framework|species:X`. */
export function parseDrift(text: string | undefined): DriftSpec {
  if (text === undefined || text === 'framework') return { kind: 'framework' };
  if (text === 'none') return { kind: 'none' };
  const m = /^species:(.+)$/.exec(text.trim());
  if (m) {
    const s = normaliseSymbol(m[1]!.trim());
    if (!s || !isElement(s)) throw new UsageError(`--drift ${text}: ${JSON.stringify(m[1])} is not an element symbol`);
    return { kind: 'species', symbol: s };
  }
  throw new UsageError(`--drift ${text}: expected none, framework (mean of the anion centres) or species:X (mean of the atoms of element X)`);
}

/**
 * Parse `--charge Li=1,B12H12=-2,Cl=-1` (repeatable flags are joined by the caller): keys are
 * elements (any case: `li`) or formulas of molecular ions (`B12H12`, `PS4`; order of elements
 * irrelevant, stored as formatFormula writes them), values non-zero charges in e.
 */
export function parseCharges(values: string | string[] | undefined): Record<string, number> | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const item of list) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)$/.exec(item);
    const key = m ? ionKey(m[1]!) : undefined;
    if (!m || !key) throw new UsageError(`--charge ${item}: expected ELEMENT=CHARGE or FORMULA=CHARGE in e (e.g. Li=1, Mg=2, B12H12=-2)`);
    const q = Number(m[2]);
    if (!Number.isFinite(q) || q === 0) throw new UsageError(`--charge ${item}: the charge must be a non-zero number of e`);
    out[key] = q;
  }
  return out;
}

/** `Li`, `li`, `PS4`, `S4P` → the canonical element symbol or formula; undefined if neither. */
function ionKey(text: string): string | undefined {
  if (/^([A-Z][a-z]?\d*)+$/.test(text)) {
    try { return formatFormula(parseFormula(text)); } catch { /* not a formula: try a lower-case symbol */ }
  }
  const sym = /^[A-Za-z]{1,2}$/.test(text) ? normaliseSymbol(text) : undefined;
  return sym && isElement(sym) ? sym : undefined;
}

/** Parse `--collective all-ions|cations` (default all-ions). */
export function parseCollective(text: string | undefined): CollectiveMode {
  if (text === undefined || text === 'all-ions') return 'all-ions';
  if (text === 'cations') return 'cations';
  throw new UsageError(`--collective ${text}: expected all-ions (Σ qᵢΔrᵢ over every ion of the neutral cell; no reference frame) or cations (the mobile ions only, relative to the --drift reference)`);
}

/**
 * Charges (e) of the mobile-ion elements: `given` where it names them, else the defaults.
 * Throws UsageError for a key of `given` that is neither a mobile ion nor in `otherIons`
 * (the other ions of the cell, whose charges resolveCounterIons reads), or a mobile ion
 * with no default and no `--charge`.
 */
export function resolveCharges(species: readonly string[], given: Record<string, number> | undefined, otherIons: ReadonlySet<string> = new Set()): Record<string, number> {
  for (const s of Object.keys(given ?? {})) {
    if (!species.includes(s) && !otherIons.has(s)) {
      const others = otherIons.size ? `; other ions: ${[...otherIons].join(', ')}` : '';
      throw new UsageError(`--charge ${s}=…: ${s} is not a mobile ion here, nor another ion of the cell (mobile: ${species.join(', ')}, choose them with --cation${others})`);
    }
  }
  const out: Record<string, number> = {};
  for (const s of species) {
    const q = given?.[s] ?? DEFAULT_FORMAL_CHARGES[s];
    if (q === undefined) throw new UsageError(`no default formal charge for ${s}; give --charge ${s}=Q (Q in e)`);
    out[s] = q;
  }
  return out;
}
