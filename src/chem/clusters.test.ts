import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, makeCell, orthorhombicCell } from '../core/cell.js';
import { topologyFromSymbols } from '../core/topology.js';
import { MinimumImage } from '../math/pbc.js';
import { createRng } from '../math/rng.js';
import { findBonds } from './bonds.js';
import { findClusters } from './clusters.js';
import { triadAxes } from './icosahedron.js';
import { li2b12h12Cell, wrapInPlace } from './testing.js';

/** Distance between two points modulo the lattice (Å). */
function periodicDistance(cell: Cell, p: ArrayLike<number>, q: ArrayLike<number>): number {
  const d = Float64Array.from([q[0]! - p[0]!, q[1]! - p[1]!, q[2]! - p[2]!]);
  return Math.sqrt(new MinimumImage(cell).apply(d));
}

describe('findClusters on generated closo-borate cells', () => {
  it('208-atom β-Li2B12H12 (√2×√2×1, a = 10.05 Å, Li excluded): 8 B12H12 at the fcc sites', () => {
    const g = li2b12h12Cell(createRng(2026));
    expect(g.symbols.length).toBe(208);
    const res = findClusters(topologyFromSymbols(g.symbols), g, { exclude: ['Li'] });
    expect(res.clusters.map((c) => c.formula)).toEqual(Array(8).fill('B12H12'));
    expect(res.bondCount).toBe(8 * (30 + 12));
    res.clusters.forEach((c, k) => {
      // Anion k owns B 12k…12k+11 and H 96+12k…: the generator's order.
      expect(c.atoms).toEqual([...Array.from({ length: 12 }, (_, i) => 12 * k + i), ...Array.from({ length: 12 }, (_, i) => 96 + 12 * k + i)]);
      expect(c.periodic).toBe(false);
      expect(c.mass).toBeCloseTo(12 * 10.81 + 12 * 1.008, 10);
      expect(periodicDistance(g.cell, c.centre, g.centres.subarray(3 * k, 3 * k + 3))).toBeLessThan(1e-9);
    });
    for (let i = 192; i < 208; i++) expect(res.clusterOf[i]).toBe(-1);
  });

  it('26-atom primitive cell: the anion meets its own images at 7.1 Å yet stays one B12H12', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const g = li2b12h12Cell(createRng(seed), { primitive: true });
      const res = findClusters(topologyFromSymbols(g.symbols), g, { exclude: ['Li'] });
      expect(res.clusters.length).toBe(1);
      const c = res.clusters[0]!;
      expect([c.formula, c.periodic, c.dimensionality]).toEqual(['B12H12', false, 0]);
      expect(res.bondCount).toBe(42);
      expect(periodicDistance(g.cell, c.centre, [0, 0, 0])).toBeLessThan(1e-9);
      // The images make it whole: every H sits 2.9 Å from the centre of mass.
      const m = g.cell.matrix;
      const un = (a: number, k: number) => g.positions[3 * c.atoms[a]! + k]! + c.images[3 * a]! * m[k]! + c.images[3 * a + 1]! * m[3 + k]! + c.images[3 * a + 2]! * m[6 + k]!;
      const com = [0, 1, 2].map((k) => c.atoms.reduce((s, _, a) => s + (c.atoms[a]! < 12 ? 10.81 : 1.008) * un(a, k), 0) / c.mass);
      for (let a = 12; a < 24; a++) expect(Math.hypot(un(a, 0) - com[0]!, un(a, 1) - com[1]!, un(a, 2) - com[2]!)).toBeCloseTo(2.9, 9);
    }
  });

  it('a Li docked on a B3 face (3.2 Å from the centre) bonds to the anion unless Li is excluded', () => {
    const g = li2b12h12Cell(createRng(3));
    const p = g.positions;
    const axis = triadAxes(g.rotations[0]!);
    for (let k = 0; k < 3; k++) p[3 * 192 + k] = g.centres[k]! + 3.2 * axis[k]!;
    // And Li 193 1.9 Å beyond H 96 on its B–H axis: H keeps its B–H bond (hydrogen valence).
    const dir = [0, 1, 2].map((k) => p[3 * 96 + k]! - p[k]!);
    const n = Math.hypot(dir[0]!, dir[1]!, dir[2]!);
    for (let k = 0; k < 3; k++) p[3 * 193 + k] = p[3 * 96 + k]! + (1.9 * dir[k]!) / n;
    const t = topologyFromSymbols(g.symbols);
    const all = findClusters(t, g);
    const withLi = all.clusters[all.clusterOf[192]!]!;
    expect(withLi.atoms).toContain(0);
    expect(withLi.composition.Li).toBeGreaterThanOrEqual(1);
    const bonds = findBonds(t, g);
    const liH = Array.from({ length: bonds.count }, (_, k) => [bonds.i[k], bonds.j[k]].join('-')).filter((x) => x === '96-193');
    expect(liH).toEqual([]);
    expect(findClusters(t, g, { exclude: ['Li'] }).clusters.map((c) => c.formula)).toEqual(Array(8).fill('B12H12'));
    const byIndex = findClusters(t, g, { exclude: Array.from({ length: 16 }, (_, i) => 192 + i) });
    expect(byIndex.clusters.map((c) => c.formula)).toEqual(Array(8).fill('B12H12'));
  });
});

/** A PS4 tetrahedron (P–S 2.05 Å) centred at p. */
function ps4(p: number[]): number[] {
  const s = 2.05 / Math.sqrt(3);
  return [...p, ...[[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]].flatMap((v) => v.map((x, k) => p[k]! + s * x))];
}
const PS4_SYMBOLS = ['P', 'S', 'S', 'S', 'S'];

describe('findClusters: periodic boundaries', () => {
  it('a molecule straddling the cell corner gets its true centre of mass', () => {
    const cell = orthorhombicCell(8, 9, 10);
    const pos = Float64Array.from(ps4([0.3, -0.2, 9.9]));
    wrapInPlace(cell, pos);
    const res = findClusters(topologyFromSymbols(PS4_SYMBOLS), { positions: pos, cell });
    const c = res.clusters[0]!;
    expect(c.formula).toBe('PS4');
    // The P sits at the centre of a regular tetrahedron, so the COM is P: (0.3, −0.2, 9.9) wrapped.
    expect(c.centre[0]).toBeCloseTo(0.3, 12);
    expect(c.centre[1]).toBeCloseTo(8.8, 12);
    expect(c.centre[2]).toBeCloseTo(9.9, 12);
  });

  it('triclinic cells: the same lattice in a skewed basis gives the same clusters and centres', () => {
    const g = li2b12h12Cell(createRng(9));
    const m = g.cell.matrix;
    const skewed = makeCell([m[0]!, m[1]!, m[2]!, m[3]! + m[0]!, m[4]! + m[1]!, m[5]! + m[2]!, m[6]! - 2 * m[0]! + m[3]!, m[7]! - 2 * m[1]! + m[4]!, m[8]! - 2 * m[2]! + m[5]!]);
    const pos = g.positions.slice();
    wrapInPlace(skewed, pos);
    const t = topologyFromSymbols(g.symbols);
    const a = findClusters(t, g, { exclude: ['Li'] });
    const b = findClusters(t, { positions: pos, cell: skewed }, { exclude: ['Li'] });
    expect(b.clusters.map((c) => c.atoms)).toEqual(a.clusters.map((c) => c.atoms));
    a.clusters.forEach((c, k) => expect(periodicDistance(g.cell, c.centre, b.clusters[k]!.centre)).toBeLessThan(1e-9));
  });

  it('a generic triclinic cell with molecules across its faces', () => {
    const cell = makeCell([14.4, 0, 0, 4.96, 13.12, 0, -3.84, 2.72, 12.16]);
    const m = cell.matrix;
    // Centres on faces and an edge of the cell (fractional); no two S of different molecules within 4 Å.
    const centres = [[0.02, 0.5, 0.5], [0.5, 0.02, 0.98], [0.52, 0.52, 0.01]].map((f) => [0, 1, 2].map((k) => f[0]! * m[k]! + f[1]! * m[3 + k]! + f[2]! * m[6 + k]!));
    const pos = Float64Array.from(centres.flatMap(ps4));
    wrapInPlace(cell, pos);
    const res = findClusters(topologyFromSymbols(centres.flatMap(() => PS4_SYMBOLS)), { positions: pos, cell });
    expect(res.clusters.map((c) => c.formula)).toEqual(['PS4', 'PS4', 'PS4']);
    res.clusters.forEach((c, k) => expect(periodicDistance(cell, c.centre, centres[k]!)).toBeLessThan(1e-9));
  });

  it('flags chains, layers and frameworks that bond to their own images', () => {
    const s = (cell: Cell, pos: number[]) => findClusters(topologyFromSymbols(pos.map(() => 'S').slice(0, pos.length / 3)), { positions: Float64Array.from(pos), cell }).clusters;
    // A chain: one S per 2.05 Å along x, cell far larger in y and z.
    const chain = s(orthorhombicCell(2.05, 10, 10), [0, 0, 0]);
    expect([chain.length, chain[0]!.periodic, chain[0]!.dimensionality]).toEqual([1, true, 1]);
    // Two atoms per period: the loop closes through two bonds.
    const chain2 = s(orthorhombicCell(4.1, 10, 10), [0, 0, 0, 2.05, 0, 0]);
    expect([chain2.length, chain2[0]!.dimensionality, chain2[0]!.formula]).toEqual([1, 1, 'S2']);
    expect(s(orthorhombicCell(2.05, 2.1, 10), [0, 0, 0])[0]!.dimensionality).toBe(2);
    // A cell smaller than the bond: the atom bonds to many images of itself.
    expect(s(makeCell([1.5, 0, 0, 0.5, 1.4, 0, 0.2, 0.3, 1.6]), [0.3, 0.3, 0.3])[0]!.dimensionality).toBe(3);
    // A finite S2 in the same long cell is a molecule.
    const dimer = s(orthorhombicCell(10, 10, 10), [9.5, 0, 0, 1.55, 0, 0]);
    expect([dimer.length, dimer[0]!.periodic, dimer[0]!.formula]).toEqual([1, false, 'S2']);
    expect(dimer[0]!.centre[0]).toBeCloseTo(0.525, 12);
  });

  it('rejects an element without a covalent radius (E_TOPOLOGY) and bad tolerances (E_USAGE)', () => {
    const cell = orthorhombicCell(5, 5, 5);
    const pos = Float64Array.from([0, 0, 0]);
    expect(() => findClusters({ symbols: ['X'], masses: Float64Array.from([1]) }, { positions: pos, cell })).toThrow(expect.objectContaining({ code: 'E_TOPOLOGY' }));
    expect(findClusters({ symbols: ['X'], masses: Float64Array.from([1]) }, { positions: pos, cell }, { radii: { X: 1 } }).clusters.length).toBe(1);
    expect(() => findClusters(topologyFromSymbols(['S']), { positions: pos, cell }, { tolerance: 0 })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});

describe('findClusters: invariances (property test)', () => {
  it('random translations and atom permutations leave formulas and centres unchanged', () => {
    const g = li2b12h12Cell(createRng(11));
    const t = topologyFromSymbols(g.symbols);
    const ref = findClusters(t, g, { exclude: ['Li'] }).clusters;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.tuple(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -30, max: 30, noNaN: true })), (seed, shift) => {
        const rng = createRng(seed);
        const n = g.symbols.length;
        const perm = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) { const j = rng.nextInt(i + 1); [perm[i], perm[j]] = [perm[j]!, perm[i]!]; }
        // New atom k is old atom perm[k], translated; wrap only some atoms so images vary.
        const pos = new Float64Array(3 * n);
        for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) pos[3 * k + c] = g.positions[3 * perm[k]! + c]! + shift[c]!;
        if (seed % 2 === 0) wrapInPlace(g.cell, pos);
        const res = findClusters(topologyFromSymbols(perm.map((i) => g.symbols[i]!)), { positions: pos, cell: g.cell }, { exclude: ['Li'] });
        expect(res.clusters.length).toBe(ref.length);
        for (const c of res.clusters) {
          expect(c.formula).toBe('B12H12');
          const old = c.atoms.map((k) => perm[k]!).sort((a, b) => a - b);
          const match = ref.find((r) => r.atoms[0] === old[0])!;
          expect(old).toEqual(match.atoms);
          const moved = [0, 1, 2].map((k) => match.centre[k]! + shift[k]!);
          expect(periodicDistance(g.cell, c.centre, moved)).toBeLessThan(1e-8);
        }
      }),
      { seed: 424242, numRuns: 25 },
    );
  });
});
