/**
 * `paddlewheel fit-model --evaluate MODEL`: metrics of an existing model on first-principles
 * data, without fitting. Analytic case: data made by a known model give R² = 1 and RMSE ≈ 0
 * for that model and less for a perturbed one; real case: the committed models on the committed
 * reference set (data/qe-pw-li2b12h12-104), numbers as reported in PROVENANCE and the issue note.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/math/rng.js';
import { evaluateModel } from '../../src/sim/model/terms.js';
import { toyConfig } from '../../src/sim/model/testing.js';
import { cli } from './cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-fiteval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const truth = { charges: [0.7, -(0.7 / 3 - 0.12), -0.12] as [number, number, number], pairs: [{ a: 0, b: 2, A: 900, rho: 0.24, C: 0 }, { a: 0, b: 1, A: 1500, rho: 0.26, C: 0 }, { a: 2, b: 2, A: 600, rho: 0.27, C: 0 }, { a: 1, b: 2, A: 400, rho: 0.25, C: 0 }, { a: 1, b: 1, A: 300, rho: 0.25, C: 0 }], cutoff: 6 };
const EL = ['Li', 'B', 'H'];

function modelFile(name: string, scaleLiH: number): string {
  const m = {
    name, provenance: 'test', units: 'metal',
    charges: { Li: truth.charges[0], B: truth.charges[1], H: truth.charges[2] },
    pairs: truth.pairs.map((p, k) => ({ a: EL[p.a], b: EL[p.b], A: k === 0 ? p.A * scaleLiH : p.A, rho: p.rho, C: p.C })),
    cutoff: truth.cutoff, kspace: { style: 'pppm', accuracy: 1e-5 }, anions: 'rigid',
  };
  const f = join(dir, `${name}.json`);
  writeFileSync(f, JSON.stringify(m));
  return f;
}

function metrics(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/(\w+) RMSE ([-\d.e+]+) \S+ R² ([-\d.e+]+)/g)) out[`${m[1]}.r2`] = Number(m[3]), out[`${m[1]}.rmse`] = Number(m[2]);
  return out;
}

describe('paddlewheel fit-model --evaluate', () => {
  it('a model on data it generated: R² 1, RMSE ≈ 0; a perturbed Li–H wall scores worse', () => {
    const data = join(dir, 'toy.extxyz');
    const rng = createRng(9);
    let text = '';
    for (let k = 0; k < 6; k++) {
      const c = toyConfig(rng, `toy${k}`);
      const r = evaluateModel(truth, c);
      const n = c.species.length;
      text += `${n}\nLattice="${Array.from(c.cell.matrix).join(' ')}" Properties=species:S:1:pos:R:3:forces:R:3 stress="${Array.from(r.stress).join(' ')}" pbc="T T T"\n`;
      for (let i = 0; i < n; i++) text += `${EL[c.species[i]!]} ${Array.from(c.positions.slice(3 * i, 3 * i + 3)).join(' ')} ${Array.from(r.forces.slice(3 * i, 3 * i + 3)).join(' ')}\n`;
    }
    writeFileSync(data, text);
    const exact = cli(['fit-model', '--evaluate', modelFile('truth', 1), '--data', data, '--anion', 'B6H6']);
    expect(exact.code, exact.stderr).toBe(0);
    const e = metrics(exact.stdout);
    expect(e['cationForce.r2']).toBeGreaterThan(0.999999);
    expect(e['stress.r2']).toBeGreaterThan(0.999999);
    expect(e['cationForce.rmse']).toBeLessThan(1e-5);
    const off = metrics(cli(['fit-model', '--evaluate', modelFile('perturbed', 3), '--data', data, '--anion', 'B6H6']).stdout);
    expect(off['cationForce.rmse']).toBeGreaterThan(100 * e['cationForce.rmse']!);
    expect(off['cationForce.r2']).toBeLessThan(e['cationForce.r2']!);
  }, 60_000);

  const thermal = join(ROOT, 'data', 'qe-pw-li2b12h12-104', 'li2b12h12-104-thermal-1200K.extxyz.gz');
  it.skipIf(!existsSync(thermal))('the refitted model (v2) describes the 1200 K thermal pw.x snapshots better than the pilot-only model (v1)', () => {
    const score = (m: string) => metrics(cli(['fit-model', '--evaluate', join(ROOT, 'models', m), '--data', thermal]).stdout);
    const v1 = score('li2b12h12-illustrative.json'), v2 = score('li2b12h12-fit-v2.json');
    // Measured 2026-11-25: cation-force R² v1 0.595, v2 0.900; torque R² 0.376 vs 0.709.
    expect(v2['cationForce.r2']).toBeCloseTo(0.9, 2);
    expect(v1['cationForce.r2']).toBeCloseTo(0.595, 2);
    expect(v2['anionTorque.r2']).toBeGreaterThan(v1['anionTorque.r2']! + 0.2);
    expect(cli(['fit-model', '--evaluate', join(dir, 'missing.json'), '--data', thermal]).code).toBe(1);
  }, 60_000);

  it('--transfer moves the cation–anion walls out by the Shannon radius shift and says it is not a fit', () => {
    const src = modelFile('li-source', 1);
    const out = join(dir, 'k.json');
    const r = cli(['fit-model', '--transfer', src, '--cation', 'K', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout) as { from: string; to: string; shift: { value: number }; model: { charges: Record<string, number>; pairs: { a: string; b: string; A: number; rho: number }[]; provenance: string } };
    expect([body.from, body.to]).toEqual(['Li', 'K']);
    // Shannon radii (CN 6): Li⁺ 0.76 Å, K⁺ 1.38 Å … as tabulated in SHANNON_RADII; ΔR > 0.
    expect(body.shift.value).toBeGreaterThan(0.5);
    expect(body.model.charges['K']).toBe(truth.charges[0]);
    expect(body.model.charges['Li']).toBeUndefined();
    const kh = body.model.pairs.find((p) => p.a === 'K' && p.b === 'H')!;
    expect(kh.A / truth.pairs[0]!.A).toBeCloseTo(Math.exp(body.shift.value / truth.pairs[0]!.rho), 6);
    const hh = body.model.pairs.find((p) => p.a === 'H' && p.b === 'H')!;
    expect(hh.A).toBe(truth.pairs[2]!.A);
    expect(body.model.provenance).toMatch(/transfer/i);
    expect(cli(['fit-model', '--transfer', src, '--cation', 'K', '--out', src]).code).toBe(2);
  });
});
