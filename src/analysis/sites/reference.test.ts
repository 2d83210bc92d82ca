import { describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import { cubicLatticePoints } from '../../chem/lattice.js';
import { createRng } from '../../math/rng.js';
import { chooseSiteCutoff, firstMinimumOfGr } from './cutoff.js';
import { MeanPositions } from './reference.js';

describe('time-averaged reference positions', () => {
  it('points vibrating across the cell boundary average to their lattice sites; NPT cells average too', () => {
    const a = 10;
    const rng = createRng(8);
    const ideal = cubicLatticePoints('fcc', a, makeCell([a, 0, 0, 0, a, 0, 0, 0, a]));
    const mean = new MeanPositions();
    const frames = 400;
    for (let f = 0; f < frames; f++) {
      const s = 1 + 0.01 * Math.sin(f); // breathing cell
      const cell = makeCell([a * s, 0, 0, 0, a * s, 0, 0, 0, a * s]);
      // Noise and wrapping: a point at the origin jumps between 0 and a from frame to frame.
      const p = ideal.map((x) => {
        let y = x * s + 0.3 * rng.nextNormal();
        if (y < 0) y += a * s;
        return y;
      });
      mean.push(p, cell);
    }
    const m = mean.mean();
    expect(m.frames).toBe(frames);
    expect(m.cell.matrix[0]).toBeCloseTo(a * (1 + (0.01 * Array.from({ length: frames }, (_, f) => Math.sin(f)).reduce((x, y) => x + y, 0)) / frames), 12);
    for (let i = 0; i < ideal.length; i++) {
      const d = ((m.positions[i]! - ideal[i]! * (m.cell.matrix[0]! / a)) % a + 1.5 * a) % a - 0.5 * a;
      expect(Math.abs(d)).toBeLessThan(0.1);
    }
  });
});

describe('default site cutoff', () => {
  it('fcc → 0.85a, bcc → 1.2a; a user value wins', () => {
    const fc = makeCell([10, 10, 0, -10, 10, 0, 0, 0, 10]);
    expect(chooseSiteCutoff(cubicLatticePoints('fcc', 10, fc), fc).cutoff).toBeCloseTo(8.5, 12);
    const bc = makeCell([8, 8, 0, -8, 8, 0, 0, 0, 16]);
    expect(chooseSiteCutoff(cubicLatticePoints('bcc', 8, bc), bc).cutoff).toBeCloseTo(9.6, 12);
    expect(chooseSiteCutoff(cubicLatticePoints('bcc', 8, bc), bc, 9).cutoff).toBe(9);
  });

  it('g(r) minimum: the middle of the empty gap between the first two shells of a simple cubic lattice', () => {
    const cell = makeCell([16, 0, 0, 0, 16, 0, 0, 0, 16]);
    const sc: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) sc.push(4 * i, 4 * j, 4 * k);
    const g = firstMinimumOfGr(sc, cell)!;
    expect(g.peak).toBeCloseTo(4, 1);
    expect(g.minimum).toBeGreaterThan(4.6);
    expect(g.minimum).toBeLessThan(5.1);
  });
});
