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

/**
 * Which collective (charge) displacement gives σ (`--collective`):
 * - `all-ions` (default): P(t) = Σ_i q_i Δr_i over every ion of the cell — mobile cations,
 *   and every other ion (molecular anions as rigid units at their centre of mass, monatomic
 *   anions, spectator cations) with its formal charge. The cell is neutral (Σq = 0), so P is
 *   unchanged by any uniform translation: no drift reference enters σ.
 * - `cations`: the mobile cations only, each relative to the `--drift` reference (Σq ≠ 0, so
 *   σ depends on that reference; see `drift.collectiveShare`).
 */
export type CollectiveMode = 'all-ions' | 'cations';

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
  /**
   * Charge (e) per ion: element symbols (mobile cations, spectators, monatomic anions) or
   * formulas of molecular ions (`PS4`, as formatFormula writes them); defaults
   * DEFAULT_FORMAL_CHARGES, ANION_FORMAL_CHARGES, SPECTATOR_FORMAL_CHARGES.
   */
  charges?: Record<string, number>;
  /** Collective MSD over all ions (default) or the mobile cations only. */
  collective?: CollectiveMode;
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
  /**
   * ⟨|Σ_i q_i Δr_i(lag)|²⟩ over time origins (e²Å², not divided by the number of ions); the
   * sum runs over the ions that `collectiveMsdMethod` names.
   */
  collectiveMsd: number[];
  /** How the collective MSD was formed: mode, words, and every ion with its charge. */
  collectiveMsdMethod: {
    mode: CollectiveMode;
    description: string;
    /** Each kind of ion in the sum: count, charge (e) and where the charge came from. */
    ions: { ion: string; count: number; charge: number; source: string; mobile: boolean }[];
    /** Σq over the ions in the sum (e): 0 for all-ions. */
    netCharge: number;
    /** Whether the --drift reference enters the collective MSD (false for all-ions). */
    dependsOnDrift: boolean;
  };
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
  /**
   * "Charge diffusion coefficient" D_σ = slope_collective/(6 Σ_i q_i²) (cm²/s), Σ over the
   * mobile cations in both modes, so that H_R = D* / D_σ = σ_NE / σ.
   */
  DSigma: StatQuantity;
  /** Temperature used for σ (K), or null. */
  temperature: (Quantity & { source: string }) | null;
  /** Mean cell volume (Å³). */
  volume: Quantity;
  /** σ from the collective MSD (S/cm), or null without a temperature. */
  conductivity: StatQuantity | null;
  /** Nernst–Einstein σ from D* of the mobile cations (S/cm; other ions taken as immobile), or null. */
  conductivityNernstEinstein: StatQuantity | null;
  /** Haven ratio D* / D_σ = σ_NE/σ (dimensionless). */
  havenRatio: StatQuantity;
  /** Charges used (e): per mobile element, plus every other ion (element or formula) with all-ions. */
  charges: Record<string, number>;
  /**
   * Drift removal as applied. `collectiveShare` = (Σq)²·(mean squared standard error of the
   * reference mean, from the spread of its points) over the collective MSD at the fit end: how
   * much of the collective signal is uncertainty of the reference (σ and H_R then depend on the
   * choice of reference beyond their stated errors). A common drift does not count. Always 0
   * with `--collective all-ions`, whose σ does not use the reference.
   */
  drift: { mode: string; points: number; description: string; maxDisplacement: number; collectiveShare: number };
  /** Largest-lag bound of the returned curves (ps) and why. */
  maxLag: { value: number; unit: 'ps'; source: 'default' | 'option' | 'fit window' };
  /** Steps longer than the threshold (unwrapping may be wrong there). */
  jumps: { threshold: number; thresholdFraction: number; count: number; frames: number[] };
  /** Memory the unwrapped series took: (atoms + framework points + other ions) × frames × 3 × 8 bytes. */
  seriesBytes: number;
  /** Units of the arrays (SPEC section 10 `units` map). */
  units: Record<string, string>;
}
