import { describe, expect, it } from 'vitest';
import { randomRotation, rotateAll } from '../chem/icosahedron.js';
import { hornRotation, kabsch, kabschRotation, svdRotation } from './kabsch.js';
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

/** Correlation S[3a+b] = Σ pₐ q_b of two flat point sets (taken as already centred). */
function correlation(p: ArrayLike<number>, q: ArrayLike<number>): Float64Array {
  const S = new Float64Array(9);
  for (let i = 0; i < p.length / 3; i++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) S[3 * a + b] += p[3 * i + a]! * q[3 * i + b]!;
  return S;
}
/** tr(R S) = Σ qᵢ·R pᵢ. */
const trRS = (R: ArrayLike<number>, S: ArrayLike<number>) => { let t = 0; for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) t += R[3 * a + b]! * S[3 * b + a]!; return t; };
const det = (R: ArrayLike<number>) => R[0]! * (R[4]! * R[8]! - R[5]! * R[7]!) - R[1]! * (R[3]! * R[8]! - R[5]! * R[6]!) + R[2]! * (R[3]! * R[7]! - R[4]! * R[6]!);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)));
/** RᵀR = I and det R = +1 to rounding. */
function expectProperRotation(R: Float64Array): void {
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    expect(Math.abs(R[i]! * R[j]! + R[3 + i]! * R[3 + j]! + R[6 + i]! * R[6 + j]! - (i === j ? 1 : 0))).toBeLessThan(1e-13);
  }
  expect(det(R)).toBeCloseTo(1, 13);
}
/** Horn against the SVD oracle: same optimum always, same rotation where the optimum is unique. */
function expectAgrees(S: Float64Array, unique: boolean): void {
  const horn = new Float64Array(9), svd = svdRotation(S);
  const lambda = hornRotation(S, horn);
  expectProperRotation(horn);
  const scale = Math.sqrt(S.reduce((a, x) => a + x * x, 0));
  expect(Math.abs(lambda - trRS(svd, S))).toBeLessThanOrEqual(1e-12 * scale);
  expect(Math.abs(trRS(horn, S) - trRS(svd, S))).toBeLessThanOrEqual(1e-12 * scale);
  if (unique) expect(maxDiff(horn, svd)).toBeLessThanOrEqual(1e-10);
}

describe('hornRotation (closed-form quaternion superposition) against the SVD Kabsch oracle', () => {
  it('the same rotation and optimum for random correlation matrices of either determinant sign', () => {
    const rng = createRng(31);
    for (let k = 0; k < 2000; k++) expectAgrees(Float64Array.from({ length: 9 }, () => rng.nextNormal()), false);
    // Unique optimum when the top eigenvalue is well separated: noisy rotated clouds.
    for (let k = 0; k < 300; k++) {
      const p = cloud(12, 100 + k);
      const q = rotateAll(randomRotation(rng), p).map((x) => x + 0.3 * rng.nextNormal());
      expectAgrees(correlation(p, q), true);
    }
  });

  it('recovers an exact rotation of a cloud, and kabschRotation (SVD) agrees', () => {
    const rng = createRng(32);
    for (let k = 0; k < 50; k++) {
      const R = randomRotation(rng), p = cloud(10, 200 + k);
      const S = correlation(p, rotateAll(R, p)), out = new Float64Array(9);
      hornRotation(S, out);
      expect(maxDiff(out, R)).toBeLessThan(1e-12);
      expect(maxDiff(kabschRotation(p, rotateAll(R, p)), R)).toBeLessThan(1e-12);
    }
  });

  it('near-degenerate and degenerate sets: mirror images, planar, collinear, a zero matrix', () => {
    const rng = createRng(33);
    for (let k = 0; k < 100; k++) {
      const R = randomRotation(rng);
      // Mirror image of an anisotropic cloud (σ₂ ≠ σ₃): the best proper rotation is unique.
      const p = cloud(8, 300 + k).map((x, i) => x * [3, 2, 1][i % 3]!);
      expectAgrees(correlation(p, rotateAll(R, p.map((x, i) => (i % 3 === 0 ? -x : x)))), true);
      // Mirror image of an axially symmetric set (σ₂ = σ₃ after the flip): not unique.
      const t = Float64Array.from([2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1]);
      expectAgrees(correlation(t, rotateAll(R, t.map((x, i) => (i % 3 === 0 ? -x : x)))), false);
      // Nearly so: relative gap 1e-6, 1e-3 and 1e-1.
      for (const g of [1e-6, 1e-3, 1e-1]) {
        const u = t.map((x, i) => (i % 3 === 2 ? x * (1 + g) : x));
        expectAgrees(correlation(u, rotateAll(R, u.map((x, i) => (i % 3 === 0 ? -x : x)))), g >= 1e-3);
      }
      // Planar (a noisy triangle in a plane) and collinear sets.
      const tri = Float64Array.from([1, 0, 0, -0.5, 0.8, 0, -0.5, -0.8, 0]).map((x, i) => (i % 3 === 2 ? 0 : x + 0.05 * rng.nextNormal()));
      expectAgrees(correlation(tri, rotateAll(R, tri)), true);
      const line = Float64Array.from([0, 0, 1, 0, 0, -1, 0, 0, 2.5]);
      expectAgrees(correlation(line, rotateAll(R, line)), false);
    }
    const I = new Float64Array(9);
    expect(hornRotation(new Float64Array(9), I)).toBe(0);
    expect(Array.from(I)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('λ is the maximum: no other rotation gives a larger tr(R S)', () => {
    const rng = createRng(34);
    for (let k = 0; k < 200; k++) {
      const S = Float64Array.from({ length: 9 }, () => rng.nextNormal());
      const lambda = hornRotation(S);
      for (let j = 0; j < 20; j++) expect(trRS(randomRotation(rng), S)).toBeLessThanOrEqual(lambda + 1e-12);
    }
  });
});
