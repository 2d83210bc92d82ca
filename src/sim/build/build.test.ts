import { describe, expect, it } from 'vitest';
import type { Cell } from '../../core/cell.js';
import { composition } from '../../core/topology.js';
import { triadAxes } from '../../chem/icosahedron.js';
import { selectIons } from '../../chem/select.js';
import { clusterCentres } from '../../chem/centres.js';
import { type BuildOptions, buildStructure, defaultLimits } from './build.js';

// Brute-force minimum-image distance over the 27 nearest images: exact for distances below
// half the smallest cell height (≥ 5 Å in every cell here), independent of math/pbc.
function dist(cell: Cell, p: ArrayLike<number>, i: number, q: ArrayLike<number>, j: number): number {
  const m = cell.matrix;
  let best = Infinity;
  for (let s0 = -1; s0 <= 1; s0++) for (let s1 = -1; s1 <= 1; s1++) for (let s2 = -1; s2 <= 1; s2++) {
    let d2 = 0;
    for (let c = 0; c < 3; c++) {
      const d = q[3 * j + c]! + s0 * m[c]! + s1 * m[3 + c]! + s2 * m[6 + c]! - p[3 * i + c]!;
      d2 += d * d;
    }
    best = Math.min(best, d2);
  }
  return Math.sqrt(best);
}

const base: BuildOptions = { cation: 'Li', lattice: 'fcc', a: 10.05, supercell: { kind: 'paper' }, orientation: 'random', cationSites: 'trigonal', seed: 11 };

// Distance from a site centre to the anion centres of its clique, per site type (Å / a):
// fcc linear a/(2√2), trigonal a/√6, tetrahedral a√3/4; bcc tetrahedral a√5/4.
const MEMBER_DISTANCE = {
  fcc: { linear: [2, 1 / (2 * Math.SQRT2)], trigonal: [3, 1 / Math.sqrt(6)], tetrahedral: [4, Math.sqrt(3) / 4] },
  bcc: { tetrahedral: [4, Math.sqrt(5) / 4] },
} as const;

describe('buildStructure: M2B12H12 in the paper cells', () => {
  const cases: [string, BuildOptions, number][] = [
    ['β-Li2B12H12, fcc, random anions, trigonal Li', base, 2],
    ['Na2B12H12, bcc, random anions, tetrahedral Na', { ...base, cation: 'Na', lattice: 'bcc', a: 7.98, cationSites: 'tetrahedral', seed: 5 }, 4],
    ['K2B12H12, fcc, aligned anions, tetrahedral K', { ...base, cation: 'K', a: 10.71, orientation: 'aligned', cationSites: 'tetrahedral' }, 2],
    ['Li2B12H12, fcc, random anions, linear Li', { ...base, cationSites: 'linear', seed: 3 }, 2],
  ];
  for (const [name, o, volumeFactor] of cases) {
    it(name, () => {
      const b = buildStructure(o);
      const { topology: t, frame: f, cell } = b;
      expect(t.symbols.length).toBe(208);
      expect(composition(t)).toEqual({ B: 96, H: 96, [o.cation]: 16 });
      expect(cell.volume).toBeCloseTo(volumeFactor * o.a ** 3, 6);
      const nA = 8;
      // Every B 1.70 Å and every H 2.90 Å from its anion centre.
      for (let k = 0; k < nA; k++) for (let j = 0; j < 12; j++) {
        expect(dist(cell, b.centres, k, f.positions, 12 * k + j)).toBeCloseTo(1.7, 10);
        expect(dist(cell, b.centres, k, f.positions, 12 * nA + 12 * k + j)).toBeCloseTo(2.9, 10);
      }
      // Cations exactly on distinct sites of the chosen type.
      const c0 = 24 * nA;
      const keys = new Set<string>();
      b.cationSites.forEach((s, c) => {
        expect(s.type).toBe(o.cationSites);
        expect(dist(cell, s.centre, 0, f.positions, c0 + c)).toBeLessThan(1e-9);
        keys.add(s.members.map((m) => `${m.anion}`).join(',') + s.centre.map((x) => x.toFixed(5)).join(','));
      });
      expect(keys.size).toBe(16);
      // Independent check of the site type: the nearest anion centres of each cation.
      const md = (MEMBER_DISTANCE as Record<string, Record<string, readonly [number, number]>>)[o.lattice]?.[o.cationSites];
      if (md) {
        for (let c = 0; c < 16; c++) {
          const d = Array.from({ length: nA }, (_, k) => dist(cell, f.positions, c0 + c, b.centres, k)).sort((x, y) => x - y);
          // Members may include several images of one anion in small cells; in the paper cells they are distinct.
          for (let r = 0; r < md[0]; r++) expect(d[r]).toBeCloseTo(md[1] * o.a, 9);
          expect(d[md[0]]!).toBeGreaterThan(md[1] * o.a + 0.1);
        }
      }
      // Minimum distances respected.
      const lim = defaultLimits(o.cation);
      let ca = Infinity, cc = Infinity, hh = Infinity;
      for (let c = 0; c < 16; c++) {
        for (let i = 0; i < c0; i++) ca = Math.min(ca, dist(cell, f.positions, c0 + c, f.positions, i));
        for (let e = c + 1; e < 16; e++) cc = Math.min(cc, dist(cell, f.positions, c0 + c, f.positions, c0 + e));
      }
      const h0 = 12 * nA;
      for (let i = 0; i < 96; i++) for (let j = i + 1; j < 96; j++) {
        if (Math.floor(i / 12) !== Math.floor(j / 12)) hh = Math.min(hh, dist(cell, f.positions, h0 + i, f.positions, h0 + j));
      }
      expect(ca).toBeGreaterThanOrEqual(lim.cationAnion);
      expect(cc).toBeGreaterThanOrEqual(lim.cationCation);
      expect(hh).toBeGreaterThanOrEqual(lim.hh);
      expect(b.closest.cationAnion).toBeCloseTo(ca, 9);
      expect(b.closest.hh).toBeCloseTo(hh, 9);
      // The foundation's selection finds 8 B12H12 and 16 cations.
      const ions = selectIons(t, f, { cation: o.cation });
      expect(ions.cations).toHaveLength(16);
      expect(ions.anions.map((g) => [g.formula, g.count])).toEqual([['B12H12', 8]]);
      // …whose centres of mass are the lattice points.
      const com = clusterCentres(t, ions.anionClusters, f);
      for (let k = 0; k < nA; k++) expect(Math.min(...Array.from({ length: nA }, (_, l) => dist(cell, com, k, b.centres, l)))).toBeLessThan(1e-9);
    });
  }

  it('the same seed gives the identical structure, another seed a different one', () => {
    const a = buildStructure(base), b = buildStructure(base), c = buildStructure({ ...base, seed: 12 });
    expect(Array.from(b.frame.positions)).toEqual(Array.from(a.frame.positions));
    expect(Array.from(c.frame.positions)).not.toEqual(Array.from(a.frame.positions));
  });

  it('aligned: one common orientation; in fcc its triads point at all 8 tetrahedral sites', () => {
    const b = buildStructure({ ...base, cation: 'K', a: 10.71, orientation: 'aligned', cationSites: 'tetrahedral' });
    expect(new Set(b.rotations.map((r) => Array.from(r).join(','))).size).toBe(1);
    expect(b.aligned).toMatchObject({ facing: 8, directions: 8 });
    const axes = triadAxes(b.rotations[0]!);
    const cell = b.cell, m = cell.matrix;
    for (const s of b.cationSites) for (const mem of s.members) {
      // Shortest vector from the member anion to the cation (the site centre is wrapped, the member image is not).
      let v = [0, 0, 0], n = Infinity;
      for (let s0 = -1; s0 <= 1; s0++) for (let s1 = -1; s1 <= 1; s1++) for (let s2 = -1; s2 <= 1; s2++) {
        const w = [0, 1, 2].map((c) => s.centre[c]! - b.centres[3 * mem.anion + c]! + s0 * m[c]! + s1 * m[3 + c]! + s2 * m[6 + c]!);
        const l = Math.hypot(w[0]!, w[1]!, w[2]!);
        if (l < n) { n = l; v = w; }
      }
      expect(n).toBeCloseTo((10.71 * Math.sqrt(3)) / 4, 9);
      let best = -1;
      for (let t = 0; t < 20; t++) best = Math.max(best, (v[0]! * axes[3 * t]! + v[1]! * axes[3 * t + 1]! + v[2]! * axes[3 * t + 2]!) / n);
      expect(best).toBeCloseTo(1, 12);
    }
  });

  it('NxNxN: 2×2×2 fcc has 32 anions and 64 cations (V = 8a³)', () => {
    const b = buildStructure({ ...base, supercell: { kind: 'repeat', n: [2, 2, 2] }, cationSites: 'tetrahedral' });
    expect(b.topology.symbols.length).toBe(32 * 26);
    expect(b.cell.volume).toBeCloseTo(8 * 10.05 ** 3, 6);
    expect(b.occupied).toEqual({ linear: 0, trigonal: 0, tetrahedral: 64 });
  });

  it('random cation sites draw from all three types; molecule ids are 1…8 for anions, 0 for cations', () => {
    const b = buildStructure({ ...base, cationSites: 'random', seed: 2 });
    expect(b.occupied.linear + b.occupied.trigonal + b.occupied.tetrahedral).toBe(16);
    expect(Object.values(b.occupied).filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(b.moleculeIds[0]).toBe(1);
    expect(b.moleculeIds[12 * 8 + 12 * 7]).toBe(8);
    expect(b.moleculeIds[207]).toBe(0);
  });

  it('deuterium sets the H mass to 2.014 amu, symbol H', () => {
    const b = buildStructure({ ...base, deuterium: true });
    const h = b.topology.symbols.indexOf('H');
    expect(b.topology.masses[h]).toBe(2.014);
  });

  it('impossible placements fail with E_USAGE naming the limits', () => {
    // K on fcc trigonal sites with aligned anions: no site is 2.17 Å clear of every B/H.
    expect(() => buildStructure({ ...base, cation: 'K', a: 10.71, orientation: 'aligned' })).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringMatching(/cation–B\/H ≥ 2\.17 Å/) }));
    // 16 cations 6 Å apart do not fit on the 16 fcc tetrahedral sites (5.0 Å apart).
    expect(() => buildStructure({ ...base, cationSites: 'tetrahedral', limits: { cationCation: 6 } })).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringMatching(/6 Å apart/) }));
    expect(() => buildStructure({ ...base, cation: 'Xx' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => buildStructure({ ...base, a: -1 })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});
