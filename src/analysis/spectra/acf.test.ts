import { describe, expect, it } from 'vitest';
import { AutocorrelationSum, LaggedAutocorrelationSum } from '../../math/fft.js';
import { createRng } from '../../math/rng.js';
import { appendRow, emptyRows } from './row-blocks.js';
import { groupVectorAcfs, meanVectorAcf } from './spectrum.js';

/** Naive Σ_series Σ_{t=0}^{T−1−m} x(t)·x(t+m). */
function naive(xs: Float64Array[], T: number, M: number): number[] {
  return Array.from({ length: M + 1 }, (_, m) => {
    let s = 0;
    for (const x of xs) for (let t = 0; t + m < T; t++) s += x[t]! * x[t + m]!;
    return s;
  });
}

describe('autocorrelation sums with a known longest lag (LaggedAutocorrelationSum, fft.ts)', () => {
  it('equal the naive sums for short and long series, every lag up to M (M = 0 … T − 1), with the smaller padding', () => {
    const rng = createRng(3);
    for (const [T, M] of [[1, 0], [2, 1], [3, 0], [3, 2], [5, 2], [17, 16], [33, 8], [100, 50], [1000, 500], [1000, 999]] as const) {
      const xs = [0, 1, 2].map(() => Float64Array.from({ length: T }, () => rng.nextNormal() + 0.3));
      const acc = new LaggedAutocorrelationSum(T, M);
      for (const x of xs) acc.add(x);
      const got = acc.result(), want = naive(xs, T, M);
      expect(got.length).toBe(M + 1);
      const scale = Math.max(...want.map(Math.abs));
      for (let m = 0; m <= M; m++) expect(Math.abs(got[m]! - want[m]!)).toBeLessThan(1e-12 * scale);
      expect(acc.size).toBeGreaterThanOrEqual(T + M);
      expect(acc.size).toBeLessThan(2 * Math.max(T + M, 4));
    }
  });

  it('strided input, reset and a lag beyond the series; the same sums as AutocorrelationSum', () => {
    const rng = createRng(4);
    const T = 300, data = Float64Array.from({ length: 4 * T }, () => rng.nextNormal());
    const acc = new LaggedAutocorrelationSum(T, 400);
    expect(acc.maxLag).toBe(T - 1);
    acc.add(Float64Array.from({ length: T }, () => 1e6));
    acc.reset();
    const ref = new AutocorrelationSum(T);
    for (let k = 0; k < 4; k++) { acc.add(data, k, 4); ref.add(data, k, 4); }
    expect(acc.count).toBe(4);
    const a = acc.result(), b = ref.result();
    for (let m = 0; m < T; m++) expect(Math.abs(a[m]! - b[m]!)).toBeLessThan(1e-11 * Math.abs(b[0]!));
    expect(() => acc.add(data, 4 * T - 3, 4)).toThrow(RangeError);
  });
});

describe('groupVectorAcfs', () => {
  it('gives each group the meanVectorAcf of its items, whatever the blocks and column batches', () => {
    const rng = createRng(5);
    const T = 41, width = 15;
    const store = emptyRows(width, 6);
    const flat = new Float64Array(T * width);
    for (let t = 0; t < T; t++) {
      const o = appendRow(store), b = store.blocks[store.blocks.length - 1]!;
      for (let c = 0; c < width; c++) b[o + c] = flat[t * width + c] = rng.nextNormal();
    }
    const groups = [[0, 9], [3], [12, 6]];
    for (const gather of [undefined, 2 * T, 7 * T]) {
      const got = groupVectorAcfs(store, groups, 20, gather);
      groups.forEach((items, g) => {
        const want = meanVectorAcf({ data: flat, frames: T, rowLength: width }, items, 20);
        expect(got[g]!.length).toBe(21);
        for (let m = 0; m <= 20; m++) expect(got[g]![m]).toBeCloseTo(want[m]!, 13);
      });
    }
  });
});
