import { LaggedAutocorrelationSum, fftReal, nextPow2 } from '../../math/fft.js';
import { readColumns, type RowBlocks } from './row-blocks.js';

/**
 * Spectra from time series: the autocorrelation estimator, the windowed cosine transform and
 * the integrals over bands. Pure functions on arrays; units follow the inputs (series in
 * X, spacing in ps → ACF in X², frequency in THz).
 */

/** Series stored frame-major: value k of item i at frame t is `data[t·rowLength + offset_i + k]`. */
export interface SeriesTable {
  data: Float64Array;
  /** Frames stored. */
  frames: number;
  /** Numbers per frame. */
  rowLength: number;
}

/**
 * Mean autocorrelation of 3-vector series: for items i (row offsets `offsets[i]`, 3 numbers
 * each), C(m) = (1/N) Σ_i ⟨x_i(t)·x_i(t+m)⟩_t, the average over the T − m time origins of
 * the dot product, m = 0 … maxLag. C(0) is the mean square |x|². Unbiased estimator (each lag
 * divided by its own number of origins), computed by FFT (O(T log T) per component).
 */
export function meanVectorAcf(table: SeriesTable, offsets: readonly number[], maxLag: number): Float64Array {
  const T = table.frames;
  const M = Math.min(maxLag, T - 1);
  const acc = new LaggedAutocorrelationSum(T, M);
  for (const o of offsets) for (let k = 0; k < 3; k++) acc.add(table.data, o + k, table.rowLength);
  return meanOf(acc.result(), offsets.length, T);
}

function meanOf(sums: Float64Array, items: number, T: number): Float64Array {
  const out = new Float64Array(sums.length);
  for (let m = 0; m < sums.length; m++) out[m] = sums[m]! / (items * (T - m));
  return out;
}

/** Numbers gathered per column batch in {@link groupVectorAcfs} (8 MiB): a few dozen columns of a long series. */
const GATHER_NUMBERS = 1 << 20;

/**
 * {@link meanVectorAcf} of several groups of 3-vector series that are columns of one row
 * store (`groups[g]` = first columns of group g's items), in one sweep over the store: columns
 * are copied out a batch at a time (contiguous per series) and each is added to its group's
 * sum, in increasing column order (`gather` numbers per batch). Returns one ACF per group
 * (m = 0 … min(maxLag, T − 1)).
 */
export function groupVectorAcfs(store: RowBlocks, groups: readonly (readonly number[])[], maxLag: number, gather = GATHER_NUMBERS): Float64Array[] {
  const T = store.rows, M = Math.min(maxLag, T - 1);
  const owner = new Int32Array(store.width).fill(-1);
  groups.forEach((items, g) => { for (const c of items) for (let k = 0; k < 3; k++) owner[c + k] = g; });
  const sums = groups.map(() => new LaggedAutocorrelationSum(T, M));
  const batch = Math.max(1, Math.min(store.width, Math.floor(gather / T)));
  const buf = new Float64Array(batch * T);
  for (let c0 = 0; c0 < store.width; c0 += batch) {
    const count = Math.min(batch, store.width - c0);
    let used = false;
    for (let c = c0; c < c0 + count; c++) used ||= owner[c]! >= 0;
    if (!used) continue;
    readColumns(store, c0, count, buf);
    for (let c = 0; c < count; c++) {
      const g = owner[c0 + c]!;
      if (g >= 0) sums[g]!.add(buf, c * T);
    }
  }
  return sums.map((acc, g) => meanOf(acc.result(), groups[g]!.length, T));
}

/** A one-sided spectrum on a uniform frequency grid. */
export interface Spectrum {
  /** Frequencies f_k = k·df (THz), k = 0 … n/2 (the last is the Nyquist frequency 1/(2Δt)). */
  frequency: Float64Array;
  /** Spectral density (1/THz), normalised so that ∫₀^{f_Nyquist} S df = 1 (trapezoid rule). */
  density: Float64Array;
  /** Grid spacing df = 1/(n·Δt) (THz). */
  df: number;
  /** Full width at half maximum of the window's spectral kernel, ≈ 1.44/(2·M·Δt) (THz): peaks closer than this merge. */
  resolution: number;
  /** The area before normalisation, ∫₀^{f_N} S_raw df = C(0)/2 up to rounding (units of C). */
  rawArea: number;
}

/**
 * Power spectrum of a stationary signal from its autocorrelation C(m), m = 0 … M, frames Δt
 * (ps) apart (Wiener–Khinchin). The ACF is multiplied by the half Hann window
 * w(m) = ½(1 + cos(πm/M)) (w(M) = 0, so the truncated ACF ends smoothly and the kernel has
 * low side lobes), made symmetric, zero-padded to n = the power of two ≥ 4(M+1) and
 * cosine-transformed:
 *   S_raw(f_k) = Δt·[C(0) + 2 Σ_{m=1}^{M} w(m) C(m) cos(2π f_k m Δt)],  f_k = k/(nΔt).
 * The result is divided by its trapezoid area over 0 … f_N, so every spectrum integrates to 1
 * and band integrals are fractions of the total. The Hann kernel can dip slightly below zero
 * beside sharp peaks; such values are kept (not clipped), so band weights stay additive.
 */
export function spectrumFromAcf(acf: ArrayLike<number>, dt: number, minSize = 0): Spectrum {
  const M = acf.length - 1;
  const n = Math.max(nextPow2(4 * (M + 1)), nextPow2(minSize), 16);
  const x = new Float64Array(n);
  x[0] = acf[0]!;
  for (let m = 1; m <= M; m++) {
    const w = 0.5 * (1 + Math.cos((Math.PI * m) / Math.max(M, 1)));
    x[m] = w * acf[m]!;
    x[n - m] = x[m]!;
  }
  const X = fftReal(x, n);
  const half = n / 2;
  const frequency = new Float64Array(half + 1);
  const density = new Float64Array(half + 1);
  const df = 1 / (n * dt);
  for (let k = 0; k <= half; k++) {
    frequency[k] = k * df;
    density[k] = dt * X[2 * k]!;
  }
  const area = trapezoid(density, df);
  if (area !== 0 && Number.isFinite(area)) for (let k = 0; k <= half; k++) density[k] = density[k]! / area;
  return { frequency, density, df, resolution: M > 0 ? 1.44 / (2 * M * dt) : Infinity, rawArea: area };
}

/** Trapezoid integral of samples y spaced h apart. */
export function trapezoid(y: ArrayLike<number>, h: number): number {
  if (y.length < 2) return 0;
  let s = 0.5 * (y[0]! + y[y.length - 1]!);
  for (let i = 1; i < y.length - 1; i++) s += y[i]!;
  return s * h;
}

/**
 * ∫_{from}^{to} S df over a uniform grid (f_k = k·df), by the trapezoid rule on the linear
 * interpolant, so band edges need not fall on grid points. Limits are clipped to the grid.
 */
export function bandIntegral(density: ArrayLike<number>, df: number, from: number, to: number): number {
  const fMax = (density.length - 1) * df;
  const a = Math.max(0, Math.min(from, fMax)), b = Math.max(0, Math.min(to, fMax));
  if (b <= a) return 0;
  const at = (f: number) => {
    const x = f / df, i = Math.min(Math.floor(x), density.length - 2), u = x - i;
    return (1 - u) * density[i]! + u * density[i + 1]!;
  };
  const i0 = Math.ceil(a / df), i1 = Math.floor(b / df);
  if (i0 > i1) return 0.5 * (at(a) + at(b)) * (b - a);
  let s = 0.5 * (at(a) + density[i0]!) * (i0 * df - a) + 0.5 * (density[i1]! + at(b)) * (b - i1 * df);
  for (let i = i0; i < i1; i++) s += 0.5 * (density[i]! + density[i + 1]!) * df;
  return s;
}

/**
 * Overlap of two spectra within [from, to] (THz): each is renormalised to unit area inside the
 * band, then O = ∫ min(Ŝ_a, Ŝ_b) df ∈ [0, 1] (1 = identical shapes, 0 = disjoint), trapezoid
 * rule on the grid points inside the band. Negative (window side-lobe) values count as 0.
 * Returns NaN when either spectrum has no positive weight in the band.
 */
export function bandOverlap(a: ArrayLike<number>, b: ArrayLike<number>, df: number, from: number, to: number): number {
  const i0 = Math.max(0, Math.ceil(from / df)), i1 = Math.min(a.length - 1, Math.floor(to / df));
  if (i1 <= i0) return NaN;
  const pa = new Float64Array(i1 - i0 + 1), pb = new Float64Array(i1 - i0 + 1);
  for (let i = i0; i <= i1; i++) { pa[i - i0] = Math.max(0, a[i]!); pb[i - i0] = Math.max(0, b[i]!); }
  const na = trapezoid(pa, df), nb = trapezoid(pb, df);
  if (!(na > 0) || !(nb > 0)) return NaN;
  const m = pa.map((x, i) => Math.min(x / na, pb[i]! / nb));
  return trapezoid(m, df);
}

/** A spectral peak. */
export interface Peak {
  /** Frequency (THz), refined by a parabola through the maximum and its neighbours. */
  frequency: number;
  /** Spectral density at the grid maximum (1/THz). */
  height: number;
}

/**
 * The strongest local maxima of a spectrum (highest first): grid points higher than both
 * neighbours and at least `minRelative` × the global maximum, at most `count`, within
 * [from, to] THz. f = 0 counts as a maximum when S(0) > S(df) (a DC component).
 */
export function findPeaks(density: ArrayLike<number>, df: number, options: { count?: number; minRelative?: number; from?: number; to?: number } = {}): Peak[] {
  const { count = 5, minRelative = 0.05, from = 0, to = Infinity } = options;
  const n = density.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (density[i]! > max) max = density[i]!;
  const peaks: Peak[] = [];
  for (let i = 0; i < n; i++) {
    const y = density[i]!;
    const f = i * df;
    if (f < from || f > to || y < minRelative * max || !(y > 0)) continue;
    const left = i > 0 ? density[i - 1]! : density[1]!;
    const right = i < n - 1 ? density[i + 1]! : -Infinity;
    if (!(y > left && y >= right)) continue;
    let shift = 0;
    if (i > 0 && i < n - 1) {
      const d = left - 2 * y + right;
      if (d < 0) shift = (0.5 * (left - right)) / d;
    }
    peaks.push({ frequency: Math.max(0, (i + shift) * df), height: y });
  }
  peaks.sort((p, q) => q.height - p.height);
  return peaks.slice(0, count);
}
