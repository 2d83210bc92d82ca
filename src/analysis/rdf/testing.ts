import type { Cell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols, type Topology } from '../../core/topology.js';
import type { IonSelection } from '../../chem/select.js';
import type { Analysis, AnalysisContext } from '../types.js';

/**
 * Test support: an analysis context for bare points (no ion selection: groups must be
 * elements) and a serial run over in-memory frames.
 */
export function bareContext(symbols: string[], first: Frame): AnalysisContext {
  const topology: Topology = topologyFromSymbols(symbols);
  const ions = {
    cationSymbols: [], cations: [], anions: [], anionClusters: [], frameworks: [],
    clusterSet: { clusters: [] }, diagnostics: [],
  } as unknown as IonSelection;
  return { topology, ions, reference: first, diagnostics: new DiagnosticLog() };
}

/** A frame from positions (Å, 3N) and a cell. */
export function frameOf(index: number, positions: ArrayLike<number>, cell: Cell): Frame {
  return { index, segment: 0, positions: Float64Array.from(positions), cell };
}

/** init + push every frame (+ finalize) with a given context. */
export function runFrames<P, S, R>(analysis: Analysis<P, S, R>, params: P, ctx: AnalysisContext, frames: Frame[]): { state: S; result: R } {
  const state = analysis.init(params, ctx);
  for (const f of frames) analysis.push(state, f);
  return { state, result: analysis.finalize(state, ctx) };
}
