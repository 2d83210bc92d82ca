import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { AutocorrelationSum, autocorrelation, crossCorrelation, fftComplex, fftReal, inverseReal, nextPow2 } from './fft.js';

function randomSeries(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.nextNormal());
}

/** Direct DFT X(k) = Σ x(t) e^{−2πikt/n}, interleaved. */
function dft(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0, im = 0;
    for (let t = 0; t < n; t++) { re += x[t]! * Math.cos((2 * Math.PI * k * t) / n); im -= x[t]! * Math.sin((2 * Math.PI * k * t) / n); }
    out[2 * k] = re; out[2 * k + 1] = im;
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('fft', () => {
  it('nextPow2', () => {
    expect([0, 1, 2, 3, 4, 5, 1000, 1024, 1025].map(nextPow2)).toEqual([2, 2, 2, 4, 4, 8, 1024, 1024, 2048]);
  });

  it('real forward transform equals the direct DFT (full spectrum, sign convention e^{−2πikt/n})', () => {
    const x = randomSeries(1, 64);
    expect(maxAbsDiff(fftReal(x), dft(x))).toBeLessThan(1e-11);
    // A cosine at frequency 3 has its peaks at k = 3 and n − 3, each n/2.
    const c = Float64Array.from({ length: 32 }, (_, t) => Math.cos((2 * Math.PI * 3 * t) / 32));
    const X = fftReal(c);
    expect(X[6]).toBeCloseTo(16, 10);
    expect(X[2 * 29]).toBeCloseTo(16, 10);
    expect(X[8]).toBeCloseTo(0, 10);
  });

  it('zero-pads a short series and inverts back', () => {
    const x = randomSeries(2, 37);
    const X = fftReal(x, 128);
    const back = inverseReal(X, 128);
    expect(maxAbsDiff(back.subarray(0, 37), x)).toBeLessThan(1e-13);
    expect(Math.max(...Array.from(back.subarray(37)).map(Math.abs))).toBeLessThan(1e-13);
    const z = Float64Array.from({ length: 32 }, (_, i) => Math.sin(i) * (i % 3));
    expect(maxAbsDiff(fftComplex(fftComplex(z), true), z)).toBeLessThan(1e-13);
    expect(() => fftComplex(new Float64Array(6))).toThrow(/power of two/);
  });

  it('autocorrelation and cross-correlation equal the direct sums (lengths not powers of two)', () => {
    for (const n of [1, 2, 3, 17, 100]) {
      const x = randomSeries(10 + n, n), y = randomSeries(20 + n, n + 5);
      const a = autocorrelation(x);
      for (let m = 0; m < n; m++) {
        let s = 0;
        for (let t = 0; t + m < n; t++) s += x[t]! * x[t + m]!;
        expect(a[m]).toBeCloseTo(s, 10);
      }
      const c = crossCorrelation(x, y, n + 4);
      expect(c.length).toBe(n + 5);
      for (let m = 0; m < c.length; m++) {
        let s = 0;
        for (let t = 0; t < n && t + m < n + 5; t++) s += x[t]! * y[t + m]!;
        expect(c[m]).toBeCloseTo(s, 10);
      }
    }
  });

  it('AutocorrelationSum over many series equals the sum of their autocorrelations, strided input too', () => {
    const n = 50;
    const xs = [1, 2, 3].map((s) => randomSeries(s, n));
    const acc = new AutocorrelationSum(n);
    const interleaved = new Float64Array(3 * n);
    xs.forEach((x, k) => x.forEach((v, t) => { interleaved[3 * t + k] = v; }));
    for (let k = 0; k < 3; k++) acc.add(interleaved, k, 3);
    const sum = xs.map((x) => autocorrelation(x)).reduce((a, b) => a.map((v, i) => v + b[i]!));
    expect(maxAbsDiff(acc.result(), sum)).toBeLessThan(1e-11);
    expect(acc.result(5).length).toBe(6);
    expect(acc.count).toBe(3);
  });
});
