import { describe, expect, it } from 'vitest';
import { type Cell, cellHeights, makeCell, orthorhombicCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { cubicLatticePoints } from '../../chem/lattice.js';
import { createRng } from '../../math/rng.js';
import { rdfAnalysis, type RdfParams } from './analysis.js';
import { parseGroup } from './groups.js';
import { binEdges, binOf, makeBinning } from './histogram.js';
import { coordinationAt } from './result.js';
import { bareContext, frameOf, runFrames } from './testing.js';

const skewed = makeCell([9, 0, 0, -3.1, 8.2, 0, 2.4, -1.7, 7.3]);

function randomFrames(cell: Cell, n: number, frames: number, seed: number): Frame[] {
  const rng = createRng(seed);
  const m = cell.matrix;
  return Array.from({ length: frames }, (_, t) => {
    const p = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      // Some points outside the cell on purpose: the histogram must not care.
      const f = [rng.nextFloat() * 3 - 1, rng.nextFloat(), rng.nextFloat()];
      for (let k = 0; k < 3; k++) p[3 * i + k] = f[0]! * m[k]! + f[1]! * m[3 + k]! + f[2]! * m[6 + k]!;
    }
    return frameOf(t, p, cell);
  });
}

const params = (a: string, b: string, rmax: number, dr: number, extra: Partial<RdfParams> = {}): RdfParams =>
  ({ a: parseGroup(a), b: parseGroup(b), binning: makeBinning(rmax, dr), ...extra });

/** O(N²) over every image shift that can reach rmax: the oracle for the histogram. */
function naiveCounts(frames: Frame[], symbols: string[], a: string, b: string, rmax: number, nbins: number): Float64Array {
  const counts = new Float64Array(nbins);
  const edges = binEdges({ rmax, nbins });
  const A = symbols.flatMap((s, i) => (s === a ? [i] : [])), B = symbols.flatMap((s, i) => (s === b ? [i] : []));
  for (const f of frames) {
    const m = f.cell.matrix, h = cellHeights(f.cell);
    // Points lie up to 3 cells apart along a (see randomFrames), so reach that much further.
    const K = h.map((x) => Math.ceil(rmax / x) + 4);
    for (const i of A) for (const j of B) {
      for (let s0 = -K[0]!; s0 <= K[0]!; s0++) for (let s1 = -K[1]!; s1 <= K[1]!; s1++) for (let s2 = -K[2]!; s2 <= K[2]!; s2++) {
        if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
        let d2 = 0;
        for (let k = 0; k < 3; k++) {
          const d = f.positions[3 * j + k]! + s0 * m[k]! + s1 * m[3 + k]! + s2 * m[6 + k]! - f.positions[3 * i + k]!;
          d2 += d * d;
        }
        const d = Math.sqrt(d2);
        if (d < rmax) counts[binOf(d, edges, nbins, nbins / rmax)]!++;
      }
    }
  }
  return counts;
}

describe('g(r): histogram against an O(N²) all-images oracle', () => {
  it('equals the oracle exactly in a skewed triclinic cell, r up to 1.6× the shortest height, cross and self pairs', () => {
    const symbols = [...Array(12).fill('Li'), ...Array(9).fill('Cl')];
    const frames = randomFrames(skewed, symbols.length, 4, 11);
    const rmax = 1.6 * Math.min(...cellHeights(skewed));
    for (const [a, b] of [['Cl', 'Li'], ['Li', 'Li']] as const) {
      const p = params(a, b, rmax, 0.1);
      const { state } = runFrames(rdfAnalysis, p, bareContext(symbols, frames[0]!), frames);
      const oracle = naiveCounts(frames, symbols, a, b, rmax, p.binning.nbins);
      expect(oracle.reduce((s, x) => s + x, 0)).toBeGreaterThan(1000);
      expect(Array.from(state.counts)).toEqual(Array.from(oracle));
    }
  });
});

describe('g(r) of an ideal gas', () => {
  it('→ 1 within counting noise for two independent groups, far beyond half the cell', () => {
    const symbols = [...Array(60).fill('Li'), ...Array(50).fill('Cl')];
    const frames = randomFrames(skewed, symbols.length, 60, 3);
    const h = Math.min(...cellHeights(skewed));
    const { state, result } = runFrames(rdfAnalysis, params('Cl', 'Li', 2 * h, 0.25), bareContext(symbols, frames[0]!), frames);
    const edges = binEdges(state.binning);
    let chi2 = 0, dof = 0, beyond = 0, nb = 0;
    result.g.forEach((g, k) => {
      const expected = state.pairDensitySum * (4 * Math.PI / 3) * (edges[k + 1]! ** 3 - edges[k]! ** 3);
      if (expected < 20) return;
      const z = (g - 1) * Math.sqrt(expected);
      expect(Math.abs(z), `bin ${k}`).toBeLessThan(5);
      chi2 += z * z; dof++;
      if (result.r[k]! > h / 2) { beyond += g; nb++; }
    });
    expect(dof).toBeGreaterThan(30);
    expect(chi2 / dof).toBeLessThan(1.5);
    expect(chi2 / dof).toBeGreaterThan(0.5);
    expect(beyond / nb).toBeCloseTo(1, 2);
    // n(r) = ρ_B·4πr³/3 for an ideal gas.
    const r = result.rEdge[result.rEdge.length - 1]!;
    expect(result.n[result.n.length - 1]! / ((60 / skewed.volume) * 4 * Math.PI * r ** 3 / 3)).toBeCloseTo(1, 2);
  });

  it('a self pair tends to (N−1)/N below the shortest lattice vector (the point itself is excluded)', () => {
    const cell = orthorhombicCell(10, 10, 10);
    const frames = randomFrames(cell, 40, 200, 7);
    const { result } = runFrames(rdfAnalysis, params('Ar', 'Ar', 9.5, 0.5), bareContext(Array(40).fill('Ar'), frames[0]!), frames);
    const outer = result.g.filter((_, k) => result.r[k]! > 3);
    const mean = outer.reduce((s, x) => s + x, 0) / outer.length;
    expect(mean).toBeCloseTo(39 / 40, 2);
  });
});

/** Lattice points written in `cell`, one frame. */
function lattice(kind: 'fcc' | 'bcc', a: number, cell: Cell): Frame {
  return frameOf(0, cubicLatticePoints(kind, a, cell), cell);
}

describe('g(r) of perfect lattices', () => {
  const fccA = 10.05, bccA = 7.98;
  const fccPrimitive = makeCell([0, fccA / 2, fccA / 2, fccA / 2, 0, fccA / 2, fccA / 2, fccA / 2, 0]);
  const bccPrimitive = makeCell([-bccA / 2, bccA / 2, bccA / 2, bccA / 2, -bccA / 2, bccA / 2, bccA / 2, bccA / 2, -bccA / 2]);
  const cases = [
    { kind: 'fcc' as const, a: fccA, cells: { 'conventional 2×2×2': orthorhombicCell(2 * fccA, 2 * fccA, 2 * fccA), '√2×√2×1': makeCell([fccA, fccA, 0, -fccA, fccA, 0, 0, 0, fccA]), 'primitive (1 point, 60° cell)': fccPrimitive },
      shells: [[8.5, 12], [11.2, 18], [13.5, 42]], r1: [7.2, 10] },
    { kind: 'bcc' as const, a: bccA, cells: { 'conventional 2×2×2': orthorhombicCell(2 * bccA, 2 * bccA, 2 * bccA), 'primitive (1 point, 109.47° cell)': bccPrimitive },
      shells: [[7.4, 8], [9.5, 14], [12, 26]], r1: [6.95, 7.95] },
  ];
  for (const c of cases) {
    for (const [name, cell] of Object.entries(c.cells)) {
      it(`${c.kind} ${name}: n(r) gives the shells ${c.shells.map((s) => s[1]).join(', ')} (cumulative); r₁ after the first shell`, () => {
        const f = lattice(c.kind, c.a, cell);
        const n = f.positions.length / 3;
        const { state, result } = runFrames(rdfAnalysis, params('Ar', 'Ar', 14, 0.02), bareContext(Array(n).fill('Ar'), f), [f]);
        for (const [r, want] of c.shells) expect(coordinationAt(state, r!), `n(${r})`).toBeCloseTo(want!, 12);
        expect(result.r1!.value).toBeGreaterThan(c.r1[0]!);
        expect(result.r1!.value).toBeLessThan(c.r1[1]!);
        expect(result.meanCoordination!.value).toBeCloseTo(c.kind === 'fcc' ? 12 : 8, 12);
      });
    }
  }

  it('the triclinic primitive cell and the orthorhombic supercell of one lattice give the same g(r) and n(r)', () => {
    for (const [kind, a, prim] of [['fcc', fccA, fccPrimitive], ['bcc', bccA, bccPrimitive]] as const) {
      const fp = lattice(kind, a, prim), fo = lattice(kind, a, orthorhombicCell(2 * a, 2 * a, 2 * a));
      // 0.037 Å bins: no shell falls within rounding of a bin edge.
      const rp = runFrames(rdfAnalysis, params('Ar', 'Ar', 14, 0.037), bareContext(['Ar'], fp), [fp]).result;
      const ro = runFrames(rdfAnalysis, params('Ar', 'Ar', 14, 0.037), bareContext(Array(fo.positions.length / 3).fill('Ar'), fo), [fo]).result;
      rp.g.forEach((g, k) => expect(g, `${kind} g bin ${k}`).toBeCloseTo(ro.g[k]!, 9));
      rp.n.forEach((x, k) => expect(x, `${kind} n bin ${k}`).toBeCloseTo(ro.n[k]!, 12));
    }
  });
});

describe('g(r) state', () => {
  it('merging the states of any split of the frames equals one pass (counts exactly, g to 1e-12)', () => {
    const symbols = [...Array(10).fill('Li'), ...Array(8).fill('Cl')];
    // Variable cell: every frame its own volume.
    const frames = randomFrames(skewed, symbols.length, 9, 5).map((f, t) => {
      const s = 1 + 0.03 * Math.sin(t);
      return frameOf(t, f.positions.map((x) => x * s), makeCell(skewed.matrix.map((x) => x * s)));
    });
    const p = params('Cl', 'Li', 12, 0.2);
    const ctx = bareContext(symbols, frames[0]!);
    const one = runFrames(rdfAnalysis, p, ctx, frames);
    for (const cut of [1, 4, 8]) {
      const a = runFrames(rdfAnalysis, p, ctx, frames.slice(0, cut)).state;
      const b = runFrames(rdfAnalysis, p, ctx, frames.slice(cut)).state;
      const merged = rdfAnalysis.merge(a, b);
      expect(Array.from(merged.counts)).toEqual(Array.from(one.state.counts));
      const g = rdfAnalysis.finalize(merged, ctx).g;
      g.forEach((x, k) => expect(Math.abs(x - one.result.g[k]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x))));
    }
  });

  it('rejects --r1 beyond rmax before any frame', () => {
    const f = frameOf(0, [0, 0, 0], orthorhombicCell(5, 5, 5));
    expect(() => rdfAnalysis.init(params('Ar', 'Ar', 6, 0.1, { r1: 7 }), bareContext(['Ar'], f))).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('a group that selects nothing is an E_SELECTION error naming the elements present', () => {
    const f = frameOf(0, [0, 0, 0], orthorhombicCell(5, 5, 5));
    expect(() => rdfAnalysis.init(params('Ar', 'Na', 6, 0.1), bareContext(['Ar'], f))).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringMatching(/no Na atoms; elements present: Ar/) }));
  });
});
