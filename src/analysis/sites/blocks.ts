/**
 * Standard errors of functions of time averages by the delete-one-block jackknife over
 * contiguous blocks of frames (Quenouille–Tukey; for correlated series see Flyvbjerg &
 * Petersen, J. Chem. Phys. 91, 461 (1989)): the frames are cut into B blocks of (nearly)
 * equal length; θ_(−b) is the estimate from all frames but block b; the variance is
 * (B−1)/B · Σ_b (θ_(−b) − θ̄)². Blocks long compared with the correlation time make the
 * blocks nearly independent; the jackknife handles ratio estimators (P1 = Σw/Σassigned) and
 * non-linear ones (S̃) alike.
 */

/** Default number of blocks. */
export const DEFAULT_BLOCKS = 10;

/** Result of blockJackknife. */
export interface JackknifeResult {
  /** Standard error of each component of θ; null when there are fewer than 2 blocks. */
  stderr: (number | null)[];
  /** Number of blocks used. */
  blocks: number;
  /** Frames per block (the shortest block). */
  framesPerBlock: number;
}

/**
 * Jackknife standard errors of θ(Σ_t x_t), where x_t is a vector of per-frame sums
 * (`columns[c][t]`, component c of frame t, frames in time order) and θ maps the column
 * totals to the estimates. Uses min(`blocks`, ⌊T/2⌋) blocks so each holds ≥ 2 frames.
 */
export function blockJackknife(columns: ArrayLike<number>[], theta: (totals: number[]) => number[], blocks = DEFAULT_BLOCKS): JackknifeResult {
  const T = columns[0]?.length ?? 0;
  const B = Math.min(blocks, Math.floor(T / 2));
  const dim = theta(columns.map(() => 0)).length;
  if (B < 2) return { stderr: Array<number | null>(dim).fill(null), blocks: Math.max(0, B), framesPerBlock: T };
  const totals = columns.map((col) => sum(col, 0, T));
  const loo: number[][] = [];
  let shortest = T;
  for (let b = 0; b < B; b++) {
    const t0 = Math.floor((b * T) / B), t1 = Math.floor(((b + 1) * T) / B);
    shortest = Math.min(shortest, t1 - t0);
    loo.push(theta(columns.map((col, c) => totals[c]! - sum(col, t0, t1))));
  }
  const stderr: (number | null)[] = [];
  for (let k = 0; k < dim; k++) {
    let mean = 0;
    for (const v of loo) mean += v[k]!;
    mean /= B;
    let ss = 0;
    for (const v of loo) ss += (v[k]! - mean) ** 2;
    const se = Math.sqrt(((B - 1) / B) * ss);
    stderr.push(Number.isFinite(se) ? se : null);
  }
  return { stderr, blocks: B, framesPerBlock: shortest };
}

function sum(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
}
