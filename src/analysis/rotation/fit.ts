/**
 * Least-squares fit of a relaxation curve C(t) ≈ A·exp(−(t/τ)^β) (Kohlrausch–Williams–Watts,
 * "stretched"; β = 1 fixed for the plain exponential) by Levenberg–Marquardt, parameters
 * (A, ln τ, β). The amplitude A < 1 absorbs the fast librational drop at short lags.
 *
 * Reported relaxation time: the integral time of the fitted decay,
 *   τ_int = ∫₀^∞ exp(−(t/τ)^β) dt = (τ/β)·Γ(1/β),
 * the mean relaxation time of a KWW decay (τ_int = τ for β = 1). Its covariance error is
 * s²(JᵀJ)⁻¹ (s² = RSS/(n − p)) carried to τ_int by the delta method: it treats the residuals of
 * neighbouring lags as independent, which they are not, so it is a lower bound on the error.
 */
export interface RelaxationFit {
  model: 'stretched' | 'exponential';
  amplitude: number;
  /** KWW time τ (ps). */
  tau: number;
  beta: number;
  /** (τ/β)·Γ(1/β) (ps). */
  tauIntegral: number;
  /** Delta-method standard error of tauIntegral from the fit covariance (ps); NaN when undefined. */
  tauIntegralStderr: number;
  rss: number;
  points: number;
  converged: boolean;
}

/** Fit `y` at times `t` (ps). */
export function fitRelaxation(t: ArrayLike<number>, y: ArrayLike<number>, model: 'stretched' | 'exponential' = 'stretched'): RelaxationFit {
  const n = t.length, stretched = model === 'stretched', P = stretched ? 3 : 2;
  let p = initialGuess(t, y, stretched);
  let rss = residualSum(t, y, p);
  let lambda = 1e-3, converged = false;
  for (let it = 0; it < 500; it++) {
    const { JtJ, Jtr } = normalEquations(t, y, p, P);
    const A = JtJ.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) : v)));
    const step = solve(A, Jtr);
    if (!step) { lambda *= 10; continue; }
    const trial = p.map((v, i) => v + (step[i] ?? 0));
    if (stretched) trial[2] = Math.min(3, Math.max(0.05, trial[2]!));
    const r2 = residualSum(t, y, trial);
    if (r2 <= rss) {
      const rel = (rss - r2) / Math.max(rss, 1e-300);
      p = trial; rss = r2; lambda = Math.max(lambda / 10, 1e-12);
      if (rel < 1e-12) { converged = true; break; }
    } else {
      lambda *= 10;
      if (lambda > 1e12) { converged = true; break; }
    }
  }
  const [amp, lnTau, beta = 1] = p as [number, number, number?];
  const tau = Math.exp(lnTau);
  const tauInt = integralTime(tau, beta);
  let stderr = NaN;
  if (n > P) {
    const { JtJ } = normalEquations(t, y, p, P);
    const cov = invert(JtJ);
    if (cov) {
      const s2 = rss / (n - P);
      // ∂τ_int/∂lnτ = τ_int; ∂τ_int/∂β numerically.
      const h = 1e-6;
      const g = [0, tauInt, stretched ? (integralTime(tau, beta + h) - integralTime(tau, beta - h)) / (2 * h) : 0].slice(0, P);
      let v = 0;
      for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) v += g[i]! * cov[i]![j]! * g[j]!;
      stderr = Math.sqrt(Math.max(0, s2 * v));
    }
  }
  return { model, amplitude: amp, tau, beta, tauIntegral: tauInt, tauIntegralStderr: stderr, rss, points: n, converged };
}

/** (τ/β)·Γ(1/β). */
export function integralTime(tau: number, beta: number): number {
  return (tau / beta) * Math.exp(lnGamma(1 / beta));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-13). */
export function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const tt = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(tt) - tt + Math.log(a);
}

function model(t: number, p: number[]): { f: number; d: number[] } {
  const A = p[0]!, tau = Math.exp(p[1]!), beta = p[2] ?? 1;
  const u = t / tau;
  const x = u > 0 ? Math.pow(u, beta) : 0;
  const E = Math.exp(-x);
  const d = [E, A * E * beta * x];
  if (p.length > 2) d.push(u > 0 ? -A * E * x * Math.log(u) : 0);
  return { f: A * E, d };
}

function residualSum(t: ArrayLike<number>, y: ArrayLike<number>, p: number[]): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (y[i]! - model(t[i]!, p).f) ** 2;
  return s;
}

function normalEquations(t: ArrayLike<number>, y: ArrayLike<number>, p: number[], P: number): { JtJ: number[][]; Jtr: number[] } {
  const JtJ = Array.from({ length: P }, () => new Array<number>(P).fill(0));
  const Jtr = new Array<number>(P).fill(0);
  for (let i = 0; i < t.length; i++) {
    const { f, d } = model(t[i]!, p);
    const r = y[i]! - f;
    for (let a = 0; a < P; a++) {
      Jtr[a] += d[a]! * r;
      for (let b = 0; b < P; b++) JtJ[a]![b] += d[a]! * d[b]!;
    }
  }
  return { JtJ, Jtr };
}

function initialGuess(t: ArrayLike<number>, y: ArrayLike<number>, stretched: boolean): number[] {
  const A = Math.max(1e-3, y[0]!);
  // First time the curve falls below A/e; else extrapolate the mean log-slope.
  let tau = NaN;
  for (let i = 1; i < t.length; i++) if (y[i]! < A / Math.E) { tau = t[i]!; break; }
  if (!(tau > 0)) {
    const last = t.length - 1, yl = Math.max(y[last]!, 1e-6);
    const slope = Math.log(yl / A) / (t[last]! - t[0]!);
    tau = slope < 0 ? -1 / slope : 100 * Math.max(t[last]!, 1e-3);
  }
  return stretched ? [A, Math.log(tau), 1] : [A, Math.log(tau)];
}

/** Solve A·x = b (small dense, partial pivoting); undefined when singular. */
function solve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    if (!(Math.abs(M[piv]![c]!) > 1e-300)) return undefined;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k] -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

function invert(A: number[][]): number[][] | undefined {
  const n = A.length;
  const cols: number[][] = [];
  for (let j = 0; j < n; j++) {
    const x = solve(A, A.map((_, i) => (i === j ? 1 : 0)));
    if (!x) return undefined;
    cols.push(x);
  }
  return A.map((_, i) => cols.map((c) => c[i]!));
}
