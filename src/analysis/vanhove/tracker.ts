import { cellHeights } from '../../core/cell.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { unwrapStep } from '../../math/pbc.js';

/** Unwrapped step (fraction of the shortest cell height) above which the unwrapping may be wrong (SPEC section 4). */
export const LARGE_STEP_FRACTION = 0.3;

/**
 * Turns the frames of one run (or chunk) into unwrapped, drift-corrected cation positions.
 *
 * Unwrapping is frame to frame (`unwrapStep`: fractional minimum image of each step in the
 * current cell), so wrapped files (XDATCAR) and unwrapped ones (extxyz written with
 * displacements) give the same positions. Drift: pymatgen's DiffusionAnalyzer subtracts from
 * every site the plain (unweighted) mean displacement of the framework — all sites that are
 * not the diffusing species — at each time; `framework` here does the same with all
 * non-cation atoms. Only differences of these positions between frames are used, so the
 * chunk's first frame as the reference of the displacements changes nothing.
 *
 * Memory: 3 arrays of 3·(all atoms) doubles, independent of the trajectory length.
 */
export class CationTracker {
  private prev: Float64Array | undefined;
  private unwrapped: Float64Array | undefined;
  private start: Float64Array | undefined;
  private readonly drift = new Float64Array(3);

  constructor(
    private readonly cations: Int32Array,
    private readonly framework: Int32Array,
    private readonly removeDrift: boolean,
    private readonly diagnostics?: DiagnosticLog,
  ) {}

  /** Advance to `frame` and return the cation positions (3 per cation, Å) of this frame in a new array. */
  next(frame: Frame): Float64Array {
    const p = frame.positions;
    if (!this.unwrapped) {
      this.unwrapped = Float64Array.from(p);
      this.start = Float64Array.from(p);
      this.prev = new Float64Array(p.length);
    } else {
      const { maxStep, atom } = unwrapStep(this.unwrapped, this.prev!, p, frame.cell);
      const h = Math.min(...cellHeights(frame.cell));
      if (maxStep > LARGE_STEP_FRACTION * h) {
        this.diagnostics?.warn(
          'W_LARGE_STEP',
          `frame ${frame.index}: atom ${atom + 1} moved ${maxStep.toFixed(3)} Å since the previous frame, more than ${LARGE_STEP_FRACTION} of the shortest cell height (${h.toFixed(3)} Å); the unwrapping may be wrong (frames too far apart?)`,
          { frame: frame.index },
        );
      }
    }
    // A copy: readers may reuse their buffers between frames.
    this.prev!.set(p);
    this.updateDrift();
    const u = this.unwrapped;
    const out = new Float64Array(3 * this.cations.length);
    for (let c = 0; c < this.cations.length; c++) {
      const a = 3 * this.cations[c]!;
      out[3 * c] = u[a]! - this.drift[0]!;
      out[3 * c + 1] = u[a + 1]! - this.drift[1]!;
      out[3 * c + 2] = u[a + 2]! - this.drift[2]!;
    }
    return out;
  }

  /** Mean displacement of the framework atoms since the first frame (Å), as pymatgen averages displacements. */
  private updateDrift(): void {
    this.drift.fill(0);
    const n = this.framework.length;
    if (!this.removeDrift || n === 0) return;
    const u = this.unwrapped!, s = this.start!;
    let x = 0, y = 0, z = 0;
    for (let f = 0; f < n; f++) {
      const a = 3 * this.framework[f]!;
      x += u[a]! - s[a]!;
      y += u[a + 1]! - s[a + 1]!;
      z += u[a + 2]! - s[a + 2]!;
    }
    this.drift[0] = x / n; this.drift[1] = y / n; this.drift[2] = z / n;
  }
}
