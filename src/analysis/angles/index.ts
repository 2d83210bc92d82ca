/** Symmetry frustration: cation–anion–cation angle distributions against templates (SPEC section 6). */
export { anglesAnalysis, type AnglesParams, type AnglesState } from './analysis.js';
export { finalizeAngles, type AngleRange, type AnglesResult } from './result.js';
export { parseRanges, rangeEdges, type RangeSpec, DEFAULT_RANGE_COUNT } from './ranges.js';
export { FirstShell, unitAngle } from './shell.js';
export { chooseLatticeTemplate, icosahedralAngles, parseLattice, parseSite, type LatticeTemplateChoice, type TemplateOverrides } from './template.js';
export { DEFAULT_WINDOW, inWindows, isotropicFraction, templateWindows, type Interval } from './windows.js';
export { closestApproachAnalysis, type ClosestState } from './closest.js';
export { pairAnalyses } from './combine.js';
