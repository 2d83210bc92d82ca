import type { Quantity } from '../../core/result.js';
import type { Peak } from './spectrum.js';

/** What one spectrum is of. */
export interface SpectrumGroup {
  /** Key of its array in the result: an element (`Li`, `B`, `H`) or `anionOmegaAtoms` / `anionOmegaRigid`. */
  name: string;
  kind: 'cation' | 'anion-atoms' | 'anion-omega-atoms' | 'anion-omega-rigid';
  /** Number of series items averaged (atoms, or anions for the rigid ω). */
  count: number;
  /** C(0): mean square velocity (Å²/ps²) or angular velocity (rad²/ps²). */
  meanSquare: Quantity;
  /** m⟨v²⟩/(3k_B) (K) for atom groups: the group's kinetic temperature, a check of units and equipartition. */
  kineticTemperature?: Quantity;
  /** Strongest maxima of the normalised spectrum (up to 5, highest first). */
  peaks: Peak[];
}

/** Integrated weight of each spectrum in a band. */
export interface BandWeights {
  name: string;
  /** THz; `to` is the Nyquist frequency where the band was open-ended. */
  from: number;
  to: number;
  weights: Record<string, number>;
}

/** Shape overlap of a cation spectrum with an anion angular-velocity spectrum in a low-frequency range. */
export interface SpectraOverlap {
  cation: string;
  anion: 'anionOmegaRigid' | 'anionOmegaAtoms';
  from: number;
  to: number;
  /** ∫ min(Ŝ_cation, Ŝ_anion) df with both renormalised to unit area in [from, to]; 0 … 1. */
  value: number;
}

/**
 * Result body of `spectra` (SPEC section 10): `frequency` plus one array per group named by
 * it (spectral density in 1/THz, each integrating to 1 over 0 … f_Nyquist), `bands`,
 * `velocitySource`, `units`, and the details below.
 */
export interface SpectraResultCore {
  frequency: number[];
  velocitySource: 'file' | 'finite-difference';
  bands: BandWeights[];
  /** Weight of each spectrum outside every band (1 − weight of the union of bands). */
  unbanded: Record<string, number>;
  groups: SpectrumGroup[];
  overlap: SpectraOverlap[];
  frames: number;
  /** Frames the series used (frames − 2 with finite differences). */
  seriesFrames: number;
  frameSpacing: Quantity;
  nyquist: Quantity;
  maxLag: Quantity;
  /** Grid spacing of `frequency` (THz). */
  df: Quantity;
  /** FWHM of the Hann kernel (THz): the spectral resolution. */
  resolution: Quantity;
  window: string;
  normalisation: string;
  units: Record<string, string>;
}

/** The full body: the core keys and one `number[]` per group name. */
export type SpectraResult = SpectraResultCore & { [group: string]: unknown };
