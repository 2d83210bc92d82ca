import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { selectIons } from '../../chem/select.js';
import { unwrapStep } from '../../math/pbc.js';
import type { AnalysisContext } from '../types.js';
import { spectraAnalysis } from './analysis.js';
import { seriesColumn } from './series.js';
import { type SpectraState, initSpectra, mergeSpectra, pushSpectra } from './state.js';
import { oscillatorSystem } from './testing.js';

const dt = 0.002;
function context(topology: Topology, frames: Frame[]): AnalysisContext {
  const ions = selectIons(topology, frames[0]!, { cation: 'Li', anion: 'B12H12' });
  return { topology, ions, reference: frames[0]!, frameSpacing: dt, diagnostics: new DiagnosticLog() };
}
function stateOf(ctx: AnalysisContext, frames: Frame[], velocities: 'file' | 'finite-difference', maxLag?: number, whole = false): SpectraState {
  const s = initSpectra({ velocities, maxLag }, ctx);
  // The whole-series route with the same maxLag: the oracle of the bounded-memory one.
  if (whole) s.window = undefined;
  for (const f of frames) pushSpectra(s, f);
  return s;
}

/** Every number of two results agrees to `tol` relative to the largest magnitude of its array (or itself). */
function expectClose(a: unknown, b: unknown, tol: number, scale = 0): void {
  if (typeof a === 'number') {
    expect(typeof b).toBe('number');
    const d = Math.abs(a - (b as number));
    if (!(d <= tol * Math.max(scale, Math.abs(a)))) expect(b).toBe(a);
  } else if (Array.isArray(a)) {
    expect((b as unknown[]).length).toBe(a.length);
    const sc = Math.max(0, ...a.filter((x) => typeof x === 'number').map(Math.abs));
    a.forEach((x, i) => expectClose(x, (b as unknown[])[i], tol, sc));
  } else if (a && typeof a === 'object') {
    expect(Object.keys(b as object).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol);
  } else {
    expect(b).toEqual(a);
  }
}
// Li crossing a cell face, an anion straddling one and spinning: every kind of wrap.
const sys = oscillatorSystem({ frames: 60, dt, spin: 20, spinAxis: [1, 1, 0], modes: [{ amplitude: 0.3, frequency: 9, axis: 0, phaseStep: 1 }] });

describe('spectra state', () => {
  it('finite-difference velocities are the central differences of the unwrapped positions (naive oracle)', () => {
    const ctx = context(sys.topology, sys.frames);
    const s = stateOf(ctx, sys.frames, 'finite-difference');
    const T = sys.frames.length, N = sys.topology.symbols.length;
    const u: Float64Array[] = [Float64Array.from(sys.frames[0]!.positions)];
    for (let t = 1; t < T; t++) {
      const x = Float64Array.from(u[t - 1]!);
      unwrapStep(x, sys.frames[t - 1]!.positions, sys.frames[t]!.positions, sys.frames[t]!.cell);
      u.push(x);
    }
    expect(s.series.rows).toBe(T - 2);
    let worst = 0;
    s.atoms.forEach((atom, j) => {
      for (let k = 0; k < 3; k++) {
        const got = seriesColumn(s.series, 3 * j + k);
        for (let t = 1; t < T - 1; t++) {
          const want = (u[t + 1]![3 * atom + k]! - u[t - 1]![3 * atom + k]!) / (2 * dt);
          worst = Math.max(worst, Math.abs(got[t - 1]! - want));
        }
      }
    });
    expect(s.atoms.length).toBe(N);
    expect(worst).toBeLessThan(1e-10);
  });

  it('merging consecutive parts of any size (empty, 1, 2, 3 frames …) in any order of reduction is bit-identical to one pass', () => {
    const ctx = context(sys.topology, sys.frames);
    for (const velocities of ['file', 'finite-difference'] as const) {
      const one = spectraAnalysis.finalize(stateOf(ctx, sys.frames, velocities), ctx);
      for (const cuts of [[0, 1, 2, 4, 7, 30, 31, 60], [0, 0, 2, 3, 3, 59, 60], [0, 29, 31, 60]]) {
        const parts = cuts.slice(1).map((c, i) => stateOf(ctx, sys.frames.slice(cuts[i]!, c), velocities));
        const left = parts.reduce((a, b) => mergeSpectra(a, b));
        const tree = (xs: SpectraState[]): SpectraState => (xs.length === 1 ? xs[0]! : mergeSpectra(tree(xs.slice(0, xs.length >> 1)), tree(xs.slice(xs.length >> 1))));
        expect(spectraAnalysis.finalize(left, ctx)).toEqual(one);
        expect(spectraAnalysis.finalize(tree(parts), ctx)).toEqual(one);
      }
      // Frames pushed into a merged state continue it.
      const m = mergeSpectra(stateOf(ctx, sys.frames.slice(0, 20), velocities), stateOf(ctx, sys.frames.slice(20, 41), velocities));
      for (const f of sys.frames.slice(41)) pushSpectra(m, f);
      expect(spectraAnalysis.finalize(m, ctx)).toEqual(one);
    }
  });

  it('with --max-lag: bounded-memory sums give the whole-series spectra (1e-10), merged from parts too, in a state whose size does not grow with the frames', () => {
    const long = oscillatorSystem({ frames: 400, dt, spin: 20, spinAxis: [1, 1, 0], modes: [{ amplitude: 0.3, frequency: 9, axis: 0, phaseStep: 1 }] });
    const ctx = context(long.topology, long.frames);
    for (const velocities of ['file', 'finite-difference'] as const) {
      const maxLag = 0.03; // 15 frames
      const whole = spectraAnalysis.finalize(stateOf(ctx, long.frames, velocities, maxLag, true), ctx);
      const one = stateOf(ctx, long.frames, velocities, maxLag);
      expect(one.window?.maxLag).toBe(15);
      expect(one.series.rows).toBe(0);
      const short = stateOf(ctx, long.frames.slice(0, 100), velocities, maxLag);
      expect(one.window!.recent.length).toBe(short.window!.recent.length);
      expect(one.window!.head.length).toBe(short.window!.head.length);
      expectClose(spectraAnalysis.finalize(one, ctx), whole, 1e-10);
      const cuts = [0, 1, 3, 17, 18, 150, 399, 400];
      const parts = cuts.slice(1).map((c, i) => stateOf(ctx, long.frames.slice(cuts[i]!, c), velocities, maxLag));
      expectClose(spectraAnalysis.finalize(parts.reduce((a, b) => mergeSpectra(a, b)), ctx), whole, 1e-10);
    }
  });
});
