import FFT from 'fft.js';

/**
 * A thin typed layer over fft.js (radix-4, power-of-two sizes), with the correlation helpers
 * the time-correlation analyses share (MSD, velocity and rotation ACFs, spectra).
 *
 * Conventions: complex arrays are interleaved `[re0, im0, re1, im1, …]` (Float64Array of
 * length 2n); the forward transform is X(k) = Σ_t x(t)·e^{−2πi kt/n} (no scaling); the inverse
 * divides by n, so inverse(forward(x)) = x. Correlations are raw sums over the overlapping
 * times (not divided by the number of terms): callers normalise as their estimator requires.
 */

const plans = new Map<number, FFT>();

/** The cached fft.js plan for size n (tables are O(n) to build). */
function plan(n: number): FFT {
  let p = plans.get(n);
  if (!p) {
    if (!isPow2(n)) throw new RangeError(`FFT size must be a power of two ≥ 2, got ${n}`);
    p = new FFT(n);
    if (plans.size > 16) plans.clear();
    plans.set(n, p);
  }
  return p;
}

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/** Smallest power of two ≥ max(n, 2). */
export function nextPow2(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/**
 * Forward DFT of complex data (interleaved, length 2n, n a power of two). Returns a new array.
 * `inverse` = true gives the inverse transform (scaled by 1/n).
 */
export function fftComplex(data: Float64Array, inverse = false): Float64Array {
  const n = data.length / 2;
  const p = plan(n);
  const out = new Float64Array(data.length);
  if (inverse) p.inverseTransform(out, data);
  else p.transform(out, data);
  return out;
}

/**
 * Full complex spectrum (interleaved, length 2n) of a real series zero-padded to `n` (a power
 * of two ≥ x.length; default the smallest such). Zero-padding to ≥ 2·length makes the
 * circular correlations below equal the linear ones.
 */
export function fftReal(x: ArrayLike<number>, n = nextPow2(x.length)): Float64Array {
  if (n < x.length) throw new RangeError(`fftReal: size ${n} is shorter than the series (${x.length})`);
  const p = plan(n);
  const input = new Float64Array(n);
  for (let i = 0; i < x.length; i++) input[i] = x[i]!;
  const out = new Float64Array(2 * n);
  p.realTransform(out, input);
  p.completeSpectrum(out);
  return out;
}

/** Real part of the inverse DFT of a complex spectrum (interleaved, length 2n), first `length` values. */
export function inverseReal(spectrum: Float64Array, length = spectrum.length / 2): Float64Array {
  const out = fftComplex(spectrum, true);
  const r = new Float64Array(length);
  for (let i = 0; i < length; i++) r[i] = out[2 * i]!;
  return r;
}

/**
 * Autocorrelation sums a(m) = Σ_{t=0}^{T−1−m} x(t)·x(t+m) for m = 0 … maxLag (T = x.length),
 * by FFT: zero-pad to n ≥ 2T, |X(k)|², inverse. O(T log T).
 */
export function autocorrelation(x: ArrayLike<number>, maxLag = x.length - 1): Float64Array {
  const acc = new AutocorrelationSum(x.length);
  acc.add(x);
  return acc.result(maxLag);
}

/**
 * Cross-correlation sums c(m) = Σ_t x(t)·y(t+m) over the t where both exist, m = 0 … maxLag
 * (for negative lags swap x and y). Series may differ in length. O(T log T).
 */
export function crossCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, maxLag = Math.min(x.length, y.length) - 1): Float64Array {
  const n = nextPow2(2 * Math.max(x.length, y.length));
  const X = fftReal(x, n), Y = fftReal(y, n);
  // conj(X)·Y ↔ Σ_t x(t) y(t+m)
  const P = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const xr = X[2 * k]!, xi = X[2 * k + 1]!, yr = Y[2 * k]!, yi = Y[2 * k + 1]!;
    P[2 * k] = xr * yr + xi * yi;
    P[2 * k + 1] = xr * yi - xi * yr;
  }
  const maxOut = Math.max(0, Math.min(maxLag, y.length - 1));
  return inverseReal(P, maxOut + 1);
}

/**
 * Sum of the autocorrelations of many real series of one length T, at the cost of one forward
 * real FFT per series and a single inverse at the end: the power spectra are summed, and the
 * inverse transform is linear. The sum over series is exact up to rounding, in the order added.
 */
export class AutocorrelationSum {
  /** Series length T. */
  readonly length: number;
  /** Padded size (power of two ≥ 2T). */
  readonly size: number;
  /** Number of series added. */
  count = 0;
  private readonly power: Float64Array;
  private readonly input: Float64Array;
  private readonly spectrum: Float64Array;

  constructor(length: number) {
    if (!(Number.isInteger(length) && length >= 1)) throw new RangeError(`series length must be a positive integer, got ${length}`);
    this.length = length;
    this.size = nextPow2(2 * length);
    this.power = new Float64Array(this.size / 2 + 1);
    this.input = new Float64Array(this.size);
    this.spectrum = new Float64Array(2 * this.size);
  }

  /** Add one series (length T), or the strided series x[offset + t·stride]. */
  add(x: ArrayLike<number>, offset = 0, stride = 1): void {
    const { input, spectrum, power, length } = this;
    for (let t = 0; t < length; t++) input[t] = x[offset + t * stride]!;
    // input[length…] stays zero (padding) between calls.
    plan(this.size).realTransform(spectrum, input);
    for (let k = 0; k < power.length; k++) {
      const re = spectrum[2 * k]!, im = spectrum[2 * k + 1]!;
      power[k] = power[k]! + re * re + im * im;
    }
    this.count++;
  }

  /** Σ over added series of a(m), m = 0 … maxLag. */
  result(maxLag = this.length - 1): Float64Array {
    const n = this.size;
    const full = new Float64Array(2 * n);
    for (let k = 0; k <= n / 2; k++) full[2 * k] = this.power[k]!;
    for (let k = n / 2 + 1; k < n; k++) full[2 * k] = this.power[n - k]!;
    return inverseReal(full, Math.min(maxLag, this.length - 1) + 1);
  }
}

const halfTwiddles = new Map<number, Float64Array>();

/** cos and sin of 2πk/n, k = 0 … n/2, interleaved (the split step of a real FFT done at half size). */
function splitTwiddles(n: number): Float64Array {
  let w = halfTwiddles.get(n);
  if (!w) {
    w = new Float64Array(n + 2);
    for (let k = 0; k <= n / 2; k++) {
      w[2 * k] = Math.cos((2 * Math.PI * k) / n);
      w[2 * k + 1] = Math.sin((2 * Math.PI * k) / n);
    }
    if (halfTwiddles.size > 16) halfTwiddles.clear();
    halfTwiddles.set(n, w);
  }
  return w;
}

/**
 * Sum of the autocorrelations a(m) = Σ_{t=0}^{T−1−m} x(t)·x(t+m), m = 0 … maxLag, of many
 * real series of one length T, when the longest lag is known in advance: the same sums as
 * {@link AutocorrelationSum} (equal up to rounding), cheaper in two ways.
 * - Padding: lags up to M need n ≥ T + M (a circular correlation of a series padded to n
 *   wraps only at lags m > n − T), not 2T; for M = T/2 that is often half the size.
 * - The real transform of n points is done as a complex transform of n/2 points
 *   z(j) = x(2j) + i·x(2j+1) (the padded series read as interleaved complex, no copy), split
 *   into X(k) = E(k) + e^{−2πik/n}·O(k) with E(k) = [Z(k) + Z*(n/2−k)]/2 and
 *   O(k) = [Z(k) − Z*(n/2−k)]/(2i); |X(k)|², k = 0 … n/2, is summed over series.
 * Series are added in order; `reset` clears the sum so one instance (and its buffers) serves
 * many groups of series in turn.
 */
export class LaggedAutocorrelationSum {
  /** Series length T. */
  readonly length: number;
  /** Longest lag M (≤ T − 1). */
  readonly maxLag: number;
  /** Padded size n: the power of two ≥ max(T + M, 4). */
  readonly size: number;
  /** Number of series added since construction or the last reset. */
  count = 0;
  private readonly power: Float64Array;
  private readonly input: Float64Array;
  private readonly spectrum: Float64Array;

  constructor(length: number, maxLag: number) {
    if (!(Number.isInteger(length) && length >= 1)) throw new RangeError(`series length must be a positive integer, got ${length}`);
    if (!(Number.isInteger(maxLag) && maxLag >= 0)) throw new RangeError(`maxLag must be an integer ≥ 0, got ${maxLag}`);
    this.length = length;
    this.maxLag = Math.min(maxLag, length - 1);
    this.size = nextPow2(Math.max(length + this.maxLag, 4));
    this.power = new Float64Array(this.size / 2 + 1);
    this.input = new Float64Array(this.size);
    this.spectrum = new Float64Array(this.size);
  }

  /** Add one series: x[offset + t·stride], t = 0 … T−1. */
  add(x: ArrayLike<number>, offset = 0, stride = 1): void {
    const { input, length } = this;
    if (offset + (length - 1) * stride >= x.length) throw new RangeError(`series of ${length} from ${offset} (stride ${stride}) runs past the input (${x.length})`);
    if (stride === 1 && x instanceof Float64Array) input.set(x.subarray(offset, offset + length));
    else for (let t = 0; t < length; t++) input[t] = x[offset + t * stride]!;
    // input[length…] stays zero (padding) between calls.
    this.accumulate();
  }

  private accumulate(): void {
    const { input, spectrum: Z, power } = this;
    const n = this.size, h = n / 2;
    plan(h).transform(Z, input);
    const w = splitTwiddles(n);
    // k = 0 and k = n/2: E and O are real (Z(0) = E(0) + i·O(0)).
    const z0 = Z[0]!, z1 = Z[1]!;
    power[0] = power[0]! + (z0 + z1) * (z0 + z1);
    power[h] = power[h]! + (z0 - z1) * (z0 - z1);
    for (let k = 1; k < h; k++) {
      const a = Z[2 * k]!, b = Z[2 * k + 1]!, c = Z[2 * (h - k)]!, d = Z[2 * (h - k) + 1]!;
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const cs = w[2 * k]!, sn = w[2 * k + 1]!;
      // e^{−iθ}·O = (cos θ·or + sin θ·oi) + i(cos θ·oi − sin θ·or)
      const xr = er + cs * or + sn * oi, xi = ei + cs * oi - sn * or;
      power[k] = power[k]! + xr * xr + xi * xi;
    }
    this.count++;
  }

  /** Σ over the added series of a(m), m = 0 … maxLag (a new array). */
  result(): Float64Array {
    const n = this.size;
    const full = new Float64Array(2 * n);
    for (let k = 0; k <= n / 2; k++) full[2 * k] = this.power[k]!;
    for (let k = n / 2 + 1; k < n; k++) full[2 * k] = this.power[n - k]!;
    return inverseReal(full, this.maxLag + 1);
  }

  /** Forget the added series (the buffers are kept). */
  reset(): void {
    this.power.fill(0);
    this.count = 0;
  }
}
