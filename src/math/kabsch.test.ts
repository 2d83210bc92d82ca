import { describe, expect, it } from 'vitest';
import { randomRotation, rotateAll } from '../chem/icosahedron.js';
import { kabsch } from './kabsch.js';
import { createRng } from './rng.js';

function cloud(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: 3 * n }, () => 3 * rng.nextNormal());
}

describe('kabsch', () => {
  it('recovers a random rotation and translation with zero rmsd', () => {
    const p = cloud(10, 1);
    const R = randomRotation(createRng(2));
    const q = rotateAll(R, p).map((x, i) => x + [1.5, -2, 7][i % 3]!);
    const f = kabsch(p, q);
    expect(f.rmsd).toBeLessThan(1e-12);
    for (let i = 0; i < 9; i++) expect(f.rotation[i]).toBeCloseTo(R[i]!, 12);
  });

  it('never returns a reflection: a mirror image gets det +1 and a positive rmsd', () => {
    const p = cloud(8, 3);
    const q = p.map((x, i) => (i % 3 === 0 ? -x : x));
    const f = kabsch(p, q);
    const R = f.rotation;
    const det = R[0]! * (R[4]! * R[8]! - R[5]! * R[7]!) - R[1]! * (R[3]! * R[8]! - R[5]! * R[6]!) + R[2]! * (R[3]! * R[7]! - R[4]! * R[6]!);
    expect(det).toBeCloseTo(1, 12);
    expect(f.rmsd).toBeGreaterThan(0.1);
  });

  it('rmsd of a noisy copy equals the noise left after the fit (brute check against the stated formula)', () => {
    const p = cloud(50, 4);
    const rng = createRng(5);
    const R = randomRotation(rng);
    const q = rotateAll(R, p).map((x) => x + 0.05 * rng.nextNormal());
    const f = kabsch(p, q);
    // The noise std is 0.05 per component → rmsd ≈ 0.05·√3·√((n−2)/n) roughly; loose bounds.
    expect(f.rmsd).toBeGreaterThan(0.06);
    expect(f.rmsd).toBeLessThan(0.1);
    // Any other rotation (the true one) does no better than the optimum.
    let ss = 0;
    const pr = rotateAll(R, p.map((x, i) => x - f.mobileCentroid[i % 3]!));
    for (let i = 0; i < q.length; i++) ss += (pr[i]! - (q[i]! - f.targetCentroid[i % 3]!)) ** 2;
    expect(Math.sqrt(ss / 50)).toBeGreaterThanOrEqual(f.rmsd - 1e-12);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => kabsch([0, 0, 0], [0, 0, 0, 1, 1, 1])).toThrow(RangeError);
  });
});
