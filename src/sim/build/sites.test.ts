import { describe, expect, it } from 'vitest';
import { SITES_PER_ANION } from '../../analysis/pauling/pauling.js';
import { SITE_CUTOFF_FACTOR } from '../../analysis/templates/lattice.js';
import { cliqueSites, countSites } from './sites.js';
import { latticePointsInCell, parseSupercell, supercellCell } from './supercell.js';

describe('supercells of the anion lattice', () => {
  it('paper cells: |a₁| = |a₂| = a√2, |a₃| = a (fcc) / 2a (bcc); V = 2a³ / 4a³; 8 anions', () => {
    const a = 10;
    for (const [lattice, c, v] of [['fcc', a, 2 * a ** 3], ['bcc', 2 * a, 4 * a ** 3]] as const) {
      const cell = supercellCell(lattice, a, { kind: 'paper' });
      const m = cell.matrix;
      expect(Math.hypot(m[0]!, m[1]!, m[2]!)).toBeCloseTo(a * Math.SQRT2, 12);
      expect(Math.hypot(m[3]!, m[4]!, m[5]!)).toBeCloseTo(a * Math.SQRT2, 12);
      expect(Math.hypot(m[6]!, m[7]!, m[8]!)).toBeCloseTo(c, 12);
      expect(cell.volume).toBeCloseTo(v, 9);
      expect(latticePointsInCell(lattice, a, cell).length / 3).toBe(8);
    }
  });

  it('parses paper, N and NxNxN and rejects the rest', () => {
    expect(parseSupercell('paper')).toEqual({ kind: 'paper' });
    expect(parseSupercell('2')).toEqual({ kind: 'repeat', n: [2, 2, 2] });
    expect(parseSupercell('1x2×3')).toEqual({ kind: 'repeat', n: [1, 2, 3] });
    for (const bad of ['0x1x1', '2x2', 'big', '1.5x1x1']) expect(() => parseSupercell(bad)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('anion centres are the lattice points: every anion has 12 (fcc) / 8+6 (bcc) neighbours at the shell distances', () => {
    const a = 9;
    const cell = supercellCell('bcc', a, { kind: 'paper' });
    const p = latticePointsInCell('bcc', a, cell);
    const sites = cliqueSites(p, cell, 1.2 * a, ['linear']);
    const lengths = sites.map((s) => {
      const [u, v] = s.members;
      const m = cell.matrix;
      const q = (x: typeof u) => [0, 1, 2].map((c) => p[3 * x!.anion + c]! + x!.shift[0] * m[c]! + x!.shift[1] * m[3 + c]! + x!.shift[2] * m[6 + c]!);
      const [pu, pv] = [q(u), q(v)];
      return Math.hypot(pu[0]! - pv[0]!, pu[1]! - pv[1]!, pu[2]! - pv[2]!);
    });
    expect(lengths.filter((l) => Math.abs(l - (a * Math.sqrt(3)) / 2) < 1e-9).length).toBe(32); // 8 anions × 8 / 2
    expect(lengths.filter((l) => Math.abs(l - a) < 1e-9).length).toBe(24); // 8 × 6 / 2
  });
});

describe('clique sites per anion (SPEC section 1: fcc 6/8/2, bcc 7/12/6)', () => {
  for (const lattice of ['fcc', 'bcc'] as const) {
    for (const sc of ['1x1x1', '2x2x2', 'paper', '1x1x2']) {
      it(`${lattice} ${sc}`, () => {
        const a = lattice === 'fcc' ? 10.05 : 7.98;
        const cell = supercellCell(lattice, a, parseSupercell(sc));
        const centres = latticePointsInCell(lattice, a, cell);
        const nA = centres.length / 3;
        const counts = countSites(cliqueSites(centres, cell, SITE_CUTOFF_FACTOR[lattice] * a));
        const want = SITES_PER_ANION[lattice];
        expect(counts).toEqual({ linear: want.linear * nA, trigonal: want.trigonal * nA, tetrahedral: want.tetrahedral * nA });
      });
    }
  }

  it('site centres are wrapped into the cell and pairwise distinct', () => {
    const a = 10.05;
    const cell = supercellCell('fcc', a, { kind: 'paper' });
    const sites = cliqueSites(latticePointsInCell('fcc', a, cell), cell, 0.85 * a);
    const keys = new Set(sites.map((s) => s.centre.map((x) => x.toFixed(6)).join(',')));
    expect(keys.size).toBe(sites.length);
  });
});
