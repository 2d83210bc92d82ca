import { type Cell, cartToFrac, fracToCart } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { idealB12H12, IDENTITY } from '../../chem/icosahedron.js';
import { selectIons } from '../../chem/select.js';
import type { Analysis, AnalysisContext } from '../types.js';

/**
 * Test helpers for the angle and docking analyses: one ideal B12H12 with given cations, as a
 * frame and an analysis context (ion selection as the driver would make it).
 */

/** Symbols and positions of ideal B12H12 anions (centres flat, 3 each) followed by `cation` atoms at `cations` (Å, flat). */
export function anionsWithCations(centres: ArrayLike<number>, cations: ArrayLike<number>, rotations: ArrayLike<number>[] = [], cation = 'Li'): { symbols: string[]; positions: Float64Array } {
  const nA = centres.length / 3;
  const B: number[] = [], H: number[] = [];
  for (let k = 0; k < nA; k++) {
    const ion = idealB12H12([centres[3 * k]!, centres[3 * k + 1]!, centres[3 * k + 2]!], rotations[k] ?? IDENTITY);
    B.push(...ion.positions.subarray(0, 36));
    H.push(...ion.positions.subarray(36));
  }
  const nC = cations.length / 3;
  return {
    symbols: [...Array<string>(12 * nA).fill('B'), ...Array<string>(12 * nA).fill('H'), ...Array<string>(nC).fill(cation)],
    positions: Float64Array.from([...B, ...H, ...Array.from(cations)]),
  };
}

/** Wrap positions into the cell (fractional [0, 1)). */
export function wrapped(cell: Cell, positions: ArrayLike<number>): Float64Array {
  const f = cartToFrac(cell, positions);
  for (let i = 0; i < f.length; i++) f[i] = f[i]! - Math.floor(f[i]!);
  return fracToCart(cell, f);
}

/** A context for `symbols` with the reference frame `frame` (cation and anion as the CLI would select). */
export function contextFor(symbols: string[], frame: Frame, cation = 'Li', anion = 'B12H12'): AnalysisContext {
  const topology = topologyFromSymbols(symbols);
  const ions = selectIons(topology, frame, { cation, anion });
  return { topology, ions, reference: frame, diagnostics: new DiagnosticLog() };
}

/** Frame with index i. */
export function frameOf(positions: Float64Array, cell: Cell, index = 0): Frame {
  return { index, segment: 0, positions, cell };
}

/** Run an analysis over frames in one state, or split at `split` and merged. */
export function runFrames<P, S, R>(a: Analysis<P, S, R>, params: P, ctx: AnalysisContext, frames: Frame[], split?: number): R {
  if (split === undefined) {
    const s = a.init(params, ctx);
    for (const f of frames) a.push(s, f);
    return a.finalize(s, ctx);
  }
  const s1 = a.init(params, ctx), s2 = a.init(params, ctx);
  frames.slice(0, split).forEach((f) => a.push(s1, f));
  frames.slice(split).forEach((f) => a.push(s2, f));
  return a.finalize(a.merge(s1, s2), ctx);
}
