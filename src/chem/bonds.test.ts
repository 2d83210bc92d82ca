import { describe, expect, it } from 'vitest';
import { orthorhombicCell } from '../core/cell.js';
import { topologyFromSymbols } from '../core/topology.js';
import { findBonds } from './bonds.js';
import { findClusters } from './clusters.js';
import { idealB12H12 } from './icosahedron.js';

const key = (b: ReturnType<typeof findBonds>) => Array.from({ length: b.count }, (_, k) => `${b.i[k]}-${b.j[k]}:${b.shift.subarray(3 * k, 3 * k + 3).join(',')}`);

describe('findBonds', () => {
  it('applies d < tolerance·(r_i + r_j) + slack at the documented cut-offs (S–S 2.60 Å, P–S 2.62 Å)', () => {
    const cell = orthorhombicCell(20, 20, 20);
    const t = topologyFromSymbols(['S', 'S', 'P', 'S']);
    const at = (d1: number, d2: number) => findBonds(t, { positions: Float64Array.from([0, 0, 0, d1, 0, 0, 10, 0, 0, 10 + d2, 0, 0]), cell });
    expect(key(at(2.59, 2.61))).toEqual(['0-1:0,0,0', '2-3:0,0,0']);
    expect(key(at(2.61, 2.63))).toEqual([]);
    // Multiplicative only: S–S 2.625 Å, P–S 2.675 Å.
    expect(key(findBonds(t, { positions: Float64Array.from([0, 0, 0, 2.62, 0, 0, 10, 0, 0, 12.68, 0, 0]), cell }, { tolerance: 1.25, slack: 0 }))).toEqual(['0-1:0,0,0']);
  });

  it('reports bonds across the boundary with the lattice shift in the caller\'s coordinates', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const t = topologyFromSymbols(['S', 'S']);
    // Atom 1 stored one cell away (unwrapped): the bond goes through shift (+1, 0, 0) from 0 at x = 9.
    const b = findBonds(t, { positions: Float64Array.from([9, 5, 5, -9.5, 5, 5]), cell });
    expect(key(b)).toEqual(['0-1:2,0,0']);
  });

  it('hydrogen keeps one bond: an H···H contact of 0.6 Å does not fuse two B12H12', () => {
    const a = idealB12H12([5, 5, 5]);
    // Second anion placed so that H 12 of each (direction of vertex 0) point at each other, 0.6 Å apart.
    const v = [0, 1, 2].map((k) => (a.positions[36 + k]! - 5) / 2.9);
    const c2 = [0, 1, 2].map((k) => 5 + v[k]! * (2 * 2.9 + 0.6));
    // The second anion is the first inverted through its centre and moved to c2, so its H 12 points back at the first's.
    const b = { symbols: a.symbols, positions: Float64Array.from(a.positions, (x, i) => c2[i % 3]! - (x - 5)) };
    const symbols = [...a.symbols, ...b.symbols];
    const positions = Float64Array.from([...a.positions, ...b.positions]);
    const cell = orthorhombicCell(30, 30, 30);
    const t = topologyFromSymbols(symbols);
    const hh = Math.hypot(...[0, 1, 2].map((k) => positions[36 + k]! - positions[72 + 36 + k]!));
    expect(hh).toBeCloseTo(0.6, 9);
    expect(findClusters(t, { positions, cell }).clusters.map((c) => c.formula)).toEqual(['B12H12', 'B12H12']);
    // Without the valence rule the contact would bond (0.6 < 0.31 + 0.31 + 0.5).
    const bonds = findBonds(t, { positions, cell });
    expect(bonds.count).toBe(2 * 42);
  });

  it('an isolated H2 keeps its bond; a bridging H joins one partner (the nearer)', () => {
    const cell = orthorhombicCell(20, 20, 20);
    expect(key(findBonds(topologyFromSymbols(['H', 'H']), { positions: Float64Array.from([0, 0, 0, 0.74, 0, 0]), cell }))).toEqual(['0-1:0,0,0']);
    const t = topologyFromSymbols(['O', 'H', 'O']);
    const b = findBonds(t, { positions: Float64Array.from([0, 0, 0, 1.0, 0, 0, 2.3, 0, 0]), cell });
    expect(key(b)).toEqual(['0-1:0,0,0']);
    expect(findClusters(t, { positions: Float64Array.from([0, 0, 0, 1.0, 0, 0, 2.3, 0, 0]), cell }).clusters.map((c) => c.formula)).toEqual(['HO', 'O']);
  });
});
