import { LaggedAutocorrelationSum } from '../../math/fft.js';
import type { WindowPlan } from '../spectra/lag-window.js';
import { readColumns, type RowBlocks } from '../spectra/row-blocks.js';

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
 * Layout of the vectors: frame-major rows (row-blocks.ts), frame t holds V vectors of 3
 * numbers: row t, columns 3v + a (a flat array in {@link directCorrelations}).
 */
export interface CorrelationSums {
  /** Σ over vectors and origins of r̂(t)·r̂(t+m), m = 0 … maxLag. */
  dot: Float64Array;
  /** Σ over vectors and origins of (r̂(t)·r̂(t+m))². */
  dot2: Float64Array;
}

/** Numbers gathered per batch of vectors (8 MiB). */
const GATHER_NUMBERS = 1 << 20;

/** Reusable buffers and FFT accumulators for {@link correlationSums} over series of T frames (`gather` numbers copied out per batch of vectors). */
export class CorrelationWork {
  readonly s1: LaggedAutocorrelationSum;
  readonly s2: LaggedAutocorrelationSum;
  /** Vectors gathered per batch. */
  readonly batch: number;
  readonly columns: Float64Array;
  readonly product: Float64Array;
  constructor(readonly frames: number, readonly maxLag: number, gather = GATHER_NUMBERS) {
    this.s1 = new LaggedAutocorrelationSum(frames, maxLag);
    this.s2 = new LaggedAutocorrelationSum(frames, maxLag);
    this.batch = Math.max(1, Math.floor(gather / (3 * frames)));
    this.columns = new Float64Array(3 * this.batch * frames);
    this.product = new Float64Array(frames);
  }
}

/**
 * FFT sums over the vectors `from` … `to`−1 (a subset: one anion's atoms, for the jackknife) of
 * a store whose rows are frames of V vectors (width 3V). The vectors' components are copied
 * out a batch at a time (one contiguous series each); `work` (for the store's frame count and
 * `maxLag`) is reused between calls.
 */
export function correlationSums(vectors: RowBlocks, maxLag: number, from = 0, to = vectors.width / 3, work = new CorrelationWork(vectors.rows, maxLag)): CorrelationSums {
  const T = vectors.rows;
  if (work.frames !== T || work.maxLag !== maxLag) throw new RangeError(`correlationSums: work for ${work.frames} frames and lag ${work.maxLag}, store of ${T} frames and lag ${maxLag}`);
  const { s1, s2, columns, product: series } = work;
  s1.reset(); s2.reset();
  const SQRT2 = Math.SQRT2;
  for (let v0 = from; v0 < to; v0 += work.batch) {
    const nv = Math.min(work.batch, to - v0);
    readColumns(vectors, 3 * v0, 3 * nv, columns);
    for (let i = 0; i < nv; i++) {
      const base = 3 * i * T;
      for (let a = 0; a < 3; a++) s1.add(columns, base + a * T);
      for (let a = 0; a < 3; a++) {
        for (let b = a; b < 3; b++) {
          const f = a === b ? 1 : SQRT2, oa = base + a * T, ob = base + b * T;
          for (let t = 0; t < T; t++) series[t] = f * columns[oa + t]! * columns[ob + t]!;
          s2.add(series);
        }
      }
    }
  }
  return { dot: s1.result(), dot2: s2.result() };
}

/**
 * Bounded-memory plan (lag-window.ts) of the same sums: rows of `anions` × `perAnion` unit
 * vectors; group k = anion k's 3·perAnion columns, channel 2k its `dot` sums (the components),
 * 2k+1 its `dot2` sums (the 6 products, off-diagonal ones × √2), added in the order of
 * {@link correlationSums}.
 */
export function rotationPlan(anions: number, perAnion: number): WindowPlan {
  const n = 3 * perAnion;
  let scratch = new Float64Array(0);
  return {
    groups: Array.from({ length: anions }, (_, k) => Array.from({ length: n }, (_, j) => k * n + j)),
    channelsOf: Array.from({ length: anions }, (_, k) => [2 * k, 2 * k + 1]),
    derive(_g, cols, len, add) {
      if (scratch.length !== len) scratch = new Float64Array(len);
      for (let i = 0; i < perAnion; i++) {
        const base = 3 * i * len;
        for (let a = 0; a < 3; a++) add(0, cols, base + a * len);
        for (let a = 0; a < 3; a++) {
          for (let b = a; b < 3; b++) {
            const f = a === b ? 1 : Math.SQRT2, oa = base + a * len, ob = base + b * len;
            for (let t = 0; t < len; t++) scratch[t] = f * cols[oa + t]! * cols[ob + t]!;
            add(1, scratch, 0);
          }
        }
      }
    },
  };
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
