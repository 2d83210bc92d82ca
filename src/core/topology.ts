import { elementInfo } from './elements.js';

/**
 * What does not change along a trajectory: one entry per atom, in file order.
 */
export interface Topology {
  /** Element symbols (`Li`, `B`, `H`, …); `D` for deuterium where the file says so. */
  symbols: string[];
  /** Atomic masses (amu); from the file where it gives them (e.g. QE species masses), else standard values. */
  masses: Float64Array;
  /** Partial or formal charges (e), where known. */
  charges?: Float64Array;
  /** Labels as written in the file when they differ from the element (`B1`, `Li_sv`, LAMMPS type ids). */
  labels?: string[];
}

/** Topology from element symbols with standard masses. Throws RangeError on an unknown symbol. */
export function topologyFromSymbols(symbols: string[], masses?: ArrayLike<number>): Topology {
  const m = new Float64Array(symbols.length);
  symbols.forEach((s, i) => {
    const given = masses?.[i];
    if (given !== undefined && Number.isFinite(given) && given > 0) {
      m[i] = given;
      return;
    }
    const info = elementInfo(s);
    if (!info) throw new RangeError(`unknown element symbol ${JSON.stringify(s)}`);
    m[i] = info.mass;
  });
  return { symbols, masses: m };
}

/** Counts per symbol in order of first appearance, e.g. `{B: 96, H: 96, Li: 16}`. */
export function composition(t: Topology): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of t.symbols) out[s] = (out[s] ?? 0) + 1;
  return out;
}

/** Indices of the atoms whose symbol is `symbol`. */
export function indicesOf(t: Topology, symbol: string): number[] {
  const out: number[] = [];
  t.symbols.forEach((s, i) => {
    if (s === symbol) out.push(i);
  });
  return out;
}
