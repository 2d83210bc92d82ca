/**
 * Solve H x = b for a small symmetric positive (semi-)definite H (n×n row-major) by
 * Gaussian elimination with partial pivoting; a zero pivot gives a zero component.
 */
export function solveSymmetric(H: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(H), x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = a[k * n + j]!; a[k * n + j] = a[p * n + j]!; a[p * n + j] = t; }
      const t = x[k]!; x[k] = x[p]!; x[p] = t;
    }
    const d = a[k * n + k]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / d;
      if (f === 0) continue;
      for (let j = k; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
      x[i]! -= f * x[k]!;
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const d = a[k * n + k]!;
    if (Math.abs(d) < 1e-300) { x[k] = 0; continue; }
    let s = x[k]!;
    for (let j = k + 1; j < n; j++) s -= a[k * n + j]! * x[j]!;
    x[k] = s / d;
  }
  return x;
}

/**
 * Non-negative least squares min ‖Σ_t x_t z_t + c‖² subject to x ≥ 0, for a few columns z_t
 * (≤ ~10): every subset of free columns is solved by the normal equations (columns scaled to
 * unit norm for conditioning) and the feasible subset with the lowest cost wins. Exact, and
 * cheap for the handful of short-range prefactors of a force field.
 */
export function nnls(z: readonly Float64Array[], c: Float64Array): Float64Array {
  const P = z.length, M = c.length;
  const norm = z.map((col) => Math.sqrt(col.reduce((s, v) => s + v * v, 0)) || 1);
  const G = new Float64Array(P * P), g = new Float64Array(P);
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) { let s = 0; for (let i = 0; i < M; i++) s += z[a]![i]! * z[b]![i]!; G[a * P + b] = G[b * P + a] = s / (norm[a]! * norm[b]!); }
    let s = 0; for (let i = 0; i < M; i++) s += z[a]![i]! * c[i]!; g[a] = -s / norm[a]!;
  }
  let best = new Float64Array(P), bestCost = 0; // x = 0: cost relative to ‖c‖² is 0
  for (let mask = 1; mask < 1 << P; mask++) {
    const idx = [...Array(P).keys()].filter((t) => mask & (1 << t));
    const k = idx.length;
    const Gs = new Float64Array(k * k), gs = new Float64Array(k);
    idx.forEach((a, i) => { gs[i] = g[a]!; idx.forEach((b, j) => { Gs[i * k + j] = G[a * P + b]!; }); });
    const xs = solveSymmetric(Gs, gs, k);
    if (xs.some((v) => !(v > 0))) continue;
    // Cost change relative to x = 0: xᵀGx − 2gᵀx = −gᵀx at the unconstrained optimum of the subset.
    let d = 0;
    for (let i = 0; i < k; i++) d -= gs[i]! * xs[i]!;
    if (d < bestCost) { bestCost = d; best = new Float64Array(P); idx.forEach((a, i) => { best[a] = xs[i]! / norm[a]!; }); }
  }
  return best;
}
