import { describe, expect, it } from 'vitest';
import { type Cell, cellFromParameters, fracToCart, makeCell, orthorhombicCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { selectIons } from '../../chem/select.js';
import { li2b12h12Cell } from '../../chem/testing.js';
import { createRng, type Rng } from '../../math/rng.js';
import type { AnalysisContext } from '../types.js';
import { densityAnalysis as A, type DensityParams, type DensityState } from './density.js';
import { gridFor, voxelIndex } from './grid.js';

/** Li cations and Cl anions; Cl at fixed fractional sites, Li at random fractional positions. */
function frames(rng: Rng, nLi: number, count: number, cellOf: (t: number) => Cell): { symbols: string[]; frames: Frame[] } {
  const cl = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const symbols = [...cl.map(() => 'Cl'), ...Array<string>(nLi).fill('Li')];
  const out: Frame[] = [];
  for (let t = 0; t < count; t++) {
    const cell = cellOf(t);
    const f = new Float64Array(3 * symbols.length);
    cl.forEach((p, k) => f.set(p, 3 * k));
    // Li anywhere, including outside [0, 1) (unwrapped input) to exercise the wrapping.
    for (let i = cl.length; i < symbols.length; i++) for (let c = 0; c < 3; c++) f[3 * i + c] = 3 * rng.nextFloat() - 1;
    out.push({ index: t, segment: 0, positions: fracToCart(cell, f), cell });
  }
  return { symbols, frames: out };
}

function context(symbols: string[], reference: Frame): AnalysisContext {
  const topology = topologyFromSymbols(symbols);
  return { topology, ions: selectIons(topology, reference, { cation: 'Li' }), reference, diagnostics: new DiagnosticLog() };
}

function run(ctx: AnalysisContext, fs: Frame[], params: DensityParams = {}): DensityState {
  const s = A.init(params, ctx);
  for (const f of fs) A.push(s, f);
  return s;
}

const triclinic = cellFromParameters(9.1, 10.3, 8.2, 71, 98, 113);

describe('cation density: normalisation', () => {
  for (const [name, cellOf] of [
    ['orthorhombic', () => orthorhombicCell(8, 9, 10)],
    ['triclinic', () => triclinic],
    ['variable (NPT) triclinic', (t: number) => cellFromParameters(9.1 * (1 + 0.03 * Math.sin(t)), 10.3, 8.2 * (1 - 0.02 * Math.cos(t)), 71 + t % 3, 98, 113)],
  ] as const) {
    it(`integrates to the number of cations (${name} cell)`, () => {
      const { symbols, frames: fs } = frames(createRng(7), 13, 25, cellOf);
      const ctx = context(symbols, fs[0]!);
      const r = A.finalize(run(ctx, fs, { spacing: 0.5 }), ctx);
      expect(r.cations).toBe(13);
      let sum = 0;
      for (const x of r.density) sum += x;
      // Independent of r.integrated: mean voxel volume from the cells themselves.
      const meanVoxel = fs.reduce((s, f) => s + f.cell.volume, 0) / fs.length / r.density.length;
      expect(sum * meanVoxel).toBeCloseTo(13, 10);
      expect(r.integrated).toBeCloseTo(13, 10);
      expect(r.voxelVolume).toBeCloseTo(meanVoxel, 12);
      expect(r.frames).toBe(25);
    });
  }

  it('grid counts are round(|a_i| / spacing)', () => {
    expect(gridFor(orthorhombicCell(20.312, 10.05, 3.0), 0.2)).toEqual([102, 50, 15]);
    expect(gridFor(triclinic, 0.3)).toEqual([30, 34, 27]);
    expect(gridFor(orthorhombicCell(0.05, 1, 1), 0.2)).toEqual([1, 5, 5]);
    expect(() => gridFor(triclinic, 0)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => gridFor(triclinic, 0.001)).toThrow(/coarser/);
  });
});

describe('cation density: binning', () => {
  it('a cation at a known fractional position lands in the right voxel of a triclinic cell', () => {
    const fixed = [0.31, 0.52, 0.77];
    const images = [[0, 0, 0], [1, -1, 2], [-3, 0, -1]];
    const fs: Frame[] = images.map((img, t) => {
      const f = Float64Array.from([0, 0, 0, 0.5, 0.5, 0.5, fixed[0]! + img[0]!, fixed[1]! + img[1]!, fixed[2]! + img[2]!]);
      return { index: t, segment: 0, positions: fracToCart(triclinic, f), cell: triclinic };
    });
    const ctx = context(['Cl', 'Cl', 'Li'], fs[0]!);
    const r = A.finalize(run(ctx, fs, { grid: [10, 20, 5] }), ctx);
    const want = voxelIndex(r.shape, 3, 10, 3);
    const hit = [...r.density.keys()].filter((v) => r.density[v]! > 0);
    expect(hit).toEqual([want]);
    expect(r.density[want]).toBeCloseTo(1 / (triclinic.volume / 1000), 10);
    expect(r.max.voxel).toEqual([3, 10, 3]);
    expect(r.max.fractional).toEqual([0.35, 0.525, 0.7]);
  });

  it('a cation on the upper cell face wraps into the first voxel', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const f: Frame = { index: 0, segment: 0, positions: Float64Array.from([5, 5, 5, 10, -1e-17, 9.99999999]), cell };
    const ctx = context(['Cl', 'Li'], f);
    const r = A.finalize(run(ctx, [f], { grid: [5, 5, 5] }), ctx);
    expect(r.max.voxel).toEqual([0, 0, 4]);
  });
});

describe('cation density: merge', () => {
  it('random splits of the frames merge to the one-pass state', () => {
    const rng = createRng(42);
    const { symbols, frames: fs } = frames(rng, 9, 40, (t) => cellFromParameters(9 + 0.01 * t, 9.5, 10, 80, 95, 100));
    const ctx = context(symbols, fs[0]!);
    const whole = run(ctx, fs, { spacing: 0.7 });
    const one = A.finalize(whole, ctx);
    for (let trial = 0; trial < 5; trial++) {
      const cuts = [0, ...Array.from({ length: 1 + rng.nextInt(4) }, () => rng.nextInt(fs.length + 1)), fs.length].sort((a, b) => a - b);
      const parts = cuts.slice(1).map((end, i) => run(ctx, fs.slice(cuts[i], end), { spacing: 0.7 }));
      const merged = parts.reduce((a, b) => A.merge(a, b));
      expect(merged.frames).toBe(fs.length);
      expect(Array.from(merged.counts)).toEqual(Array.from(whole.counts));
      const r = A.finalize(merged, ctx);
      for (let v = 0; v < r.density.length; v += 97) expect(r.density[v]).toBeCloseTo(one.density[v]!, 12);
      expect(r.meanCell[0]).toBeCloseTo(one.meanCell[0]!, 12);
      r.anions.forEach((a, k) => a.position.forEach((x, c) => expect(x).toBeCloseTo(one.anions[k]!.position[c]!, 10)));
    }
  });
});

describe('cation density: anion centres', () => {
  it('an anion rattling across the cell boundary averages to the boundary, not the middle', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const xs = [0.01, -0.02, 0.03, -0.02, 0.01, -0.03]; // fractional; mean −0.00333
    const fs: Frame[] = xs.map((x, t) => ({ index: t, segment: 0, cell, positions: fracToCart(cell, [x, 0.5, 0.98 + x, 0.3, 0.3, 0.3]) }));
    const ctx = context(['Cl', 'Li'], fs[0]!);
    const r = A.finalize(run(ctx, fs, { spacing: 1 }), ctx);
    expect(r.anions).toHaveLength(1);
    expect(r.anions[0]!.z).toBe(17);
    expect(r.anions[0]!.formula).toBe('Cl');
    const [x, y, z] = r.anions[0]!.position;
    expect(x).toBeCloseTo(10 * (1 - 1 / 300), 10);
    expect(y).toBeCloseTo(5, 10);
    expect(z).toBeCloseTo(10 * (0.98 - 1 / 300), 10);
    expect(ctx.diagnostics.toArray().filter((d) => d.code === 'W_ANION_DRIFT')).toEqual([]);
  });

  it('B12H12 centres come back at the generated lattice sites with the atomic number of B', () => {
    const g = li2b12h12Cell(createRng(3));
    const f: Frame = { index: 0, segment: 0, positions: g.positions, cell: g.cell };
    const ctx = context(g.symbols, f);
    const r = A.finalize(run(ctx, [f, { ...f, index: 1 }], { spacing: 0.5 }), ctx);
    expect(r.anions.map((a) => a.z)).toEqual(Array(8).fill(5));
    expect(r.anions.map((a) => a.formula)).toEqual(Array(8).fill('B12H12'));
    for (const a of r.anions) {
      // Each mean centre matches one generated centre modulo the lattice.
      const d = Math.min(...Array.from({ length: 8 }, (_, k) => micDistance(g.cell, a.position, g.centres.subarray(3 * k, 3 * k + 3))));
      expect(d).toBeLessThan(1e-9);
    }
    expect(r.integrated).toBeCloseTo(16, 10);
  });

  it('warns when an anion wanders far from its reference position', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const fs: Frame[] = [0, 0.1, 0.2, 0.3].map((x, t) => ({ index: t, segment: 0, cell, positions: fracToCart(cell, [x, 0, 0, 0.5, 0.5, 0.5]) }));
    const ctx = context(['Cl', 'Li'], fs[0]!);
    const r = A.finalize(run(ctx, fs, { spacing: 1 }), ctx);
    expect(r.anionMaxDrift).toBeCloseTo(3, 10);
    const w = ctx.diagnostics.toArray().filter((d) => d.code === 'W_ANION_DRIFT');
    expect(w).toHaveLength(1);
    expect(w[0]!.frame).toBe(3);
  });

  it('refuses a selection without cations', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const f: Frame = { index: 0, segment: 0, positions: Float64Array.from([0, 0, 0, 5, 5, 5]), cell };
    const topology = topologyFromSymbols(['Cl', 'Li']);
    const ions = { ...selectIons(topology, f, { cation: 'Li' }), cations: [] };
    expect(() => A.init({}, { topology, ions, reference: f, diagnostics: new DiagnosticLog() })).toThrow(expect.objectContaining({ code: 'E_SELECTION' }));
  });
});

function micDistance(cell: Cell, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const inv = makeCell(cell.matrix).inverse, m = cell.matrix;
  const d = [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
  const f = [0, 1, 2].map((j) => d[0]! * inv[j]! + d[1]! * inv[3 + j]! + d[2]! * inv[6 + j]!).map((x) => x - Math.round(x));
  const c = [0, 1, 2].map((j) => f[0]! * m[j]! + f[1]! * m[3 + j]! + f[2]! * m[6 + j]!);
  return Math.hypot(c[0]!, c[1]!, c[2]!);
}
