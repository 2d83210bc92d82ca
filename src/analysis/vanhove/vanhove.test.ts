import { describe, expect, it } from 'vitest';
import { cellHeights, makeCell, orthorhombicCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { createRng } from '../../math/rng.js';
import { vanHoveAnalysis } from './analysis.js';
import { binDistinct, binSelf } from './pairs.js';
import { resolveVanHoveParams, type VanHoveParams } from './params.js';
import { pushAll, randomWalk, runFrames, testContext } from './testing.js';

const symbols = (n: number, m = 0) => [...Array<string>(n).fill('Li'), ...Array<string>(m).fill('S')];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pdf = (x: number, s: number) => Math.exp(-(x * x) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('pair histograms', () => {
  for (const [label, rmax] of [['rmax beyond half the cell', 9], ['rmax within half the cell (one candidate image)', 3.2]] as const) it(`binDistinct counts every periodic image within rmax of a skewed cell, like a brute-force image sum: ${label}`, () => {
    const rng = createRng(11);
    const cell = makeCell([9, 0, 0, 4, 8, 0, -3, 2, 7]);
    const dr = 0.25, n = 12;
    expect(rmax > Math.min(...cellHeights(cell)) / 2).toBe(rmax === 9);
    // Unwrapped positions: anywhere within ±2 cells, so the unreduced differences are long.
    const pos = () => Float64Array.from({ length: 3 * n }, () => 36 * (rng.nextFloat() - 0.5));
    const x0 = pos(), xt = pos();
    // Give atom 0 a short self displacement so its own periodic images matter.
    for (let k = 0; k < 3; k++) xt[k] = x0[k]! + 0.5;
    const got = new Float64Array(40);
    binDistinct(got, x0, xt, cell, rmax, dr);
    const want = new Float64Array(40);
    const m = cell.matrix;
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) for (let i = -8; i <= 8; i++) for (let j = -8; j <= 8; j++) for (let k = -8; k <= 8; k++) {
      if (u === v && i === 0 && j === 0 && k === 0) continue;
      const d = [0, 1, 2].map((c) => xt[3 * u + c]! + i * m[c]! + j * m[3 + c]! + k * m[6 + c]! - x0[3 * v + c]!);
      const r = Math.hypot(d[0]!, d[1]!, d[2]!);
      if (r < rmax) want[Math.floor(r / dr)]! += 1;
    }
    expect(want.reduce((a, b) => a + b, 0)).toBeGreaterThan(rmax === 9 ? 500 : 10);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('binSelf bins unwrapped displacements without images and drops those ≥ rmax', () => {
    const h = new Float64Array(11);
    binSelf(h, Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), Float64Array.from([0.05, 0, 0, 0, 3, 4, 0, 0, 10.5]), 10, 1);
    expect(h[0]).toBe(1);
    expect(h[5]).toBe(1);
    expect(h.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe('van Hove functions', () => {
  const cell = orthorhombicCell(16, 17, 18);
  const walk = (seed: number, n = 40, count = 20, step = 0.3) => randomWalk(createRng(seed), cell, n, count, step);

  it('G_s at t = 0 is a delta at r = 0: 1/dr without smearing, a normal density of width sigma with it', () => {
    const frames = walk(1, 30, 8);
    const ctx = testContext(symbols(30), range(30), frames[0]!);
    const plain = runFrames(frames, ctx, { origins: 3, lagStep: 2, sigma: 0, rmax: 8, ngrid: 81, drift: 'none' });
    expect(plain.self[0]![0]).toBeCloseTo(1 / 0.1, 12);
    expect(plain.self[0]!.slice(1).every((x) => x === 0)).toBe(true);
    const smeared = runFrames(frames, ctx, { origins: 3, lagStep: 2, sigma: 0.25, rmax: 8, ngrid: 81, drift: 'none' });
    for (const j of [0, 1, 2, 5, 10]) expect(smeared.self[0]![j]!).toBeCloseTo(pdf(0.1 * j, 0.25), 12);
  });

  it('∫ 4πr²G_s dr = 1 for every t without smearing', () => {
    const frames = walk(2, 40, 20);
    const ctx = testContext(symbols(40), range(40), frames[0]!);
    const r = runFrames(frames, ctx, { origins: 5, lagStep: 1, sigma: 0, rmax: 10, ngrid: 101, drift: 'none' });
    expect(r.self).toHaveLength(16);
    for (const row of r.self) expect(row.reduce((a, b) => a + b, 0) * r.dr).toBeCloseTo(1, 12);
    // Not trivially a delta: after 15 steps the mean displacement is √(8/π)·0.3·√15 ≈ 1.85 Å.
    const last = r.self[15]!;
    expect(last.reduce((a, x, j) => a + x * r.r[j]!, 0) * r.dr).toBeGreaterThan(1.5);
  });

  // An ideal gas: bin k holds ρ·4π/3·((k+1)³ − k³)·dr³ pairs on average, which pymatgen's left-edge
  // area 4πr_k²·dr turns into (3k² + 3k + 1)/(3k²); (N − 1)/N because a cation is not its own neighbour.
  for (const [label, box, n] of [['minimum image (rmax < L/2)', 25, 400], ['periodic images (rmax > L/2)', 16, 150]] as const) {
    it(`G_d → 1 at large r for an ideal gas, ${label}`, () => {
      // Independent uniform configurations: every (origin, target) pair is a fresh sample.
      const rng = createRng(3), gas = orthorhombicCell(box, box, box);
      const frames = range(20).map((t) => ({ ...randomWalk(rng, gas, n, 1, 0)[0]!, index: t }));
      const ctx = testContext(symbols(n), range(n), frames[0]!);
      const r = runFrames(frames, ctx, { origins: 10, lagStep: 3, sigma: 0, rmax: 10, ngrid: 101, drift: 'none' });
      expect(r.distinct).toHaveLength(4);
      for (const row of r.distinct) {
        const ks = range(40).map((i) => 60 + i);
        const corrected = mean(ks.map((k) => (row[k]! * 3 * k * k) / (3 * k * k + 3 * k + 1)));
        // At t > 0 a cation's own periodic images (|d + nL| ≥ L − |d|) add up to 1/N more.
        expect(corrected).toBeGreaterThan((n - 1) / n - 0.008);
        expect(corrected).toBeLessThan(1 + 0.008);
        expect(Math.abs(mean(ks.map((k) => row[k]!)) - 1)).toBeLessThan(0.025);
        expect(Math.max(...ks.map((k) => row[k]!))).toBeLessThan(1.15);
      }
    });
  }

  it('rows follow pymatgen\'s time grid: lags k·step_skip ≤ T − avg_nsteps, each with every origin', () => {
    const frames = walk(4, 10, 23);
    const ctx = testContext(symbols(10), range(10), frames[0]!, 0.02);
    const r = runFrames(frames, ctx, { origins: 5, lagStep: 3, sigma: 0.1, drift: 'none' });
    expect(r.lagFrames).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(r.rowOrigins).toEqual([5, 5, 5, 5, 5, 5, 5]);
    expect(r.t).toEqual([0, 0.06, 0.12, 0.18, 0.24, 0.3, 0.36]);
  });

  it('removing the framework drift makes the result independent of a uniform translation of everything', () => {
    const n = 20, m = 20;
    const frames = randomWalk(createRng(5), cell, n + m, 15, 0.2);
    const shifted: Frame[] = frames.map((f, t) => ({ ...f, positions: f.positions.map((x, i) => x + [0.4, -0.3, 0.25][i % 3]! * t) }));
    const ctx = testContext(symbols(n, m), range(n), frames[0]!);
    const p: VanHoveParams = { origins: 4, lagStep: 2, sigma: 0.1, drift: 'framework' };
    const a = runFrames(frames, ctx, p), b = runFrames(shifted, ctx, p);
    for (let k = 0; k < a.self.length; k++) {
      for (let j = 0; j < a.r.length; j++) {
        expect(b.self[k]![j]!).toBeCloseTo(a.self[k]![j]!, 9);
        expect(b.distinct[k]![j]!).toBeCloseTo(a.distinct[k]![j]!, 9);
      }
    }
    // Without drift removal the translation (|Δ| = 5.6 Å after 10 frames) shows in the mean displacement.
    const c = runFrames(shifted, ctx, { ...p, drift: 'none' });
    const meanR = (row: Float64Array) => row.reduce((acc, x, j) => acc + x * a.r[j]!, 0) * a.dr;
    expect(meanR(c.self[5]!) - meanR(a.self[5]!)).toBeGreaterThan(2);
  });

  for (const [label, params, split] of [
    ['every frame an origin, bounded lag', { origins: 'all', lagStep: 2, maxLagSteps: 3, sigma: 0.1, drift: 'framework' }, 9],
    ['finite origins (pymatgen rule)', { origins: 6, lagStep: 3, sigma: 0, drift: 'framework' }, 4],
  ] as const) {
    it(`merging chunks equals the serial run: ${label}`, () => {
      const frames = randomWalk(createRng(6), cell, 30, 24, 0.3);
      const ctx = testContext(symbols(20, 10), range(20), frames[0]!);
      const p = params as VanHoveParams;
      const serial = vanHoveAnalysis.finalize(pushAll(frames, ctx, p), ctx);
      const maxLag = p.maxLagSteps === undefined ? frames.length : p.maxLagSteps * p.lagStep!;
      const a = pushAll(frames.slice(0, split + maxLag), ctx, { ...p, chunk: { first: 0, originsBefore: split } });
      const b = pushAll(frames.slice(split), ctx, { ...p, chunk: { first: split } });
      const merged = vanHoveAnalysis.finalize(vanHoveAnalysis.merge(a, b), ctx);
      expect(merged.lagFrames).toEqual(serial.lagFrames);
      expect(merged.rowOrigins).toEqual(serial.rowOrigins);
      expect(merged.origins).toBe(serial.origins);
      for (let k = 0; k < serial.self.length; k++) {
        for (let j = 0; j < serial.r.length; j++) {
          expect(merged.self[k]![j]!).toBeCloseTo(serial.self[k]![j]!, 10);
          expect(merged.distinct[k]![j]!).toBeCloseTo(serial.distinct[k]![j]!, 10);
        }
      }
      // A chunk alone is not the whole answer (the test can fail).
      expect(b.originsStarted).toBeLessThan(serial.origins);
      expect(b.rowOrigins[0]).toBeLessThan(serial.rowOrigins[0]!);
      expect(() => vanHoveAnalysis.push(vanHoveAnalysis.merge(a, b), frames[0]!)).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
    });
  }
});

describe('van Hove errors', () => {
  it('rejects bad parameters before any frame', () => {
    for (const p of [{ origins: 'all' }, { ngrid: 1 }, { sigma: -0.1 }, { lagStep: 0 }, { rmax: 0 }, { origins: 2.5 }, { drift: 'anions' }] as VanHoveParams[]) {
      expect(() => resolveVanHoveParams(p), JSON.stringify(p)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    }
    expect(resolveVanHoveParams({ origins: 'all', maxLagSteps: 4 }).origins).toBe(Infinity);
  });

  it('refuses rmax beyond twice the shortest cell height, and fewer frames than origins', () => {
    const small = orthorhombicCell(4, 4, 4);
    const frames = randomWalk(createRng(7), small, 4, 3, 0.1);
    const ctx = testContext(symbols(4), range(4), frames[0]!);
    expect(() => vanHoveAnalysis.init({ rmax: 10 }, ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => runFrames(frames, ctx, { rmax: 5, origins: 5, lagStep: 1 })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    // Beyond half the cell (but within 2 heights) is allowed, with a note that images count.
    runFrames(frames, ctx, { rmax: 5, origins: 2, lagStep: 1 });
    expect(ctx.diagnostics.toArray().map((d) => d.code)).toContain('I_VANHOVE_IMAGES');
  });
});
