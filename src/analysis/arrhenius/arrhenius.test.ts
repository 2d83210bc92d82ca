import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { KB_EV } from '../../core/units.js';
import { createRng } from '../../math/rng.js';
import { arrhenius, chi2Survival, fitLine, predictLine, type ArrheniusPoint } from './index.js';

/** D(T) = D0·exp(−Ea/kT), Ea in meV, D in cm²/s; relative noise `rel` (lognormal) with stderr rel·D. */
function synthetic(Ea: number, D0: number, Ts: number[], rel: number, seed?: number): ArrheniusPoint[] {
  const rng = seed === undefined ? undefined : createRng(seed);
  return Ts.map((T) => {
    const D = D0 * Math.exp(-Ea / 1000 / (KB_EV * T)) * (rng ? Math.exp(rel * rng.nextNormal()) : 1);
    return { label: `${T}K`, T, D, stderr: rel * D };
  });
}

const TS = [600, 650, 700, 750, 800, 850, 900];

describe('arrhenius fit', () => {
  it('exact data give exact Ea and D0, χ² = 0 and unscaled errors', () => {
    const log = new DiagnosticLog();
    const r = arrhenius(synthetic(250, 3e-3, TS, 0.05), { diagnostics: log });
    expect(r.Ea.value).toBeCloseTo(250, 9);
    expect(r.Ea.unit).toBe('meV');
    expect(r.D0.value / 3e-3 - 1).toBeLessThan(1e-10);
    expect(r.D300K.value / (3e-3 * Math.exp(-0.25 / (KB_EV * 300))) - 1).toBeLessThan(1e-10);
    expect(r.fit.chi2).toBeLessThan(1e-20);
    expect(r.fit.errorScale).toBe(1);
    expect(r.fit.dof).toBe(5);
    expect(log.toArray()).toEqual([]);
    // Same D errors everywhere in ln D (5 %): σ_b = 0.05/√Sxx with unit weights.
    const x = TS.map((T) => 1 / T);
    const xm = x.reduce((a, b) => a + b) / x.length;
    const sxx = x.reduce((s, v) => s + (v - xm) ** 2, 0);
    expect(r.Ea.stderr! / (1000 * KB_EV * 0.05 / Math.sqrt(sxx)) - 1).toBeLessThan(1e-9);
    expect(r.points.every((p) => p.included && Math.abs(p.residual!) < 1e-9)).toBe(true);
  });

  it('recovers Ea from noisy data within its error, and the error covers the truth in most seeds', () => {
    const seeds = 200;
    let within1 = 0, within2 = 0, worst = 0;
    for (let s = 1; s <= seeds; s++) {
      const r = arrhenius(synthetic(136, 1e-4, TS, 0.15, s));
      const pull = Math.abs(r.Ea.value - 136) / r.Ea.stderr!;
      worst = Math.max(worst, pull);
      if (pull <= 1) within1++;
      if (pull <= 2) within2++;
    }
    // Errors are never shrunk (scale ≥ 1), so 1σ coverage sits between 68 % and ~85 %.
    expect(within1 / seeds).toBeGreaterThan(0.64);
    expect(within1 / seeds).toBeLessThan(0.92);
    expect(within2 / seeds).toBeGreaterThan(0.93);
    expect(worst).toBeLessThan(4.5);
  });

  it('propagates the error to 300 K through the full covariance, as a Monte Carlo of the fit confirms', () => {
    const rel = 0.1;
    const exact = arrhenius(synthetic(136, 1e-4, TS, rel));
    const predicted = exact.D300K['lnStderr'] as number;
    const n = 4000;
    const rng = createRng(42);
    const ln300: number[] = [];
    const ea: number[] = [];
    for (let k = 0; k < n; k++) {
      const pts = synthetic(136, 1e-4, TS, 0).map((p) => ({ ...p, D: p.D * Math.exp(rel * rng.nextNormal()), stderr: undefined }));
      // Fix the weights at the true σ_lnD so the MC tests the propagation, not the χ² rescaling.
      const f = fitLine(pts.map((p) => 1 / p.T), pts.map((p) => Math.log(p.D)), pts.map(() => rel));
      ln300.push(f.intercept + f.slope / 300);
      ea.push(-f.slope * KB_EV * 1000);
    }
    const sd = (a: number[]): number => {
      const m = a.reduce((s, v) => s + v, 0) / a.length;
      return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
    };
    expect(sd(ln300) / predicted).toBeGreaterThan(0.96);
    expect(sd(ln300) / predicted).toBeLessThan(1.04);
    expect(sd(ea) / exact.Ea.stderr!).toBeGreaterThan(0.96);
    expect(sd(ea) / exact.Ea.stderr!).toBeLessThan(1.04);
    // Ignoring the intercept–slope correlation would be far off.
    const [[va, cab], [, vb]] = exact.fit.covariance;
    const naive = Math.sqrt(va + vb / 300 ** 2);
    expect(Math.abs(naive / predicted - 1)).toBeGreaterThan(0.5);
    expect(Math.sqrt(va + 2 * cab / 300 + vb / 300 ** 2) / predicted).toBeCloseTo(1, 9);
  });

  it('first-order D(300 K) error matches a Monte Carlo when the errors are small', () => {
    const rel = 0.01;
    const exact = arrhenius(synthetic(136, 1e-4, TS, rel));
    const rng = createRng(7);
    const d: number[] = [];
    for (let k = 0; k < 4000; k++) {
      const pts = synthetic(136, 1e-4, TS, 0).map((p) => ({ ...p, D: p.D * Math.exp(rel * rng.nextNormal()) }));
      const f = fitLine(pts.map((p) => 1 / p.T), pts.map((p) => Math.log(p.D)), pts.map(() => rel));
      d.push(Math.exp(predictLine(f, 1 / 300).value));
    }
    const m = d.reduce((s, v) => s + v, 0) / d.length;
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / (d.length - 1));
    expect(sd / exact.D300K.stderr!).toBeGreaterThan(0.95);
    expect(sd / exact.D300K.stderr!).toBeLessThan(1.05);
  });

  it('the study: Li2B12H12 with Ea = 136 meV at 600–900 K, and σ(300 K) by Nernst–Einstein', () => {
    const log = new DiagnosticLog();
    // 16 Li in the 208-atom β cell, √2×√2×1 of a = 10.05 Å.
    const V = 2 * 10.05 ** 3;
    const r = arrhenius(synthetic(136, 1e-4, [600, 700, 800, 900], 0.05, 3), { diagnostics: log, carriers: { density: 16 / V, charge: 1, source: 'test' } });
    expect(Math.abs(r.Ea.value - 136)).toBeLessThan(2 * r.Ea.stderr!);
    expect(r.Ea.stderr!).toBeGreaterThan(5);
    expect(r.Ea.stderr!).toBeLessThan(30);
    const d300 = 1e-4 * Math.exp(-0.136 / (KB_EV * 300));
    expect(d300).toBeCloseTo(5.19e-7, 8);
    const [lo, hi] = r.D300K['interval68'] as number[];
    expect(lo! / d300).toBeLessThan(1.6);
    expect(hi! / d300).toBeGreaterThan(0.6);
    // σ = n q² e² D/(k_B T) with SI k_B = 1.380649e-23 J/K, n in cm⁻³.
    const sigma = (16 / V) * 1e24 * 1.602176634e-19 ** 2 * r.D300K.value / (1.380649e-23 * 300);
    expect(r.sigma300K!.value / sigma - 1).toBeLessThan(1e-8);
    expect(r.sigma300K!.unit).toBe('S/cm');
    expect(r.sigma300K!.stderr! / r.sigma300K!.value).toBeCloseTo(r.D300K.stderr! / r.D300K.value, 12);
  });

  it('two points: exact line, errors from the D errors only, with a warning', () => {
    const log = new DiagnosticLog();
    const pts: ArrheniusPoint[] = [{ label: 'a', T: 600, D: 2e-6, stderr: 2e-7 }, { label: 'b', T: 900, D: 2e-5, stderr: 4e-6 }];
    const r = arrhenius(pts, { diagnostics: log });
    const slope = Math.log(10) / (1 / 900 - 1 / 600);
    expect(r.Ea.value).toBeCloseTo(-slope * KB_EV * 1000, 9);
    const sSlope = Math.sqrt(0.1 ** 2 + 0.2 ** 2) / (1 / 600 - 1 / 900);
    expect(r.Ea.stderr! / (sSlope * KB_EV * 1000)).toBeCloseTo(1, 12);
    expect(r.fit.reducedChi2).toBeNull();
    expect(log.toArray().map((d) => d.code)).toEqual(['W_TWO_POINTS']);
  });

  it('scales the errors by √χ²_red when the scatter exceeds the D errors, and says so', () => {
    const log = new DiagnosticLog();
    // Scatter ~20 % with claimed errors of 2 %.
    const pts = synthetic(136, 1e-4, TS, 0.2, 11).map((p) => ({ ...p, stderr: 0.02 * p.D }));
    const r = arrhenius(pts, { diagnostics: log });
    expect(r.fit.reducedChi2!).toBeGreaterThan(10);
    expect(r.fit.errorScale).toBeCloseTo(Math.sqrt(r.fit.reducedChi2!), 12);
    const raw = fitLine(pts.map((p) => 1 / p.T), pts.map((p) => Math.log(p.D)), pts.map(() => 0.02));
    expect(r.Ea.stderr! / (Math.sqrt(raw.covariance[1][1]) * KB_EV * 1000)).toBeCloseTo(1, 12);
    expect(r.Ea.method).toMatch(/scaled by √χ²_red/);
    expect(log.toArray().map((d) => d.code)).toContain('W_ARRHENIUS_SCATTER');
  });

  it('without D errors fits unweighted with errors from the scatter', () => {
    const log = new DiagnosticLog();
    const pts = synthetic(200, 1e-3, TS, 0.1, 5).map((p) => ({ ...p, stderr: null }));
    const r = arrhenius(pts, { diagnostics: log });
    // Ordinary regression: s² = RSS/(n−2), σ_b = s/√Sxx.
    const x = pts.map((p) => 1 / p.T), y = pts.map((p) => Math.log(p.D));
    const xm = x.reduce((a, b) => a + b) / x.length, ym = y.reduce((a, b) => a + b) / y.length;
    const sxx = x.reduce((s, v) => s + (v - xm) ** 2, 0);
    const b = x.reduce((s, v, i) => s + (v - xm) * (y[i]! - ym), 0) / sxx;
    const rss = x.reduce((s, v, i) => s + (y[i]! - ym - b * (v - xm)) ** 2, 0);
    expect(r.Ea.value).toBeCloseTo(-b * KB_EV * 1000, 9);
    expect(r.Ea.stderr! / (Math.sqrt(rss / 5 / sxx) * KB_EV * 1000)).toBeCloseTo(1, 12);
    expect(log.toArray().map((d) => d.code)).toEqual(['W_NO_D_ERRORS']);
  });

  it('warns when D falls with temperature (negative Ea)', () => {
    const log = new DiagnosticLog();
    const r = arrhenius([{ label: 'a', T: 500, D: 9e-6, stderr: 4e-7 }, { label: 'b', T: 700, D: 8e-6, stderr: 5e-7 }, { label: 'c', T: 800, D: 7e-6, stderr: 8e-7 }], { diagnostics: log });
    expect(r.Ea.value).toBeLessThan(0);
    expect(log.toArray().map((d) => d.code)).toContain('W_NEGATIVE_EA');
  });

  it('leaves out D ≤ 0 with a warning, and refuses fewer than two usable points', () => {
    const log = new DiagnosticLog();
    const pts = [...synthetic(136, 1e-4, [600, 800, 900], 0.05), { label: 'K', T: 500, D: 0, stderr: 1e-9 }];
    const r = arrhenius(pts, { diagnostics: log });
    expect(r.points.map((p) => p.included)).toEqual([true, true, true, false]);
    expect(r.fit.points).toBe(3);
    expect(log.toArray().map((d) => d.code)).toEqual(['W_POINT_EXCLUDED']);
    expect(() => arrhenius(pts.slice(2))).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => arrhenius([])).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    const same = [{ label: 'a', T: 800, D: 1e-5, stderr: 1e-6 }, { label: 'b', T: 800, D: 2e-5, stderr: 1e-6 }];
    expect(() => arrhenius(same)).toThrow(/two distinct temperatures/);
    const mixed = [{ label: 'a', T: 600, D: 1e-5, stderr: 1e-6 }, { label: 'b', T: 800, D: 2e-5 }];
    expect(() => arrhenius(mixed)).toThrow(/for 1 of 2 points/);
    expect(() => arrhenius([{ label: 'a', T: 600, D: 1e-5, stderr: 0 }, mixed[1]!])).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});

describe('χ² survival', () => {
  it('matches closed forms and tabulated 5 % points', () => {
    for (const x of [0.1, 1, 3, 10, 40]) expect(chi2Survival(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
    expect(chi2Survival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chi2Survival(9.487729036781154, 4)).toBeCloseTo(0.05, 10);
    expect(chi2Survival(18.307038053275146, 10)).toBeCloseTo(0.05, 10);
    expect(chi2Survival(67.50480702, 50)).toBeCloseTo(0.05, 7);
    expect(chi2Survival(0, 3)).toBe(1);
  });
});
