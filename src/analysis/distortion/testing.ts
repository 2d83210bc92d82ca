import { selectIons } from '../../chem/select.js';
import { makeCell, type Cell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import type { Analysis, AnalysisContext } from '../types.js';

/** A 30 Å cubic cell: wide enough that test molecules never touch their images. */
export const TEST_CELL: Cell = makeCell([30, 0, 0, 0, 30, 0, 0, 0, 30]);

/**
 * Frames (spacing `dt` ps) from flat position arrays in TEST_CELL, each with one Li appended at
 * (1, 1, 1) Å so that ion selection finds a cation (test helper of the anion-dynamics analyses).
 */
export function framesOf(positions: Float64Array[], dt = 0.01, cell: Cell = TEST_CELL): Frame[] {
  return positions.map((p, i) => ({ index: i, segment: 0, time: i * dt, positions: Float64Array.from([...p, 1, 1, 1]), cell }));
}

/** An AnalysisContext as runSerial builds it, for frames from framesOf (`symbols` without the appended Li; test helper). */
export function testContext(symbols: string[], frames: Frame[], anion: string, frameSpacing?: number): AnalysisContext {
  const topology = topologyFromSymbols([...symbols, 'Li']);
  const ions = selectIons(topology, frames[0]!, { anion, cation: 'Li' });
  return { topology, ions, reference: frames[0]!, frameSpacing, diagnostics: new DiagnosticLog() };
}

/** Run an analysis over in-memory frames; `split` > 0 runs two chunks and merges them (test helper). */
export function runFrames<P, S, R>(analysis: Analysis<P, S, R>, params: P, ctx: AnalysisContext, frames: Frame[], split = 0): R {
  const part = (fs: Frame[]) => {
    const s = analysis.init(params, ctx);
    for (const f of fs) analysis.push(s, f);
    return s;
  };
  const state = split > 0 ? analysis.merge(part(frames.slice(0, split)), part(frames.slice(split))) : part(frames);
  return analysis.finalize(state, ctx);
}
