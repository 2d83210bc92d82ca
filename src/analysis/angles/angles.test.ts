import { describe, expect, it } from 'vitest';
import { cartToFrac, makeCell, orthorhombicCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { li2b12h12Cell } from '../../chem/testing.js';
import { createRng } from '../../math/rng.js';
import { type CliqueSiteType, siteCentresAroundAnion } from '../templates/lattice.js';
import { latticeTemplate } from '../templates/templates.js';
import { anglesAnalysis } from './analysis.js';
import { parseRanges, rangeEdges } from './ranges.js';
import { parseLattice, parseSite } from './template.js';
import { anionsWithCations, contextFor, frameOf, runFrames, wrapped } from './testing.js';
import { isotropicFraction, templateWindows } from './windows.js';

const A = 10.05;
const ICOSAHEDRAL = [41.81, 70.53, 109.47, 138.19, 180];

/** One anion at the origin of the primitive fcc cell, cations on every site of `type` (one per site, images give the rest). */
function fccWithSites(type: CliqueSiteType) {
  const cell = makeCell([0, A / 2, A / 2, A / 2, 0, A / 2, A / 2, A / 2, 0]);
  const around = siteCentresAroundAnion('fcc', type, 0.85, A);
  const seen = new Map<string, number[]>();
  for (let s = 0; s < around.length / 3; s++) {
    const p = [around[3 * s]!, around[3 * s + 1]!, around[3 * s + 2]!];
    const f = Array.from(cartToFrac(cell, p), (x) => { const w = x - Math.floor(x + 1e-9); return Math.abs(w) < 1e-9 ? 0 : w; });
    seen.set(f.map((x) => x.toFixed(6)).join(','), p);
  }
  const sites = [...seen.values()].flat();
  const g = anionsWithCations([0, 0, 0], sites);
  const frame = frameOf(wrapped(cell, g.positions), cell);
  return { cell, frame, ctx: contextFor(g.symbols, frame), distance: Math.hypot(around[0]!, around[1]!, around[2]!), perCell: sites.length / 3, perAnion: around.length / 3 };
}

describe('angles: cations on the sites of an ideal fcc lattice', () => {
  for (const [type, count] of [['linear', 12], ['trigonal', 24], ['tetrahedral', 8]] as const) {
    it(`${type}: ${count} site images per anion, angles exactly the template's, latticeOverlap 1`, () => {
      const s = fccWithSites(type);
      expect(s.perAnion).toBe(count);
      const r = runFrames(anglesAnalysis, { r1: s.distance * 1.05, template: { site: type } }, s.ctx, [s.frame, s.frame]);
      expect(r.meanCoordination).toBe(count);
      const first = r.ranges[0]!;
      expect(first.pairs).toBe(2 * (count * (count - 1)) / 2);
      expect(r.ranges[1]!.pairs + r.ranges[2]!.pairs).toBe(0);
      expect(first.latticeOverlap).toBe(1);
      expect(r.templates.lattice).toMatchObject({ lattice: 'fcc', site: type });
      // Every template angle carries its pair count (±1 bin, as 60° or 90° sit on bin edges), and nothing else is there.
      const t = latticeTemplate('fcc', type);
      let mass = 0;
      for (const { angle, pairs } of t.angles) {
        const m = r.theta.reduce((acc, th, b) => acc + (Math.abs(th - angle) < 1.5 ? first.density[b]! * r.binWidth : 0), 0);
        expect(m, `${angle}°`).toBeCloseTo(pairs / (count * (count - 1) / 2), 12);
        mass += m;
      }
      expect(mass).toBeCloseTo(1, 12);
      // Icosahedral overlap: only the template angles within 5° of a C3 angle.
      const nearIco = t.angles.filter((a) => ICOSAHEDRAL.some((c) => Math.abs(a.angle - c) <= 5)).reduce((acc, a) => acc + a.pairs, 0);
      expect(first.icosahedralOverlap).toBeCloseTo(nearIco / (count * (count - 1) / 2), 12);
    });
  }

  it('linear sites score 6/66 icosahedral (only the 180° pairs); tetrahedral are fully icosahedral', () => {
    const lin = fccWithSites('linear');
    expect(runFrames(anglesAnalysis, { r1: 4, template: { site: 'linear' } }, lin.ctx, [lin.frame]).ranges[0]!.icosahedralOverlap).toBeCloseTo(6 / 66, 12);
    const tet = fccWithSites('tetrahedral');
    expect(runFrames(anglesAnalysis, { r1: 5, template: { site: 'tetrahedral' } }, tet.ctx, [tet.frame]).ranges[0]!.icosahedralOverlap).toBe(1);
  });

  it('without --site the template is the Pauling prediction for Li in fcc a = 10.05 Å: trigonal', () => {
    const s = fccWithSites('trigonal');
    const r = runFrames(anglesAnalysis, { r1: 4.5 }, s.ctx, [s.frame]);
    expect(r.templates.lattice?.site).toBe('trigonal');
    expect(r.templates.lattice?.source).toMatch(/recognised fcc .* Pauling/);
    expect(r.ranges[0]!.latticeOverlap).toBe(1);
  });
});

describe('angles: small cells and periodic images', () => {
  it('26-atom primitive cell: the anion sees 8 images of its 2 Li (tetrahedral, 4.35 Å): 12×70.5°, 12×109.5°, 4×180°', () => {
    const g = li2b12h12Cell(createRng(5), { primitive: true });
    const frame = frameOf(g.positions, g.cell);
    const r = runFrames(anglesAnalysis, { r1: 5, binWidth: 0.5 }, contextFor(g.symbols, frame), [frame]);
    expect(r.meanCoordination).toBe(8);
    const d = r.ranges[0]!;
    expect(d.pairs).toBe(28);
    const at = (deg: number) => d.density[Math.floor(deg / 0.5)]! * 0.5;
    expect(at(70.53)).toBeCloseTo(12 / 28, 12);
    expect(at(109.47)).toBeCloseTo(12 / 28, 12);
    expect(at(179.9)).toBeCloseTo(4 / 28, 12);
    expect(d.icosahedralOverlap).toBe(1);
    expect(d.latticeOverlap).toBe(1);
  });
});

describe('angles: isotropic directions match the sin θ baseline', () => {
  it('random directions in three ranges give overlaps equal to the baseline within 4σ', () => {
    const rng = createRng(11);
    const cell = orthorhombicCell(60, 60, 60);
    const unit = () => {
      const z = 2 * rng.nextFloat() - 1, phi = 2 * Math.PI * rng.nextFloat(), s = Math.sqrt(1 - z * z);
      return [s * Math.cos(phi), s * Math.sin(phi), z];
    };
    const frames: Frame[] = [];
    let symbols: string[] = [];
    for (let f = 0; f < 150; f++) {
      const cat: number[] = [];
      for (let c = 0; c < 30; c++) {
        const u = unit(), d = 3.5 + 2.5 * rng.nextFloat();
        cat.push(30 + d * u[0]!, 30 + d * u[1]!, 30 + d * u[2]!);
      }
      const g = anionsWithCations([30, 30, 30], cat);
      symbols = g.symbols;
      frames.push(frameOf(g.positions, cell, f));
    }
    const params = { r1: 6, rMin: 3.5, template: { lattice: 'fcc' as const, site: 'trigonal' as const } };
    const r = runFrames(anglesAnalysis, params, contextFor(symbols, frames[0]!), frames);
    expect(r.baseline.icosahedral).toBeCloseTo(isotropicFraction(templateWindows(ICOSAHEDRAL)), 3);
    for (const g of r.ranges) {
      expect(g.pairs).toBeGreaterThan(4000);
      for (const [o, p] of [[g.icosahedralOverlap!, r.baseline.icosahedral], [g.latticeOverlap!, r.baseline.lattice!]] as const) {
        expect(Math.abs(o - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / g.pairs));
      }
      // The density itself follows ½ sin θ (per degree: π/360 sin θ), checked on 10° blocks.
      for (let lo = 0; lo < 180; lo += 10) {
        const got = g.density.slice(lo, lo + 10).reduce((a, b) => a + b, 0);
        const want = 0.5 * (Math.cos((lo * Math.PI) / 180) - Math.cos(((lo + 10) * Math.PI) / 180));
        expect(Math.abs(got - want)).toBeLessThan(4 * Math.sqrt(want / g.pairs) + 1e-3);
      }
    }
  });

  it('isotropic fraction of [0, 180] is 1 and of ±5° around 90° is sin 5°', () => {
    expect(isotropicFraction([[0, 180]])).toBeCloseTo(1, 15);
    expect(isotropicFraction(templateWindows([90]))).toBeCloseTo(Math.sin((5 * Math.PI) / 180), 15);
    expect(templateWindows([60, 68, 178])).toEqual([[55, 73], [173, 180]]);
    expect(templateWindows([60, 70.5])).toEqual([[55, 65], [65.5, 75.5]]);
  });
});

describe('angles: merge, ranges, errors', () => {
  it('split-and-merge equals one pass (β-Li2B12H12 supercell, thermal noise)', () => {
    const g = li2b12h12Cell(createRng(3));
    const rng = createRng(4);
    const frames = Array.from({ length: 5 }, (_, f) => frameOf(g.positions.map((x) => x + 0.15 * rng.nextNormal()), g.cell, f));
    const ctx = contextFor(g.symbols, frames[0]!);
    const one = runFrames(anglesAnalysis, { r1: 6.2 }, ctx, frames);
    expect(one.ranges.reduce((a, r) => a + r.pairs, 0)).toBeGreaterThan(0);
    expect(runFrames(anglesAnalysis, { r1: 6.2 }, ctx, frames, 2)).toEqual(one);
    expect(runFrames(anglesAnalysis, { r1: 6.2 }, ctx, frames, 4)).toEqual(one);
  });

  it('parses --ranges and checks them against r₁', () => {
    expect(parseRanges(undefined)).toEqual({ kind: 'equal', count: 3 });
    expect(parseRanges('4')).toEqual({ kind: 'equal', count: 4 });
    expect(parseRanges('3.0-4.0,4.0-5.5')).toEqual({ kind: 'explicit', ranges: [[3, 4], [4, 5.5]] });
    expect(rangeEdges({ kind: 'equal', count: 3 }, 3, 6)).toEqual([[3, 4], [4, 5], [5, 6]]);
    expect(() => parseRanges('4-3')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => parseRanges('a-b')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => rangeEdges({ kind: 'explicit', ranges: [[3, 7]] }, 0, 6)).toThrow(/beyond the first shell/);
    expect(parseSite('tetrahedral')).toBe('tetrahedral');
    expect(() => parseSite('octahedral')).toThrow(/--site octahedral: expected one of linear, trigonal, tetrahedral/);
    expect(() => parseLattice('hcp')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('requires r₁ (or explicit ranges) and refuses a bad bin width', () => {
    const s = fccWithSites('tetrahedral');
    expect(() => anglesAnalysis.init({}, s.ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringMatching(/--r1/) }));
    expect(() => anglesAnalysis.init({ r1: 5, binWidth: 7 }, s.ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    const r = runFrames(anglesAnalysis, { ranges: { kind: 'explicit', ranges: [[4, 4.5]] } }, s.ctx, [s.frame]);
    expect(r.r1.value).toBe(4.5);
    expect(r.ranges[0]!.pairs).toBe(28);
  });
});
