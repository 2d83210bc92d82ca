import type { DiagnosticLog } from '../core/diagnostics.js';
import type { Frame } from '../core/frame.js';
import type { Topology } from '../core/topology.js';
import type { IonSelection } from '../chem/select.js';

/**
 * What an analysis knows before the first frame: the atoms, the selected ions (from the
 * first frame), time and temperature where known, and where to report problems.
 */
export interface AnalysisContext {
  topology: Topology;
  /** Mobile cations and anions chosen from the reference frame (`--cation`, `--anion`). */
  ions: IonSelection;
  /** The first selected frame; analyses that build a reference topology use it. */
  reference: Frame;
  /** Spacing of the selected frames (ps), when known. */
  frameSpacing?: number;
  /** Temperature (K), from `--temperature`, a `--run` label or the file. */
  temperature?: number;
  diagnostics: DiagnosticLog;
}

/**
 * An exactly mergeable accumulator (ARCHITECTURE "Analysis contract"). The state holds
 * sufficient statistics (counts, sums, sums of squares), never means, so partial states from
 * chunks of frames, worker threads or batch jobs reduce to the one-pass result:
 * `finalize(merge(run(A), run(B))) == finalize(run(A ∪ B))` up to floating-point rounding.
 *
 * @typeParam P validated parameters
 * @typeParam S state (plain data: it crosses worker and machine boundaries as JSON)
 * @typeParam R result body (SPEC section 10 keys), without the envelope
 */
export interface Analysis<P, S, R> {
  id: string;
  /** Validate parameters and the topology, and build the empty state, before any frame is read. */
  init(params: P, ctx: AnalysisContext): S;
  /** Add one frame. */
  push(state: S, frame: Frame): void;
  /** Combine two states of disjoint frame sets (a's frames precede b's). */
  merge(a: S, b: S): S;
  /** Turn the state into the result body. */
  finalize(state: S, ctx: AnalysisContext): R;
}
