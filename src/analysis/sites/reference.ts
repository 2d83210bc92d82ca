import { type Cell, cartToFrac, fracToCart, makeCell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';

/**
 * Time-averaged positions of points that vibrate about fixed lattice positions (anion
 * centres, framework atoms), streamed: each frame's fractional coordinates are brought next
 * to the first frame's (subtracting the lattice translation that rounds the difference
 * away) and summed; the mean cell is the mean of the cell matrices (NPT). The mean
 * position is the mean fractional position times the mean cell. Points that wander more
 * than half a cell from where they started (diffusing ions) have no meaningful mean.
 * Memory: O(points), independent of the number of frames.
 */
export class MeanPositions {
  private ref: Float64Array | undefined;
  private sum: Float64Array | undefined;
  private readonly cellSum = new Float64Array(9);
  private readonly scratch: { f?: Float64Array } = {};
  /** Frames added. */
  frames = 0;

  /** Add one frame's positions (Å, 3 per point, wrapped or not) in `cell`. */
  push(points: ArrayLike<number>, cell: Cell): void {
    const f = cartToFrac(cell, points, this.scratch.f && this.scratch.f.length === points.length ? this.scratch.f : undefined);
    this.scratch.f = f;
    if (!this.ref) {
      this.ref = Float64Array.from(f);
      this.sum = new Float64Array(f.length);
    }
    if (f.length !== this.ref.length) throw new PaddlewheelError('E_INTERNAL', 'MeanPositions: the number of points changed');
    const r = this.ref, s = this.sum!;
    for (let i = 0; i < f.length; i++) s[i] = s[i]! + f[i]! - Math.round(f[i]! - r[i]!);
    for (let i = 0; i < 9; i++) this.cellSum[i] = this.cellSum[i]! + cell.matrix[i]!;
    this.frames++;
  }

  /** Mean positions (Å, 3 per point) and mean cell. Throws when no frame was added. */
  mean(): { positions: Float64Array; cell: Cell; frames: number } {
    if (!this.sum || this.frames === 0) throw new PaddlewheelError('E_SELECTION', 'no frames to average');
    const n = this.frames;
    const cell = makeCell(Array.from(this.cellSum, (x) => x / n));
    const frac = Float64Array.from(this.sum, (x) => x / n);
    return { positions: fracToCart(cell, frac), cell, frames: n };
  }
}
