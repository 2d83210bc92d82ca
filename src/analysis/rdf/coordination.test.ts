import { describe, expect, it } from 'vitest';
import { cellHeights, makeCell, orthorhombicCell } from '../../core/cell.js';
import { cubicLatticePoints } from '../../chem/lattice.js';
import { createRng } from '../../math/rng.js';
import { coordinationAnalysis, type CoordinationParams } from './coordination.js';
import { parseGroup } from './groups.js';
import { bareContext, frameOf, runFrames } from './testing.js';

const P = (a: string, b: string, r1: number): CoordinationParams => ({ a: parseGroup(a), b: parseGroup(b), r1 });

describe('coordination numbers within r₁', () => {
  it('fcc: every point has 12 neighbours within 8.5 Å, in the 1-point primitive cell as in a supercell', () => {
    const a = 10.05;
    for (const cell of [makeCell([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]), orthorhombicCell(2 * a, 2 * a, 2 * a)]) {
      const pts = cubicLatticePoints('fcc', a, cell);
      const frames = [0, 1, 2].map((t) => frameOf(t, pts, cell));
      const { result } = runFrames(coordinationAnalysis, P('Ar', 'Ar', 8.5), bareContext(Array(pts.length / 3).fill('Ar'), frames[0]!), frames);
      expect(result.histogram.filter((h) => h.count > 0)).toEqual([{ n: 12, count: 3 * (pts.length / 3), fraction: 1 }]);
      expect(result.mean.value).toBe(12);
    }
  });

  it('random points in a skewed cell: the counts equal a brute-force count over images; merge of a split equals one pass', () => {
    const cell = makeCell([6, 0, 0, -2, 5.5, 0, 1.5, 1, 5]);
    const rng = createRng(4);
    const symbols = [...Array(5).fill('Cl'), ...Array(7).fill('Li')];
    const frames = Array.from({ length: 12 }, (_, t) => frameOf(t, Array.from({ length: 36 }, () => 5 * rng.nextFloat()), cell));
    const r1 = 1.2 * Math.min(...cellHeights(cell));
    const ctx = bareContext(symbols, frames[0]!);
    const { state, result } = runFrames(coordinationAnalysis, P('Cl', 'Li', r1), ctx, frames);
    const hist: number[] = [];
    const m = cell.matrix;
    for (const f of frames) for (let i = 0; i < 5; i++) {
      let n = 0;
      for (let j = 5; j < 12; j++) for (let s0 = -5; s0 <= 5; s0++) for (let s1 = -5; s1 <= 5; s1++) for (let s2 = -5; s2 <= 5; s2++) {
        let d2 = 0;
        for (let k = 0; k < 3; k++) d2 += (f.positions[3 * j + k]! + s0 * m[k]! + s1 * m[3 + k]! + s2 * m[6 + k]! - f.positions[3 * i + k]!) ** 2;
        if (d2 < r1 * r1) n++;
      }
      hist[n] = (hist[n] ?? 0) + 1;
    }
    expect(result.histogram.map((h) => h.count)).toEqual(Array.from(hist, (x) => x ?? 0));
    expect(result.mean.stderr).toBeGreaterThan(0);
    expect(result.mean.method).toMatch(/block jackknife/);
    const a = runFrames(coordinationAnalysis, P('Cl', 'Li', r1), ctx, frames.slice(0, 5)).state;
    const b = runFrames(coordinationAnalysis, P('Cl', 'Li', r1), ctx, frames.slice(5)).state;
    const merged = coordinationAnalysis.merge(b, a);
    expect(merged.histogram).toEqual(state.histogram);
    expect(merged.sum).toEqual(state.sum);
    expect(coordinationAnalysis.finalize(merged, ctx)).toEqual(result);
  });
});
