import { describe, expect, it } from 'vitest';
import { ICOSAHEDRON_VERTICES, idealB12H12, quaternionToMatrix, rotateAll } from '../../chem/icosahedron.js';
import { createRng } from '../../math/rng.js';
import { regularShape } from '../distortion/shapes.js';
import { framesOf, runFrames, testContext } from '../distortion/testing.js';
import { rotationAnalysis, type RotationParams } from './analysis.js';
import { correlationSums, correlationsFromSums, directCorrelations } from './correlate.js';
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

describe('correlation sums', () => {
  it('the FFT route equals the direct O(T²) oracle', () => {
    const rng = createRng(1);
    const T = 37, V = 5;
    const v = new Float64Array(3 * T * V);
    for (let i = 0; i < T * V; i++) {
      const x = [rng.nextNormal(), rng.nextNormal(), rng.nextNormal()], n = Math.hypot(...x);
      for (let a = 0; a < 3; a++) v[3 * i + a] = x[a]! / n;
    }
    const fft = correlationsFromSums(correlationSums(v, T, V, 30), T, V);
    const direct = directCorrelations(v, T, V, 30);
    for (let m = 0; m <= 30; m++) {
      expect(fft.C1[m]).toBeCloseTo(direct.C1[m]!, 12);
      expect(fft.C2[m]).toBeCloseTo(direct.C2[m]!, 12);
    }
    expect(fft.C1[0]).toBeCloseTo(1, 12);
    expect(fft.C2[0]).toBeCloseTo(1, 12);
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
    // Chunked processing merges to the one-pass result.
    const two = runFrames(rotationAnalysis, { ...P, maxLag: 2 }, ctx, frames, 500);
    expect(two).toEqual(r);
  });
});
