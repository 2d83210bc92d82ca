import { describe, expect, it } from 'vitest';
import { parseModel } from '../lammps/model.js';
import { transferCation } from './transfer.js';

const li = parseModel({
  name: 'li2b12h12-test',
  provenance: 'test',
  units: 'metal',
  charges: { Li: 0.67, B: -0.145, H: 0.0333 },
  pairs: [
    { a: 'Li', b: 'H', A: 1.2e6, rho: 0.1 },
    { a: 'B', b: 'Li', A: 2000, rho: 0.25 },
    { a: 'H', b: 'H', A: 50, rho: 0.26 },
  ],
  cutoff: 8,
  kspace: { style: 'pppm', accuracy: 1e-5 },
  anions: 'rigid',
});

describe('transferCation', () => {
  it('moves the Li wall out by the Shannon shift: A_K = A_Li·exp(0.78/ρ), ρ, charge and anion terms kept', () => {
    const t = transferCation(li, 'Li', 'K');
    expect(t.shift).toBeCloseTo(0.78, 12);
    expect(t.model.charges).toEqual({ K: 0.67, B: -0.145, H: 0.0333 });
    expect(t.model.pairs[0]).toMatchObject({ a: 'K', b: 'H', rho: 0.1 });
    expect(t.model.pairs[0]!.A).toBeCloseTo(1.2e6 * Math.exp(7.8), 0);
    expect(t.model.pairs[1]).toMatchObject({ a: 'B', b: 'K', rho: 0.25 });
    expect(t.model.pairs[1]!.A / 2000).toBeCloseTo(Math.exp(0.78 / 0.25), 10);
    expect(t.model.pairs[2]).toEqual(li.pairs[2]);
    expect(t.model.name).toBe('k2b12h12-test');
    expect(t.model.provenance).toMatch(/TRANSFERRED \(not fitted\) from Li to K/);
    // The shifted wall has the same energy at r + ΔR as the original at r.
    const e = (A: number, rho: number, r: number) => A * Math.exp(-r / rho);
    expect(e(t.model.pairs[0]!.A, 0.1, 2.5 + 0.78)).toBeCloseTo(e(1.2e6, 0.1, 2.5), 8);
    expect(() => parseModel(t.model)).not.toThrow();
  });

  it('rejects an unknown cation, a model without the source cation, and a target already present', () => {
    expect(() => transferCation(li, 'Li', 'Xx')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => transferCation(li, 'Na', 'K')).toThrow(/no charge for Na/);
    expect(() => transferCation(li, 'Li', 'H')).toThrow(/already has H/);
  });
});
