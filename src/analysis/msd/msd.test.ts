import { describe, expect, it } from 'vitest';
import { type Cell, makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { wrapPositions } from '../../math/pbc.js';
import { createRng } from '../../math/rng.js';
import { msdAnalysis, type MsdState } from './analysis.js';
import { msdDirect } from './fft-msd.js';
import { buildTrajectory, latticeWalk, syntheticContext, type SyntheticTrajectory } from './synthetic.js';
import type { MsdParams, MsdResult } from './types.js';

function run(traj: SyntheticTrajectory, params: MsdParams = {}, diagnostics = new DiagnosticLog()): MsdResult {
  const ctx = syntheticContext(traj, diagnostics);
  const s = msdAnalysis.init(params, ctx);
  for (const f of traj.frames) msdAnalysis.push(s, f);
  return msdAnalysis.finalize(s, ctx);
}

function maxRel(a: readonly number[], b: readonly number[], from = 1): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = from; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-300));
  return m;
}

/** Direct MSD of the true unwrapped Li path (the oracle). */
function oracle(traj: SyntheticTrajectory, ions: number): Float64Array {
  const T = traj.frames.length;
  const series: Float64Array[] = [];
  for (let i = 0; i < ions; i++) for (let k = 0; k < 3; k++) series.push(Float64Array.from({ length: T }, (_, t) => traj.unwrapped[(t * ions + i) * 3 + k]!));
  return msdDirect(series).map((v) => 3 * v);
}

const triclinic = makeCell([11, 0, 0, 2.5, 10, 0, -1.5, 1, 12]);

describe('msd analysis', () => {
  it('constant velocity through a wrapped triclinic cell: MSD = v²t² exactly, per direction too', () => {
    const v = [[0.9, -0.4, 0.3], [-0.2, 1.1, 0.5], [0.6, 0.6, -0.8]];
    const dt = 0.05;
    const traj = buildTrajectory(3, 8, 120, dt, (t, out) => v.forEach((w, i) => w.forEach((c, k) => { out[3 * i + k] = 1 + i + c * t * dt * 20; })), () => triclinic);
    const r = run(traj, { drift: { kind: 'none' }, collective: 'cations' });
    const v2 = v.reduce((s, w) => s + (20 * Math.hypot(...w)) ** 2, 0) / 3;
    expect(r.lag[1]).toBeCloseTo(dt, 12);
    expect(maxRel(r.msd, r.lag.map((t) => v2 * t * t))).toBeLessThan(1e-9);
    const vx2 = v.reduce((s, w) => s + (20 * w[0]!) ** 2, 0) / 3;
    expect(maxRel(r.msdComponents.x, r.lag.map((t) => vx2 * t * t))).toBeLessThan(1e-9);
    // Collective: Σ q v_i t with q = 1, so ⟨|ΣΔr|²⟩ = |Σ v_i|² t².
    const V = [0, 1, 2].map((k) => 20 * v.reduce((s, w) => s + w[k]!, 0));
    const V2 = V.reduce((s, c) => s + c * c, 0);
    expect(maxRel(r.collectiveMsd, r.lag.map((t) => V2 * t * t))).toBeLessThan(1e-9);
    // Steps of ≈ 1.1–1.6 Å are below 0.3 of the cell height: no jump warning.
    expect(r.jumps.count).toBe(0);
  });

  it('NPT: a particle moving steadily while the cell breathes and shears unwraps to a straight line', () => {
    const dt = 0.01, T = 300, vel = [7, -5, 4];
    const cellAt = (t: number): Cell => {
      const s = 1 + 0.08 * Math.sin(t / 7), g = 0.6 * Math.sin(t / 11);
      return makeCell([10 * s, 0, 0, g, 9 * s, 0, 0.3, -g, 11 * s]);
    };
    // Each step the particle moves v·dt from where it was and is stored wrapped into the new
    // cell (Bullerjahn et al. 2023: that displacement is what NPT unwrapping must recover).
    // Wrapping the straight line itself into each cell would instead add n·ΔL jumps for a
    // particle n cells away, which no frame-to-frame scheme should follow.
    const w = new Float64Array(3);
    const traj = buildTrajectory(1, 8, T, dt, (t, out) => {
      if (t === 0) w.set([2, 2, 2]);
      else for (let k = 0; k < 3; k++) w[k] = w[k]! + vel[k]! * dt;
      w.set(wrapPositions(cellAt(t), w));
      out.set(w);
    }, cellAt);
    const r = run(traj, { drift: { kind: 'none' }, maxLag: (T - 1) * dt, collective: 'cations' });
    const v2 = vel.reduce((s, c) => s + c * c, 0);
    expect(maxRel(r.msd, r.lag.map((t) => v2 * t * t))).toBeLessThan(1e-9);
    expect(r.volume.value).not.toBeCloseTo(traj.frames[0]!.cell.volume, 3);
  });

  it('drift removal takes out a uniform translation of the whole crystal (framework and species:Cl)', () => {
    const rng = createRng(4);
    const base = latticeWalk(rng, 20, 150);
    const shifted = buildTrajectory(20, 8, 150, base.dt, (t, out) => out.set(base.unwrapped.subarray(t * 60, t * 60 + 60)), () => base.frames[0]!.cell, (t) => [0.3 * t, -0.1 * t, 0.05 * t * t / 10]);
    // 20 Li among 8 Cl is not neutral: the cation-only collective MSD, relative to the drift.
    const ref = run(base, { drift: { kind: 'none' }, collective: 'cations' });
    const fw = run(shifted, { collective: 'cations' });
    const sp = run(shifted, { drift: { kind: 'species', symbol: 'Cl' }, collective: 'cations' });
    const none = run(shifted, { drift: { kind: 'none' }, collective: 'cations' });
    expect(maxRel(fw.msd, ref.msd)).toBeLessThan(1e-9);
    expect(maxRel(sp.msd, ref.msd)).toBeLessThan(1e-9);
    expect(maxRel(fw.collectiveMsd, ref.collectiveMsd)).toBeLessThan(1e-9);
    expect(fw.drift.maxDisplacement).toBeGreaterThan(40);
    expect(fw.drift.description).toMatch(/mean of the 8 anion centres/);
    // A common translation is not reference uncertainty: no share of the collective MSD.
    expect(fw.drift.collectiveShare).toBeLessThan(1e-12);
    expect(none.msd[50]! / ref.msd[50]!).toBeGreaterThan(2);
    // and the wrapped input unwraps to the oracle of the true path
    expect(maxRel(ref.msd, Array.from(oracle(base, 20)).slice(0, ref.msd.length))).toBeLessThan(1e-10);
  });

  it('chunks processed separately and merged equal one pass (unwrap continuity across the joins)', () => {
    const traj = latticeWalk(createRng(8), 12, 240, { cell: triclinic, a: 1.2 });
    const shifted = buildTrajectory(12, 12, 240, traj.dt, (t, out) => out.set(traj.unwrapped.subarray(t * 36, t * 36 + 36)), () => triclinic, (t) => [0.05 * t, 0, -0.02 * t]);
    const one = run(shifted);
    const ctx = syntheticContext(shifted);
    const cuts = [0, 7, 61, 62, 240];
    const parts: MsdState[] = [];
    for (let c = 0; c + 1 < cuts.length; c++) {
      const s = msdAnalysis.init({}, ctx);
      for (const f of shifted.frames.slice(cuts[c], cuts[c + 1])) msdAnalysis.push(s, f);
      parts.push(s);
    }
    const merged = msdAnalysis.merge(msdAnalysis.merge(parts[0]!, parts[1]!), msdAnalysis.merge(parts[2]!, parts[3]!));
    const r = msdAnalysis.finalize(merged, ctx);
    expect(r.frames).toBe(240);
    expect(maxRel(r.msd, one.msd)).toBeLessThan(1e-10);
    expect(maxRel(r.collectiveMsd, one.collectiveMsd)).toBeLessThan(1e-10);
    expect(Math.abs(r.D.value - one.D.value) / one.D.value).toBeLessThan(1e-10);
    expect(Math.abs(r.D.stderr - one.D.stderr) / one.D.stderr).toBeLessThan(1e-9);
    // Merging with an empty state is the identity.
    const empty = msdAnalysis.init({}, ctx);
    expect(msdAnalysis.merge(empty, merged)).toBe(merged);
  });

  it('a seeded lattice random walk gives its D within the stated error in most seeds, and the error is not inflated', () => {
    const z: number[] = [], zs: number[] = [], Ds: number[] = [], errs: number[] = [];
    let truth = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const w = latticeWalk(createRng(seed), 64, 400);
      truth = w.D * 1e-4;
      const r = run(w);
      z.push((r.D.value - truth) / r.D.stderr);
      zs.push((r.DSigma.value - truth) / r.DSigma.stderr);
      Ds.push(r.D.value);
      errs.push(r.D.stderr);
      if (seed === 1) {
        expect(r.D.method).toMatch(/generalised least squares .* overlapping time origins/);
        expect(r.DAngstrom.value).toBeCloseTo(r.D.value * 1e4, 12);
      }
    }
    expect(z.filter((v) => Math.abs(v) <= 2).length).toBeGreaterThanOrEqual(24);
    expect(zs.filter((v) => Math.abs(v) <= 2).length).toBeGreaterThanOrEqual(24);
    const mean = Ds.reduce((a, b) => a + b) / Ds.length;
    const sd = Math.sqrt(Ds.reduce((a, b) => a + (b - mean) ** 2, 0) / (Ds.length - 1));
    const meanErr = errs.reduce((a, b) => a + b) / errs.length;
    expect(Math.abs(mean - truth) / truth).toBeLessThan(0.03);
    expect(meanErr / sd).toBeGreaterThan(0.6);
    expect(meanErr / sd).toBeLessThan(1.6);
  });

  it('σ, σ_NE and the Haven ratio for independent walkers (H_R ≈ 1); charges scale σ by q²', () => {
    const w = latticeWalk(createRng(77), 64, 400);
    const r = run(w, { temperature: 500 });
    const r2 = run(w, { temperature: 500, charges: { Li: 2, Cl: -2 } });
    expect(r.temperature).toMatchObject({ value: 500, unit: 'K', source: '--temperature' });
    expect(r.conductivity!.unit).toBe('S/cm');
    // σ_NE = N q² D*/(V k_B T): 64 · 1.6667 Å²/ps / (8000 Å³ · 0.0430867 eV) · 16.0218 S/cm
    const expected = (64 * r.DAngstrom.value * 16.02176634) / (8000 * 8.617333262e-5 * 500);
    expect(r.conductivityNernstEinstein!.value).toBeCloseTo(expected, 10);
    expect(Math.abs(r.havenRatio.value - 1)).toBeLessThan(2.5 * r.havenRatio.stderr);
    expect(r2.conductivity!.value / r.conductivity!.value).toBeCloseTo(4, 10);
    expect(r2.havenRatio.value).toBeCloseTo(r.havenRatio.value, 10);
    const d = new DiagnosticLog();
    const r3 = run(w, {}, d);
    expect(r3.conductivity).toBeNull();
    expect(d.toArray().map((x) => x.code)).toContain('W_NO_TEMPERATURE');
  });

  it('flags steps longer than the threshold with their frame numbers', () => {
    const cell = makeCell([10, 0, 0, 0, 10, 0, 0, 0, 10]);
    const traj = buildTrajectory(2, 8, 40, 0.1, (t, out) => { out.set([1 + 0.01 * t, 1, 1, 5, 5, t >= 17 ? 8.4 : 5]); }, () => cell);
    const d = new DiagnosticLog();
    const r = run(traj, { drift: { kind: 'none' }, collective: 'cations' }, d);
    expect(r.jumps.count).toBe(1);
    expect(r.jumps.frames).toEqual([17]);
    const w = d.toArray().find((x) => x.code === 'W_LARGE_STEP')!;
    expect(w.message).toMatch(/Frames: 17/);
    expect(w.frame).toBe(17);
    expect(run(traj, { drift: { kind: 'none' }, jumpThreshold: 0.5, collective: 'cations' }).jumps.count).toBe(0);
  });

  it('fit window and max lag: defaults, explicit values, and errors when they do not fit the data', () => {
    const w = latticeWalk(createRng(5), 8, 101);
    const r = run(w);
    expect(r.fitWindow[0]).toBeCloseTo(1, 12);
    expect(r.fitWindow[1]).toBeCloseTo(6, 12);
    expect(r.maxLag).toMatchObject({ source: 'fit window' });
    expect(r.lag.length).toBe(61);
    const r2 = run(w, { fit: { start: 0.5, end: 2 }, maxLag: 3 });
    expect(r2.fitWindow).toEqual([0.5, 2]);
    expect(r2.lag.length).toBe(31);
    expect(r2.fit.lags.length).toBe(16);
    expect(run(w, { fit: { start: 0.5, end: 2 } }).maxLag).toMatchObject({ value: 5, source: 'default' });
    expect(() => run(w, { fit: { start: 2, end: 11 } })).toThrow(/ends after the trajectory/);
    expect(() => run(w, { fit: { start: 2, end: 2.15 } })).toThrow(/holds 2 lag/);
    expect(() => run(w, { maxLag: 20 })).toThrow(/longer than the trajectory/);
    try { run(w, { fit: { start: 2, end: 11 } }); } catch (e) { expect((e as { code: string }).code).toBe('E_USAGE'); }
    expect(() => run(w, { charges: { Na: 1 } })).toThrow(/Na is not a mobile ion/);
  });
});
