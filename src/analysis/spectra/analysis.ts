import { PaddlewheelError } from '../../core/errors.js';
import { quantity } from '../../core/result.js';
import { KB_EV } from '../../core/units.js';
import type { Analysis, AnalysisContext } from '../types.js';
import type { SpectraParams } from './params.js';
import type { BandWeights, SpectraOverlap, SpectraResult, SpectrumGroup } from './result.js';
import { spectraItems, spectraPlan, type SpectraItem } from './groups.js';
import { type LagWindow, windowSums } from './lag-window.js';
import { bandIntegral, bandOverlap, findPeaks, groupVectorAcfs, type Spectrum, spectrumFromAcf } from './spectrum.js';
import { type SpectraState, initSpectra, mergeSpectra, pushSpectra } from './state.js';

/** 1 amu·Å²/ps² in eV (kinetic energy of the stored units). */
const AMU_A2_PS2_TO_EV = 1.0364269656262175e-4;

/**
 * Vibrational and angular-velocity spectra (SPEC section 7): power spectra (Hann-windowed
 * cosine transform of the autocorrelation, unit area) of the velocities of the cations and of
 * the anion atoms by element, of the per-atom angular velocities ω_i = (r_i × v_i)/|r_i|² of
 * the polyatomic anions' atoms, and of each anion's rigid-body ω = I⁻¹L; weights in frequency
 * bands and the low-frequency overlap of cation and anion-libration spectra.
 */
export const spectraAnalysis: Analysis<SpectraParams, SpectraState, SpectraResult> = {
  id: 'spectra',
  init: initSpectra,
  push: pushSpectra,
  merge: mergeSpectra,
  finalize: finalizeSpectra,
};

function finalizeSpectra(state: SpectraState, ctx: AnalysisContext): SpectraResult {
  const T = state.window ? state.window.rows : state.series.rows, dt = state.dt;
  if (T < 4) throw new PaddlewheelError('E_USAGE', `spectra need at least 4 frames${state.source === 'finite-difference' ? ' after the finite differences drop the two end frames' : ''}; got ${T}`);
  let M = state.maxLag === undefined ? Math.floor(T / 2) : Math.round(state.maxLag / dt);
  if (M > T - 1) {
    ctx.diagnostics.warn('W_MAX_LAG_CLIPPED', `--max-lag ${state.maxLag} ps is longer than the series (${((T - 1) * dt).toPrecision(4)} ps); using ${((T - 1) * dt).toPrecision(4)} ps`);
    M = T - 1;
  }
  if (M < 2) throw new PaddlewheelError('E_USAGE', `--max-lag ${state.maxLag} ps is shorter than two frames (${(2 * dt).toPrecision(3)} ps)`);
  if (state.irregular.count > 0) {
    ctx.diagnostics.warn('W_UNEVEN_SPACING', `${state.irregular.count} frame-to-frame time step(s) differ from ${(dt * 1000).toPrecision(4)} fs (first at frame ${state.irregular.frame ?? '?'}): a gap between segments distorts the correlation functions`);
  }

  const items = spectraItems(state);
  const rigidCount = state.rigid.filter((ok) => ok).length;
  if (rigidCount < state.rigid.length) ctx.diagnostics.warn('W_LINEAR_ANION', `${state.rigid.length - rigidCount} linear anion(s) have no rigid-body angular velocity (singular inertia tensor); anionOmegaRigid leaves them out`);

  const acfs = state.window ? windowAcfs(state.window, items, T, M) : groupVectorAcfs(state.series, items.map((it) => it.columns), M);
  const spectra = new Map<string, Spectrum>();
  const groups: SpectrumGroup[] = [];
  items.forEach((it, i) => {
    const acf = acfs[i]!;
    const s = spectrumFromAcf(acf, dt);
    spectra.set(it.group.name, s);
    const g: SpectrumGroup = { ...it.group, meanSquare: { ...it.group.meanSquare, value: acf[0]! }, peaks: findPeaks(s.density, s.df) };
    if (it.mass !== undefined) g.kineticTemperature = quantity((it.mass * acf[0]! * AMU_A2_PS2_TO_EV) / (3 * KB_EV), 'K');
    groups.push(g);
  });
  const any = spectra.values().next().value as Spectrum;
  const fN = 1 / (2 * dt);
  const bands: BandWeights[] = state.bands.map((b) => {
    const to = Math.min(b.to, fN);
    const weights: Record<string, number> = {};
    for (const [name, s] of spectra) weights[name] = bandIntegral(s.density, s.df, b.from, to);
    return { name: b.name, from: b.from, to, weights };
  });
  const unbanded: Record<string, number> = {};
  const gaps = complement(state.bands.map((b) => [b.from, Math.min(b.to, fN)] as [number, number]), fN);
  for (const [name, s] of spectra) unbanded[name] = gaps.reduce((acc, [a, b]) => acc + bandIntegral(s.density, s.df, a, b), 0);

  const overlap: SpectraOverlap[] = [];
  for (const c of state.cationSymbols) {
    const sc = spectra.get(c);
    for (const anion of ['anionOmegaRigid', 'anionOmegaAtoms'] as const) {
      const sa = spectra.get(anion);
      if (!sc || !sa) continue;
      overlap.push({ cation: c, anion, from: 0, to: state.overlapMax, value: bandOverlap(sc.density, sa.density, sc.df, 0, state.overlapMax) });
    }
  }

  const units: Record<string, string> = { frequency: 'THz' };
  for (const g of groups) units[g.name] = '1/THz';
  const body: SpectraResult = {
    frequency: Array.from(any.frequency),
    velocitySource: state.source,
    bands, unbanded, groups, overlap,
    frames: state.frames,
    seriesFrames: T,
    frameSpacing: quantity(dt, 'ps'),
    nyquist: quantity(fN, 'THz'),
    maxLag: quantity(M * dt, 'ps'),
    df: quantity(any.df, 'THz'),
    resolution: quantity(any.resolution, 'THz'),
    window: 'half Hann on the autocorrelation, w(m) = ½(1 + cos(πm/M)); zero-padded to a power of two ≥ 4(M+1)',
    normalisation: 'each spectrum integrates to 1 over 0 … Nyquist (trapezoid rule); not mass-weighted (each group is one element or one kind of ω); angular velocities include their mean (a steady rotation shows at 0 THz)',
    units,
  };
  for (const [name, s] of spectra) body[name] = Array.from(s.density);
  return body;
}

/** Mean ACFs (m = 0 … M) from the bounded-memory sums: Σ/(3-vector items · (T − m)). */
function windowAcfs(w: LagWindow, items: readonly SpectraItem[], T: number, M: number): Float64Array[] {
  const sums = windowSums(w, spectraPlan(items));
  return items.map((it, i) => Float64Array.from({ length: M + 1 }, (_, m) => sums[i]![m]! / (it.columns.length * (T - m))));
}

/** Parts of [0, fN] covered by no interval. */
function complement(intervals: [number, number][], fN: number): [number, number][] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
  const out: [number, number][] = [];
  let x = 0;
  for (const [a, b] of sorted) {
    if (a > x) out.push([x, Math.min(a, fN)]);
    x = Math.max(x, b);
  }
  if (x < fN) out.push([x, fN]);
  return out.filter(([a, b]) => b > a);
}
