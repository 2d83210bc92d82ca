import { AutocorrelationSum } from '../../math/fft.js';

/**
 * Mean squared displacement of 1-D series over all time origins, by the FFT algorithm
 * (Kneller et al., Comput. Phys. Commun. 91, 191 (1995); Calandrini et al., nMoldyn 2011):
 * for a series x(0 … T−1) and lag m,
 *
 *   Σ_{t=0}^{T−1−m} (x(t+m) − x(t))² = S₁(m) − 2·S₂(m),
 *   S₁(m) = Σ_{t<T−m} x(t)² + Σ_{t≥m} x(t)²      (prefix sums, O(T)),
 *   S₂(m) = Σ_{t<T−m} x(t)·x(t+m)                  (autocorrelation by FFT, O(T log T)),
 *
 * and MSD(m) = that sum/(T − m). Each series is shifted by its own mean first: the MSD does
 * not change, and the cancellation in S₁ − 2S₂ then loses digits only to the spread of the
 * series, not to its distance from the origin.
 */
export class MsdSums {
  /** Series length T (frames). */
  readonly frames: number;
  /** Number of series added. */
  count = 0;
  private readonly acf: AutocorrelationSum;
  private readonly s1: Float64Array;
  private readonly buf: Float64Array;
  private readonly prefix: Float64Array;

  constructor(frames: number) {
    this.frames = frames;
    this.acf = new AutocorrelationSum(frames);
    this.s1 = new Float64Array(frames);
    this.buf = new Float64Array(frames);
    this.prefix = new Float64Array(frames + 1);
  }

  /** Add the series x[offset + t·stride], t = 0 … T−1. */
  add(x: ArrayLike<number>, offset = 0, stride = 1): void {
    const T = this.frames, b = this.buf, p = this.prefix, s1 = this.s1;
    let m = 0;
    for (let t = 0; t < T; t++) m += x[offset + t * stride]!;
    m /= T;
    for (let t = 0; t < T; t++) {
      const v = x[offset + t * stride]! - m;
      b[t] = v;
      p[t + 1] = p[t]! + v * v;
    }
    const total = p[T]!;
    for (let lag = 0; lag < T; lag++) s1[lag] = s1[lag]! + p[T - lag]! + (total - p[lag]!);
    this.acf.add(b);
    this.count++;
  }

  /** Σ over series and origins of the squared displacement at each lag m = 0 … maxLag. */
  sums(maxLag = this.frames - 1): Float64Array {
    const a = this.acf.result(maxLag);
    const out = new Float64Array(a.length);
    for (let lag = 0; lag < a.length; lag++) out[lag] = Math.max(0, this.s1[lag]! - 2 * a[lag]!);
    // Lag 0 is exactly zero; rounding would leave ~1e-16 of the series' spread.
    out[0] = 0;
    return out;
  }

  /** MSD per lag: sums(m)/(count·(T − m)), m = 0 … maxLag. */
  msd(maxLag = this.frames - 1): Float64Array {
    const s = this.sums(maxLag);
    for (let lag = 0; lag < s.length; lag++) s[lag] = s[lag]! / (this.count * (this.frames - lag));
    return s;
  }
}

/** MSD (per lag, averaged over series and origins) of equal-length 1-D series, by FFT. */
export function msdFft(series: readonly ArrayLike<number>[], maxLag?: number): Float64Array {
  if (series.length === 0) throw new RangeError('msdFft: no series');
  const acc = new MsdSums(series[0]!.length);
  for (const s of series) {
    if (s.length !== acc.frames) throw new RangeError('msdFft: series differ in length');
    acc.add(s);
  }
  return acc.msd(maxLag);
}

/**
 * The same MSD by the direct O(T²) double loop over lags and origins. A test oracle only:
 * never use it on real trajectories.
 */
export function msdDirect(series: readonly ArrayLike<number>[], maxLag?: number): Float64Array {
  const T = series[0]!.length;
  const M = Math.min(maxLag ?? T - 1, T - 1);
  const out = new Float64Array(M + 1);
  for (let lag = 1; lag <= M; lag++) {
    let s = 0;
    for (const x of series) for (let t = 0; t + lag < T; t++) { const d = x[t + lag]! - x[t]!; s += d * d; }
    out[lag] = s / (series.length * (T - lag));
  }
  return out;
}

/**
 * Squared displacement averaged over origins of the strided series x[offset + t·stride]
 * (T frames) at a few lags, directly: O(T) per lag. Used for per-atom MSDs at the fit lags.
 */
export function msdAtLags(x: ArrayLike<number>, frames: number, lags: readonly number[], offset = 0, stride = 1): Float64Array {
  const out = new Float64Array(lags.length);
  lags.forEach((lag, j) => {
    let s = 0;
    for (let t = 0; t + lag < frames; t++) {
      const d = x[offset + (t + lag) * stride]! - x[offset + t * stride]!;
      s += d * d;
    }
    out[j] = s / (frames - lag);
  });
  return out;
}
