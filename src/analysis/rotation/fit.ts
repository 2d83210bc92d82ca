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
  // The normal equations depend on p only: a rejected step (p unchanged) reuses them.
  let ne = normalEquations(t, y, p, P);
  for (let it = 0; it < 500; it++) {
    const { JtJ, Jtr } = ne;
    const A = JtJ.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) : v)));
    const step = solve(A, Jtr);
    if (!step) { lambda *= 10; continue; }
    const trial = p.map((v, i) => v + (step[i] ?? 0));
    if (stretched) trial[2] = Math.min(3, Math.max(0.05, trial[2]!));
    const r2 = residualSum(t, y, trial);
    if (r2 <= rss) {
      const rel = (rss - r2) / Math.max(rss, 1e-300);
      p = trial; rss = r2; lambda = Math.max(lambda / 10, 1e-12);
      ne = normalEquations(t, y, p, P);
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
    const cov = invert(ne.JtJ);
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

/*
 * The model f = A·E, E = exp(−x), x = (t/τ)^β, and its derivatives by (A, ln τ, β):
 * d = [E, A·E·β·x, −A·E·x·ln(t/τ)] (0 for the last at t = 0), evaluated inline below without
 * per-point allocations; the expressions are kept exactly as written here, so the fits are the
 * same to the last bit.
 */
function residualSum(t: ArrayLike<number>, y: ArrayLike<number>, p: number[]): number {
  const A = p[0]!, tau = Math.exp(p[1]!), beta = p[2] ?? 1;
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const u = t[i]! / tau;
    const x = u > 0 ? Math.pow(u, beta) : 0;
    s += (y[i]! - A * Math.exp(-x)) ** 2;
  }
  return s;
}

function normalEquations(t: ArrayLike<number>, y: ArrayLike<number>, p: number[], P: number): { JtJ: number[][]; Jtr: number[] } {
  const A = p[0]!, tau = Math.exp(p[1]!), beta = p[2] ?? 1, third = p.length > 2;
  let j00 = 0, j01 = 0, j02 = 0, j11 = 0, j12 = 0, j22 = 0, r0 = 0, r1 = 0, r2 = 0;
  for (let i = 0; i < t.length; i++) {
    const u = t[i]! / tau;
    const x = u > 0 ? Math.pow(u, beta) : 0;
    const E = Math.exp(-x);
    const d0 = E, d1 = A * E * beta * x;
    const d2 = third ? (u > 0 ? -A * E * x * Math.log(u) : 0) : 0;
    const r = y[i]! - A * E;
    r0 += d0 * r; r1 += d1 * r; r2 += d2 * r;
    j00 += d0 * d0; j01 += d0 * d1; j02 += d0 * d2; j11 += d1 * d1; j12 += d1 * d2; j22 += d2 * d2;
  }
  // d_a·d_b = d_b·d_a exactly, so the matrix is symmetric as summed.
  const JtJ = [[j00, j01, j02], [j01, j11, j12], [j02, j12, j22]].slice(0, P).map((row) => row.slice(0, P));
  return { JtJ, Jtr: [r0, r1, r2].slice(0, P) };
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
