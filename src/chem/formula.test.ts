import { describe, expect, it } from 'vitest';
import { compositionOf, formatFormula, formulaOrder, parseFormula, sameComposition } from './formula.js';

describe('formatFormula', () => {
  it('writes complex anions as chemists do', () => {
    const cases: [Record<string, number>, string][] = [
      [{ H: 12, B: 12 }, 'B12H12'],
      [{ S: 4, P: 1 }, 'PS4'],
      [{ S: 1 }, 'S'],
      [{ Cl: 1 }, 'Cl'],
      [{ O: 4, S: 1 }, 'SO4'],
      [{ F: 6, P: 1 }, 'PF6'],
      [{ H: 4, B: 1 }, 'BH4'],
      [{ O: 4, Cl: 1 }, 'ClO4'],
      [{ H: 12, B: 11, C: 1 }, 'CB11H12'],
      [{ H: 10, B: 10 }, 'B10H10'],
      [{ S: 7, P: 2 }, 'P2S7'],
      [{ H: 4, N: 1 }, 'NH4'],
      [{ Cl: 4, Al: 1 }, 'AlCl4'],
      [{ Cl: 6, Y: 1 }, 'YCl6'],
    ];
    for (const [c, f] of cases) expect(formatFormula(c)).toBe(f);
  });

  it('is independent of key order and treats D like H', () => {
    expect(formatFormula({ B: 12, H: 12 })).toBe(formatFormula({ H: 12, B: 12 }));
    expect(formulaOrder({ D: 12, B: 12 })).toEqual(['B', 'D']);
  });

  it('counts the atoms of a cluster', () => {
    const symbols = ['Li', 'P', 'S', 'S', 'S', 'S', 'Cl'];
    expect(compositionOf(symbols, [1, 2, 3, 4, 5])).toEqual({ P: 1, S: 4 });
    expect(formatFormula(compositionOf(symbols, [6]))).toBe('Cl');
  });
});

describe('parseFormula', () => {
  it('parses counts in any order and round-trips', () => {
    expect(parseFormula('B12H12')).toEqual({ B: 12, H: 12 });
    expect(sameComposition(parseFormula('S4P'), parseFormula('PS4'))).toBe(true);
    expect(sameComposition(parseFormula('PS4'), parseFormula('PS3'))).toBe(false);
    expect(sameComposition(parseFormula('PS4'), { P: 1, S: 4, Cl: 0 })).toBe(true);
    expect(parseFormula('SS')).toEqual({ S: 2 });
    for (const f of ['B12H12', 'PS4', 'CB11H12', 'Cl']) expect(formatFormula(parseFormula(f))).toBe(f);
  });

  it('rejects what is not a plain formula with E_USAGE', () => {
    for (const bad of ['', 'b12h12', 'B12H12-', '(SO4)2', 'Xx2', 'B0']) {
      expect(() => parseFormula(bad), bad).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    }
  });
});
