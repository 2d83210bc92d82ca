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
