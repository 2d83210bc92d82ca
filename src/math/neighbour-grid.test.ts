import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, cartToFrac, cellHeights, makeCell } from '../core/cell.js';
import { NeighbourGrid } from './neighbour-grid.js';
import { createRng } from './rng.js';

/** Every (i, j, shift) within rc by brute force over enough images; same half-list convention as the grid. */
function brutePairs(cell: Cell, pos: Float64Array, rc: number): Set<string> {
  const n = pos.length / 3;
  const m = cell.matrix;
  const K = Math.ceil(rc / Math.min(...cellHeights(cell))) + 2;
  const f = cartToFrac(cell, pos);
  const out = new Set<string>();
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    // Search around the lattice shift that brings j next to i (positions may lie far outside the cell).
    const [a0, b0, c0] = [0, 1, 2].map((k) => -Math.round(f[3 * j + k]! - f[3 * i + k]!)) as [number, number, number];
    for (let a = a0 - K; a <= a0 + K; a++) for (let b = b0 - K; b <= b0 + K; b++) for (let c = c0 - K; c <= c0 + K; c++) {
      if (i === j && !(a > 0 || (a === 0 && (b > 0 || (b === 0 && c > 0))))) continue;
      const dx = pos[3 * j]! + a * m[0]! + b * m[3]! + c * m[6]! - pos[3 * i]!;
      const dy = pos[3 * j + 1]! + a * m[1]! + b * m[4]! + c * m[7]! - pos[3 * i + 1]!;
      const dz = pos[3 * j + 2]! + a * m[2]! + b * m[5]! + c * m[8]! - pos[3 * i + 2]!;
      if (dx * dx + dy * dy + dz * dz < rc * rc) out.add(`${i},${j},${a},${b},${c}`);
    }
  }
  return out;
}

function gridPairs(cell: Cell, pos: Float64Array, rc: number): string[] {
  const out: string[] = [];
  const m = cell.matrix;
  new NeighbourGrid(cell, pos, rc).forEachPair((i, j, a, b, c, dx, dy, dz, d2) => {
    // The reported vector must be r_j + S·M − r_i in the caller's (unwrapped) coordinates.
    const ex = pos[3 * j]! + a * m[0]! + b * m[3]! + c * m[6]! - pos[3 * i]!;
    const ey = pos[3 * j + 1]! + a * m[1]! + b * m[4]! + c * m[7]! - pos[3 * i + 1]!;
    const ez = pos[3 * j + 2]! + a * m[2]! + b * m[5]! + c * m[8]! - pos[3 * i + 2]!;
    expect(Math.abs(ex - dx) + Math.abs(ey - dy) + Math.abs(ez - dz)).toBeLessThan(1e-9);
    expect(Math.abs(d2 - (dx * dx + dy * dy + dz * dz))).toBeLessThan(1e-9);
    out.push(`${i},${j},${a},${b},${c}`);
  });
  return out;
}

function randomCase(seed: number, n: number, skew: number, scale: number) {
  const rng = createRng(seed);
  const r = () => rng.nextFloat() * 2 - 1;
  const cell = makeCell([scale * (1 + 0.3 * rng.nextFloat()), skew * r(), skew * r(), skew * r() * scale, scale * (1 + 0.3 * rng.nextFloat()), skew * r(), skew * r() * scale, skew * r() * scale, scale * (1 + 0.3 * rng.nextFloat())]);
  // Positions deliberately outside the cell (unwrapped trajectories) to test the shift bookkeeping.
  const pos = Float64Array.from({ length: 3 * n }, () => 3 * scale * r());
  return { cell, pos };
}

describe('NeighbourGrid', () => {
  it('matches brute force on skewed triclinic cells, pairs found once', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { cell, pos } = randomCase(seed, 60, 0.4, 9);
      const rc = 3.1;
      const got = gridPairs(cell, pos, rc);
      const want = brutePairs(cell, pos, rc);
      expect(new Set(got).size).toBe(got.length);
      expect(new Set(got)).toEqual(want);
      expect(want.size).toBeGreaterThan(20);
    }
  });

  it('finds several images of one atom when the cell is thinner than the cutoff', () => {
    const cell = makeCell([2.2, 0, 0, 0.7, 2.5, 0, 0.3, -0.4, 3.0]);
    const pos = Float64Array.from([0.1, 0.2, 0.3, 1.0, 1.1, 1.9]);
    const rc = 4.5;
    const got = gridPairs(cell, pos, rc);
    const want = brutePairs(cell, pos, rc);
    expect(new Set(got)).toEqual(want);
    // Self-images: a point meets itself through a handful of lattice vectors.
    expect(got.filter((k) => k.startsWith('0,0,')).length).toBeGreaterThan(5);
  });

  it('property: random cells, sizes and cutoffs agree with brute force', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 25 }), fc.double({ min: 0.5, max: 6, noNaN: true }), (seed, n, rc) => {
        const { cell, pos } = randomCase(seed, n, 0.3, 5);
        expect(new Set(gridPairs(cell, pos, rc))).toEqual(brutePairs(cell, pos, rc));
      }),
      { seed: 20260, numRuns: 40 },
    );
  });

  it('forEachNear returns every image within the cutoff of a query point', () => {
    const { cell, pos } = randomCase(11, 40, 0.3, 6);
    const grid = new NeighbourGrid(cell, pos, 4);
    const m = cell.matrix;
    const q = [17.3, -4.2, 2.5];
    const got = new Set<string>();
    grid.forEachNear(q[0]!, q[1]!, q[2]!, (j, a, b, c, dx) => {
      expect(Math.abs(pos[3 * j]! + a * m[0]! + b * m[3]! + c * m[6]! - q[0]! - dx)).toBeLessThan(1e-9);
      got.add(`${j},${a},${b},${c}`);
    });
    const want = new Set<string>();
    for (let j = 0; j < 40; j++) for (let a = -8; a <= 8; a++) for (let b = -8; b <= 8; b++) for (let c = -8; c <= 8; c++) {
      const d = [0, 1, 2].map((k) => pos[3 * j + k]! + a * m[k]! + b * m[3 + k]! + c * m[6 + k]! - q[k]!);
      if (Math.hypot(d[0]!, d[1]!, d[2]!) < 4) want.add(`${j},${a},${b},${c}`);
    }
    expect(want.size).toBeGreaterThan(3);
    expect(got).toEqual(want);
  });

  it('stores only a subset when asked and rejects bad cutoffs', () => {
    const cell = makeCell([5, 0, 0, 0, 5, 0, 0, 0, 5]);
    const pos = Float64Array.from([0, 0, 0, 1, 0, 0, 2, 0, 0]);
    const seen: string[] = [];
    new NeighbourGrid(cell, pos, 1.5, [0, 2]).forEachPair((i, j) => seen.push(`${i}-${j}`));
    expect(seen).toEqual([]);
    new NeighbourGrid(cell, pos, 2.5, [0, 2]).forEachPair((i, j) => seen.push(`${i}-${j}`));
    expect(seen).toEqual(['0-2']);
    expect(() => new NeighbourGrid(cell, pos, 0)).toThrow(RangeError);
    expect(() => new NeighbourGrid(cell, pos, 1).forEachPair(() => {}, 2)).toThrow(RangeError);
  });
});
