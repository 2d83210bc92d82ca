import { AutocorrelationSum } from '../../math/fft.js';

/**
 * Reorientation correlation sums of unit-vector series (SPEC 7):
 *   C1(m) = ⟨r̂(t)·r̂(t+m)⟩,  C2(m) = ⟨P2(r̂(t)·r̂(t+m))⟩, P2(x) = (3x² − 1)/2,
 * averaged over vectors and all time origins t = 0 … T−1−m.
 *
 * FFT route, O(V·T log T): r̂(t)·r̂(t+m) = Σ_a u_a(t)u_a(t+m), a sum of 3 component
 * autocorrelations; (r̂(t)·r̂(t+m))² = Σ_ab u_a u_b(t) · u_a u_b(t+m), the autocorrelations of
 * the 6 distinct products u_a u_b (off-diagonal ones entered as √2·u_a u_b, which counts them
 * twice). Sums of power spectra are linear, so one inverse FFT per order suffices.
 *
 * Layout of `vectors`: frame-major, frame t holds V vectors of 3 numbers: vectors[3(tV + v) + a].
 */
export interface CorrelationSums {
  /** Σ over vectors and origins of r̂(t)·r̂(t+m), m = 0 … maxLag. */
  dot: Float64Array;
  /** Σ over vectors and origins of (r̂(t)·r̂(t+m))². */
  dot2: Float64Array;
}

/** FFT sums over the vectors `from` … `to`−1 (a subset: one anion's atoms, for the jackknife). */
export function correlationSums(vectors: ArrayLike<number>, T: number, V: number, maxLag: number, from = 0, to = V): CorrelationSums {
  const s1 = new AutocorrelationSum(T), s2 = new AutocorrelationSum(T);
  const series = new Float64Array(T);
  const stride = 3 * V;
  const SQRT2 = Math.SQRT2;
  for (let v = from; v < to; v++) {
    for (let a = 0; a < 3; a++) s1.add(vectors, 3 * v + a, stride);
    for (let a = 0; a < 3; a++) {
      for (let b = a; b < 3; b++) {
        const f = a === b ? 1 : SQRT2;
        for (let t = 0; t < T; t++) series[t] = f * vectors[t * stride + 3 * v + a]! * vectors[t * stride + 3 * v + b]!;
        s2.add(series);
      }
    }
  }
  return { dot: s1.result(maxLag), dot2: s2.result(maxLag) };
}

/** C1 and C2 from sums over `vectors` vectors (divides by vectors·(T − m)). */
export function correlationsFromSums(s: CorrelationSums, T: number, vectors: number): { C1: Float64Array; C2: Float64Array } {
  const L = s.dot.length;
  const C1 = new Float64Array(L), C2 = new Float64Array(L);
  for (let m = 0; m < L; m++) {
    const n = vectors * (T - m);
    C1[m] = s.dot[m]! / n;
    C2[m] = 1.5 * (s.dot2[m]! / n) - 0.5;
  }
  return { C1, C2 };
}

/** Direct O(V·T·maxLag) evaluation of C1 and C2 (the test oracle for the FFT route). */
export function directCorrelations(vectors: ArrayLike<number>, T: number, V: number, maxLag: number): { C1: Float64Array; C2: Float64Array } {
  const C1 = new Float64Array(maxLag + 1), C2 = new Float64Array(maxLag + 1);
  for (let m = 0; m <= maxLag; m++) {
    let p1 = 0, p2 = 0;
    for (let t = 0; t + m < T; t++) {
      for (let v = 0; v < V; v++) {
        const i = 3 * (t * V + v), j = 3 * ((t + m) * V + v);
        const d = vectors[i]! * vectors[j]! + vectors[i + 1]! * vectors[j + 1]! + vectors[i + 2]! * vectors[j + 2]!;
        p1 += d; p2 += 0.5 * (3 * d * d - 1);
      }
    }
    C1[m] = p1 / (V * (T - m)); C2[m] = p2 / (V * (T - m));
  }
  return { C1, C2 };
}
