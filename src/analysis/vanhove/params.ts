import { UsageError } from '../../core/errors.js';

/**
 * Parameters of the van Hove analysis, with times in frames (the CLI converts ps to frames
 * with the frame spacing before anything is read).
 *
 * The defaults are those of pymatgen-analysis-diffusion's `VanHoveAnalysis` (`avg_nsteps=50`,
 * `ngrid=101`, `rmax=10`, `step_skip=50`, `sigma=0.1`), so that a run with default settings
 * compares number for number with a pymatgen run with default settings.
 *
 * Time grid (pymatgen's rule, generalised): time origin i sits at frame i·originStep
 * (i < origins), row k of the r–t grid at lag k·lagStep frames. With pymatgen's settings
 * (`originStep = 1`, `origins = avg_nsteps`, `lagStep = step_skip`, no `maxLagSteps`) the
 * origins are the first avg_nsteps frames and the rows are the lags k·step_skip ≤ T − avg_nsteps
 * (T frames), which are exactly the lags every origin reaches.
 */
export interface VanHoveParams {
  /** Largest distance of the radial grid (Å); default 10. Only distances < rmax are counted. */
  rmax?: number;
  /** Number of radial grid points r_j = j·rmax/(ngrid−1), j = 0…ngrid−1; default 101. */
  ngrid?: number;
  /** Gaussian smearing width (Å); default 0.1; 0 = plain histogram (count / dr). */
  sigma?: number;
  /** Frames between rows of the time grid (pymatgen `step_skip`); default 50. */
  lagStep?: number;
  /** Highest row index k (lag k·lagStep frames); default: every lag the origins reach. */
  maxLagSteps?: number;
  /**
   * Number of time origins (pymatgen `avg_nsteps`); default 50; `'all'`: every frame that is a
   * multiple of originStep (needs maxLagSteps, so that the memory stays bounded).
   */
  origins?: number | 'all';
  /** Frames between time origins; default 1 (pymatgen: consecutive origins). */
  originStep?: number;
  /**
   * Drift removal: `framework` (default) subtracts from every position the mean unwrapped
   * displacement of all non-cation atoms since the first frame, as pymatgen's
   * `DiffusionAnalyzer.get_drift_corrected_structures` does; `none` keeps positions as read.
   */
  drift?: 'framework' | 'none';
  /**
   * Which part of a longer trajectory this run sees, for chunked runs whose states are merged
   * (ARCHITECTURE "Analysis contract"): `first` is the 0-based ordinal, among the selected
   * frames, of the first frame pushed; only frames with ordinal < `originsBefore` start time
   * origins. A chunk must run on until originsBefore + maxLag frames so its origins complete.
   * Default: the whole trajectory (first 0, no bound).
   */
  chunk?: { first: number; originsBefore?: number };
}

/** Parameters with every default applied and checked (plain data, kept in the state). */
export interface ResolvedVanHoveParams {
  rmax: number;
  ngrid: number;
  /** Grid spacing dr = rmax/(ngrid − 1) (Å). */
  dr: number;
  sigma: number;
  lagStep: number;
  /** Infinity when unbounded (JSON carries it as null). */
  maxLagSteps: number;
  /** Infinity for 'all'. */
  origins: number;
  originStep: number;
  drift: 'framework' | 'none';
  first: number;
  originsBefore: number;
}

/** pymatgen-analysis-diffusion's VanHoveAnalysis defaults. */
export const VANHOVE_DEFAULTS = { rmax: 10, ngrid: 101, sigma: 0.1, lagStep: 50, origins: 50, originStep: 1 } as const;

/** Apply defaults and validate; UsageError naming the parameter on a bad value. */
export function resolveVanHoveParams(p: VanHoveParams): ResolvedVanHoveParams {
  const rmax = p.rmax ?? VANHOVE_DEFAULTS.rmax;
  if (!(rmax > 0) || !Number.isFinite(rmax)) throw new UsageError(`vanhove: rmax ${rmax}: expected a positive distance in Å`);
  const ngrid = integer('ngrid', p.ngrid ?? VANHOVE_DEFAULTS.ngrid, 2);
  const sigma = p.sigma ?? VANHOVE_DEFAULTS.sigma;
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new UsageError(`vanhove: sigma ${sigma}: expected a smearing width ≥ 0 in Å (0 = no smearing)`);
  const lagStep = integer('lag step (step-skip)', p.lagStep ?? VANHOVE_DEFAULTS.lagStep, 1);
  const maxLagSteps = p.maxLagSteps === undefined ? Infinity : integer('largest lag index', p.maxLagSteps, 0);
  const origins = p.origins === 'all' ? Infinity : integer('origins (avg-nsteps)', p.origins ?? VANHOVE_DEFAULTS.origins, 1);
  const originStep = integer('origin step', p.originStep ?? VANHOVE_DEFAULTS.originStep, 1);
  if (origins === Infinity && maxLagSteps === Infinity) {
    throw new UsageError('vanhove: every frame as a time origin needs a largest lag (--tmax), or the memory would grow with the trajectory');
  }
  const drift = p.drift ?? 'framework';
  if (drift !== 'framework' && drift !== 'none') throw new UsageError(`vanhove: drift ${String(drift)}: expected framework or none`);
  const first = integer('chunk.first', p.chunk?.first ?? 0, 0);
  const originsBefore = p.chunk?.originsBefore ?? Infinity;
  if (!(originsBefore >= first)) throw new UsageError(`vanhove: chunk.originsBefore ${originsBefore} is before chunk.first ${first}`);
  return { rmax, ngrid, dr: rmax / (ngrid - 1), sigma, lagStep, maxLagSteps, origins, originStep, drift, first, originsBefore };
}

function integer(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new UsageError(`vanhove: ${name} ${v}: expected a whole number ≥ ${min}`);
  return v;
}

/**
 * Largest number of origin frames held at once (the memory bound of the lag window): each
 * holds 3·N doubles for N cations. Origins are kept until the largest lag has passed them.
 */
export function heldOriginsBound(p: ResolvedVanHoveParams): number {
  const window = p.maxLagSteps === Infinity ? Infinity : Math.floor((p.maxLagSteps * p.lagStep) / p.originStep) + 1;
  return Math.min(p.origins, window);
}
