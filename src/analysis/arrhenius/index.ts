/**
 * Arrhenius analysis (SPEC section 4): E_a, D0 and D(300 K) from D at several temperatures,
 * σ(300 K) by Nernst–Einstein when the carriers are known, and the D(T) CSV format.
 */
export { arrhenius, type ArrheniusPoint, type ArrheniusPointOut, type ArrheniusResult, type ArrheniusFitDetails, type ArrheniusOptions } from './arrhenius.js';
export { fitLine, predictLine, type LineFit } from './linefit.js';
export { nernstEinstein, parseCarrierDensity, type CarrierComposition } from './nernst-einstein.js';
export { parseArrheniusCsv, readArrheniusCsv, formatArrheniusCsv, type ArrheniusCsv } from './csv.js';
export { chi2Survival, gammaQ, lnGamma } from './chi2.js';
export { pointsFromRuns, type ArrheniusRun, type RunSummary, type RunsResult } from './runs.js';
