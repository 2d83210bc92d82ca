import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { blockAverage, cholesky, flyvbjergPetersen, glsFit, mean, olsFit, variance } from './stats.js';

describe('stats', () => {
  it('olsFit recovers an exact line and gives zero error; noisy data give the textbook error', () => {
    const x = [0, 1, 2, 3, 4];
    const f = olsFit(x, x.map((v) => 2 + 3 * v));
    expect(f.slope).toBeCloseTo(3, 12);
    expect(f.intercept).toBeCloseTo(2, 12);
    expect(f.slopeStderr).toBeLessThan(1e-12);
    const g = olsFit([0, 1, 2], [0, 1, 3]);
    // slope 1.5, residuals (1/6, −1/3, 1/6): s² = (1/6)/1, Sxx = 2 → var b = 1/12
    expect(g.slope).toBeCloseTo(1.5, 12);
    expect(g.slopeStderr).toBeCloseTo(Math.sqrt(1 / 12), 12);
  });

  it('cholesky factors an SPD matrix and rejects an indefinite one', () => {
    const a = [4, 2, 2, 3];
    const L = cholesky(a, 2);
    expect(Array.from(L)).toEqual([2, 0, 1, Math.sqrt(2)]);
    expect(() => cholesky([1, 2, 2, 1], 2)).toThrow(/not positive definite/);
  });

  it('glsFit: identity covariance gives the OLS line; diagonal covariance gives weighted LS; weights reproduce the slope', () => {
    const x = [1, 2, 3, 4, 5], y = [1.1, 1.9, 3.2, 3.9, 5.3];
    const I = new Float64Array(25);
    for (let i = 0; i < 5; i++) I[i * 6] = 1;
    const g = glsFit(x, y, I), o = olsFit(x, y);
    expect(g.slope).toBeCloseTo(o.slope, 12);
    expect(g.intercept).toBeCloseTo(o.intercept, 12);
    // Cov(β) = (XᵀX)⁻¹ for unit variances: var b = 1/Sxx = 1/10.
    expect(g.slopeStderr).toBeCloseTo(Math.sqrt(0.1), 12);
    const w = y.reduce((s, v, i) => s + g.slopeWeights[i]! * v, 0);
    expect(w).toBeCloseTo(g.slope, 12);
    // Down-weighting a point by a large variance makes the fit ignore it.
    const D = Float64Array.from(I);
    D[24] = 1e12;
    const y2 = [...y.slice(0, 4), 100];
    expect(glsFit(x, y2, D).slope).toBeCloseTo(olsFit(x.slice(0, 4), y.slice(0, 4)).slope, 6);
  });

  it('blockAverage and Flyvbjerg–Petersen: i.i.d. data give sd/√n; an AR(1) series gives the analytic error', () => {
    const rng = createRng(3);
    const iid = Float64Array.from({ length: 4096 }, () => rng.nextNormal());
    const fp = flyvbjergPetersen(iid);
    expect(fp.mean).toBeCloseTo(mean(iid), 14);
    expect(fp.stderr / Math.sqrt(variance(iid) / iid.length)).toBeGreaterThan(0.8);
    expect(fp.stderr / Math.sqrt(variance(iid) / iid.length)).toBeLessThan(1.25);
    // AR(1) with φ = 0.9: var(mean) → σ²/(n(1−φ)²) for unit innovations.
    const phi = 0.9, n = 1 << 16;
    const ar = new Float64Array(n);
    for (let t = 1; t < n; t++) ar[t] = phi * ar[t - 1]! + rng.nextNormal();
    const truth = Math.sqrt(1 / (n * (1 - phi) ** 2));
    const fa = flyvbjergPetersen(ar);
    expect(fa.converged).toBe(true);
    expect(fa.stderr / truth).toBeGreaterThan(0.75);
    expect(fa.stderr / truth).toBeLessThan(1.3);
    // The naive error (level 0) is far too small for correlated data.
    expect(fa.levels[0]!.stderr / truth).toBeLessThan(0.3);
    const b = blockAverage(ar, 16);
    expect(b.blockLength).toBe(4096);
    expect(b.stderr / truth).toBeGreaterThan(0.5);
    expect(b.stderr / truth).toBeLessThan(1.6);
    expect(() => blockAverage([1], 2)).toThrow(RangeError);
  });
});
