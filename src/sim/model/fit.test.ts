import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { fitRigidIon, prepare, predict } from './fit.js';
import { project } from './geometry.js';
import { type RigidIonParams, evaluateModel } from './terms.js';
import { toyConfig } from './testing.js';

// Toy system: 4 Li + 2 B6H6 per cell, so q_B = −(q_Li/3 + q_H).
const truth: RigidIonParams = {
  charges: [0.7, -(0.7 / 3 - 0.12), -0.12],
  pairs: [
    { a: 0, b: 2, A: 900, rho: 0.24, C: 0 },
    { a: 0, b: 1, A: 1500, rho: 0.26, C: 0 },
    { a: 2, b: 2, A: 600, rho: 0.27, C: 0 },
  ],
  cutoff: 6,
};

function dataset(n: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, k) => {
    const c = toyConfig(rng, `toy#${k}`);
    const r = evaluateModel(truth, c);
    c.target = project(c, r.forces, r.stress);
    return c;
  });
}

describe('force matching (synthetic data from a known model)', () => {
  const configs = dataset(16, 11);
  const setup = {
    pairs: truth.pairs.map((p) => ({ a: p.a, b: p.b })), cutoff: 6,
    bounds: { q0: [0.2, 1.2] as [number, number], q2: [-0.5, 0.3] as [number, number], rho: [0.1, 0.5] as [number, number] },
    starts: [{ q0: 0.5, q2: -0.02, rho: [0.3, 0.3, 0.3] }],
  };
  const prep = prepare(configs, setup);

  it('the feature path (intra-anion pairs dropped, molecular stress) reproduces the full evaluator', () => {
    const y = predict(prep, truth);
    configs.forEach((c, k) => c.target.forEach((v, i) => expect(y[k]![i]).toBeCloseTo(v, 6)));
    // The rigid-anion targets are not trivially zero.
    expect(Math.max(...configs[0]!.target.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('recovers charges, A and ρ', () => {
    const fit = fitRigidIon(prep, setup);
    expect(fit.params.charges[0]).toBeCloseTo(0.7, 4);
    expect(fit.params.charges[2]).toBeCloseTo(-0.12, 4);
    fit.params.pairs.forEach((p, t) => {
      expect(p.rho).toBeCloseTo(truth.pairs[t]!.rho, 4);
      expect(Math.abs(p.A / truth.pairs[t]!.A - 1)).toBeLessThan(1e-3);
    });
    expect(fit.cost).toBeLessThan(1e-8);
  });
});
