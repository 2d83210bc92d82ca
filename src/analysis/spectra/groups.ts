import { quantity } from '../../core/result.js';
import type { WindowPlan } from './lag-window.js';
import type { SpectrumGroup } from './result.js';
import { seriesLayout } from './series.js';

/** One spectrum to compute: what it is of, and the first series-row column of each of its 3-vector items. */
export interface SpectraItem {
  group: Omit<SpectrumGroup, 'peaks'>;
  columns: number[];
  /** Mean mass (amu) of an atom group, for its kinetic temperature. */
  mass?: number;
}

/** The parts of a spectra state the groups follow from. */
export interface SpectraSelection {
  atoms: readonly number[];
  symbols: readonly string[];
  masses: readonly number[];
  cations: number;
  clusterStart: readonly number[];
  rigid: readonly boolean[];
}

/**
 * The spectra of a selection, in output order: one per element among the cations, one per
 * element among the anion atoms, then (with polyatomic anions) the per-atom ω of all anion
 * atoms and the rigid-body ω of the non-linear anions. meanSquare is a placeholder (0).
 */
export function spectraItems(s: SpectraSelection): SpectraItem[] {
  const slots = s.clusterStart.at(-1) ?? 0;
  const layout = seriesLayout(s.atoms.length, slots, s.clusterStart.length - 1);
  const items: SpectraItem[] = [];
  const byElement = (from: number, to: number, kind: SpectrumGroup['kind']) => {
    const names = [...new Set(s.symbols.slice(from, to))];
    for (const name of names) {
      const idx: number[] = [];
      for (let j = from; j < to; j++) if (s.symbols[j] === name) idx.push(j);
      const mass = idx.reduce((sum, j) => sum + s.masses[j]!, 0) / idx.length;
      items.push({ group: { name, kind, count: idx.length, meanSquare: quantity(0, 'Å^2/ps^2') }, columns: idx.map((j) => 3 * j), mass });
    }
  };
  byElement(0, s.cations, 'cation');
  byElement(s.cations, s.atoms.length, 'anion-atoms');
  if (slots > 0) {
    items.push({ group: { name: 'anionOmegaAtoms', kind: 'anion-omega-atoms', count: slots, meanSquare: quantity(0, 'rad^2/ps^2') }, columns: Array.from({ length: slots }, (_, k) => layout.omegaAtoms + 3 * k) });
    const rigid = s.rigid.flatMap((ok, k) => (ok ? [layout.omegaRigid + 3 * k] : []));
    if (rigid.length > 0) items.push({ group: { name: 'anionOmegaRigid', kind: 'anion-omega-rigid', count: rigid.length, meanSquare: quantity(0, 'rad^2/ps^2') }, columns: rigid });
  }
  return items;
}

/** Bounded-memory plan (lag-window.ts): spectrum i is channel i, its series the 3 components of each item, in column order. */
export function spectraPlan(items: readonly SpectraItem[]): WindowPlan {
  return {
    groups: items.map((it) => it.columns.flatMap((c) => [c, c + 1, c + 2])),
    channelsOf: items.map((_, i) => [i]),
    derive(g, cols, len, add) {
      for (let j = 0; j < 3 * items[g]!.columns.length; j++) add(0, cols, j * len);
    },
  };
}
