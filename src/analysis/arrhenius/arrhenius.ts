import type { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import { quantity, type Quantity } from '../../core/result.js';
import { KB_EV } from '../../core/units.js';
import { fitLine, predictLine, type LineFit } from './linefit.js';
import { nernstEinstein, type CarrierComposition } from './nernst-einstein.js';

/** One diffusion coefficient at one temperature (an Arrhenius input). */
export interface ArrheniusPoint {
  /** Run label, CSV label column, or `"<T> K"`. */
  label: string;
  /** Temperature, K. */
  T: number;
  /** Diffusion coefficient, cm²/s. */
  D: number;
  /** Standard error of D, cm²/s (null or absent when unknown). */
  stderr?: number | null;
  /** Where the point sits in its input (CSV line), for messages. */
  line?: number;
  file?: string;
}

/** A point as the result reports it: the input plus what the fit made of it. */
export interface ArrheniusPointOut {
  label: string;
  T: number;
  D: number;
  stderr: number | null;
  /** False for points left out of the fit (D ≤ 0: no measurable diffusion). */
  included: boolean;
  /** ln D − ln D_fit in units of σ_lnD (null when excluded or unweighted). */
  residual: number | null;
}

/** Fit details: enough to redraw the line and its confidence band (figures use only these). */
export interface ArrheniusFitDetails {
  /** How the fit and its errors were made, in words. */
  method: string;
  /** Slope of ln D (D in cm²/s) against 1/T, K. */
  slope: Quantity;
  /** ln D0, the intercept at 1/T = 0 (D0 in cm²/s). */
  intercept: Quantity;
  /** Covariance of [intercept, slope] after any χ² scaling (units ln², ln·K, K²). */
  covariance: [[number, number], [number, number]];
  chi2: number;
  dof: number;
  reducedChi2: number | null;
  pValue: number | null;
  /** Factor the errors were multiplied by (√ of the covariance scale): 1 when not scaled. */
  errorScale: number;
  weighted: boolean;
  points: number;
  /** Temperature range of the fitted points, K. */
  temperatureRange: [number, number];
}

/** The Arrhenius result body (SPEC section 10 keys `Ea`, `D0`, `D300K`, `sigma300K`, `points`). */
export interface ArrheniusResult {
  /** Activation energy E_a = −slope·k_B, meV. */
  Ea: Quantity;
  /** Prefactor D0 = exp(intercept), cm²/s; stderr to first order, `interval68` exact in ln D. */
  D0: Quantity;
  /** D extrapolated to `extrapolationTemperature` (300 K), cm²/s, error from the full covariance. */
  D300K: Quantity;
  /** Nernst–Einstein σ at 300 K (S/cm), when the carrier composition is known. */
  sigma300K?: Quantity;
  extrapolationTemperature: number;
  points: ArrheniusPointOut[];
  fit: ArrheniusFitDetails;
  units: Record<string, string>;
}

/** Options of {@link arrhenius}. */
export interface ArrheniusOptions {
  /** Carrier density and charge for σ(300 K) by Nernst–Einstein. */
  carriers?: CarrierComposition;
  /** Where problems go (two points only, scaled errors, excluded points). */
  diagnostics?: DiagnosticLog;
  /** Extrapolation temperature, K (default 300). */
  at?: number;
}

/**
 * Arrhenius analysis of D(T) = D0·exp(−E_a/k_B T): a weighted least-squares line through
 * (1/T, ln D) with weights 1/σ_lnD², σ_lnD = σ_D/D (first-order propagation), and the error
 * convention of {@link fitLine} (errors × √χ²_red when χ²_red > 1; two points: exact line,
 * errors from the D errors alone; no D errors: errors from the residual scatter).
 *
 * Points with D ≤ 0 (no diffusion) are reported but left out, with a warning. Throws
 * E_USAGE with fewer than two usable points, two temperatures that coincide, or standard
 * errors given for some points only.
 */
export function arrhenius(input: readonly ArrheniusPoint[], opts: ArrheniusOptions = {}): ArrheniusResult {
  const log = opts.diagnostics;
  const at = opts.at ?? 300;
  for (const p of input) {
    if (!(p.T > 0) || !Number.isFinite(p.T)) throw new PaddlewheelError('E_USAGE', `${where(p)}: temperature ${p.T} K is not a positive number`);
    if (!Number.isFinite(p.D)) throw new PaddlewheelError('E_USAGE', `${where(p)}: D = ${p.D} is not a finite number`);
    if (p.stderr != null && !(p.stderr > 0 && Number.isFinite(p.stderr))) {
      throw new PaddlewheelError('E_USAGE', `${where(p)}: standard error ${p.stderr} of D is not a positive number (a zero error would give the point infinite weight)`);
    }
  }
  const used = input.filter((p) => p.D > 0);
  for (const p of input) {
    if (!(p.D > 0)) log?.warn('W_POINT_EXCLUDED', `${where(p)}: D = ${p.D} cm²/s at ${p.T} K is not positive (no measurable diffusion); left out of the fit`, locate(p));
  }
  if (used.length < 2) {
    throw new PaddlewheelError('E_USAGE', `an Arrhenius fit needs D > 0 at two or more temperatures; got ${used.length} usable point${used.length === 1 ? '' : 's'} of ${input.length}`);
  }
  const withErr = used.filter((p) => p.stderr != null).length;
  if (withErr !== 0 && withErr !== used.length) {
    throw new PaddlewheelError('E_USAGE', `standard errors of D are given for ${withErr} of ${used.length} points; give them for all points or for none`);
  }
  const weighted = withErr === used.length;
  const x = used.map((p) => 1 / p.T);
  const y = used.map((p) => Math.log(p.D));
  const sLn = weighted ? used.map((p) => p.stderr! / p.D) : undefined;
  let f: LineFit;
  try {
    f = fitLine(x, y, sLn);
  } catch (e) {
    throw new PaddlewheelError('E_USAGE', `an Arrhenius fit needs at least two distinct temperatures (${(e as Error).message})`);
  }
  reportFitQuality(f, log);
  if (f.slope > 0) log?.warn('W_NEGATIVE_EA', `D decreases with temperature (E_a = ${(-f.slope * KB_EV * 1000).toPrecision(3)} meV < 0): not thermally activated diffusion; check the inputs`);

  const errorScale = Math.sqrt(f.scale);
  const method = describe(f, errorScale);
  const sSlope = Math.sqrt(f.covariance[1][1]);
  const sInt = Math.sqrt(f.covariance[0][0]);
  const Ea = quantity(-f.slope * KB_EV * 1000, 'meV', { stderr: sSlope * KB_EV * 1000, method });
  const D0 = lognormal(f.intercept, sInt, method);
  const p300 = predictLine(f, 1 / at);
  const D300K = lognormal(p300.value, p300.stderr, `${method}; extrapolated to ${at} K with the full covariance of intercept and slope`);
  const Ts = used.map((p) => p.T);
  const out: ArrheniusResult = {
    Ea, D0, D300K,
    extrapolationTemperature: at,
    points: input.map((p) => pointOut(p, f, weighted)),
    fit: {
      method,
      slope: quantity(f.slope, 'K', { stderr: sSlope }),
      intercept: quantity(f.intercept, 'ln(cm^2/s)', { stderr: sInt }),
      covariance: f.covariance,
      chi2: f.chi2, dof: f.dof, reducedChi2: f.reducedChi2, pValue: f.pValue,
      errorScale, weighted,
      points: f.n,
      temperatureRange: [Math.min(...Ts), Math.max(...Ts)],
    },
    units: { T: 'K', D: 'cm^2/s', stderr: 'cm^2/s', residual: 'σ' },
  };
  if (opts.carriers) out.sigma300K = nernstEinstein(D300K, at, opts.carriers);
  return out;
}

/** D = exp(ln D) with its first-order stderr and the exact 68 % interval of ln D mapped back. */
function lognormal(lnValue: number, lnStderr: number, method: string): Quantity {
  const v = Math.exp(lnValue);
  return quantity(v, 'cm^2/s', {
    stderr: v * lnStderr,
    method: `${method}; stderr = D·σ_lnD (first order)`,
    lnStderr,
    interval68: [v * Math.exp(-lnStderr), v * Math.exp(lnStderr)],
  });
}

function describe(f: LineFit, errorScale: number): string {
  const base = f.weighted
    ? 'weighted least squares of ln D against 1/T, weights 1/σ_lnD² with σ_lnD = σ_D/D'
    : 'unweighted least squares of ln D against 1/T (no D errors given)';
  if (!f.weighted) return f.dof > 0 ? `${base}; errors from the residual scatter (χ²/ν)` : `${base}; errors unknown with 2 points`;
  if (f.dof === 0) return `${base}; 2 points: exact line, errors from the D errors only`;
  if (f.scale > 1) return `${base}; errors scaled by √χ²_red = ${errorScale.toPrecision(3)} because χ²_red > 1`;
  return `${base}; χ²_red = ${f.reducedChi2!.toPrecision(3)} ≤ 1, errors not scaled`;
}

function reportFitQuality(f: LineFit, log: DiagnosticLog | undefined): void {
  if (!log) return;
  if (!f.weighted) {
    log.warn('W_NO_D_ERRORS', f.dof > 0
      ? 'no standard errors of D: unweighted fit, errors estimated from the scatter about the line'
      : 'no standard errors of D and only 2 points: the line is exact and its errors are unknown');
    return;
  }
  if (f.dof === 0) {
    log.warn('W_TWO_POINTS', 'only 2 temperatures: the line passes through both points, its errors come from the D errors alone, and nothing checks that D(T) is Arrhenius (no χ²)');
    return;
  }
  const chi = `χ²_red = ${f.reducedChi2!.toPrecision(3)} (χ² = ${f.chi2.toPrecision(3)}, ν = ${f.dof}, p = ${f.pValue!.toPrecision(2)})`;
  if (f.pValue! < 0.01) {
    log.warn('W_ARRHENIUS_SCATTER', `${chi}: the points scatter more than their D errors allow (underestimated errors, or D(T) not Arrhenius over this range); errors scaled by √χ²_red`);
  } else if (f.scale > 1) {
    log.info('I_ERRORS_SCALED', `${chi}: errors scaled by √χ²_red = ${Math.sqrt(f.scale).toPrecision(3)}`);
  }
}

function pointOut(p: ArrheniusPoint, f: LineFit, weighted: boolean): ArrheniusPointOut {
  const included = p.D > 0;
  let residual: number | null = null;
  if (included && weighted) residual = (Math.log(p.D) - (f.intercept + f.slope / p.T)) / (p.stderr! / p.D);
  return { label: p.label, T: p.T, D: p.D, stderr: p.stderr ?? null, included, residual };
}

function where(p: ArrheniusPoint): string {
  if (p.file) return p.line ? `${p.file}:${p.line}` : p.file;
  return `point ${p.label}`;
}

function locate(p: ArrheniusPoint): { file?: string; line?: number } {
  return { ...(p.file ? { file: p.file } : {}), ...(p.line ? { line: p.line } : {}) };
}
