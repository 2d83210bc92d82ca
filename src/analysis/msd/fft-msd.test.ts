import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { MsdSums, msdAtLags, msdDirect, msdFft } from './fft-msd.js';

function walk(seed: number, n: number, offset = 0): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  x[0] = offset;
  for (let t = 1; t < n; t++) x[t] = x[t - 1]! + rng.nextNormal();
  return x;
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>, from = 1): number {
  let m = 0;
  for (let i = from; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return m;
}

describe('FFT MSD', () => {
  it('equals the direct O(T²) oracle to ≤ 1e-10 relative (several lengths, far from the origin)', () => {
    for (const T of [2, 3, 16, 17, 333, 1000]) {
      const series = [1, 2, 3, 4].map((s) => walk(100 * T + s, T, 1e4 * s));
      const fft = msdFft(series), direct = msdDirect(series);
      expect(fft.length).toBe(T);
      expect(fft[0]).toBe(0);
      expect(maxRel(fft, direct), `T = ${T}`).toBeLessThan(1e-10);
    }
  });

  it('constant velocity: MSD(m) = v²m² exactly', () => {
    const v = 0.37, T = 500;
    const x = Float64Array.from({ length: T }, (_, t) => 5 + v * t);
    const m = msdFft([x]);
    for (let lag = 1; lag < T; lag++) expect(Math.abs(m[lag]! - (v * lag) ** 2) / (v * lag) ** 2).toBeLessThan(1e-9);
  });

  it('maxLag cuts the curve; strided input and msdAtLags agree with the oracle', () => {
    const xs = [walk(1, 60), walk(2, 60), walk(3, 60)];
    const inter = new Float64Array(180);
    xs.forEach((x, k) => x.forEach((v, t) => { inter[3 * t + k] = v; }));
    const acc = new MsdSums(60);
    for (let k = 0; k < 3; k++) acc.add(inter, k, 3);
    const cut = acc.msd(10);
    expect(cut.length).toBe(11);
    expect(maxRel(cut, msdDirect(xs, 10))).toBeLessThan(1e-10);
    const lags = [1, 7, 59];
    const at = msdAtLags(inter, 60, lags, 1, 3);
    const d = msdDirect([xs[1]!]);
    lags.forEach((m, j) => expect(at[j]).toBeCloseTo(d[m]!, 12));
  });
});
