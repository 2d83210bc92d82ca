import { UsageError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import type { AnalysisContext } from '../types.js';
import type { MsdState } from './analysis.js';
import { MsdSums, msdAtLags } from './fft-msd.js';
import { fitLags, fitSlope, freeDiffusionShape, type SlopeFit } from './fit.js';
import { DEFAULT_FIT_FRACTIONS } from './params.js';
import { trackSeries } from './track.js';
import { conductivityFromSlope, nernstEinstein, ratio, toCm2PerS } from './transport.js';
import type { MsdFit, MsdResult, StatQuantity } from './types.js';
import { collectiveDescription, driftDescription, fitMethod, reportDiagnostics } from './describe.js';

/** Snap a fit window (ps) to frame lags [m1, m2] ⊂ [1, T−1]; throws UsageError when it does not fit. */
export function resolveFitWindow(fit: { start: number; end: number } | undefined, frames: number, dt: number): { first: number; last: number } {
  const duration = (frames - 1) * dt;
  const what = fit ? `--fit ${fit.start}:${fit.end} ps` : `the default fit window (${DEFAULT_FIT_FRACTIONS[0] * 100} %–${DEFAULT_FIT_FRACTIONS[1] * 100} % of the duration)`;
  const start = fit ? fit.start : DEFAULT_FIT_FRACTIONS[0] * duration;
  const end = fit ? fit.end : DEFAULT_FIT_FRACTIONS[1] * duration;
  if (end > duration * (1 + 1e-9)) {
    throw new UsageError(`${what}: ends after the trajectory (${frames} frames × ${fmtPs(dt)} ps spacing = ${fmtPs(duration)} ps of lags)`);
  }
  const first = Math.max(1, Math.ceil(start / dt - 1e-9));
  const last = Math.min(frames - 1, Math.floor(end / dt + 1e-9));
  if (last - first + 1 < 3) {
    throw new UsageError(`${what}: holds ${Math.max(0, last - first + 1)} lag(s) of ${fmtPs(dt)} ps (from ${fmtPs(first * dt)} ps); a fit needs at least 3 — widen the window or use more frames (${frames} read)`);
  }
  return { first, last };
}

function fmtPs(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** Turn the accumulated series into curves, fits and transport numbers. */
export function finalizeMsd(state: MsdState, ctx: AnalysisContext): MsdResult {
  const F = state.frames, dt = state.frameSpacing, n = state.atoms.length;
  const { first, last } = resolveFitWindow(state.params.fit, F, dt);
  const duration = (F - 1) * dt;
  let maxLag: number, maxLagSource: MsdResult['maxLag']['source'];
  if (state.params.maxLag !== undefined) {
    if (state.params.maxLag > duration * (1 + 1e-9)) throw new UsageError(`--max-lag ${state.params.maxLag} ps: longer than the trajectory (${fmtPs(duration)} ps)`);
    maxLag = Math.floor(state.params.maxLag / dt + 1e-9);
    maxLagSource = 'option';
  } else {
    maxLag = Math.floor((F - 1) / 2);
    maxLagSource = 'default';
    if (last > maxLag) { maxLag = last; maxLagSource = 'fit window'; }
  }
  const curveLag = Math.max(maxLag, last);

  const driftInfo = driftVectors(state);
  const drift = driftInfo?.d ?? null;
  const series = trackSeries(state.tracked);
  const lags = fitLags(first, last);
  const comp = [new MsdSums(F), new MsdSums(F), new MsdSums(F)];
  const collective = new Float64Array(3 * F);
  const perAtom: Float64Array[] = [];
  const perComp: Float64Array[][] = [[], [], []];
  const x = new Float64Array(F);
  // all-ions: Σq = 0 makes Σ q_i r_i independent of any reference, so it is formed from the
  // positions as unwrapped; the drift is subtracted for the tracer MSD only.
  const allIons = state.collective === 'all-ions';
  for (let i = 0; i < n; i++) {
    const q = state.charges[i]!;
    const total = new Float64Array(lags.length);
    for (let k = 0; k < 3; k++) {
      for (let t = 0; t < F; t++) x[t] = series[(t * n + i) * 3 + k]! - (drift ? drift[3 * t + k]! : 0);
      comp[k]!.add(x);
      if (allIons) for (let t = 0; t < F; t++) collective[3 * t + k] = collective[3 * t + k]! + q * series[(t * n + i) * 3 + k]!;
      else for (let t = 0; t < F; t++) collective[3 * t + k] = collective[3 * t + k]! + q * x[t]!;
      const at = msdAtLags(x, F, lags);
      perComp[k]!.push(at);
      for (let j = 0; j < lags.length; j++) total[j] = total[j]! + at[j]!;
    }
    perAtom.push(total);
  }
  if (state.counter) addCounterIons(collective, state);
  const compCurves = comp.map((c) => c.msd(curveLag));
  const msd = compCurves[0]!.map((v, m) => v + compCurves[1]![m]! + compCurves[2]![m]!);
  const coll = [0, 1, 2].map((k) => { const s = new MsdSums(F); s.add(collective, k, 3); return s.msd(curveLag); });
  const collMsd = coll[0]!.map((v, m) => v + coll[1]![m]! + coll[2]![m]!);

  const shape = freeDiffusionShape(lags, F);
  const at = (curve: Float64Array) => lags.map((m) => curve[m]!);
  const tracer = fitSlope(lags, at(msd), F, dt, 3, n, shape, perAtom);
  const dirs = [0, 1, 2].map((k) => fitSlope(lags, at(compCurves[k]!), F, dt, 1, n, shape, perComp[k]));
  const cfit = fitSlope(lags, at(collMsd), F, dt, 3, 1, shape);

  const method = fitMethod(lags.length, n);
  const dA = stat(tracer.slope / 6, tracer.stderr / 6, 'Å^2/ps', method, tracer, 1 / 6);
  const D = stat(toCm2PerS(dA.value), toCm2PerS(dA.stderr), 'cm^2/s', method, tracer, toCm2PerS(1 / 6));
  const DComponents = {
    x: stat(toCm2PerS(dirs[0]!.slope / 2), toCm2PerS(dirs[0]!.stderr / 2), 'cm^2/s', method, dirs[0]!, toCm2PerS(0.5)),
    y: stat(toCm2PerS(dirs[1]!.slope / 2), toCm2PerS(dirs[1]!.stderr / 2), 'cm^2/s', method, dirs[1]!, toCm2PerS(0.5)),
    z: stat(toCm2PerS(dirs[2]!.slope / 2), toCm2PerS(dirs[2]!.stderr / 2), 'cm^2/s', method, dirs[2]!, toCm2PerS(0.5)),
  };
  let sumQ2 = 0;
  for (const q of state.charges) sumQ2 += q * q;
  const collMethod = fitMethod(lags.length, 1);
  const DSigma = stat(toCm2PerS(cfit.slope / (6 * sumQ2)), toCm2PerS(cfit.stderr / (6 * sumQ2)), 'cm^2/s', collMethod, cfit, toCm2PerS(1 / (6 * sumQ2)));
  const hr = ratio({ value: dA.value, stderr: dA.stderr }, { value: cfit.slope / (6 * sumQ2), stderr: cfit.stderr / (6 * sumQ2) });
  const havenRatio: StatQuantity = { value: hr.value, unit: '1', stderr: hr.stderr, method: 'D* / D_σ with first-order propagation of both standard errors (taken as independent)' };

  const volume = state.volumeSum / F;
  const temperature = resolveTemperature(state, ctx);
  let conductivity: StatQuantity | null = null, conductivityNernstEinstein: StatQuantity | null = null;
  if (temperature) {
    const s = conductivityFromSlope({ value: cfit.slope, stderr: cfit.stderr }, volume, temperature.value);
    conductivity = { ...quantity(s.value, 'S/cm'), stderr: s.stderr, method: `${collMethod}; σ = slope/(6·V·k_B·T)` };
    const ne = nernstEinstein(sumQ2, { value: dA.value, stderr: dA.stderr }, volume, temperature.value);
    conductivityNernstEinstein = { ...quantity(ne.value, 'S/cm'), stderr: ne.stderr, method: `from D*: σ_NE = Σq²·D* / (V·k_B·T); ${method}` };
  }

  const cut = (c: Float64Array) => Array.from(c.subarray(0, maxLag + 1));
  let maxDrift = 0, driftShare = 0;
  if (driftInfo) {
    for (let t = 0; t < F; t++) maxDrift = Math.max(maxDrift, Math.hypot(drift![3 * t]!, drift![3 * t + 1]!, drift![3 * t + 2]!));
  }
  if (driftInfo && !allIons) {
    // The reference mean is uncertain by sem(t) per frame; in Σq·r that is Σq·sem. Its share of
    // the collective MSD at the fit end (noise at two well-separated times adds ≈ 2·sem²/2 per
    // frame on average) says how much σ can depend on the choice of reference.
    let sumQ = 0, mean2 = 0;
    for (const q of state.charges) sumQ += q;
    for (let t = 0; t < F; t++) mean2 += driftInfo.sem2[t]! / F;
    driftShare = collMsd[last]! > 0 ? (sumQ * sumQ * mean2) / collMsd[last]! : 0;
  }
  const result: MsdResult = {
    species: state.species,
    atoms: n,
    frames: F,
    frameSpacing: dt,
    lag: Array.from({ length: maxLag + 1 }, (_, m) => m * dt),
    msd: cut(msd),
    msdComponents: { x: cut(compCurves[0]!), y: cut(compCurves[1]!), z: cut(compCurves[2]!) },
    collectiveMsd: cut(collMsd),
    collectiveMsdMethod: {
      mode: state.collective,
      description: collectiveDescription(state),
      ions: state.ionKinds.map((k) => ({ ...k })),
      netCharge: state.ionKinds.reduce((s, k) => s + k.count * k.charge, 0),
      dependsOnDrift: !allIons && state.drift.kind !== 'none',
    },
    D, DAngstrom: dA, DComponents,
    fitWindow: [first * dt, last * dt],
    fit: fitOut(tracer, lags, dt),
    collectiveFit: fitOut(cfit, lags, dt),
    DSigma,
    temperature,
    volume: quantity(volume, 'Å^3'),
    conductivity, conductivityNernstEinstein, havenRatio,
    charges: state.chargesBySymbol,
    drift: { mode: state.drift.kind === 'species' ? `species:${state.drift.symbol}` : state.drift.kind, points: state.framework?.points ?? 0, description: driftDescription(state), maxDisplacement: maxDrift, collectiveShare: driftShare },
    maxLag: { value: maxLag * dt, unit: 'ps', source: maxLagSource },
    jumps: { threshold: state.jumpThreshold * state.minHeight, thresholdFraction: state.jumpThreshold, count: state.jumpCount, frames: [...new Set(state.jumps.map((j) => j.frame))] },
    seriesBytes: (n + (state.framework?.points ?? 0) + (state.counter?.points ?? 0)) * F * 3 * 8,
    units: { lag: 'ps', msd: 'Å^2', msdComponents: 'Å^2', collectiveMsd: 'e^2 Å^2', fitWindow: 'ps' },
  };
  reportDiagnostics(state, result, ctx.diagnostics);
  return result;
}

function stat(value: number, stderr: number, unit: string, method: string, f: SlopeFit, factor: number): StatQuantity {
  return {
    value, unit, stderr, method,
    modelStderr: Math.abs(f.modelStderr * factor),
    spreadStderr: f.spreadStderr === null ? null : Math.abs(f.spreadStderr * factor),
  };
}

function fitOut(f: SlopeFit, lags: number[], dt: number): MsdFit {
  return { slope: f.slope, slopeStderr: f.stderr, intercept: f.intercept, interceptStderr: f.modelInterceptStderr, lags: lags.map((m) => m * dt) };
}

/** Add Σ_p q_p u_p(t) of the other ions (unwrapped centres, Å) to the collective series (3 per frame). */
function addCounterIons(collective: Float64Array, state: MsdState): void {
  const c = state.counter!, s = trackSeries(c), M = c.points, F = c.frames, q = state.counterCharges;
  for (let t = 0; t < F; t++) {
    for (let p = 0; p < M; p++) {
      const o = (t * M + p) * 3;
      for (let k = 0; k < 3; k++) collective[3 * t + k] = collective[3 * t + k]! + q[p]! * s[o + k]!;
    }
  }
}

/**
 * Drift d(t) = ū(t) − ū(0) of the framework mean (Å), 3 per frame, and the variance of that
 * mean (Å², one per frame): Σ_p |Δu_p(t) − d(t)|²/(M(M − 1)) over the M points, Δu_p(t) =
 * u_p(t) − u_p(0). A common translation of the framework does not enter the variance; the
 * points' vibrations (and any motion of their own) do. Null with drift none.
 */
function driftVectors(state: MsdState): { d: Float64Array; sem2: Float64Array } | null {
  const fw = state.framework;
  if (!fw) return null;
  const s = trackSeries(fw), M = fw.points, F = fw.frames;
  const d = new Float64Array(3 * F), sem2 = new Float64Array(F);
  for (let t = 0; t < F; t++) {
    for (let p = 0; p < M; p++) for (let k = 0; k < 3; k++) d[3 * t + k] = d[3 * t + k]! + (s[(t * M + p) * 3 + k]! - s[p * 3 + k]!) / M;
    if (M < 2) continue;
    let v = 0;
    for (let p = 0; p < M; p++) {
      for (let k = 0; k < 3; k++) { const e = s[(t * M + p) * 3 + k]! - s[p * 3 + k]! - d[3 * t + k]!; v += e * e; }
    }
    sem2[t] = v / (M * (M - 1));
  }
  return { d, sem2 };
}

function resolveTemperature(state: MsdState, ctx: AnalysisContext): MsdResult['temperature'] {
  const p = state.params;
  if (p.temperature !== undefined) return { ...quantity(p.temperature, 'K'), source: p.temperatureSource ?? '--temperature' };
  if (state.temperatureCount > 0) {
    return { ...quantity(state.temperatureSum / state.temperatureCount, 'K'), source: `file (mean of ${state.temperatureCount} frame temperatures)` };
  }
  if (ctx.temperature !== undefined) return { ...quantity(ctx.temperature, 'K'), source: 'run options' };
  return null;
}
