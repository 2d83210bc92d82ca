import { describe, expect, it } from 'vitest';
import { ICOSAHEDRON_VERTICES, idealB12H12, quaternionToMatrix, randomRotation, rotateAll } from '../../chem/icosahedron.js';
import { createRng } from '../../math/rng.js';
import { distortionAnalysis } from './analysis.js';
import { fitShells } from './fit.js';
import { matchTemplate } from './match.js';
import { DEFAULT_DISTORTION_PARAMS } from './model.js';
import { regularShape } from './shapes.js';
import { framesOf, runFrames, testContext } from './testing.js';
import type { ElementDistortion } from './result.js';

const CENTRE = [15, 15, 15];
/** Index of the vertex opposite vertex k. */
const opposite = (k: number) => [...Array(12).keys()].find((j) => {
  const v = ICOSAHEDRON_VERTICES;
  return v[3 * j]! + v[3 * k]! === 0 && v[3 * j + 1]! + v[3 * k + 1]! === 0 && v[3 * j + 2]! + v[3 * k + 2]! === 0;
})!;

/** B12H12 with radii 1.7 + δ_k (B) and 2.9 + η_k (H), antipodal vertices sharing δ and η so the centre stays put; rotated by R. */
function distorted(delta: number[], eta: number[], R: Float64Array, centre = CENTRE): Float64Array {
  const dirs = rotateAll(R, ICOSAHEDRON_VERTICES);
  const pos = new Float64Array(72);
  for (let k = 0; k < 12; k++) for (let c = 0; c < 3; c++) {
    pos[3 * k + c] = centre[c]! + (1.7 + delta[k]!) * dirs[3 * k + c]!;
    pos[36 + 3 * k + c] = centre[c]! + (2.9 + eta[k]!) * dirs[3 * k + c]!;
  }
  return pos;
}

function antipodalNoise(rng: ReturnType<typeof createRng>, sd: number): number[] {
  const d = new Array<number>(12).fill(NaN);
  for (let k = 0; k < 12; k++) if (Number.isNaN(d[k]!)) { d[k] = sd * rng.nextNormal(); d[opposite(k)] = d[k]!; }
  return d;
}

const popStd = (x: number[]) => { const m = x.reduce((a, b) => a + b, 0) / x.length; return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length); };
const SYMBOLS = [...Array<string>(12).fill('B'), ...Array<string>(12).fill('H')];
const ELEMENT = SYMBOLS.map((s) => (s === 'B' ? 0 : 1));

describe('rigid shell fit and vertex correspondence', () => {
  it('a rotated, translated, relabelled ideal B12H12 fits with zero residual and the true radii', () => {
    const rng = createRng(11);
    const { positions } = idealB12H12([3, -2, 8], randomRotation(rng));
    // Shuffle the atoms within each element so the correspondence must be found.
    const perm = [5, 3, 11, 0, 7, 1, 9, 2, 10, 4, 8, 6];
    const x = new Float64Array(72);
    for (let k = 0; k < 12; k++) for (let c = 0; c < 3; c++) { x[3 * k + c] = positions[3 * perm[k]! + c]!; x[36 + 3 * k + c] = positions[36 + 3 * perm[(k + 4) % 12]! + c]!; }
    const m = matchTemplate(x, ELEMENT, [regularShape(12)!, regularShape(12)!]);
    expect(m.sumSq).toBeLessThan(1e-20);
    const f = fitShells(x, ELEMENT, m.template, 2);
    expect(f.radius[0]).toBeCloseTo(1.7, 12);
    expect(f.radius[1]).toBeCloseTo(2.9, 12);
    expect(f.centre[2]).toBeCloseTo(8, 12);
  });

  it('a known antipodal radial distortion: radialStd and Kabsch RMSD both equal the population std of the radii', () => {
    const rng = createRng(12);
    const delta = antipodalNoise(rng, 0.06), eta = antipodalNoise(rng, 0.08);
    const x = distorted(delta, eta, randomRotation(rng));
    const m = matchTemplate(x, ELEMENT, [regularShape(12)!, regularShape(12)!]);
    const f = fitShells(x, ELEMENT, m.template, 2);
    expect(Math.sqrt(f.sumSq[0]! / 12)).toBeCloseTo(popStd(delta), 10);
    expect(Math.sqrt(f.sumSq[1]! / 12)).toBeCloseTo(popStd(eta), 10);
  });

  it('a rotated regular tetrahedron around its centre atom (PS4) fits exactly; a tangential swing of one S keeps its P–S distance but raises the RMSD', () => {
    const rng = createRng(13);
    const t = rotateAll(randomRotation(rng), regularShape(4)!).map((v) => 2.05 * v);
    const x = Float64Array.from([1, 2, 3, ...t.map((v, i) => v + [1, 2, 3][i % 3]!)]);
    const el = [0, 1, 1, 1, 1];
    const m = matchTemplate(x, el, [regularShape(1)!, regularShape(4)!]);
    expect(m.sumSq).toBeLessThan(1e-20);
    // Swing one S by 0.1 rad about an axis through P: its distance from P is unchanged.
    const y = Float64Array.from(x);
    const s1 = [x[3]! - 1, x[4]! - 2, x[5]! - 3];
    const k = [s1[1]!, -s1[0]!, 0], kn = Math.hypot(...k);
    const turned = rotateAll(quaternionToMatrix(Math.cos(0.05), ...(k.map((c) => (Math.sin(0.05) * c) / kn) as [number, number, number])), s1);
    for (let a = 0; a < 3; a++) y[3 + a] = [1, 2, 3][a]! + turned[a]!;
    const f = fitShells(y, el, m.template, 2);
    expect(Math.sqrt(f.sumSq[1]! / 4)).toBeGreaterThan(0.05);
    expect(Math.hypot(y[3]! - 1, y[4]! - 2, y[5]! - 3)).toBeCloseTo(2.05, 12);
  });
});

describe('distortion analysis', () => {
  const rng = createRng(21);
  const deltas: number[][] = [], etas: number[][] = [];
  const pos: Float64Array[] = [];
  const R0 = randomRotation(rng);
  for (let t = 0; t < 12; t++) {
    const d = antipodalNoise(rng, 0.05), e = antipodalNoise(rng, 0.07);
    deltas.push(d); etas.push(e);
    // The anion takes a new random orientation and drifts every frame (after the first): the
    // atom↔vertex map fixed in frame 0 must still hold, since atoms keep their labels.
    pos.push(distorted(d, e, t === 0 ? R0 : randomRotation(rng), [15 + 0.1 * t, 15, 15]));
  }
  const frames = framesOf(pos);
  const ctx = testContext(SYMBOLS, frames, 'B12H12');
  const params = { ...DEFAULT_DISTORTION_PARAMS, blocks: 3 };

  it('averages the known per-frame std over frames, with a block error, for B and H', () => {
    const r = runFrames(distortionAnalysis, params, ctx, frames);
    const B = r.B as ElementDistortion, H = r.H as ElementDistortion;
    const meanB = deltas.map(popStd).reduce((a, b) => a + b, 0) / 12;
    const meanH = etas.map(popStd).reduce((a, b) => a + b, 0) / 12;
    expect(B.radialStd!.value).toBeCloseTo(meanB, 10);
    expect(H.radialStd!.value).toBeCloseTo(meanH, 10);
    expect(B.kabschRmsd!.value).toBeCloseTo(meanB, 8);
    expect(H.kabschRmsd!.value).toBeCloseTo(meanH, 8);
    expect(B.radius!.value).toBeCloseTo(1.7 + deltas.map((d) => d.reduce((a, b) => a + b, 0) / 12).reduce((a, b) => a + b, 0) / 12, 8);
    expect(B.radialStd!.stderr).toBeGreaterThan(0);
    expect(r.histogram.radialStd.B!.reduce((a, b) => a + b, 0) * 0.002).toBeCloseTo(1, 10);
  });

  it('chunked processing merges to the one-pass result', () => {
    const one = runFrames(distortionAnalysis, params, ctx, frames);
    const two = runFrames(distortionAnalysis, params, ctx, frames, 5);
    expect(two).toEqual(one);
  });
});
