import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellFromParameters, makeCell, orthorhombicCell, cartToFrac, fracToCart, cellHeights, cellParameters } from '../core/cell.js';
import { MinimumImage, reduceCell, unwrapStep, wrapPositions } from './pbc.js';

/** Brute-force shortest image over a wide range of lattice translations (the oracle). */
function bruteMin(m: Float64Array, d: number[], range = 4): number {
  let best = Infinity;
  for (let i = -range; i <= range; i++)
    for (let j = -range; j <= range; j++)
      for (let k = -range; k <= range; k++) {
        const x = d[0]! + i * m[0]! + j * m[3]! + k * m[6]!;
        const y = d[1]! + i * m[1]! + j * m[4]! + k * m[7]!;
        const z = d[2]! + i * m[2]! + j * m[5]! + k * m[8]!;
        best = Math.min(best, x * x + y * y + z * z);
      }
  return best;
}

const arbCell = fc
  .record({
    a: fc.double({ min: 2, max: 15, noNaN: true }),
    b: fc.double({ min: 2, max: 15, noNaN: true }),
    c: fc.double({ min: 2, max: 15, noNaN: true }),
    alpha: fc.double({ min: 50, max: 130, noNaN: true }),
    beta: fc.double({ min: 50, max: 130, noNaN: true }),
    gamma: fc.double({ min: 50, max: 130, noNaN: true }),
  })
  .filter((p) => {
    try {
      cellFromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma);
      return true;
    } catch {
      return false;
    }
  })
  .map((p) => cellFromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma));

const arbVec = fc.tuple(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: -40, max: 40, noNaN: true }));

describe('cell', () => {
  it('volume is |det| and parameters round-trip for a triclinic cell', () => {
    const c = cellFromParameters(5, 6, 7, 80, 95, 110);
    const p = cellParameters(c);
    expect(p.a).toBeCloseTo(5, 12);
    expect(p.alpha).toBeCloseTo(80, 10);
    expect(p.beta).toBeCloseTo(95, 10);
    expect(p.gamma).toBeCloseTo(110, 10);
    const left = makeCell([0, 5, 0, 5, 0, 0, 0, 0, 5]); // left-handed: det < 0
    expect(left.volume).toBeCloseTo(125, 12);
  });

  it('fractional ↔ Cartesian is an identity', () => {
    const c = cellFromParameters(5, 6, 7, 80, 95, 110);
    const r = new Float64Array([1, 2, 3, -4, 5.5, 0.1]);
    const back = fracToCart(c, cartToFrac(c, r));
    back.forEach((x, i) => expect(x).toBeCloseTo(r[i]!, 12));
  });

  it('heights of an fcc primitive cell are a/√3 (the {111} spacing)', () => {
    const a = 10.05;
    const c = makeCell([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]);
    for (const h of cellHeights(c)) expect(h).toBeCloseTo(a / Math.sqrt(3), 10);
  });
});

describe('minimum image', () => {
  it('is never longer than any image, also for skewed and small cells (property, brute-force oracle)', () => {
    fc.assert(
      fc.property(arbCell, arbVec, (cell, v) => {
        const mi = new MinimumImage(cell);
        const d = new Float64Array(v);
        const r2 = mi.apply(d);
        const oracle = bruteMin(cell.matrix, v);
        expect(r2).toBeLessThanOrEqual(oracle * (1 + 1e-9) + 1e-12);
        // The result is an image of the input: it differs by a lattice vector.
        const f = cartToFrac(cell, new Float64Array([d[0]! - v[0], d[1]! - v[1], d[2]! - v[2]]));
        for (const x of f) expect(Math.abs(x - Math.round(x))).toBeLessThan(1e-6);
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('handles a very skewed basis of a simple lattice', () => {
    // The same simple cubic lattice, written with a badly skewed basis.
    const cell = makeCell([4, 0, 0, 12, 4, 0, -8, 20, 4]);
    const red = reduceCell(cell);
    expect(red.volume).toBeCloseTo(64, 9);
    const mi = new MinimumImage(cell);
    const d = new Float64Array([1.9, 1.9, 1.9]);
    mi.apply(d);
    expect(Math.hypot(d[0]!, d[1]!, d[2]!)).toBeCloseTo(Math.sqrt(3) * 1.9, 12);
    const e = new Float64Array([2.1, -1.9, 6.1]);
    expect(Math.sqrt(mi.apply(e))).toBeCloseTo(Math.hypot(1.9, 1.9, 1.9), 12);
  });

  it('orthorhombic fast path equals rounding', () => {
    const mi = new MinimumImage(orthorhombicCell(10, 11, 12));
    const d = new Float64Array([6, -7, 13]);
    mi.apply(d);
    expect(Array.from(d)).toEqual([-4, 4, 1]);
  });
});

describe('unwrapping', () => {
  it('unwrap then wrap is the identity, and unwrapped steps equal the true small steps (property)', () => {
    fc.assert(
      fc.property(arbCell, fc.integer({ min: 1, max: 1000 }), (cell, seed) => {
        let s = seed;
        const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
        const n = 5;
        const hmin = Math.min(...cellHeights(cell));
        const truth = new Float64Array(3 * n).map(() => rnd() * 30);
        const unwrapped = wrapPositions(cell, truth);
        let prev = wrapPositions(cell, truth);
        const start = Float64Array.from(unwrapped);
        const trueNow = Float64Array.from(truth);
        for (let t = 0; t < 20; t++) {
          for (let i = 0; i < 3 * n; i++) trueNow[i] = trueNow[i]! + rnd() * 0.4 * hmin;
          const cur = wrapPositions(cell, trueNow);
          unwrapStep(unwrapped, prev, cur, cell);
          prev = cur;
        }
        // Unwrapped displacement equals the true displacement.
        for (let i = 0; i < 3 * n; i++) expect(unwrapped[i]! - start[i]!).toBeCloseTo(trueNow[i]! - truth[i]!, 8);
        // Wrapping the unwrapped positions gives the wrapped input back.
        const rewrapped = wrapPositions(cell, unwrapped);
        const last = wrapPositions(cell, trueNow);
        const mi = new MinimumImage(cell);
        for (let i = 0; i < n; i++) {
          const d = new Float64Array([rewrapped[3 * i]! - last[3 * i]!, rewrapped[3 * i + 1]! - last[3 * i + 1]!, rewrapped[3 * i + 2]! - last[3 * i + 2]!]);
          expect(Math.sqrt(mi.apply(d))).toBeLessThan(1e-8);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('reports the largest step so callers can flag suspicious unwrapping', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const u = new Float64Array([0, 0, 0, 5, 5, 5]);
    const r = unwrapStep(u, [0, 0, 0, 5, 5, 5], [0.1, 0, 0, 9.9, 5, 5], cell);
    expect(r.atom).toBe(1);
    expect(r.maxStep).toBeCloseTo(4.9, 12);
  });
});
