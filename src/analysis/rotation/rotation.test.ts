import { describe, expect, it } from 'vitest';
import { ICOSAHEDRON_VERTICES, idealB12H12, quaternionToMatrix, rotateAll } from '../../chem/icosahedron.js';
import { createRng } from '../../math/rng.js';
import { regularShape } from '../distortion/shapes.js';
import { framesOf, runFrames, testContext } from '../distortion/testing.js';
import { appendRow, emptyRows, rowsFromFlat } from '../spectra/row-blocks.js';
import { rotationAnalysis, type RotationParams } from './analysis.js';
import { CorrelationWork, correlationSums, correlationsFromSums, directCorrelations } from './correlate.js';
import { fitRelaxation, integralTime } from './fit.js';

const P: RotationParams = { model: 'stretched', fitStart: 0 };
const B12H12 = [...Array<string>(12).fill('B'), ...Array<string>(12).fill('H')];

/** Rotation by angle φ about unit axis n (row-major). */
function axisAngle(n: number[], phi: number): Float64Array {
  const s = Math.sin(phi / 2);
  return quaternionToMatrix(Math.cos(phi / 2), s * n[0]!, s * n[1]!, s * n[2]!);
}
function mul(A: ArrayLike<number>, B: ArrayLike<number>): Float64Array {
  const C = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) C[3 * i + j] += A[3 * i + k]! * B[3 * k + j]!;
  return C;
}

/**
 * Every number agrees to `tol` relative to the largest magnitude of its array (or to itself);
 * jackknife errors to 1e-8: they are spreads of 64 re-fits, each converged to a relative change
 * of the residual sum below 1e-12, so rounding-level changes of C move them by ~1e-10.
 */
function expectClose(a: unknown, b: unknown, tol: number, scale = 0, key = ''): void {
  if (typeof a === 'number') {
    const t = key === 'stderr' ? Math.max(tol, 1e-8) : tol;
    if (!(Math.abs(a - (b as number)) <= t * Math.max(scale, Math.abs(a)))) expect(b).toBe(a);
  } else if (Array.isArray(a)) {
    expect((b as unknown[]).length).toBe(a.length);
    const sc = Math.max(0, ...a.filter((x) => typeof x === 'number').map(Math.abs));
    a.forEach((x, i) => expectClose(x, (b as unknown[])[i], tol, sc));
  } else if (a && typeof a === 'object') {
    expect(Object.keys(b as object).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, 0, k);
  } else {
    expect(b).toEqual(a);
  }
}

describe('correlation sums', () => {
  it('the FFT route equals the direct O(T²) oracle', () => {
    const rng = createRng(1);
    const T = 37, V = 5;
    const v = new Float64Array(3 * T * V);
    for (let i = 0; i < T * V; i++) {
      const x = [rng.nextNormal(), rng.nextNormal(), rng.nextNormal()], n = Math.hypot(...x);
      for (let a = 0; a < 3; a++) v[3 * i + a] = x[a]! / n;
    }
    const fft = correlationsFromSums(correlationSums(rowsFromFlat(v, 3 * V), 30), T, V);
    const direct = directCorrelations(v, T, V, 30);
    for (let m = 0; m <= 30; m++) {
      expect(fft.C1[m]).toBeCloseTo(direct.C1[m]!, 12);
      expect(fft.C2[m]).toBeCloseTo(direct.C2[m]!, 12);
    }
    expect(fft.C1[0]).toBeCloseTo(1, 12);
    expect(fft.C2[0]).toBeCloseTo(1, 12);
    // The same from a store of many small blocks, vectors copied out two at a time, and per subset.
    const store = emptyRows(3 * V, 4);
    for (let t = 0; t < T; t++) {
      const o = appendRow(store);
      store.blocks[store.blocks.length - 1]!.set(v.subarray(3 * V * t, 3 * V * (t + 1)), o);
    }
    const work = new CorrelationWork(T, 30, 6 * T);
    const blocked = correlationsFromSums(correlationSums(store, 30, 0, V, work), T, V);
    const a = correlationSums(store, 30, 0, 2, work), b = correlationSums(store, 30, 2, V, work);
    const parts = correlationsFromSums({ dot: a.dot.map((x, m) => x + b.dot[m]!), dot2: a.dot2.map((x, m) => x + b.dot2[m]!) }, T, V);
    for (let m = 0; m <= 30; m++) {
      for (const r of [blocked, parts]) {
        expect(r.C1[m]).toBeCloseTo(direct.C1[m]!, 12);
        expect(r.C2[m]).toBeCloseTo(direct.C2[m]!, 12);
      }
    }
  });
});

describe('relaxation fit', () => {
  it('recovers A, τ and β of a noiseless stretched exponential and its integral time', () => {
    const t = Array.from({ length: 200 }, (_, i) => 0.01 * i);
    const y = t.map((x) => 0.9 * Math.exp(-((x / 0.4) ** 0.7)));
    const f = fitRelaxation(t, y);
    expect(f.amplitude).toBeCloseTo(0.9, 6);
    expect(f.tau).toBeCloseTo(0.4, 6);
    expect(f.beta).toBeCloseTo(0.7, 6);
    expect(f.tauIntegral).toBeCloseTo(integralTime(0.4, 0.7), 6);
    expect(integralTime(2, 1)).toBeCloseTo(2, 12);
    expect(integralTime(1, 0.5)).toBeCloseTo(2, 12); // Γ(2)/0.5
  });
});

describe('rotation analysis', () => {
  it('a rigid icosahedron spinning at ω about a fixed axis gives C1 = ⟨cos²θ + sin²θ cos ωt⟩ and C2 = ⟨P2(…)⟩', () => {
    const axis = [0.3, -0.5, 0.81], n = Math.hypot(...axis), u = axis.map((a) => a / n);
    const omega = 7; // rad/ps
    const dt = 0.01, T = 120;
    const R0 = axisAngle([0, 0.6, 0.8], 0.4);
    const pos = Array.from({ length: T }, (_, t) => idealB12H12([15, 15, 15], mul(axisAngle(u, omega * t * dt), R0)).positions);
    const frames = framesOf(pos, dt);
    const ctx = testContext(B12H12, frames, 'B12H12', dt);
    const r = runFrames(rotationAnalysis, { ...P, element: 'B' }, ctx, frames);
    const dirs = rotateAll(R0, ICOSAHEDRON_VERTICES);
    const cos2 = Array.from({ length: 12 }, (_, k) => (dirs[3 * k]! * u[0]! + dirs[3 * k + 1]! * u[1]! + dirs[3 * k + 2]! * u[2]!) ** 2);
    expect(r.lag.length).toBe(60);
    for (let m = 0; m < r.lag.length; m++) {
      const c = cos2.map((c2) => c2 + (1 - c2) * Math.cos(omega * m * dt));
      expect(r.C1[m]).toBeCloseTo(c.reduce((a, b) => a + b, 0) / 12, 10);
      expect(r.C2[m]).toBeCloseTo(c.reduce((a, b) => a + 1.5 * b * b - 0.5, 0) / 12, 10);
    }
  });

  it('isotropic rotational diffusion: C_l = exp(−l(l+1)D t); the fits recover τ1 = 1/2D and τ2 = 1/6D', () => {
    const D = 0.5, dt = 0.01, T = 1200, side = 4, spacing = 7;
    const rng = createRng(7);
    const tet = regularShape(4)!;
    const K = side ** 3;
    const orient: Float64Array[] = Array.from({ length: K }, () => Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]));
    const symbols: string[] = [];
    for (let k = 0; k < K; k++) symbols.push('P', 'S', 'S', 'S', 'S');
    const sd = Math.sqrt(2 * D * dt);
    const pos: Float64Array[] = [];
    for (let t = 0; t < T; t++) {
      const x = new Float64Array(15 * K);
      for (let k = 0; k < K; k++) {
        if (t > 0) {
          const w = [sd * rng.nextNormal(), sd * rng.nextNormal(), sd * rng.nextNormal()], phi = Math.hypot(...w);
          orient[k] = mul(axisAngle(w.map((c) => c / phi), phi), orient[k]!);
        }
        const c = [3 + spacing * (k % side), 3 + spacing * (Math.floor(k / side) % side), 3 + spacing * Math.floor(k / side ** 2)];
        const s = rotateAll(orient[k]!, tet);
        for (let a = 0; a < 3; a++) x[15 * k + a] = c[a]!;
        for (let j = 0; j < 4; j++) for (let a = 0; a < 3; a++) x[15 * k + 3 + 3 * j + a] = c[a]! + 2.05 * s[3 * j + a]!;
      }
      pos.push(x);
    }
    const frames = framesOf(pos, dt);
    const ctx = testContext(symbols, frames, 'PS4', dt);
    const r = runFrames(rotationAnalysis, { ...P, maxLag: 2 }, ctx, frames);
    expect(r.element).toBe('S');
    // The whole curve, not only the fitted time.
    for (const m of [10, 50, 100]) {
      expect(r.C1[m]).toBeCloseTo(Math.exp(-2 * D * m * dt), 1);
      expect(r.C2[m]).toBeCloseTo(Math.exp(-6 * D * m * dt), 1);
    }
    const t1 = r.tau1!, t2 = r.tau2!;
    expect(t1.value).toBeGreaterThan(0.9); expect(t1.value).toBeLessThan(1.1);
    expect(t2.value).toBeGreaterThan(0.3); expect(t2.value).toBeLessThan(0.37);
    expect(Math.abs(t1.value - 1)).toBeLessThan(4 * t1.stderr!);
    expect(Math.abs(t2.value - 1 / 3)).toBeLessThan(4 * t2.stderr!);
    expect(t1.method).toMatch(/jackknife over 64 anions/);
    // --max-lag keeps bounded-memory sums (lag-window.ts), not the vectors: the same result as the
    // whole series (the oracle: the same state with its window removed), chunked runs too.
    const whole = rotationAnalysis.init({ ...P, maxLag: 2 }, ctx);
    expect(whole.window?.maxLag).toBe(200);
    whole.window = undefined;
    for (const f of frames) rotationAnalysis.push(whole, f);
    expect(whole.vectors.rows).toBe(T);
    expectClose(rotationAnalysis.finalize(whole, ctx), r, 1e-10);
    expectClose(runFrames(rotationAnalysis, { ...P, maxLag: 2 }, ctx, frames, 500), r, 1e-10);
    // Without --max-lag the vectors are kept, and chunked runs merge to the one-pass result exactly.
    const all = runFrames(rotationAnalysis, P, ctx, frames.slice(0, 300));
    expect(runFrames(rotationAnalysis, P, ctx, frames.slice(0, 300), 70)).toEqual(all);
  });
});
