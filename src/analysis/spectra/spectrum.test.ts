import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { atomOmega, rigidOmega } from './angular.js';
import { DEFAULT_BANDS, checkSpectraSpacing, parseBands } from './params.js';
import { bandIntegral, bandOverlap, findPeaks, meanVectorAcf, spectrumFromAcf } from './spectrum.js';

describe('spectrum math', () => {
  it('meanVectorAcf equals the naive O(T²) average over origins and items', () => {
    const rng = createRng(1);
    const T = 37, row = 7;
    const data = Float64Array.from({ length: T * row }, () => rng.nextNormal());
    const offsets = [0, 4];
    const acf = meanVectorAcf({ data, frames: T, rowLength: row }, offsets, 20);
    expect(acf.length).toBe(21);
    for (const m of [0, 1, 5, 20]) {
      let s = 0;
      for (const o of offsets) for (let t = 0; t + m < T; t++) for (let k = 0; k < 3; k++) s += data[t * row + o + k]! * data[(t + m) * row + o + k]!;
      expect(acf[m]).toBeCloseTo(s / (2 * (T - m)), 12);
    }
  });

  it('the windowed transform equals the direct cosine sum, and integrates to 1', () => {
    const acf = Float64Array.from({ length: 30 }, (_, m) => Math.exp(-m / 8) * Math.cos(0.9 * m));
    const dt = 0.002;
    const s = spectrumFromAcf(acf, dt);
    const M = 29;
    for (const k of [0, 3, 17, 60]) {
      const f = s.frequency[k]!;
      let raw = acf[0]!;
      for (let m = 1; m <= M; m++) raw += 2 * 0.5 * (1 + Math.cos((Math.PI * m) / M)) * acf[m]! * Math.cos(2 * Math.PI * f * m * dt);
      expect(s.density[k]! * s.rawArea).toBeCloseTo(dt * raw, 10);
    }
    expect(bandIntegral(s.density, s.df, 0, Infinity)).toBeCloseTo(1, 12);
    // Wiener–Khinchin: the one-sided area is C(0)/2.
    expect(s.rawArea).toBeCloseTo(acf[0]! / 2, 3);
    expect(s.frequency.at(-1)).toBeCloseTo(1 / (2 * dt), 9);
  });

  it('a harmonic signal of frequency f gives one peak at f (within the resolution)', () => {
    const dt = 0.001, f = 23.7, T = 2000;
    const data = new Float64Array(3 * T);
    for (let t = 0; t < T; t++) data[3 * t] = Math.cos(2 * Math.PI * f * t * dt + 0.3);
    const s = spectrumFromAcf(meanVectorAcf({ data, frames: T, rowLength: 3 }, [0], 1000), dt);
    const peaks = findPeaks(s.density, s.df);
    expect(peaks[0]!.frequency).toBeGreaterThan(f - s.resolution / 4);
    expect(peaks[0]!.frequency).toBeLessThan(f + s.resolution / 4);
    expect(bandIntegral(s.density, s.df, f - 2, f + 2)).toBeGreaterThan(0.99);
  });

  it('two oscillators give two peaks with weights in the ratio of their mean squares', () => {
    const dt = 0.001, T = 4000;
    const [a1, f1, a2, f2] = [1.0, 8, 0.5, 40];
    const data = new Float64Array(3 * T);
    for (let t = 0; t < T; t++) data[3 * t + 1] = a1 * Math.sin(2 * Math.PI * f1 * t * dt) + a2 * Math.cos(2 * Math.PI * f2 * t * dt + 1);
    const s = spectrumFromAcf(meanVectorAcf({ data, frames: T, rowLength: 3 }, [0], 2000), dt);
    const peaks = findPeaks(s.density, s.df);
    expect(peaks.map((p) => Math.round(p.frequency))).toEqual([f1, f2]);
    const w1 = bandIntegral(s.density, s.df, 0, 20), w2 = bandIntegral(s.density, s.df, 20, 60);
    expect(w1 / w2).toBeCloseTo((a1 * a1) / (a2 * a2), 1);
    expect(w1 + w2).toBeCloseTo(1, 3);
  });

  it('bandIntegral interpolates inside cells; bandOverlap is 1 for equal and 0 for disjoint shapes', () => {
    const y = Float64Array.from({ length: 11 }, (_, i) => i); // S(f) = f/df on df = 0.5
    expect(bandIntegral(y, 0.5, 0.25, 1.6)).toBeCloseTo((1.6 ** 2 - 0.25 ** 2) / 2 / 0.5, 12);
    expect(bandIntegral(y, 0.5, 3, 2)).toBe(0);
    const a = Float64Array.from({ length: 41 }, (_, i) => Math.exp(-((i - 10) ** 2) / 4));
    const b = Float64Array.from({ length: 41 }, (_, i) => Math.exp(-((i - 30) ** 2) / 4));
    expect(bandOverlap(a, a.map((x) => 3 * x), 0.1, 0, 4)).toBeCloseTo(1, 12);
    expect(bandOverlap(a, b, 0.1, 0, 4)).toBeLessThan(1e-6);
    expect(bandOverlap(a, new Float64Array(41), 0.1, 0, 4)).toBeNaN();
  });

  it('--bands parsing and the Nyquist check', () => {
    expect(parseBands('low:0-6, BD:45-65,top:60-')).toEqual([{ name: 'low', from: 0, to: 6 }, { name: 'BD', from: 45, to: 65 }, { name: 'top', from: 60, to: Infinity }]);
    expect(() => parseBands('low:6-0')).toThrow(/0 ≤ from < to/);
    expect(() => parseBands('a:0-1,a:1-2')).toThrow(/twice/);
    expect(DEFAULT_BANDS.map((b) => b.name)).toEqual(['libration', 'BB-internal', 'BH-stretch-bend']);
    expect(() => checkSpectraSpacing(0.010, 'x')).not.toThrow();
    try {
      checkSpectraSpacing(0.1, 'x');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('E_USAGE');
      expect((e as Error).message).toMatch(/100\.0 fs apart, so the Nyquist frequency 1\/\(2Δt\) is 5\.00 THz/);
    }
  });
});

describe('angular velocities', () => {
  it('rigid rotation: I⁻¹L gives Ω exactly; ω_i is Ω minus its component along r_i', () => {
    const rng = createRng(7);
    const n = 9;
    const r = Float64Array.from({ length: 3 * n }, () => 2 * rng.nextNormal());
    const m = Float64Array.from({ length: n }, () => 1 + 10 * rng.nextFloat());
    // Centre of mass at the origin.
    for (let k = 0; k < 3; k++) {
      let c = 0, mt = 0;
      for (let i = 0; i < n; i++) { c += m[i]! * r[3 * i + k]!; mt += m[i]!; }
      for (let i = 0; i < n; i++) r[3 * i + k] = r[3 * i + k]! - c / mt;
    }
    const W = [1.3, -0.4, 2.2];
    const v = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const [x, y, z] = [r[3 * i]!, r[3 * i + 1]!, r[3 * i + 2]!];
      v[3 * i] = W[1]! * z - W[2]! * y; v[3 * i + 1] = W[2]! * x - W[0]! * z; v[3 * i + 2] = W[0]! * y - W[1]! * x;
    }
    const out = new Float64Array(3);
    expect(rigidOmega(r, 0, v, 0, m, 0, n, out, 0)).toBe(true);
    for (let k = 0; k < 3; k++) expect(out[k]).toBeCloseTo(W[k]!, 12);
    const wi = new Float64Array(3);
    atomOmega(r, 6, v, 6, wi, 0);
    const [x, y, z] = [r[6]!, r[7]!, r[8]!];
    const rr = x * x + y * y + z * z, proj = (W[0]! * x + W[1]! * y + W[2]! * z) / rr;
    expect(wi[0]).toBeCloseTo(W[0]! - proj * x, 12);
    expect(wi[2]).toBeCloseTo(W[2]! - proj * z, 12);
    // A linear molecule has no rigid-body ω.
    const lin = Float64Array.from([0, 0, -1, 0, 0, 0, 0, 0, 1]);
    expect(rigidOmega(lin, 0, new Float64Array(9), 0, [1, 1, 1], 0, 3, out, 0)).toBe(false);
  });
});
