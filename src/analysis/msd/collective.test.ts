import { describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { createRng } from '../../math/rng.js';
import { msdAnalysis } from './analysis.js';
import { ANION_FORMAL_CHARGES } from './ions.js';
import { parseCharges, parseCollective } from './params.js';
import { buildIonTrajectory, syntheticContext } from './synthetic.js';
import type { MsdParams, MsdResult } from './types.js';

type Traj = ReturnType<typeof buildIonTrajectory>;

function run(traj: Traj, params: MsdParams = {}, diagnostics = new DiagnosticLog()): MsdResult {
  const ctx = syntheticContext(traj, diagnostics);
  const s = msdAnalysis.init(params, ctx);
  for (const f of traj.frames) msdAnalysis.push(s, f);
  return msdAnalysis.finalize(s, ctx);
}

function maxRel(a: readonly number[], b: readonly number[]): number {
  let m = 0;
  for (let i = 1; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return m;
}

const cell = makeCell([20, 0, 0, 0, 20, 0, 0, 0, 20]);
/** A PS4 tetrahedron (P–S 2.05 Å) centred at the origin. */
const TET = [[0, 0, 0], [1.18, 1.18, 1.18], [-1.18, -1.18, 1.18], [-1.18, 1.18, -1.18], [1.18, -1.18, -1.18]];

/**
 * 7 Li⁺, one PS4³⁻, one S²⁻, two Cl⁻ (neutral). `move(t, kind, i)` gives each unit's offset
 * (Å) from its start at frame t; kinds: 'Li', 'PS4', 'S', 'Cl'.
 */
function cellOfIons(frames: number, dt: number, move: (t: number, kind: string, i: number) => number[], shift?: (t: number) => [number, number, number]): Traj {
  const symbols = ['P', 'S', 'S', 'S', 'S', 'S', 'Cl', 'Cl', ...Array.from({ length: 7 }, () => 'Li')];
  const start = (k: number) => [3 + 2 * k, 14 - k, 5 + 1.5 * k];
  return buildIonTrajectory(symbols, frames, dt, (t, out) => {
    const put = (atom: number, base: number[], d: number[]) => { for (let k = 0; k < 3; k++) out[3 * atom + k] = base[k]! + d[k]!; };
    const m = move(t, 'PS4', 0);
    TET.forEach((v, a) => put(a, [10 + v[0]!, 10 + v[1]!, 10 + v[2]!], m));
    put(5, [3, 3, 16], move(t, 'S', 0));
    put(6, [16, 4, 4], move(t, 'Cl', 0));
    put(7, [4, 16, 9], move(t, 'Cl', 1));
    for (let i = 0; i < 7; i++) put(8 + i, start(i), move(t, 'Li', i));
  }, () => cell, shift);
}

describe('collective MSD over all ions (charge-neutral cell)', () => {
  it('cations and anions moving in opposite directions give the analytic ⟨|Σ qᵢΔrᵢ|²⟩ = |7v + 3w + 2u|²t²', () => {
    const v = [0.3, 0.1, -0.2], w = [-0.2, 0.25, 0.1], u = [0.15, -0.3, 0.2];
    const dt = 0.1;
    const traj = cellOfIons(100, dt, (t, kind) => {
      const s = t * dt;
      if (kind === 'Li') return v.map((c) => c * s);
      if (kind === 'PS4') return w.map((c) => -c * s);
      if (kind === 'S') return u.map((c) => -c * s);
      return [0, 0, 0];
    });
    const d = new DiagnosticLog();
    const r = run(traj, { temperature: 600 }, d);
    const P = [0, 1, 2].map((k) => 7 * v[k]! + 3 * w[k]! + 2 * u[k]!);
    const P2 = P.reduce((s, c) => s + c * c, 0);
    expect(maxRel(r.collectiveMsd, r.lag.map((t) => P2 * t * t))).toBeLessThan(1e-9);
    expect(r.collectiveMsdMethod.mode).toBe('all-ions');
    expect(r.collectiveMsdMethod.netCharge).toBe(0);
    expect(r.collectiveMsdMethod.dependsOnDrift).toBe(false);
    expect(r.collectiveMsdMethod.ions.map((k) => [k.ion, k.count, k.charge])).toEqual([['Li', 7, 1], ['PS4', 1, -3], ['S', 1, -2], ['Cl', 2, -1]]);
    expect(r.charges).toEqual({ Li: 1, PS4: -3, S: -2, Cl: -1 });
    expect(r.drift.collectiveShare).toBe(0);
    expect(d.toArray().map((x) => x.code)).not.toContain('W_COLLECTIVE_REFERENCE');
    // The cation-only sum against the unweighted anion mean (−(w + u)/4 per unit time) is another number.
    const c = run(traj, { collective: 'cations' });
    const Q = [0, 1, 2].map((k) => 7 * (v[k]! + (w[k]! + u[k]!) / 4));
    expect(maxRel(c.collectiveMsd, c.lag.map((t) => Q.reduce((s, x) => s + x * x, 0) * t * t))).toBeLessThan(1e-9);
    expect(c.collectiveMsdMethod).toMatchObject({ mode: 'cations', netCharge: 7, dependsOnDrift: true });
    const none = run(traj, { collective: 'cations', drift: { kind: 'none' } });
    expect(maxRel(none.collectiveMsd, none.lag.map((t) => 49 * (v[0]! ** 2 + v[1]! ** 2 + v[2]! ** 2) * t * t))).toBeLessThan(1e-9);
  });

  it('a uniform translation of the whole cell leaves σ unchanged with all-ions (any --drift), and changes it for cations with --drift none', () => {
    const rng = createRng(21);
    const F = 300, dt = 0.05;
    // Independent Gaussian steps per unit (molecules move rigidly).
    const paths = new Map<string, number[][]>();
    const step = (key: string, sd: number, t: number) => {
      let p = paths.get(key);
      if (!p) { p = [[0, 0, 0]]; paths.set(key, p); }
      while (p.length <= t) { const l = p[p.length - 1]!; p.push(l.map((c) => c + sd * rng.nextNormal())); }
      return p[t]!;
    };
    const move = (t: number, kind: string, i: number) => step(`${kind}${i}`, kind === 'Li' ? 0.25 : 0.08, t);
    const base = cellOfIons(F, dt, move);
    const shifted = cellOfIons(F, dt, move, (t) => [0.4 * t * dt, -0.02 * (t * dt) ** 2, 3 * Math.sin(t / 9)]);
    const p = { temperature: 500 };
    const ref = run(base, p);
    const a = run(shifted, p);
    const b = run(shifted, { ...p, drift: { kind: 'none' } });
    const c = run(shifted, { ...p, drift: { kind: 'species', symbol: 'Cl' } });
    expect(Math.abs(a.conductivity!.value / ref.conductivity!.value - 1)).toBeLessThan(1e-9);
    expect(maxRel(a.collectiveMsd, ref.collectiveMsd)).toBeLessThan(1e-9);
    // The drift reference does not enter at all: the same numbers bit for bit.
    expect(b.conductivity!.value).toBe(a.conductivity!.value);
    expect(c.conductivity!.value).toBe(a.conductivity!.value);
    expect(c.havenRatio.value).not.toBe(a.havenRatio.value); // D* still uses the reference
    expect(a.drift.maxDisplacement).toBeGreaterThan(5);
    expect(a.drift.collectiveShare).toBe(0);
    const cr = run(base, { ...p, collective: 'cations', drift: { kind: 'none' } });
    const cs = run(shifted, { ...p, collective: 'cations', drift: { kind: 'none' } });
    expect(Math.abs(cs.conductivity!.value - cr.conductivity!.value)).toBeGreaterThan(Math.abs(cr.conductivity!.value));
    expect(cs.collectiveMsd[100]! / cr.collectiveMsd[100]!).toBeGreaterThan(2);
  });

  it('charges: formula keys, the formal-charge table, charge balance for one unknown ion, errors for two and for a non-neutral cell', () => {
    const still = () => [0, 0, 0];
    const traj = cellOfIons(20, 0.1, (t, kind, i) => (kind === 'Li' ? [0.1 * t, 0.01 * i * t, 0] : still()));
    expect(run(traj, { charges: { PS4: -3, Cl: -1 } }).charges).toEqual({ Li: 1, PS4: -3, S: -2, Cl: -1 });
    // Li 2 is not neutral against the formal anion charges: the message gives every number.
    const e = (() => { try { run(traj, { charges: { Li: 2 } }); } catch (x) { return x as { code: string; message: string }; } return undefined; })();
    expect(e?.code).toBe('E_USAGE');
    expect(e?.message).toMatch(/not charge-neutral: Σq = \+7 e \(7 Li × \+2, 1 PS4 × -3, 1 S × -2, 2 Cl × -1\)/);
    // The cation-only mode does not need neutrality.
    expect(run(traj, { charges: { Li: 2 }, collective: 'cations' }).charges).toEqual({ Li: 2 });
    // Replace the monatomic S by Sn (no formal charge known): charge balance, with a diagnostic.
    const sn = { ...traj, topology: { ...traj.topology, symbols: traj.topology.symbols.map((s, i) => (i === 5 ? 'Sn' : s)), masses: Float64Array.from(traj.topology.masses, (m, i) => (i === 5 ? 118.71 : m)) } };
    const d = new DiagnosticLog();
    const r = run(sn, {}, d);
    expect(r.charges.Sn).toBeCloseTo(-2, 12);
    expect(r.collectiveMsdMethod.ions.find((k) => k.ion === 'Sn')).toMatchObject({ source: 'charge balance' });
    expect(d.toArray().find((x) => x.code === 'I_CHARGE_BALANCE')?.message).toMatch(/no formal charge known for Sn: charge balance gives -2 e each/);
    // Two unknown ions: ask for --charge.
    const two = { ...sn, topology: { ...sn.topology, symbols: sn.topology.symbols.map((s, i) => (i === 6 ? 'Ge' : s)) } };
    expect(() => run(two, {})).toThrow(/no formal charge known for Sn, Ge; give --charge Sn=Q,Ge=Q/);
    expect(run(two, { charges: { Sn: -2, Ge: -1 } }).collectiveMsdMethod.netCharge).toBe(0);
    expect(() => run(traj, { charges: { B12H12: -2 } })).toThrow(/B12H12 is not a mobile ion here, nor another ion/);
  });

  it('--charge accepts formulas and --collective its two modes', () => {
    expect(parseCharges('Li=1,B12H12=-2,S4P=-3,li=1,cl=-1')).toEqual({ Li: 1, B12H12: -2, PS4: -3, Cl: -1 });
    expect(parseCharges(['CB11H12=-1', 'NH2=-1'])).toEqual({ CB11H12: -1, NH2: -1 });
    expect(() => parseCharges('Xq4=-1')).toThrow(/--charge Xq4=-1: expected ELEMENT=CHARGE or FORMULA=CHARGE/);
    expect(() => parseCharges('PS4=minus3')).toThrow(/expected ELEMENT=CHARGE/);
    expect(() => parseCharges('PS4=0')).toThrow(/non-zero/);
    expect(parseCollective(undefined)).toBe('all-ions');
    expect(parseCollective('cations')).toBe('cations');
    expect(() => parseCollective('anions')).toThrow(/expected all-ions .* or cations/);
    expect(ANION_FORMAL_CHARGES).toMatchObject({ B12H12: -2, PS4: -3, CB11H12: -1, Cl: -1, S: -2, N: -3 });
  });
});
