/**
 * paddlewheel's library API. Units everywhere: Å, ps, K, amu, e, eV (SPEC "Units").
 */
export * from './core/cell.js';
export * from './core/frame.js';
export * from './core/topology.js';
export * from './core/units.js';
export * from './core/errors.js';
export * from './core/diagnostics.js';
export * from './core/result.js';
export * from './core/elements.js';
export { MinimumImage, reduceCell, unwrapStep, wrapPositions, wrapFraction } from './math/pbc.js';
export { openTrajectory, detectFormat, type Trajectory, type OpenOptions } from './io/open.js';
export { READERS, readerFor, formatIds } from './io/registry.js';
export type { FormatId, FormatReader, ReaderOptions, TrajectoryFile } from './io/types.js';
export { parseFrameSelection, type FrameSelection } from './io/selection.js';
export { SummaryAccumulator, type TrajectorySummary } from './analysis/info/info.js';
export { VERSION } from './version.js';
