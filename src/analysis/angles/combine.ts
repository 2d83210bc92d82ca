import type { Frame } from '../../core/frame.js';
import type { Analysis, AnalysisContext } from '../types.js';

/**
 * Two analyses run as one over the same frames (one read of the trajectory): parameters,
 * states and results are pairs. Merge and finalize act on each half, so the pair is exactly
 * as mergeable as its parts. Used for the pre-pass of `angles`/`docking` (g(r) for r₁ and
 * the closest approach for r_min); generic enough to move to run/ when others need it.
 */
export function pairAnalyses<P1, S1, R1, P2, S2, R2>(a: Analysis<P1, S1, R1>, b: Analysis<P2, S2, R2>): Analysis<[P1, P2], [S1, S2], [R1, R2]> {
  return {
    id: `${a.id}+${b.id}`,
    init: (p: [P1, P2], ctx: AnalysisContext): [S1, S2] => [a.init(p[0], ctx), b.init(p[1], ctx)],
    push: (s: [S1, S2], f: Frame): void => { a.push(s[0], f); b.push(s[1], f); },
    merge: (x: [S1, S2], y: [S1, S2]): [S1, S2] => [a.merge(x[0], y[0]), b.merge(x[1], y[1])],
    finalize: (s: [S1, S2], ctx: AnalysisContext): [R1, R2] => [a.finalize(s[0], ctx), b.finalize(s[1], ctx)],
  };
}
