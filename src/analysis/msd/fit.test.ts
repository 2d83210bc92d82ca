import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { fitLags, fitSlope, freeDiffusionShape } from './fit.js';
import { msdAtLags } from './fft-msd.js';

/** Brute force Σ_{t,t'} (shared steps)² / (N_m N_n), enumerating every origin pair. */
function bruteShape(m: number, n: number, T: number): number {
  let s = 0;
  for (let t = 0; t + m < T; t++) {
    for (let u = 0; u + n < T; u++) {
      const ov = Math.max(0, Math.min(t + m, u + n) - Math.max(t, u));
      s += ov * ov;
    }
  }
  return s / ((T - m) * (T - n));
}

describe('MSD fit', () => {
  it('the free-diffusion covariance shape equals brute-force enumeration of origin pairs', () => {
    const T = 23, lags = [1, 2, 5, 11, 22];
    const C = freeDiffusionShape(lags, T);
    lags.forEach((m, i) => lags.forEach((n, j) => expect(C[i * lags.length + j]).toBeCloseTo(bruteShape(m, n, T), 12)));
    // One step, one atom: Var(d²) = 2s⁴ for a 1-D Gaussian step, averaged over T−1 independent origins.
    expect(freeDiffusionShape([1], 101)[0]).toBeCloseTo(1 / 100, 14);
  });

  it('fitLags spreads at most `max` distinct lags over the window, ends included', () => {
    expect(fitLags(3, 7)).toEqual([3, 4, 5, 6, 7]);
    const l = fitLags(40, 240, 32);
    expect(l.length).toBe(32);
    expect(l[0]).toBe(40);
    expect(l[31]).toBe(240);
    expect(new Set(l).size).toBe(32);
  });

  it('the model variance of the slope matches Monte Carlo for 1-D Gaussian walks', () => {
    // 400 independent single walkers: the spread of their fitted slopes vs the model error.
    const T = 200, dt = 1, lags = fitLags(20, 120, 16), shape = freeDiffusionShape(lags, T);
    const rng = createRng(9);
    const slopes: number[] = [], model: number[] = [];
    for (let r = 0; r < 400; r++) {
      const x = new Float64Array(T);
      for (let t = 1; t < T; t++) x[t] = x[t - 1]! + rng.nextNormal();
      const f = fitSlope(lags, msdAtLags(x, T, lags), T, dt, 1, 1, shape);
      slopes.push(f.slope);
      model.push(f.modelStderr);
    }
    const mean = slopes.reduce((a, b) => a + b) / slopes.length;
    const sd = Math.sqrt(slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / (slopes.length - 1));
    const meanModel = model.reduce((a, b) => a + b) / model.length;
    expect(Math.abs(mean - 1)).toBeLessThan(4 * sd / Math.sqrt(400)); // unbiased: slope 2D = s² = 1
    expect(meanModel / sd).toBeGreaterThan(0.8);
    expect(meanModel / sd).toBeLessThan(1.25);
  });
});
