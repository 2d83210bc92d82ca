import { describe, expect, it } from 'vitest';
import { cellFromParameters, orthorhombicCell } from '../../core/cell.js';
import type { GridShape } from './grid.js';
import { extractSlice, parseSlice, slabWeights } from './slice.js';

describe('density slices', () => {
  it('parses AXIS=FRACTION and rejects anything else with E_USAGE', () => {
    expect(parseSlice('z=0.5')).toEqual({ axis: 2, position: 0.5, label: 'z=0.5' });
    expect(parseSlice(' A = .25 ')).toEqual({ axis: 0, position: 0.25, label: 'x=0.25' });
    expect(parseSlice('b=1')).toEqual({ axis: 1, position: 1, label: 'y=1' });
    for (const bad of ['z', 'z=', 'w=0.5', 'z=1.5', 'z=-0.1', 'z=0.5x', '0.5']) {
      expect(() => parseSlice(bad), bad).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    }
  });

  it('slab weights: one voxel thick, periodic, overlap-weighted', () => {
    expect(slabWeights(10, 0.05, 0.1)).toEqual([{ index: 0, weight: 1 }]);
    const z0 = slabWeights(10, 0, 0.1);
    expect(z0.map((l) => l.index)).toEqual([0, 9]);
    z0.forEach((l) => expect(l.weight).toBeCloseTo(0.5, 12));
    const q = slabWeights(4, 0.3, 0.25); // [0.175, 0.425] → layer 0 0.075, layer 1 0.175
    expect(q.map((l) => l.index)).toEqual([0, 1]);
    expect(q[0]!.weight).toBeCloseTo(0.3, 12);
    expect(q[1]!.weight).toBeCloseTo(0.7, 12);
    const all = slabWeights(5, 0.5, 1);
    expect(all).toHaveLength(5);
    all.forEach((l) => expect(l.weight).toBeCloseTo(0.2, 12));
  });

  it('picks the right layer and in-plane axes, with the values laid out rows along v', () => {
    const shape: GridShape = [4, 3, 5];
    const grid = new Float64Array(60);
    // value = 100·i + 10·j + k identifies the voxel.
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 5; k++) grid[(i * 3 + j) * 5 + k] = 100 * i + 10 * j + k;
    const cell = orthorhombicCell(4, 3, 5);
    const z = extractSlice(grid, shape, cell.matrix, parseSlice('z=0.5'));
    expect([z.uAxis, z.vAxis, z.cols, z.rows]).toEqual([0, 1, 4, 3]);
    expect(z.layers).toEqual([{ index: 2, weight: 1 }]);
    expect(z.values[1 * 4 + 3]).toBe(312); // row j = 1, column i = 3
    expect(z.u).toEqual([4, 0]);
    expect(z.v[0]).toBeCloseTo(0, 12);
    expect(z.v[1]).toBeCloseTo(3, 12);
    expect(z.thickness).toBeCloseTo(1, 12);
    const x = extractSlice(grid, shape, cell.matrix, parseSlice('x=0.125'));
    expect([x.uAxis, x.vAxis, x.cols, x.rows]).toEqual([1, 2, 3, 5]);
    expect(x.values[4 * 3 + 2]).toBe(24); // i = 0, row k = 4, column j = 2
    // Plane at 0.3 Å, 2 Å slab [−0.7, 1.3] Å over 1 Å layers: layer 2 (periodic) 0.7, layer 0 1, layer 1 0.3.
    const y = extractSlice(grid, shape, cell.matrix, parseSlice('y=0.1'), 2);
    expect(y.layers.map((l) => l.index)).toEqual([0, 1, 2]);
    expect(y.layers.map((l) => l.weight)).toEqual([0.5, 0.15, 0.35].map((w) => expect.closeTo(w, 12)));
    expect(y.values[0]).toBeCloseTo(0.35 * 20 + 0.5 * 0 + 0.15 * 10, 12);
  });

  it('gives the true in-plane geometry of a hexagonal cell', () => {
    const cell = cellFromParameters(6, 6, 9, 90, 90, 120);
    const s = extractSlice(new Float64Array(3 * 3 * 4), [3, 3, 4], cell.matrix, parseSlice('z=0.5'));
    expect(s.u[0]).toBeCloseTo(6, 12);
    expect(s.v[0]).toBeCloseTo(-3, 12);
    expect(s.v[1]).toBeCloseTo(3 * Math.sqrt(3), 12);
  });
});
