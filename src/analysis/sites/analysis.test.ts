import { describe, expect, it } from 'vitest';
import { type Cell, makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols, type Topology } from '../../core/topology.js';
import { cubicLatticePoints } from '../../chem/lattice.js';
import { selectIons } from '../../chem/select.js';
import { li2b12h12Cell } from '../../chem/testing.js';
import { createRng, type Rng } from '../../math/rng.js';
import type { AnalysisContext } from '../types.js';
import { sitesAnalysis, type SitesState } from './analysis.js';
import { binaryEntropy } from './entropy.js';
import type { SitesParams } from './model.js';
import { buildSiteTopology, referenceSitePositions } from './topology.js';

/** A trajectory: Cl anions on the fcc points of `cell`, Li on chosen positions; `frames` jittered copies. */
function system(cell: Cell, anions: Float64Array, li: number[], frames: number, rng: Rng, jitter = { anion: 0, cation: 0 }) {
  const nA = anions.length / 3, nL = li.length / 3;
  const topology = topologyFromSymbols([...Array<string>(nA).fill('Cl'), ...Array<string>(nL).fill('Li')]);
  const list: Frame[] = [];
  for (let f = 0; f < frames; f++) {
    const pos = new Float64Array(3 * (nA + nL));
    for (let i = 0; i < 3 * nA; i++) pos[i] = anions[i]! + jitter.anion * rng.nextNormal();
    for (let i = 0; i < 3 * nL; i++) pos[3 * nA + i] = li[i]! + jitter.cation * rng.nextNormal();
    list.push({ index: f, segment: 0, time: 0.1 * f, positions: pos, cell });
  }
  return { topology, frames: list };
}

function context(topology: Topology, reference: Frame, anion = 'Cl'): AnalysisContext {
  const ions = selectIons(topology, reference, { cation: 'Li', anion });
  return { topology, ions, reference, diagnostics: new DiagnosticLog() };
}

function run(topology: Topology, frames: Frame[], params: SitesParams = {}, anion = 'Cl') {
  const ctx = context(topology, frames[0]!, anion);
  const state = sitesAnalysis.init(params, ctx);
  for (const f of frames) sitesAnalysis.push(state, f);
  return { result: sitesAnalysis.finalize(state, ctx), state, ctx };
}

/** Reference site positions of each kind for the fcc lattice in `cell`. */
function idealSites(cell: Cell, a: number) {
  const p = cubicLatticePoints('fcc', a, cell);
  const t = buildSiteTopology(p, cell, 0.85 * a);
  const pos = referenceSitePositions(t, p, cell);
  const of = (k: number) => t.kind.flatMap((kk, s) => (kk === k ? [[pos[3 * s]!, pos[3 * s + 1]!, pos[3 * s + 2]!]] : []));
  return { anions: p, linear: of(0), trigonal: of(1), tetrahedral: of(2) };
}

const A = 10.05;
const PAPER = makeCell([A, A, 0, -A, A, 0, 0, 0, A]);
const C222 = makeCell([2 * A, 0, 0, 0, 2 * A, 0, 0, 0, 2 * A]);

describe('sites analysis: occupancy P1/P2 and entropy S̃ (SPEC 2.3–2.6)', () => {
  it('16 Li on trigonal sites of β-Li2B12H12 (208 atoms, B12H12 centres): P1 trigonal ≈ 1, S̃ = 4·h(1/4) = 2.249 k_B', () => {
    const g = li2b12h12Cell(createRng(5));
    const topology = topologyFromSymbols(g.symbols);
    const frames: Frame[] = [0, 1, 2, 3].map((i) => ({ index: i, segment: 0, positions: g.positions, cell: g.cell }));
    const { result: r } = run(topology, frames, {}, 'B12H12');
    expect(r.framework).toEqual({ kind: 'anion centres', label: 'B12H12 centre', points: 8 });
    expect(r.lattice.lattice).toBe('fcc');
    expect(r.lattice.a!.value).toBeCloseTo(10.05, 9);
    expect(r.siteCutoff.value).toBeCloseTo(0.85 * 10.05, 9);
    expect(r.siteCounts).toEqual({ linear: 48, trigonal: 64, tetrahedral: 16 });
    expect(r.P1.trigonal.value).toBeGreaterThan(0.9995);
    expect(r.P2.trigonal.value).toBeCloseTo(0.25, 3);
    expect(r.entropy.value).toBeCloseTo(4 * binaryEntropy(0.25), 2);
    expect(r.unassignedFraction).toBe(0);
    expect(r.frames).toBe(4);
  });

  it('16 Li on the 16 tetrahedral sites: P1 tetrahedral ≈ 1, P2 = 1, S̃ ≈ 0', () => {
    const s = idealSites(PAPER, A);
    const { topology, frames } = system(PAPER, s.anions, s.tetrahedral.flat(), 3, createRng(1));
    const { result: r } = run(topology, frames);
    expect(r.P1.tetrahedral.value).toBeGreaterThan(0.999);
    expect(r.P2.tetrahedral.value).toBeGreaterThan(0.999);
    expect(r.entropy.value).toBeLessThan(0.005);
  });

  it('a designed mix (10 tetrahedral, 20 trigonal, 10 linear) with thermal jitter is reproduced, in a 2×2×2 cell (cell-list search)', () => {
    const rng = createRng(9);
    const s = idealSites(C222, A);
    const pick = (list: number[][], n: number) => list.filter((_, i) => i % Math.floor(list.length / n) === 0).slice(0, n);
    const li = [...pick(s.tetrahedral, 10), ...pick(s.trigonal, 20), ...pick(s.linear, 10)].flat();
    const { topology, frames } = system(C222, s.anions, li, 20, rng, { anion: 0.1, cation: 0.05 });
    const { result: r } = run(topology, frames);
    expect(r.siteCounts).toEqual({ linear: 192, trigonal: 256, tetrahedral: 64 });
    expect(r.P1.tetrahedral.value).toBeCloseTo(0.25, 2);
    expect(r.P1.trigonal.value).toBeCloseTo(0.5, 2);
    expect(r.P1.linear.value).toBeCloseTo(0.25, 2);
    expect(r.P1.linear.value + r.P1.trigonal.value + r.P1.tetrahedral.value).toBeCloseTo(1, 12);
    expect(r.P2.trigonal.value).toBeCloseTo((40 * r.P1.trigonal.value) / 256, 12);
    expect(r.P1.trigonal.stderr).toBeGreaterThan(0);
    expect(r.P1.trigonal.method).toMatch(/jackknife over 10 contiguous blocks of ≥ 2 frames/);
    expect(r.series.frame).toHaveLength(20);
    expect(r.series.P1.trigonal[0]).toBeCloseTo(0.5, 2);
    expect(r.entropy.unit).toBe('k_B');
  });

  it('merge of random contiguous splits (in or out of order) equals the one-pass result to ≤ 1e-12, and a JSON round trip of the state changes nothing', () => {
    const rng = createRng(21);
    const s = idealSites(PAPER, A);
    const li = [...s.trigonal.slice(0, 10), ...s.linear.slice(0, 6)].flat();
    const { topology, frames } = system(PAPER, s.anions, li, 40, rng, { anion: 0.15, cation: 0.4 });
    const one = run(topology, frames).result;
    const ctx = context(topology, frames[0]!);
    for (let trial = 0; trial < 6; trial++) {
      const cuts = [0, ...Array.from({ length: 1 + rng.nextInt(4) }, () => 1 + rng.nextInt(frames.length - 1)).sort((x, y) => x - y), frames.length];
      const parts: SitesState[] = [];
      for (let c = 0; c + 1 < cuts.length; c++) {
        const st = sitesAnalysis.init({}, ctx);
        for (const f of frames.slice(cuts[c], cuts[c + 1])) sitesAnalysis.push(st, f);
        parts.push(trial % 2 ? JSON.parse(JSON.stringify(st)) as SitesState : st);
      }
      if (trial % 3 === 2) parts.reverse();
      const merged = parts.reduce((x, y) => sitesAnalysis.merge(x, y));
      const r = sitesAnalysis.finalize(merged, ctx);
      for (const k of ['linear', 'trigonal', 'tetrahedral'] as const) {
        expect(rel(r.P1[k].value, one.P1[k].value), k).toBeLessThan(1e-12);
        expect(rel(r.P2[k].value, one.P2[k].value)).toBeLessThan(1e-12);
        expect(rel(r.P1[k].stderr!, one.P1[k].stderr!)).toBeLessThan(1e-12);
      }
      expect(rel(r.entropy.value, one.entropy.value)).toBeLessThan(1e-12);
      expect(rel(r.entropy.stderr!, one.entropy.stderr!)).toBeLessThan(1e-12);
      expect(r.series.frame).toEqual(one.series.frame);
    }
  });

  it('cations beyond reach of every site are counted as unassigned and reported, never dropped', () => {
    const s = idealSites(PAPER, A);
    const li = [...s.trigonal.slice(0, 3).flat(), ...s.linear[0]!.map((x, k) => x + (k === 2 ? 0.8 : 0))];
    const { topology, frames } = system(PAPER, s.anions, li, 2, createRng(2));
    const { result: r, ctx } = run(topology, frames, { siteRadius: 0.5 });
    expect(r.unassigned).toBe(2);
    expect(r.cationFrames).toBe(8);
    expect(r.unassignedFraction).toBeCloseTo(0.25, 15);
    expect(r.P1.trigonal.value).toBeCloseTo(1, 12);
    expect(ctx.diagnostics.toArray().some((d) => d.code === 'W_UNASSIGNED_CATIONS' && /2 of 8 cation-frames/.test(d.message))).toBe(true);
  });

  it('a framework that is no fcc/bcc lattice gets the g(r)-minimum cutoff with a warning naming it', () => {
    const cell = makeCell([12, 0, 0, 0, 12, 0, 0, 0, 12]);
    const sc: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) sc.push(4 * i, 4 * j, 4 * k);
    const { topology, frames } = system(cell, Float64Array.from(sc), [2, 0, 0, 6, 0, 0], 2, createRng(3));
    const { result: r, ctx } = run(topology, frames);
    expect(r.lattice.lattice).toBe('other');
    expect(r.siteCutoff.source).toBe('g(r) minimum');
    expect(r.siteCutoff.value).toBeGreaterThan(4.2);
    expect(r.siteCutoff.value).toBeLessThan(5.5);
    expect(r.siteCounts).toEqual({ linear: 81, trigonal: 0, tetrahedral: 0 });
    const w = ctx.diagnostics.toArray().find((d) => d.code === 'W_SITE_CUTOFF_GUESSED');
    expect(w?.message).toContain(r.siteCutoff.value.toFixed(3));
    expect(r.P1.linear.value).toBe(1);
  });

  it('framework atoms of chosen elements work like anion centres', () => {
    const s = idealSites(PAPER, A);
    const { topology, frames } = system(PAPER, s.anions, s.trigonal.slice(0, 16).flat(), 2, createRng(4));
    const a = run(topology, frames).result;
    const b = run(topology, frames, { frameworkAtoms: ['Cl'] }).result;
    expect(b.framework.kind).toBe('atoms');
    expect(b.siteCounts).toEqual(a.siteCounts);
    expect(b.P1.trigonal.value).toBeCloseTo(a.P1.trigonal.value, 12);
  });

  it('errors before any frame: a cutoff giving no sites, counts contradicting the lattice, absent framework atoms, bad settings', () => {
    const s = idealSites(PAPER, A);
    const { topology, frames } = system(PAPER, s.anions, s.trigonal.slice(0, 4).flat(), 1, createRng(5));
    const ctx = context(topology, frames[0]!);
    expect(() => sitesAnalysis.init({ siteCutoff: 5 }, ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringMatching(/gives no sites/) }));
    expect(() => sitesAnalysis.init({ siteCutoff: 11 }, ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringMatching(/fcc lattice .* with 6\/8\/2; choose 7\.11 Å < --site-cutoff < 10\.05 Å/) }));
    expect(() => sitesAnalysis.init({ frameworkAtoms: ['Br'] }, ctx)).toThrow(expect.objectContaining({ code: 'E_SELECTION', message: expect.stringMatching(/Br is not in this structure/) }));
    expect(() => sitesAnalysis.init({ frameworkAtoms: ['Li'] }, ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => sitesAnalysis.init({ sigma2: -1 }, ctx)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(sitesAnalysis.init({ siteCutoff: 8 }, ctx).model.topology.counts.trigonal).toBe(64);
  });
});

function rel(x: number, y: number): number {
  return Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);
}
