import { fftReal, inverseReal, nextPow2 } from '../../math/fft.js';

/** THz per cm⁻¹ (c = 2.99792458e10 cm/s). */
export const THZ_PER_CM1 = 0.0299792458;

/**
 * Zero-phase low-pass filter of an evenly sampled real series, by FFT.
 *
 * The series is extended periodically by mirror images (… x₁ x₀ | x₀ x₁ … x_{n−1} | x_{n−1} …) to a
 * power of two with the data in the middle, so the transform sees no jump near the data (the
 * one wrap-around jump lies ≥ n/2 samples away). The transfer function is real and even (no phase shift): 1 below 0.9·f_c, 0 above
 * 1.1·f_c, a raised cosine between.
 *
 * @param x samples
 * @param dt sample spacing (ps)
 * @param cutoff f_c (THz = 1/ps)
 */
export function lowPass(x: ArrayLike<number>, dt: number, cutoff: number): Float64Array {
  const n = x.length;
  if (n < 2) return Float64Array.from(x);
  const L = nextPow2(2 * n);
  const p = Math.floor((L - n) / 2);
  const z = new Float64Array(L);
  for (let k = 0; k < L; k++) {
    const j = (((k - p) % (2 * n)) + 2 * n) % (2 * n);
    z[k] = x[j < n ? j : 2 * n - 1 - j]!;
  }
  const spec = fftReal(z, L);
  const f1 = 0.9 * cutoff, f2 = 1.1 * cutoff;
  for (let k = 0; k < L; k++) {
    const f = Math.min(k, L - k) / (L * dt);
    const h = f <= f1 ? 1 : f >= f2 ? 0 : 0.5 * (1 + Math.cos((Math.PI * (f - f1)) / (f2 - f1)));
    spec[2 * k]! *= h; spec[2 * k + 1]! *= h;
  }
  return inverseReal(spec, L).slice(p, p + n);
}

/**
 * Filter the forces of a contiguous block of frames (each 3N, eV/Å) component by component
 * with lowPass, then remove the net force of each frame in equal shares per atom (the
 * Car–Parrinello forces do not sum to zero). Returns new arrays.
 */
export function filterForceBlock(forces: readonly Float64Array[], dt: number, cutoff: number): Float64Array[] {
  const T = forces.length;
  if (T === 0) return [];
  const w = forces[0]!.length, n = w / 3;
  const out = forces.map(() => new Float64Array(w));
  const series = new Float64Array(T);
  for (let c = 0; c < w; c++) {
    for (let t = 0; t < T; t++) series[t] = forces[t]![c]!;
    const y = lowPass(series, dt, cutoff);
    for (let t = 0; t < T; t++) out[t]![c] = y[t]!;
  }
  for (const f of out) {
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += f[3 * i + k]!;
      for (let i = 0; i < n; i++) f[3 * i + k]! -= s / n;
    }
  }
  return out;
}
