import { type Cell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import type { IonSelection } from '../../chem/select.js';
import type { Rng } from '../../math/rng.js';
import type { AnalysisContext } from '../types.js';
import { vanHoveAnalysis, type VanHoveState } from './analysis.js';
import type { VanHoveParams } from './params.js';
import type { VanHoveResult } from './result.js';

/**
 * Test support: a context for in-memory frames, with the cations given by index (no ion
 * selection, so systems without anions, such as an ideal gas, can be analysed).
 */
export function testContext(symbols: string[], cations: number[], reference: Frame, frameSpacing = 0.01): AnalysisContext {
  return {
    topology: topologyFromSymbols(symbols),
    ions: { cationSymbols: [symbols[cations[0]!]!], cations } as unknown as IonSelection,
    reference,
    frameSpacing,
    diagnostics: new DiagnosticLog(),
  };
}

/** Push `frames` into a fresh state (optionally with chunk parameters); returns the state. */
export function pushAll(frames: Frame[], ctx: AnalysisContext, params: VanHoveParams): VanHoveState {
  const s = vanHoveAnalysis.init(params, ctx);
  for (const f of frames) vanHoveAnalysis.push(s, f);
  return s;
}

/** Run the analysis over in-memory frames. */
export function runFrames(frames: Frame[], ctx: AnalysisContext, params: VanHoveParams): VanHoveResult {
  return vanHoveAnalysis.finalize(pushAll(frames, ctx, params), ctx);
}

/**
 * `count` frames of `n` atoms: uniform random starting positions in `cell`, then a Gaussian
 * random walk of `step` Å rms per axis per frame, positions left unwrapped.
 */
export function randomWalk(rng: Rng, cell: Cell, n: number, count: number, step: number): Frame[] {
  const m = cell.matrix;
  const p = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const a = rng.nextFloat(), b = rng.nextFloat(), c = rng.nextFloat();
    for (let k = 0; k < 3; k++) p[3 * i + k] = a * m[k]! + b * m[3 + k]! + c * m[6 + k]!;
  }
  const frames: Frame[] = [];
  for (let t = 0; t < count; t++) {
    if (t > 0) for (let i = 0; i < p.length; i++) p[i] += step * rng.nextNormal();
    frames.push({ index: t, segment: 0, time: 0.01 * t, positions: Float64Array.from(p), cell });
  }
  return frames;
}
