import { describe, expect, it } from 'vitest';
import { randomRotation, rotateAll } from '../../chem/icosahedron.js';
import { ClusterCentres } from '../../chem/centres.js';
import { kabschRotation } from '../../math/kabsch.js';
import { createRng, type Rng } from '../../math/rng.js';
import { distortionAnalysis } from './analysis.js';
import { fitShells } from './fit.js';
import { matchTemplate } from './match.js';
import { DEFAULT_DISTORTION_PARAMS } from './model.js';
import { regularShape } from './shapes.js';
import { framesOf, testContext } from './testing.js';

/**
 * Naive oracle: the documented alternation done literally, atom by atom, with the general SVD
 * Kabsch step (kabschRotation) each round — what the fast ShellFitter (Horn's quaternion
 * rotation on per-element correlation sums) must reproduce.
 */
function oracleFit(x: ArrayLike<number>, element: ArrayLike<number>, template: ArrayLike<number>, nE: number) {
  const n = element.length;
  const c = [0, 1, 2].map((k) => Array.from({ length: n }, (_, i) => x[3 * i + k]!).reduce((a, b) => a + b, 0) / n);
  const y = Array.from({ length: 3 * n }, (_, i) => x[i]! - c[i % 3]!);
  const count = new Array<number>(nE).fill(0);
  let radius = new Array<number>(nE).fill(0);
  for (let i = 0; i < n; i++) {
    count[element[i]!]!++;
    if (template[3 * i] !== 0 || template[3 * i + 1] !== 0 || template[3 * i + 2] !== 0) radius[element[i]!]! += Math.hypot(y[3 * i]!, y[3 * i + 1]!, y[3 * i + 2]!);
  }
  radius = radius.map((r, e) => r / count[e]!);
  const Ru = (R: Float64Array, i: number) => [0, 1, 2].map((a) => R[3 * a]! * template[3 * i]! + R[3 * a + 1]! * template[3 * i + 1]! + R[3 * a + 2]! * template[3 * i + 2]!);
  let R: Float64Array = new Float64Array(9);
  for (let round = 0; round < 50; round++) {
    R = kabschRotation(Array.from({ length: 3 * n }, (_, k) => radius[element[Math.floor(k / 3)]!]! * template[k]!), y);
    const next = new Array<number>(nE).fill(0);
    for (let i = 0; i < n; i++) { const u = Ru(R, i); next[element[i]!]! += (y[3 * i]! * u[0]! + y[3 * i + 1]! * u[1]! + y[3 * i + 2]! * u[2]!) / count[element[i]!]!; }
    const change = Math.max(...next.map((r, e) => Math.abs(r - radius[e]!)));
    radius = next;
    if (change < 1e-12) break;
  }
  const sumSq = new Array<number>(nE).fill(0);
  for (let i = 0; i < n; i++) { const u = Ru(R, i), r = radius[element[i]!]!; sumSq[element[i]!]! += [0, 1, 2].reduce((a, k) => a + (y[3 * i + k]! - r * u[k]!) ** 2, 0); }
  return { rotation: R, centre: c, radius, sumSq };
}

/** An anion: centre atom(s) and shells of the given shapes and radii, turned by R, moved, with Gaussian noise (Å). */
function anion(shells: { count: number; r: number }[], R: Float64Array, rng: Rng, noise: number, mirror = false) {
  const x: number[] = [], element: number[] = [], template: number[] = [];
  shells.forEach(({ count, r }, e) => {
    const u = regularShape(count)!, d = rotateAll(R, u);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 3; k++) x.push(4 + k + r * d[3 * i + k]! * (mirror && k === 0 ? -1 : 1) + noise * rng.nextNormal());
      element.push(e);
      template.push(u[3 * i]!, u[3 * i + 1]!, u[3 * i + 2]!);
    }
  });
  return { x: Float64Array.from(x), element, template: Float64Array.from(template), nE: shells.length };
}

const B12H12 = [{ count: 12, r: 1.7 }, { count: 12, r: 2.9 }];
const rel = (a: number, b: number, floor = 0) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor, 1e-300);

/** Fast fit = oracle: radii, per-element RMSD and centre to 1e-10 relative; the rotation too where unique. */
function expectSameFit(a: ReturnType<typeof anion>, uniqueRotation = true, rmsdFloor = 0): void {
  const fast = fitShells(a.x, a.element, a.template, a.nE), slow = oracleFit(a.x, a.element, a.template, a.nE);
  const counts = Array.from({ length: a.nE }, (_, e) => a.element.filter((x) => x === e).length);
  for (let e = 0; e < a.nE; e++) {
    expect(rel(fast.radius[e]!, slow.radius[e]!)).toBeLessThanOrEqual(1e-10);
    expect(rel(Math.sqrt(fast.sumSq[e]! / counts[e]!), Math.sqrt(slow.sumSq[e]! / counts[e]!), rmsdFloor)).toBeLessThanOrEqual(1e-10);
  }
  for (let k = 0; k < 3; k++) expect(rel(fast.centre[k]!, slow.centre[k]!)).toBeLessThanOrEqual(1e-10);
  if (uniqueRotation) for (let k = 0; k < 9; k++) expect(Math.abs(fast.rotation[k]! - slow.rotation[k]!)).toBeLessThanOrEqual(1e-10);
}

describe('fast shell fit (Horn quaternion) against the naive SVD Kabsch oracle', () => {
  it('random rotated, distorted B12H12 (0.02–0.3 Å noise) and its mirror image', () => {
    const rng = createRng(41);
    for (let k = 0; k < 150; k++) {
      const noise = [0.02, 0.08, 0.3][k % 3]!;
      expectSameFit(anion(B12H12, randomRotation(rng), rng, noise));
      expectSameFit(anion(B12H12, randomRotation(rng), rng, noise, true));
    }
  });

  it('a near-perfect icosahedron: RMSD agrees to 1e-10 Å·1e-3 where it is itself ~1e-9 Å', () => {
    const rng = createRng(42);
    for (let k = 0; k < 30; k++) expectSameFit(anion(B12H12, randomRotation(rng), rng, 1e-9), true, 1e-3);
  });

  it('other shapes: tetrahedron and octahedron round a centre, planar triangle, collinear line', () => {
    const rng = createRng(43);
    for (let k = 0; k < 60; k++) {
      expectSameFit(anion([{ count: 1, r: 0 }, { count: 4, r: 2.05 }], randomRotation(rng), rng, 0.05));
      expectSameFit(anion([{ count: 1, r: 0 }, { count: 6, r: 1.6 }], randomRotation(rng), rng, 0.05));
      // Exactly planar atoms (noise only in the plane of the template before turning).
      const R = randomRotation(rng), tri = anion([{ count: 1, r: 0 }, { count: 3, r: 1.28 }], R, rng, 0);
      const inPlane = rotateAll(R, Float64Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? 0 : 0.04 * rng.nextNormal())));
      expectSameFit({ ...tri, x: tri.x.map((v, i) => v + inPlane[i]!) });
      // Collinear (F–H–F): any turn about the line is optimal; radii and residuals are unique.
      const line = anion([{ count: 1, r: 0 }, { count: 2, r: 1.14 }], randomRotation(rng), rng, 0);
      const axis = [0, 1, 2].map((k) => line.x[3 + k]! - line.x[k]!);
      const along = [0.1, -0.05, 0.2].map((s) => s * rng.nextNormal());
      expectSameFit({ ...line, x: line.x.map((v, i) => v + along[Math.floor(i / 3)]! * axis[i % 3]!) }, false);
    }
  });
});

describe('atom↔vertex matching with symmetry-reduced starts', () => {
  it('shuffled, distorted anions (B12H12, PS4-like, PF6-like): the found correspondence fits exactly as well as the true one', () => {
    const rng = createRng(44);
    const kinds = [B12H12, [{ count: 1, r: 0 }, { count: 4, r: 2.05 }], [{ count: 1, r: 0 }, { count: 6, r: 1.6 }]];
    for (let k = 0; k < 60; k++) {
      const kind = kinds[k % 3]!, shapes = kind.map((s) => regularShape(s.count)!);
      const a = anion(kind, randomRotation(rng), rng, [0.03, 0.1][k % 2]!);
      // Shuffle the atoms within each element so that the correspondence must be found.
      const order = kind.flatMap((_, e) => {
        const idx = [...a.element.keys()].filter((i) => a.element[i] === e);
        for (let i = idx.length - 1; i > 0; i--) { const j = rng.nextInt(i + 1); [idx[i], idx[j]] = [idx[j]!, idx[i]!]; }
        return idx;
      });
      const x = Float64Array.from(order.flatMap((j) => [...a.x.subarray(3 * j, 3 * j + 3)]));
      const t = Float64Array.from(order.flatMap((j) => [...a.template.subarray(3 * j, 3 * j + 3)]));
      const m = matchTemplate(x, a.element, shapes);
      const truth = oracleFit(x, a.element, t, kind.length).sumSq.reduce((p, q) => p + q, 0);
      expect(rel(m.sumSq, truth)).toBeLessThanOrEqual(1e-10);
      expect(rel(oracleFit(x, a.element, m.template, kind.length).sumSq.reduce((p, q) => p + q, 0), truth)).toBeLessThanOrEqual(1e-10);
    }
  });
});

describe('distortion push (preallocated, per anion) against the oracle', () => {
  it('two anions over several frames: per-frame means of RMSD, radius and radial std', () => {
    const rng = createRng(45);
    const SYMBOLS = [...Array<string>(12).fill('B'), ...Array<string>(12).fill('H')];
    const pos = Array.from({ length: 6 }, () => Float64Array.from([
      ...anion(B12H12, randomRotation(rng), rng, 0.05).x.map((v, i) => v + [2, 3, 4][i % 3]!),
      ...anion(B12H12, randomRotation(rng), rng, 0.08).x.map((v, i) => v + [14, 15, 16][i % 3]!),
    ]));
    const frames = framesOf(pos);
    const ctx = testContext([...SYMBOLS, ...SYMBOLS], frames, 'B12H12');
    const state = distortionAnalysis.init(DEFAULT_DISTORTION_PARAMS, ctx);
    for (const f of frames) distortionAnalysis.push(state, f);
    const { model } = state;
    const cc = new ClusterCentres(model.topology, model.clusters);
    frames.forEach((f, t) => {
      const com = cc.compute(f.positions, f.cell, undefined, false);
      const acc = { rmsd: [0, 0], radius: [0, 0], std: [0, 0] };
      for (let k = 0; k < 2; k++) {
        const o = cc.offsets[k]!, end = cc.offsets[k + 1]!;
        const el = model.elementOfSlot.slice(o, end);
        const fit = oracleFit(cc.whole.subarray(3 * o, 3 * end), el, model.template.slice(3 * o, 3 * end), 2);
        for (let e = 0; e < 2; e++) {
          const d = [...Array(end - o).keys()].filter((i) => el[i] === e).map((i) => Math.hypot(...[0, 1, 2].map((c) => cc.whole[3 * (o + i) + c]! - com[3 * k + c]!)));
          const mean = d.reduce((a, b) => a + b, 0) / d.length;
          acc.std[e]! += Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length) / 2;
          acc.rmsd[e]! += Math.sqrt(fit.sumSq[e]! / 12) / 2;
          acc.radius[e]! += fit.radius[e]! / 2;
        }
      }
      for (let e = 0; e < 2; e++) {
        expect(rel(state.kabschRmsd[e]![t]!, acc.rmsd[e]!)).toBeLessThanOrEqual(1e-10);
        expect(rel(state.radius[e]![t]!, acc.radius[e]!)).toBeLessThanOrEqual(1e-10);
        expect(rel(state.radialStd[e]![t]!, acc.std[e]!)).toBeLessThanOrEqual(1e-10);
      }
    });
  });
});
