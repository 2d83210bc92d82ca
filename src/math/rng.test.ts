import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng (xoshiro128** seeded by splitmix32)', () => {
  it('reproduces the reference stream (independent Python implementation of the published algorithm)', () => {
    const r = createRng(42);
    expect(Array.from({ length: 5 }, () => r.nextUint32())).toEqual([2837322924, 544945897, 479756282, 3500138142, 339756180]);
    const z = createRng(0);
    expect(Array.from({ length: 3 }, () => z.nextUint32())).toEqual([3809008728, 1133695204, 53579671]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xa = Array.from({ length: 100 }, () => a.nextFloat());
    expect(Array.from({ length: 100 }, () => b.nextFloat())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.nextFloat())).not.toEqual(xa);
  });

  it('floats are uniform in [0, 1): mean, variance and a 20-bin chi-square', () => {
    const r = createRng(123);
    const n = 200_000;
    const bins = new Array<number>(20).fill(0);
    let s = 0, s2 = 0, outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.nextFloat();
      if (!(x >= 0 && x < 1)) outside++;
      s += x; s2 += x * x;
      bins[Math.floor(x * 20)]!++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
    const e = n / 20;
    const chi2 = bins.reduce((acc, o) => acc + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.8); // p = 0.001 for 19 degrees of freedom
  });

  it('normals have mean 0 and variance 1; nextInt is unbiased and in range', () => {
    const r = createRng(5);
    let s = 0, s2 = 0, s4 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) { const x = r.nextNormal(); s += x; s2 += x * x; s4 += x ** 4; }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.1);
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) counts[r.nextInt(7)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => r.nextInt(0)).toThrow(RangeError);
  });

  it('state can be saved and restored', () => {
    const r = createRng(99);
    r.nextUint32();
    const st = r.getState();
    const next = [r.nextUint32(), r.nextUint32()];
    const q = createRng(1);
    q.setState(st);
    expect([q.nextUint32(), q.nextUint32()]).toEqual(next);
    expect(() => q.setState([0, 0, 0, 0])).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});
