/**
 * g(r), n(r), the first-shell cutoff and coordination numbers (SPEC section 5).
 * `firstShellCutoff(r, g)` is the one r₁ definition other analyses (angles, docking) share.
 */
export { DEFAULT_SMOOTHING, type FirstShell, firstShellCutoff, smoothUniform } from './cutoff.js';
export { type Binning, binCentres, binEdges, binOf, makeBinning, addPairs } from './histogram.js';
export { type GroupSetup, type GroupSpec, type GroupTerm, type ResolvedGroup, GroupPositions, parseGroup, parsePair, resolveGroups } from './groups.js';
export { checkR1, emptyRdfState, rdfAnalysis, type RdfParams, type RdfState } from './analysis.js';
export { coordinationAt, rdfResult, type RdfResult } from './result.js';
export { coordinationAnalysis, coordinationResult, type CoordinationParams, type CoordinationResult, type CoordinationState } from './coordination.js';
