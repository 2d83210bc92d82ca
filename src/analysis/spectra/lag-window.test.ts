import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { emptyWindow, mergeWindows, pushWindowRow, windowSums, type LagWindow, type WindowPlan } from './lag-window.js';

const W = 5;
// Group 0: columns 0, 3 → channel 0 the columns themselves, channel 2 their products; group 1: column 4 → channel 1.
const plan: WindowPlan = {
  groups: [[0, 3], [4]],
  channelsOf: [[0, 2], [1]],
  derive(g, cols, len, add) {
    if (g === 1) { add(0, cols, 0); return; }
    add(0, cols, 0); add(0, cols, len);
    const p = new Float64Array(len);
    for (let t = 0; t < len; t++) p[t] = cols[t]! * cols[len + t]!;
    add(1, p, 0);
  },
};
const series = (rows: Float64Array[], c: number) => (c === 1 ? [rows.map((r) => r[4]!)] : c === 0 ? [rows.map((r) => r[0]!), rows.map((r) => r[3]!)] : [rows.map((r) => r[0]! * r[3]!)]);

/** Naive O(T·M) sums per channel. */
function naive(rows: Float64Array[], M: number): number[][] {
  const T = rows.length;
  return [0, 1, 2].map((c) => Array.from({ length: Math.min(M, T - 1) + 1 }, (_, m) => {
    let s = 0;
    for (const x of series(rows, c)) for (let t = 0; t + m < T; t++) s += x[t]! * x[t + m]!;
    return s;
  }));
}

function windowOf(rows: Float64Array[], M: number): LagWindow {
  const w = emptyWindow(W, M, 3);
  for (const r of rows) pushWindowRow(w, plan, r);
  return w;
}

function expectClose(got: Float64Array[], want: number[][]): void {
  expect(got.map((g) => g.length)).toEqual(want.map((x) => x.length));
  want.forEach((x, c) => {
    const scale = Math.max(...x.map(Math.abs));
    x.forEach((v, m) => expect(Math.abs(got[c]![m]! - v)).toBeLessThan(1e-12 * scale));
  });
}

describe('lag window (bounded-memory autocorrelation sums)', () => {
  const rng = createRng(9);
  const rows = Array.from({ length: 157 }, () => Float64Array.from({ length: W }, () => rng.nextNormal() + 0.2));

  it('one pass equals the naive sums for any length and longest lag (buffer flushed 0 … many times)', () => {
    for (const M of [1, 2, 5, 13, 40]) {
      for (const T of [1, 2, M, M + 1, 3 * M + 2, 157]) {
        const w = windowOf(rows.slice(0, T), M);
        expectClose(windowSums(w, plan), naive(rows.slice(0, T), M));
        expect(w.recent.length).toBeLessThanOrEqual(w.capacity * W);
        expect(w.head.length).toBeLessThanOrEqual(M * W);
        expect(w.capacity + M).toBeLessThanOrEqual(8 * M);
      }
    }
  });

  it('merges of consecutive parts of any size, in any order of reduction, equal the one pass; pushing after a merge continues it', () => {
    for (const M of [1, 4, 13]) {
      for (const cuts of [[0, 1, 2, 3, 50, 157], [0, 0, 5, 5, 6, 100, 157], [0, 12, 13, 27, 80, 156, 157]]) {
        const parts = cuts.slice(1).map((c, i) => windowOf(rows.slice(cuts[i]!, c), M));
        const left = parts.reduce((a, b) => mergeWindows(a, b, plan));
        const tree = (xs: LagWindow[]): LagWindow => (xs.length === 1 ? xs[0]! : mergeWindows(tree(xs.slice(0, xs.length >> 1)), tree(xs.slice(xs.length >> 1)), plan));
        const want = naive(rows, M);
        expectClose(windowSums(left, plan), want);
        expectClose(windowSums(tree(parts), plan), want);
      }
      const m = mergeWindows(windowOf(rows.slice(0, 30), M), windowOf(rows.slice(30, 33), M), plan);
      for (const r of rows.slice(33)) pushWindowRow(m, plan, r);
      expectClose(windowSums(m, plan), naive(rows, M));
    }
  });

  it('parts that never filled their buffer merge by appending: bit-identical to one pass', () => {
    const M = 13, w = emptyWindow(W, M, 3);
    expect(w.capacity).toBe(51);
    const parts = [0, 5, 10, 30, 45, 50, 90, 130, 157].slice(1).map((c, i, cs) => windowOf(rows.slice(i === 0 ? 0 : cs[i - 1]!, c), M));
    const one = windowOf(rows, M);
    const merged = parts.reduce((a, b) => mergeWindows(a, b, plan));
    expect(windowSums(merged, plan)).toEqual(windowSums(one, plan));
    expect(merged.sums).toEqual(one.sums);
  });
});
