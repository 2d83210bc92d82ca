import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { selectIons } from '../../chem/select.js';
import type { AnalysisContext } from '../types.js';
import { spectraAnalysis } from './analysis.js';
import type { SpectraParams } from './params.js';
import type { SpectraResult } from './result.js';
import { idealB12H12 } from '../../chem/icosahedron.js';
import { seriesColumn } from './series.js';
import { bandIntegral, findPeaks } from './spectrum.js';
import { type SpectraState, initSpectra, pushSpectra } from './state.js';
import { oscillatorSystem } from './testing.js';

function context(topology: Topology, frames: Frame[], dt: number): AnalysisContext {
  const ions = selectIons(topology, frames[0]!, { cation: 'Li', anion: 'B12H12' });
  return { topology, ions, reference: frames[0]!, frameSpacing: dt, diagnostics: new DiagnosticLog() };
}

function run(topology: Topology, frames: Frame[], dt: number, params: SpectraParams = {}): { r: SpectraResult; state: SpectraState; ctx: AnalysisContext } {
  const ctx = context(topology, frames, dt);
  const state = spectraAnalysis.init(params, ctx);
  for (const f of frames) spectraAnalysis.push(state, f);
  return { r: spectraAnalysis.finalize(state, ctx), state, ctx };
}

const dens = (r: SpectraResult, g: string) => r[g] as number[];
/** Series of the rigid-body ω component k of anion `anion` (after the used atoms' velocities and the per-atom ω). */
const rigidOmegaSeries = (state: SpectraState, anion: number, k: number) => seriesColumn(state.series, 3 * (state.atoms.length + state.clusterStart.at(-1)! + anion) + k);
const weight = (r: SpectraResult, g: string, a: number, b: number) => bandIntegral(dens(r, g), r.df.value, a, b);

describe('spectra analysis on synthetic trajectories', () => {
  const dt = 0.002, T = 1000;

  it('harmonic Li (wrapping across a cell face): velocity spectrum peaked at f; finite differences match the analytic velocities', () => {
    const f = 7.5;
    const sys = oscillatorSystem({ frames: T, dt, modes: [{ amplitude: 0.3, frequency: f, axis: 0, phaseStep: 1 }] });
    const file = run(sys.topology, sys.frames, dt);
    expect(file.r.velocitySource).toBe('file');
    const p = findPeaks(dens(file.r, 'Li'), file.r.df.value)[0]!;
    expect(Math.abs(p.frequency - f)).toBeLessThan(file.r.resolution.value / 4);
    expect(weight(file.r, 'Li', f - 2, f + 2)).toBeGreaterThan(0.99);
    // The static anion has no velocity at all: its ω spectra are zero.
    expect(file.r.groups.find((g) => g.name === 'anionOmegaRigid')!.meanSquare.value).toBe(0);

    const fd = run(sys.topology, sys.frames, dt, { velocities: 'finite-difference' });
    expect(fd.r.velocitySource).toBe('finite-difference');
    expect(fd.r.seriesFrames).toBe(T - 2);
    const vx = seriesColumn(fd.state.series, 3 * fd.state.atoms.indexOf(24));
    expect(vx.length).toBe(T - 2);
    let err = 0, norm = 0;
    for (let t = 0; t < T - 2; t++) {
      const exact = sys.frames[t + 1]!.velocities![3 * 24]!;
      const got = vx[t]!;
      err += (got - exact) ** 2; norm += exact ** 2;
    }
    // Central differences damp by sinc(2πfΔt): 1 − sinc ≈ (2πfΔt)²/6 = 1.5e-3 here; a wrong unwrap would be ~20 Å/ps off.
    expect(Math.sqrt(err / norm)).toBeLessThan(2.5e-3);
    const q = findPeaks(dens(fd.r, 'Li'), fd.r.df.value)[0]!;
    expect(Math.abs(q.frequency - p.frequency)).toBeLessThan(0.02);
    expect(fd.ctx.diagnostics.toArray().some((x) => x.code === 'I_FINITE_DIFFERENCE')).toBe(true);
  });

  it('two Li modes give two peaks with weight ratio (A₁f₁)²/(A₂f₂)², and the bands report it', () => {
    const sys = oscillatorSystem({ frames: T, dt, modes: [{ amplitude: 0.2, frequency: 4, axis: 1, phaseStep: 2 }, { amplitude: 0.05, frequency: 40, axis: 2, phaseStep: 1 }] });
    const { r } = run(sys.topology, sys.frames, dt, { bands: [{ name: 'low', from: 0, to: 20 }, { name: 'high', from: 20, to: Infinity }] });
    expect(findPeaks(dens(r, 'Li'), r.df.value).slice(0, 2).map((p) => Math.round(p.frequency)).sort((a, b) => a - b)).toEqual([4, 40]);
    const [low, high] = r.bands.map((b) => b.weights.Li!);
    expect(low! / high!).toBeCloseTo((0.2 * 4) ** 2 / (0.05 * 40) ** 2, 1);
    expect(r.bands[1]!.to).toBeCloseTo(250, 9);
    expect(r.unbanded.Li).toBeCloseTo(0, 12);
  });

  it('a rigid icosahedron spinning at Ω: ω_tot = Ω every frame; per-atom ω peaks at Ω/2π with weight Σsin²θcos²θ : Σsin⁴θ against 0 THz', () => {
    const W = 2 * Math.PI * 5; // rad/ps → 5 THz
    const axis: [number, number, number] = [0.3, -0.5, 0.8];
    const sys = oscillatorSystem({ frames: T, dt, spin: W, spinAxis: axis });
    const { r, state } = run(sys.topology, sys.frames, dt);
    const wr = [0, 1, 2].map((k) => rigidOmegaSeries(state, 0, k));
    let maxErr = 0;
    for (let t = 0; t < T; t += 37) {
      const w = sys.omega(t * dt);
      for (let k = 0; k < 3; k++) maxErr = Math.max(maxErr, Math.abs(wr[k]![t]! - w[k]!));
    }
    expect(maxErr).toBeLessThan(1e-9 * W);
    // The rigid ω is constant: all its weight at 0 THz.
    expect(weight(r, 'anionOmegaRigid', 0, r.resolution.value * 2)).toBeGreaterThan(0.995);
    expect(weight(r, 'anionOmegaRigid', 0, 1e9)).toBeCloseTo(1, 12);
    const peaks = findPeaks(dens(r, 'anionOmegaAtoms'), r.df.value);
    const spin = peaks.find((p) => p.frequency > 1)!;
    expect(Math.abs(spin.frequency - 5)).toBeLessThan(r.resolution.value / 4);
    // Expected ratio from the atoms' polar angles θ to the spin axis (cos θ = r̂·n), at t = 0 (no rotation yet).
    const n = Math.hypot(...axis);
    const rel0 = idealB12H12([0, 0, 0]).positions;
    let s4 = 0, s2c2 = 0;
    for (let s = 0; s < 24; s++) {
      const x = rel0.subarray(3 * s, 3 * s + 3);
      const c = (x[0]! * axis[0] + x[1]! * axis[1] + x[2]! * axis[2]) / (n * Math.hypot(x[0]!, x[1]!, x[2]!));
      s4 += (1 - c * c) ** 2; s2c2 += (1 - c * c) * c * c;
    }
    const ratio = weight(r, 'anionOmegaAtoms', 2.5, 7.5) / weight(r, 'anionOmegaAtoms', 0, 2.5);
    expect(ratio).toBeCloseTo(s2c2 / s4, 2);
    expect(r.groups.find((g) => g.name === 'anionOmegaAtoms')!.meanSquare.value).toBeCloseTo((W * W * (s4 + s2c2)) / 24, 6);
  });

  it('spin axis precessing about z at Ω_p: ω_tot exact, its spectrum peaked at Ω_p/2π with weight (Ω_s n⊥)² : (Ω_p + Ω_s n_z)² against 0 THz', () => {
    const Wp = 2 * Math.PI * 4, Ws = 2 * Math.PI * 3;
    const axis: [number, number, number] = [0.6, 0, 0.8];
    const sys = oscillatorSystem({ frames: T, dt, spin: Ws, spinAxis: axis, precession: Wp });
    const { r, state } = run(sys.topology, sys.frames, dt);
    const wr = [0, 1, 2].map((k) => rigidOmegaSeries(state, 0, k));
    for (const t of [0, 123, 999]) {
      const w = sys.omega(t * dt);
      for (let k = 0; k < 3; k++) expect(wr[k]![t]).toBeCloseTo(w[k]!, 9);
    }
    // A DC line is twice as high as a cosine line of the same weight (one side of the 0-centred kernel).
    const p = findPeaks(dens(r, 'anionOmegaRigid'), r.df.value, { minRelative: 0.01 }).find((x) => x.frequency > 1)!;
    expect(Math.abs(p.frequency - 4)).toBeLessThan(r.resolution.value / 4);
    const ratio = weight(r, 'anionOmegaRigid', 2, 6) / weight(r, 'anionOmegaRigid', 0, 2);
    expect(ratio).toBeCloseTo((Ws * 0.6) ** 2 / (Wp + Ws * 0.8) ** 2, 2);
  });

  it('chunked processing (merge of consecutive parts) equals one pass; finite-difference too', () => {
    const sys = oscillatorSystem({ frames: 300, dt, spin: 20, spinAxis: [1, 1, 0], modes: [{ amplitude: 0.2, frequency: 9, axis: 0, phaseStep: 1 }] });
    for (const velocities of ['file', 'finite-difference'] as const) {
      const one = run(sys.topology, sys.frames, dt, { velocities }).r;
      const ctx = context(sys.topology, sys.frames, dt);
      const parts = [sys.frames.slice(0, 70), sys.frames.slice(70, 71), sys.frames.slice(71)].map((fs) => {
        const s = spectraAnalysis.init({ velocities }, ctx);
        for (const f of fs) pushSpectra(s, f);
        return s;
      });
      const merged = spectraAnalysis.merge(spectraAnalysis.merge(parts[0]!, parts[1]!), parts[2]!);
      const r = spectraAnalysis.finalize(merged, ctx);
      for (const g of ['Li', 'B', 'H', 'anionOmegaAtoms', 'anionOmegaRigid']) {
        const a = dens(one, g), b = dens(r, g);
        expect(b.length).toBe(a.length);
        for (let k = 0; k < a.length; k += 13) expect(b[k]).toBeCloseTo(a[k]!, 10);
      }
      expect(ctx.diagnostics.toArray().some((x) => x.code === 'W_UNEVEN_SPACING')).toBe(false);
    }
  });

  it('errors before frames: coarse spacing names the Nyquist limit; --velocities file without velocities; uneven spacing warns', () => {
    const sys = oscillatorSystem({ frames: 50, dt: 0.02 });
    const ctx = context(sys.topology, sys.frames, 0.02);
    expect(() => initSpectra({}, ctx)).toThrow(/20\.00 fs apart, so the Nyquist frequency 1\/\(2Δt\) is 25\.0 THz; vibrational spectra need frames ≤ 10 fs/);
    const ok = oscillatorSystem({ frames: 50, dt });
    const noVel = ok.frames.map((f) => ({ ...f, velocities: undefined }));
    expect(() => initSpectra({ velocities: 'file' }, context(ok.topology, noVel, dt))).toThrow(/no velocities/);
    const auto = run(ok.topology, noVel, dt);
    expect(auto.r.velocitySource).toBe('finite-difference');
    const gap = ok.frames.map((f, i) => ({ ...f, time: f.time! + (i >= 20 ? dt : 0) }));
    const g = run(ok.topology, gap, dt);
    expect(g.ctx.diagnostics.toArray().find((x) => x.code === 'W_UNEVEN_SPACING')?.message).toMatch(/^1 frame-to-frame time step\(s\) differ from 2\.000 fs \(first at frame 20\)/);
    // The same gap at a chunk boundary is found by merge.
    const c = context(ok.topology, gap, dt);
    const [a, b] = [gap.slice(0, 20), gap.slice(20)].map((fs) => {
      const st = initSpectra({}, c);
      for (const f of fs) pushSpectra(st, f);
      return st;
    });
    spectraAnalysis.finalize(spectraAnalysis.merge(a!, b!), c);
    expect(c.diagnostics.toArray().find((x) => x.code === 'W_UNEVEN_SPACING')?.message).toMatch(/^1 frame-to-frame .*first at frame 20/);
  });
});
