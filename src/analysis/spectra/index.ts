/** Vibrational and angular-velocity spectra (SPEC section 7): the analysis and its parts. */
export { spectraAnalysis } from './analysis.js';
export { DEFAULT_BANDS, MAX_SPECTRA_SPACING, checkSpectraSpacing, parseBands, type Band, type SpectraParams, type VelocitySourceOption } from './params.js';
export type { BandWeights, SpectraOverlap, SpectraResult, SpectraResultCore, SpectrumGroup } from './result.js';
export { bandIntegral, bandOverlap, findPeaks, meanVectorAcf, spectrumFromAcf, type Peak, type Spectrum } from './spectrum.js';
export { atomOmega, rigidOmega } from './angular.js';
