import { describe, expect, it } from 'vitest';
import { orthorhombicCell } from '../core/cell.js';
import { topologyFromSymbols } from '../core/topology.js';
import { createRng } from '../math/rng.js';
import { selectIons } from './select.js';
import { li2b12h12Cell } from './testing.js';

/** A small argyrodite-like cell: one PS4, a free S²⁻ beyond one PS4 sulfur at `gap` Å, a Cl⁻, two Li. */
function thioCell(gap = 3.0, extra: { symbols: string[]; positions: number[] } = { symbols: [], positions: [] }) {
  const s = 2.05 / Math.sqrt(3);
  const P = [5, 5, 5];
  const dirs = [[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]];
  const S = dirs.flatMap((d) => d.map((x, k) => P[k]! + s * x));
  const u = 1 / Math.sqrt(3);
  const free = [0, 1, 2].map((k) => S[k]! + gap * u);
  const symbols = ['Li', 'Cl', 'S', 'S', 'S', 'S', 'S', 'P', 'Li', ...extra.symbols];
  const positions = [2.5, 2.5, 7.5, 5, 0, 0, ...S, ...free, ...P, 7.5, 2.5, 2.5, ...extra.positions];
  return { topology: topologyFromSymbols(symbols), frame: { positions: Float64Array.from(positions), cell: orthorhombicCell(12, 12, 12) } };
}

describe('selectIons', () => {
  it('β-Li2B12H12 (208 atoms): 16 Li cations and 8 B12H12, by auto and by formula', () => {
    const g = li2b12h12Cell(createRng(5));
    const t = topologyFromSymbols(g.symbols);
    for (const anion of [undefined, 'auto', 'B12H12', 'H12B12']) {
      const sel = selectIons(t, g, { cation: 'Li', anion });
      expect(sel.cations).toEqual(Array.from({ length: 16 }, (_, i) => 192 + i));
      expect(sel.anions.map((a) => [a.formula, a.count])).toEqual([['B12H12', 8]]);
      expect(sel.anions[0]!.atoms.length).toBe(192);
      expect(sel.anionClusters.length).toBe(8);
    }
  });

  it('default cation: the lightest mobile ion present, named in a diagnostic; other alkalis are spectators', () => {
    const g = thioCell(3.0, { symbols: ['Na'], positions: [9, 9, 9] });
    const sel = selectIons(g.topology, g.frame);
    expect(sel.cationSymbols).toEqual(['Li']);
    expect(sel.cations).toEqual([0, 8]);
    const d = sel.diagnostics.find((x) => x.code === 'I_DEFAULT_CATION')!;
    expect(d.message).toContain('Li');
    expect(d.message).toContain('Na');
    expect(sel.diagnostics.find((x) => x.code === 'I_SPECTATOR_IONS')!.message).toContain('Na');
    expect(sel.anions.map((a) => a.formula)).toEqual(['PS4', 'Cl', 'S']);
  });

  it('auto: PS4, free S²⁻ and Cl⁻ stay apart (free S 3.0 Å from a PS4 sulfur); a formula list picks some', () => {
    const g = thioCell(3.0);
    const sel = selectIons(g.topology, g.frame, { cation: 'Li', anion: 'auto' });
    expect(sel.anions.map((a) => [a.formula, a.count, a.atoms])).toEqual([['PS4', 1, [2, 3, 4, 5, 7]], ['Cl', 1, [1]], ['S', 1, [6]]]);
    const sc = selectIons(g.topology, g.frame, { cation: 'Li', anion: 'S,Cl' });
    expect(sc.anions.map((a) => a.formula)).toEqual(['Cl', 'S']);
    expect(selectIons(g.topology, g.frame, { cation: 'li', anion: 'S4P' }).anions.map((a) => a.formula)).toEqual(['PS4']);
    // At 2.5 Å (inside the 2.60 Å S–S cut-off) the "free" S joins: the criterion is not vacuous.
    const close = selectIons(g.topology, thioCell(2.5).frame, { cation: 'Li' });
    expect(close.anions.map((a) => a.formula)).toEqual(['PS5', 'Cl']);
  });

  it('errors: absent cation names the elements present; unmatched formula lists those found', () => {
    const g = thioCell();
    expect(() => selectIons(g.topology, g.frame, { cation: 'Na' })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringMatching(/--cation Na: is not in this structure; elements present: Li \(2\), Cl \(1\), S \(5\), P \(1\)/) }));
    expect(() => selectIons(g.topology, g.frame, { cation: 'Qq' })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringContaining('not an element') }));
    expect(() => selectIons(g.topology, g.frame, { cation: 'Li', anion: 'B12H12' })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringContaining('found PS4 ×1, Cl ×1, S ×1') }));
    expect(() => selectIons(g.topology, g.frame, { cation: 'Li', anion: 'PS4,Br' })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringContaining('--anion Br') }));
    expect(() => selectIons(g.topology, g.frame, { cation: 'Li', anion: 'LiCl' })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringContaining('never bond') }));
    expect(() => selectIons(g.topology, g.frame, { cation: 'Li', anion: 'ps4' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    const noCation = topologyFromSymbols(['S', 'P']);
    expect(() => selectIons(noCation, { positions: Float64Array.from([0, 0, 0, 5, 5, 5]), cell: orthorhombicCell(10, 10, 10) })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringContaining('give --cation') }));
  });

  it('a percolating network is reported as a framework, never an anion', () => {
    // An infinite S chain along x (one S per 2.05 Å cell edge would need a tiny cell: use 6 S in 12.3 Å).
    const t = topologyFromSymbols(['Li', 'S', 'S', 'S', 'S', 'S', 'S', 'Cl']);
    const pos = [6, 6, 0, 0, 3, 3, 2.05, 3, 3, 4.1, 3, 3, 6.15, 3, 3, 8.2, 3, 3, 10.25, 3, 3, 6, 9, 9];
    const sel = selectIons(t, { positions: Float64Array.from(pos), cell: orthorhombicCell(12.3, 12, 12) }, { cation: 'Li' });
    expect(sel.frameworks.map((f) => [f.formula, f.dimensionality])).toEqual([['S6', 1]]);
    expect(sel.anions.map((a) => a.formula)).toEqual(['Cl']);
    expect(sel.diagnostics.some((d) => d.code === 'W_FRAMEWORK' && d.message.includes('S6'))).toBe(true);
    expect(() => selectIons(t, { positions: Float64Array.from(pos), cell: orthorhombicCell(12.3, 12, 12) }, { cation: 'Li', anion: 'S6' })).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringContaining('framework S6') }));
  });
});
