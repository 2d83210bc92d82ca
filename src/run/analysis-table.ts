import { anglesAnalysis } from '../analysis/angles/analysis.js';
import { closestApproachAnalysis } from '../analysis/angles/closest.js';
import { densityAnalysis } from '../analysis/density/density.js';
import { distortionAnalysis, type DistortionState } from '../analysis/distortion/analysis.js';
import { dockingAnalysis } from '../analysis/docking/analysis.js';
import { msdAnalysis } from '../analysis/msd/analysis.js';
import { anionLatticeAnalysis } from '../analysis/pauling/entry.js';
import { rdfAnalysis } from '../analysis/rdf/analysis.js';
import { coordinationAnalysis } from '../analysis/rdf/coordination.js';
import { rotationAnalysis } from '../analysis/rotation/analysis.js';
import { sitesAnalysis, type SitesState } from '../analysis/sites/analysis.js';
import { spectraAnalysis } from '../analysis/spectra/analysis.js';
import type { Analysis } from '../analysis/types.js';
import { vanHoveAnalysis } from '../analysis/vanhove/analysis.js';

// Jobs are heterogeneous: each table line keeps its own P, S, R consistent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAnalysis = Analysis<any, any, any>;

/**
 * How the chunked driver may run an analysis:
 * - `chunks`: a fresh state per chunk of consecutive frames, states merged in chunk order
 *   (frame-local sums, or series that merge by concatenation);
 * - `serial`: one state over every frame, pushed in order on the main thread (exactly the
 *   one-pass result): vanhove, because every time origin correlates with frames up to the
 *   end of the trajectory (a chunk would need all later frames); density, because a chunk
 *   state (a voxel grid of MBs to allocate, send and add) costs more than its frames (a
 *   push only bins the cations).
 */
export type Chunking = 'chunks' | 'serial';

/** One analysis a worker thread can run, found by its `id`. */
export interface TableEntry {
  analysis: AnyAnalysis;
  chunking: Chunking;
  /**
   * For analyses whose `init` is costly (a reference model fitted to the reference frame): an
   * empty state equal to what `init` returns, made from any state `init` made in this thread
   * (its fixed parts shared, its sums new), so each chunk after a thread's first skips the
   * init. Must equal init's state exactly (tested); init's diagnostics come from the first.
   */
  renew?: (state: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** distortion: the shape templates matched to every anion in init (tens of ms per chunk) stay. */
function renewDistortion(s: DistortionState): DistortionState {
  return {
    model: s.model, params: s.params, frame: [],
    radialStd: s.radialStd.map(() => []), kabschRmsd: s.kabschRmsd.map(() => []), radius: s.radius.map(() => []),
    histRadialStd: s.histRadialStd.map((row) => row.map(() => 0)), histKabschRmsd: s.histKabschRmsd.map((row) => row.map(() => 0)),
  };
}

/** sites: the reference site topology built in init (and its per-thread runtime) stay. */
function renewSites(s: SitesState): SitesState {
  return {
    model: s.model, frame: [], time: [], assigned: [], weight: [[], [], []],
    totals: { weight: [0, 0, 0], assigned: 0, unassigned: 0 }, maxDisplacement: 0,
  };
}

const LINES: TableEntry[] = [
  { analysis: anionLatticeAnalysis, chunking: 'chunks' },
  { analysis: sitesAnalysis, chunking: 'chunks', renew: renewSites },
  { analysis: densityAnalysis, chunking: 'serial' },
  { analysis: msdAnalysis, chunking: 'chunks' },
  { analysis: vanHoveAnalysis, chunking: 'serial' },
  { analysis: rdfAnalysis, chunking: 'chunks' },
  { analysis: coordinationAnalysis, chunking: 'chunks' },
  { analysis: anglesAnalysis, chunking: 'chunks' },
  { analysis: dockingAnalysis, chunking: 'chunks' },
  { analysis: distortionAnalysis, chunking: 'chunks', renew: renewDistortion },
  { analysis: rotationAnalysis, chunking: 'chunks' },
  { analysis: spectraAnalysis, chunking: 'chunks' },
  // Internal jobs of `analyze`: r_min for angles (the '#closest' job; '#r1' is rdfAnalysis).
  { analysis: closestApproachAnalysis, chunking: 'chunks' },
];

/**
 * Every Analysis object a worker thread can run, by `id`: the analyses of every registry
 * entry plus the internal ones `analyze` uses. A job whose analysis is not here (or not this
 * very object) runs on the main thread, chunked the same way, so results never depend on it.
 */
export const ANALYSIS_TABLE: ReadonlyMap<string, TableEntry> = new Map(LINES.map((l) => [l.analysis.id, l]));

/** The table line of exactly this analysis object (by id and identity), if any. */
export function tableEntryOf(analysis: AnyAnalysis): TableEntry | undefined {
  const e = ANALYSIS_TABLE.get(analysis.id);
  return e && e.analysis === analysis ? e : undefined;
}

/**
 * How the driver runs this analysis: the table's word for known ones; `chunks` for any other,
 * as the Analysis contract promises mergeable states.
 */
export function chunkingOf(analysis: AnyAnalysis): Chunking {
  return tableEntryOf(analysis)?.chunking ?? 'chunks';
}
