import type { Quantity } from '../../core/result.js';

/**
 * What is subtracted from every atom before the MSD (`--drift`):
 * - `none`: nothing;
 * - `framework` (default): the mean of the anion centres (every selected anion, monatomic ones
 *   included), unwrapped frame to frame;
 * - `species`: the mean of all atoms of one element.
 * In both non-trivial cases the subtracted vector at frame t is the displacement of that mean
 * since the first frame, Δ(t) = ū(t) − ū(0) (Å), applied to every tracked atom.
 */
export type DriftSpec = { kind: 'none' } | { kind: 'framework' } | { kind: 'species'; symbol: string };

/** A fit window in ps (start < end, both lags from 0). */
export interface FitWindowSpec {
  start: number;
  end: number;
}

/** Parameters of the transport analysis (all optional; defaults in the TSDoc of each). */
export interface MsdParams {
  /** Drift removal; default `{kind: 'framework'}`. */
  drift?: DriftSpec;
  /** A frame-to-frame step longer than this fraction of the shortest cell height is flagged; default 0.3. */
  jumpThreshold?: number;
  /** Formal charge (e) per mobile-ion element; default DEFAULT_FORMAL_CHARGES. */
  charges?: Record<string, number>;
  /** Fit window (ps); default 10 %–60 % of the trajectory duration. */
  fit?: FitWindowSpec;
  /** Largest lag returned (ps); default half the duration, or the fit window's end when that is later. */
  maxLag?: number;
  /** Temperature (K) given by the user (`--temperature` or a `--run` label); else the file's mean. */
  temperature?: number;
  /** Where the temperature came from, for the output (`--temperature`, `--run 600K`). */
  temperatureSource?: string;
}

/** A quantity with a standard error and the method that gave it (SPEC section 10). */
export interface StatQuantity extends Quantity {
  stderr: number;
  method: string;
}

/** A fitted linear model MSD(t) ≈ intercept + slope·t over the fit window. */
export interface MsdFit {
  /** Slope (Å²/ps for the tracer, e²Å²/ps for the collective MSD). */
  slope: number;
  slopeStderr: number;
  intercept: number;
  interceptStderr: number;
  /** Lags (ps) the fit used (a subset of the window's lags, evenly spaced). */
  lags: number[];
}

/** Result body of the transport analysis (SPEC section 10 `msd` keys and more). */
export interface MsdResult {
  /** Mobile-ion elements whose MSD this is. */
  species: string[];
  /** Number of tracked atoms. */
  atoms: number;
  frames: number;
  /** Spacing of the frames (ps). */
  frameSpacing: number;
  /** Lags (ps), 0 … maxLag. */
  lag: number[];
  /** Tracer MSD (Å²) at each lag, averaged over atoms and time origins. */
  msd: number[];
  /** Its x, y, z parts (Å²); msd = x + y + z. */
  msdComponents: { x: number[]; y: number[]; z: number[] };
  /** ⟨|Σ_i q_i Δr_i(lag)|²⟩ over time origins (e²Å², not divided by the number of ions). */
  collectiveMsd: number[];
  /** Tracer diffusion coefficient D* (cm²/s) with stderr and method. */
  D: StatQuantity;
  /** The same in Å²/ps. */
  DAngstrom: StatQuantity;
  /** Per-direction D (cm²/s): slope of the x, y, z MSD over 2. */
  DComponents: { x: StatQuantity; y: StatQuantity; z: StatQuantity };
  /** Fit window [start, end] (ps) as used (snapped to frame lags). */
  fitWindow: [number, number];
  fit: MsdFit;
  collectiveFit: MsdFit;
  /** "Charge diffusion coefficient" D_σ = slope_collective/(6 Σ_i q_i²) (cm²/s); H_R = D* / D_σ. */
  DSigma: StatQuantity;
  /** Temperature used for σ (K), or null. */
  temperature: (Quantity & { source: string }) | null;
  /** Mean cell volume (Å³). */
  volume: Quantity;
  /** σ from the collective MSD (S/cm), or null without a temperature. */
  conductivity: StatQuantity | null;
  /** Nernst–Einstein σ from D* (S/cm), or null. */
  conductivityNernstEinstein: StatQuantity | null;
  /** Haven ratio D* / D_σ = σ_NE/σ (dimensionless). */
  havenRatio: StatQuantity;
  /** Charges used (e) per element. */
  charges: Record<string, number>;
  /**
   * Drift removal as applied. `collectiveShare` = (Σq)²·(mean squared standard error of the
   * reference mean, from the spread of its points) over the collective MSD at the fit end: how
   * much of the collective signal is uncertainty of the reference (σ and H_R then depend on the
   * choice of reference beyond their stated errors). A common drift does not count.
   */
  drift: { mode: string; points: number; description: string; maxDisplacement: number; collectiveShare: number };
  /** Largest-lag bound of the returned curves (ps) and why. */
  maxLag: { value: number; unit: 'ps'; source: 'default' | 'option' | 'fit window' };
  /** Steps longer than the threshold (unwrapping may be wrong there). */
  jumps: { threshold: number; thresholdFraction: number; count: number; frames: number[] };
  /** Memory the unwrapped series took: (atoms + framework points) × frames × 3 × 8 bytes. */
  seriesBytes: number;
  /** Units of the arrays (SPEC section 10 `units` map). */
  units: Record<string, string>;
}
