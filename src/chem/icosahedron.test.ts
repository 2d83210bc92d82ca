import { describe, expect, it } from 'vitest';
import { createRng } from '../math/rng.js';
import {
  ICOSAHEDRON_EDGES, ICOSAHEDRON_FACES, ICOSAHEDRON_VERTICES, TRIAD_AXES, idealB12H12, quaternionToMatrix, randomRotation, triadAxes, vertexDirections,
} from './icosahedron.js';

const dot = (a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number) => a[3 * i]! * b[3 * j]! + a[3 * i + 1]! * b[3 * j + 1]! + a[3 * i + 2]! * b[3 * j + 2]!;
const angleSet = (d: ArrayLike<number>) => {
  const n = d.length / 3;
  const s = new Set<number>();
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s.add(Math.round((Math.acos(Math.max(-1, Math.min(1, dot(d, i, d, j)))) * 180) / Math.PI * 100) / 100);
  return [...s].sort((a, b) => a - b);
};

describe('icosahedron', () => {
  it('has 12 unit vertices, 30 edges, 20 faces, every vertex in 5 edges and 5 faces', () => {
    expect(ICOSAHEDRON_VERTICES.length).toBe(36);
    for (let i = 0; i < 12; i++) expect(dot(ICOSAHEDRON_VERTICES, i, ICOSAHEDRON_VERTICES, i)).toBeCloseTo(1, 14);
    expect(ICOSAHEDRON_EDGES.length).toBe(30);
    expect(ICOSAHEDRON_FACES.length).toBe(20);
    for (let v = 0; v < 12; v++) {
      expect(ICOSAHEDRON_EDGES.filter((e) => e.includes(v)).length).toBe(5);
      expect(ICOSAHEDRON_FACES.filter((f) => f.includes(v)).length).toBe(5);
    }
  });

  it('vertex and triad angle sets are the icosahedral ones', () => {
    expect(angleSet(ICOSAHEDRON_VERTICES)).toEqual([63.43, 116.57, 180]);
    expect(angleSet(TRIAD_AXES)).toEqual([41.81, 70.53, 109.47, 138.19, 180]);
  });

  it('reference orientation: x, y, z are C2 axes and the cube diagonals are triad axes', () => {
    const v = ICOSAHEDRON_VERTICES;
    // C2 about z maps (x, y, z) to (−x, −y, z): the vertex set must be invariant.
    const rotated = vertexDirections(Float64Array.from([-1, 0, 0, 0, -1, 0, 0, 0, 1]));
    for (let i = 0; i < 12; i++) {
      expect(Array.from({ length: 12 }, (_, j) => dot(rotated, i, v, j)).some((c) => c > 1 - 1e-12)).toBe(true);
    }
    const diag = Float64Array.from([1, 1, 1].map((x) => x / Math.sqrt(3)));
    expect(Array.from({ length: 20 }, (_, f) => dot(TRIAD_AXES, f, diag, 0)).some((c) => c > 1 - 1e-12)).toBe(true);
  });

  it('ideal B12H12 has the SPEC distances: B 1.70, H 2.90 Å from the centre, B–B 1.787, B–H 1.20 Å', () => {
    const R = randomRotation(createRng(3));
    const { symbols, positions: p } = idealB12H12([1, 2, 3], R);
    expect(symbols.filter((s) => s === 'B').length).toBe(12);
    const dist = (i: number, j: number) => Math.hypot(p[3 * i]! - p[3 * j]!, p[3 * i + 1]! - p[3 * j + 1]!, p[3 * i + 2]! - p[3 * j + 2]!);
    const fromCentre = (i: number) => Math.hypot(p[3 * i]! - 1, p[3 * i + 1]! - 2, p[3 * i + 2]! - 3);
    for (let k = 0; k < 12; k++) {
      expect(fromCentre(k)).toBeCloseTo(1.7, 12);
      expect(fromCentre(12 + k)).toBeCloseTo(2.9, 12);
      expect(dist(k, 12 + k)).toBeCloseTo(1.2, 12);
    }
    const [i, j] = ICOSAHEDRON_EDGES[0]!;
    // Edge of an icosahedron of circumradius r: r / sin(2π/5).
    expect(dist(i, j)).toBeCloseTo(1.7 / Math.sin((2 * Math.PI) / 5), 12);
  });

  it('triad axes follow the rotation', () => {
    const R = randomRotation(createRng(4));
    const t = triadAxes(R), v = vertexDirections(R);
    const [a, b, c] = ICOSAHEDRON_FACES[7]!;
    const s = [0, 1, 2].map((k) => v[3 * a + k]! + v[3 * b + k]! + v[3 * c + k]!);
    const n = Math.hypot(s[0]!, s[1]!, s[2]!);
    for (let k = 0; k < 3; k++) expect(t[21 + k]!).toBeCloseTo(s[k]! / n, 12);
  });
});

describe('randomRotation', () => {
  it('gives proper orthogonal matrices, reproducibly from the seed', () => {
    const a = randomRotation(createRng(1)), b = randomRotation(createRng(1));
    expect(Array.from(a)).toEqual(Array.from(b));
    const rng = createRng(2);
    for (let n = 0; n < 50; n++) {
      const R = randomRotation(rng);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const d = R[3 * i]! * R[3 * j]! + R[3 * i + 1]! * R[3 * j + 1]! + R[3 * i + 2]! * R[3 * j + 2]!;
        expect(d).toBeCloseTo(i === j ? 1 : 0, 12);
      }
      const det = R[0]! * (R[4]! * R[8]! - R[5]! * R[7]!) - R[1]! * (R[3]! * R[8]! - R[5]! * R[6]!) + R[2]! * (R[3]! * R[7]! - R[4]! * R[6]!);
      expect(det).toBeCloseTo(1, 12);
    }
  });

  it('is uniform on SO(3): rotated z is uniform on the sphere and the trace has the Haar mean 0, E[tr²] = 1', () => {
    const rng = createRng(17);
    const n = 40_000;
    let mz = 0, mz2 = 0, tr = 0, tr2 = 0;
    for (let k = 0; k < n; k++) {
      const R = randomRotation(rng);
      mz += R[8]!; mz2 += R[8]! ** 2;
      const t = R[0]! + R[4]! + R[8]!;
      tr += t; tr2 += t * t;
    }
    expect(Math.abs(mz / n)).toBeLessThan(0.01);
    expect(Math.abs(mz2 / n - 1 / 3)).toBeLessThan(0.01);
    expect(Math.abs(tr / n)).toBeLessThan(0.02);
    expect(Math.abs(tr2 / n - 1)).toBeLessThan(0.03);
  });

  it('quaternionToMatrix: 90° about z', () => {
    const R = quaternionToMatrix(Math.SQRT1_2, 0, 0, Math.SQRT1_2);
    const want = [0, -1, 0, 1, 0, 0, 0, 0, 1];
    R.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 14));
  });
});
