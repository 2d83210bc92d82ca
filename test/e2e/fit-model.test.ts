import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/sim/lammps/model.js';
import { evaluateModel } from '../../src/sim/model/terms.js';
import { toyConfig } from '../../src/sim/model/testing.js';
import { createRng } from '../../src/math/rng.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Synthetic single points (forces + stress) from a known model, written as extxyz.
const truth = { charges: [0.7, -(0.7 / 3 - 0.12), -0.12] as [number, number, number], pairs: [{ a: 0, b: 2, A: 900, rho: 0.24, C: 0 }, { a: 0, b: 1, A: 1500, rho: 0.26, C: 0 }, { a: 2, b: 2, A: 600, rho: 0.27, C: 0 }, { a: 1, b: 2, A: 400, rho: 0.25, C: 0 }, { a: 1, b: 1, A: 300, rho: 0.25, C: 0 }], cutoff: 6 };
const data = join(dir, 'toy.extxyz');
{
  const rng = createRng(5);
  let text = '';
  for (let k = 0; k < 15; k++) {
    const c = toyConfig(rng, `toy${k}`);
    const r = evaluateModel(truth, c);
    const n = c.species.length;
    text += `${n}\nLattice="${Array.from(c.cell.matrix).join(' ')}" Properties=species:S:1:pos:R:3:forces:R:3 stress="${Array.from(r.stress).join(' ')}" pbc="T T T"\n`;
    for (let i = 0; i < n; i++) text += `${['Li', 'B', 'H'][c.species[i]!]} ${Array.from(c.positions.slice(3 * i, 3 * i + 3)).join(' ')} ${Array.from(r.forces.slice(3 * i, 3 * i + 3)).join(' ')}\n`;
  }
  writeFileSync(data, text);
}

describe('paddlewheel fit-model (CLI)', () => {
  it('fits synthetic data, writes a schema-valid model atomically, reports held-out metrics', () => {
    const out = join(dir, 'model.json');
    const r = cli(['fit-model', '--data', data, '--anion', 'B6H6', '--cutoff', '6', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const model = parseModel(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(model.name).toMatch(/illustrative, not first-principles/);
    expect(model.provenance).toMatch(/sha256 [0-9a-f]{64}/);
    expect(model.charges.Li).toBeCloseTo(0.7, 3);
    expect(model.charges.H).toBeCloseTo(-0.12, 3);
    const lih = model.pairs.find((p) => p.a === 'Li' && p.b === 'H')!;
    expect(lih.rho).toBeCloseTo(0.24, 3);
    expect(j.metrics[0].test.configurations).toBe(3);
    expect(j.metrics[0].test.cationForce.r2).toBeGreaterThan(0.9999);
    expect(j.metrics[0].test.stress.unit).toBe('GPa');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('bad usage fails before fitting and leaves no file', () => {
    const out = join(dir, 'none', 'model.json');
    const r = cli(['fit-model', '--data', data, '--anion', 'B6H6', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_USAGE.*does not exist/);
    const r2 = cli(['fit-model', '--out', join(dir, 'x.json')]);
    expect(r2.code).toBe(2);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    const r3 = cli(['fit-model', '--data', data, '--anion', 'PS4', '--out', join(dir, 'y.json')]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/E_SELECTION/);
  });
});
