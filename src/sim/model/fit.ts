import { PaddlewheelError } from '../../core/errors.js';
import type { EwaldOptions } from './ewald.js';
import { GROUPS, type ModelConfig, outputGroups, outputSize } from './geometry.js';
import { nnls, solveSymmetric } from './linear.js';
import { type ConfigFeatures, type RigidIonParams, configFeatures, pairOutput, speciesPairIndex } from './terms.js';

/** What to fit. Species indices as in ModelConfig (0 = cation, 1 and 2 = anion elements). */
export interface FitSetup {
  /** Short-range pairs; C (eV·Å⁶) is held fixed (default 0: PBE has no dispersion). */
  pairs: { a: number; b: number; C?: number }[];
  cutoff: number;
  ewald?: EwaldOptions;
  /** Bounds of q_cation, q_species2 (the anion's second element, e.g. H) and of every ρ. */
  bounds: { q0: [number, number]; q2: [number, number]; rho: [number, number] };
  /** Starting points (q0, q2, ρ per pair); the lowest cost wins. */
  starts: { q0: number; q2: number; rho: number[] }[];
  maxIterations?: number;
}

/** A fitted model and how the fit went. */
export interface FitResult {
  params: RigidIonParams;
  /** Final weighted sum of squares. */
  cost: number;
  iterations: number;
  /** 1/std per target group (GROUPS order) used as weights. */
  weights: number[];
  /** Parameters pinned at a bound (e.g. `rho Li-H at lower bound 0.1`). */
  atBounds: string[];
}

/** Configurations with their precomputed features. */
export interface Prepared {
  configs: ModelConfig[];
  features: ConfigFeatures[];
}

/** Precompute features of every configuration (the expensive step: 6 Ewald sums each). */
export function prepare(configs: ModelConfig[], setup: Pick<FitSetup, 'pairs' | 'cutoff' | 'ewald'>): Prepared {
  const types = setup.pairs.map((p) => [p.a, p.b] as const);
  return { configs, features: configs.map((c) => configFeatures(c, types, setup.cutoff, setup.ewald)) };
}

/**
 * Per-cell neutrality fixes the first anion element's charge: q1 = −(n0 q0 + n2 q2)/n1. The
 * count ratios must be the same in every configuration (one stoichiometry).
 */
export function chargeRatios(configs: ModelConfig[]): [number, number] {
  let ratio: [number, number] | undefined;
  for (const c of configs) {
    const n = [0, 0, 0];
    for (const s of c.species) n[s]!++;
    const r: [number, number] = [n[0]! / n[1]!, n[2]! / n[1]!];
    if (!ratio) ratio = r;
    else if (Math.abs(r[0] - ratio[0]) > 1e-9 || Math.abs(r[1] - ratio[1]) > 1e-9) {
      throw new PaddlewheelError('E_TOPOLOGY', `${c.label}: composition differs from the first configuration; one stoichiometry per fit`);
    }
  }
  if (!ratio) throw new PaddlewheelError('E_USAGE', 'no configurations to fit');
  return ratio;
}

/** Charges (q0, q1, q2) from the free pair (q0, q2) and the neutrality ratios. */
export function chargesFrom(q0: number, q2: number, ratio: [number, number]): [number, number, number] {
  return [q0, -(ratio[0] * q0 + ratio[1] * q2), q2];
}

/**
 * Predicted outputs of every prepared configuration for a model (fast path through the
 * features; matches evaluateModel projected). `pairs` must list the prepared pair types in order.
 */
export function predict(prep: Prepared, params: RigidIonParams): Float64Array[] {
  return prep.configs.map((c, k) => {
    const f = prep.features[k]!;
    const y = new Float64Array(outputSize(c));
    const q = params.charges;
    for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++) {
      const col = f.coulomb[speciesPairIndex(a, b)]!, w = q[a]! * q[b]!;
      for (let i = 0; i < y.length; i++) y[i]! += w * col[i]!;
    }
    const scratch = new Float64Array(3 * c.species.length);
    params.pairs.forEach((p, t) => {
      const col = pairOutput(c, f.pairs[t]!, (r) => -p.A * Math.exp(-r / p.rho) / (p.rho * r) + (6 * p.C) / r ** 8, scratch);
      for (let i = 0; i < y.length; i++) y[i]! += col[i]!;
    });
    return y;
  });
}

/**
 * Force matching by bounded nonlinear least squares with variable projection: for given
 * charges and ρ the outputs are linear in every A, so the A ≥ 0 are solved exactly (NNLS) and
 * Levenberg–Marquardt (numerical Jacobian, steps projected onto the bounds) runs over
 * θ = (q0, q2, ρ₁ … ρ_P) only. Residuals are weighted per group by 1/std of the training targets.
 */
export function fitRigidIon(prep: Prepared, setup: FitSetup): FitResult {
  const { configs, features } = prep;
  const ratio = chargeRatios(configs);
  const P = setup.pairs.length;
  const groupOf = configs.map(outputGroups);
  const M = groupOf.reduce((s, g) => s + g.length, 0);
  // Group weights: 1/(standard deviation of the group's training targets).
  const sum = [0, 0, 0, 0], sum2 = [0, 0, 0, 0], cnt = [0, 0, 0, 0];
  configs.forEach((c, k) => c.target.forEach((v, i) => { const g = groupOf[k]![i]!; sum[g]! += v; sum2[g]! += v * v; cnt[g]!++; }));
  const weights = GROUPS.map((_, g) => (cnt[g]! > 1 ? 1 / Math.sqrt(Math.max(1e-30, sum2[g]! / cnt[g]! - (sum[g]! / cnt[g]!) ** 2)) : 0));
  const w = new Float64Array(M), yT = new Float64Array(M);
  const coul = Array.from({ length: 6 }, () => new Float64Array(M));
  const disp = new Float64Array(M);
  {
    let o = 0;
    configs.forEach((c, k) => {
      const n = c.target.length;
      for (let i = 0; i < n; i++) { w[o + i] = weights[groupOf[k]![i]!]!; yT[o + i] = c.target[i]!; }
      for (let j = 0; j < 6; j++) coul[j]!.set(features[k]!.coulomb[j]!, o);
      const scratch = new Float64Array(3 * c.species.length);
      setup.pairs.forEach((p, t) => {
        if (!p.C) return;
        const col = pairOutput(c, features[k]!.pairs[t]!, (r) => (6 * p.C!) / r ** 8, scratch);
        for (let i = 0; i < n; i++) disp[o + i]! += col[i]!;
      });
      o += n;
    });
  }
  // Unit-A short-range columns for a given ρ, cached per pair type (the Jacobian moves one ρ at a time).
  const cache = setup.pairs.map(() => new Map<number, Float64Array>());
  const column = (t: number, rho: number): Float64Array => {
    const hit = cache[t]!.get(rho);
    if (hit) return hit;
    const col = new Float64Array(M);
    let o = 0;
    configs.forEach((c, k) => {
      const scratch = new Float64Array(3 * c.species.length);
      col.set(pairOutput(c, features[k]!.pairs[t]!, (r) => -Math.exp(-r / rho) / (rho * r), scratch), o);
      o += c.target.length;
    });
    if (cache[t]!.size > 8) cache[t]!.clear();
    cache[t]!.set(rho, col);
    return col;
  };
  // Weighted residual and the optimal A ≥ 0 for θ.
  const evaluate = (theta: Float64Array): { r: Float64Array; A: Float64Array; cost: number } => {
    const q = chargesFrom(theta[0]!, theta[1]!, ratio);
    const base = new Float64Array(M);
    for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++) {
      const col = coul[speciesPairIndex(a, b)]!, f = q[a]! * q[b]!;
      for (let i = 0; i < M; i++) base[i]! += f * col[i]!;
    }
    for (let i = 0; i < M; i++) base[i] = w[i]! * (base[i]! + disp[i]! - yT[i]!);
    const Z = setup.pairs.map((_, t) => { const col = column(t, theta[2 + t]!); return col.map((v, i) => v * w[i]!); });
    const A = nnls(Z, base);
    const r = base;
    Z.forEach((z, t) => { const a = A[t]!; if (a !== 0) for (let i = 0; i < M; i++) r[i]! += a * z[i]!; });
    let cost = 0;
    for (let i = 0; i < M; i++) cost += r[i]! * r[i]!;
    return { r, A, cost };
  };
  const lo = [setup.bounds.q0[0], setup.bounds.q2[0], ...setup.pairs.map(() => setup.bounds.rho[0])];
  const hi = [setup.bounds.q0[1], setup.bounds.q2[1], ...setup.pairs.map(() => setup.bounds.rho[1])];
  const clamp = (th: Float64Array) => th.map((v, j) => Math.min(hi[j]!, Math.max(lo[j]!, v)));
  let best: { theta: Float64Array; A: Float64Array; cost: number; iterations: number } | undefined;
  for (const s of setup.starts) {
    let theta = clamp(Float64Array.from([s.q0, s.q2, ...s.rho]));
    let cur = evaluate(theta);
    let lambda = 1e-3, it = 0;
    for (; it < (setup.maxIterations ?? 60); it++) {
      const np = theta.length;
      const J: Float64Array[] = [];
      for (let j = 0; j < np; j++) {
        const h = j < 2 ? 1e-5 : 1e-6;
        const th = Float64Array.from(theta);
        // Step inward at an upper bound so the difference stays feasible.
        const step = th[j]! + h > hi[j]! ? -h : h;
        th[j]! += step;
        const rj = evaluate(th).r;
        J.push(rj.map((v, i) => (v - cur.r[i]!) / step));
      }
      const JtJ = new Float64Array(np * np), Jtr = new Float64Array(np);
      for (let a = 0; a < np; a++) {
        for (let b = a; b < np; b++) { let s2 = 0; for (let i = 0; i < M; i++) s2 += J[a]![i]! * J[b]![i]!; JtJ[a * np + b] = s2; JtJ[b * np + a] = s2; }
        let s1 = 0; for (let i = 0; i < M; i++) s1 += J[a]![i]! * cur.r[i]!; Jtr[a] = s1;
      }
      let improved = false;
      while (lambda < 1e12) {
        const H = Float64Array.from(JtJ);
        for (let a = 0; a < np; a++) H[a * np + a]! += lambda * Math.max(JtJ[a * np + a]!, 1e-12);
        const delta = solveSymmetric(H, Jtr.map((v) => -v), np);
        const next = clamp(theta.map((v, j) => v + delta[j]!));
        const trial = evaluate(next);
        if (trial.cost < cur.cost) {
          const rel = (cur.cost - trial.cost) / cur.cost;
          theta = next; cur = trial; lambda = Math.max(1e-9, lambda / 3); improved = rel > 1e-10;
          break;
        }
        lambda *= 4;
      }
      if (!improved) break;
    }
    if (!best || cur.cost < best.cost) best = { theta, A: cur.A, cost: cur.cost, iterations: it };
  }
  const b = best!;
  const charges = chargesFrom(b.theta[0]!, b.theta[1]!, ratio);
  const params: RigidIonParams = {
    charges, cutoff: setup.cutoff, ewald: setup.ewald,
    pairs: setup.pairs.map((p, t) => ({ a: p.a, b: p.b, A: b.A[t]!, rho: b.theta[2 + t]!, C: p.C ?? 0 })),
  };
  const names = ['q0', 'q2', ...setup.pairs.map((p) => `rho ${p.a}-${p.b}`)];
  const atBounds: string[] = [];
  b.theta.forEach((v, j) => {
    if (v <= lo[j]! + 1e-9) atBounds.push(`${names[j]} at lower bound ${lo[j]}`);
    if (v >= hi[j]! - 1e-9) atBounds.push(`${names[j]} at upper bound ${hi[j]}`);
  });
  b.A.forEach((a, t) => { if (a === 0) atBounds.push(`A ${setup.pairs[t]!.a}-${setup.pairs[t]!.b} = 0 (lower bound)`); });
  return { params, cost: b.cost, iterations: b.iterations, weights, atBounds };
}
