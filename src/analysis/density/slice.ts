import { cellHeights, makeCell } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import { type GridShape } from './grid.js';

/** Fractional axis 0 = a, 1 = b, 2 = c. */
export type FracAxis = 0 | 1 | 2;

/** A plane f_axis = position (fractional), spanned by the other two lattice vectors. */
export interface SliceSpec {
  axis: FracAxis;
  /** Fractional coordinate of the plane along `axis`, in [0, 1]. */
  position: number;
  /** As the user wrote it, normalised: `z=0.5`. */
  label: string;
}

/**
 * Default cross-sections: c = 0, ¼ and ½. In the layered fcc-derived cells of the closo-borates
 * (√2×√2×1, anions at c = 0 and ½) these are the two anion layers and the layer of
 * tetrahedral/trigonal interstices between them; for other cells they are three evenly spaced
 * views of half the cell.
 */
export const DEFAULT_SLICES: readonly string[] = ['z=0', 'z=0.25', 'z=0.5'];

const AXIS_NAMES: Record<string, FracAxis> = { x: 0, a: 0, y: 1, b: 1, z: 2, c: 2 };

/**
 * Parse `--slice z=0.5`: the letter names the fractional axis the plane is perpendicular to
 * (x|a, y|b, z|c), the number its fractional coordinate in [0, 1].
 * @throws UsageError on anything else
 */
export function parseSlice(text: string): SliceSpec {
  const m = /^\s*([xyzabc])\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/i.exec(text);
  if (!m) throw new UsageError(`--slice ${text}: expected AXIS=FRACTION with AXIS one of x, y, z (or a, b, c), e.g. z=0.5`);
  const axis = AXIS_NAMES[m[1]!.toLowerCase()]!;
  const position = Number(m[2]);
  if (!(position >= 0 && position <= 1)) throw new UsageError(`--slice ${text}: the fractional coordinate must lie in [0, 1]`);
  return { axis, position, label: `${'xyz'[axis]}=${position}` };
}

/** The two in-plane lattice axes of a plane perpendicular to `axis`: (b, c), (a, c) or (a, b). */
export function inPlaneAxes(axis: FracAxis): [FracAxis, FracAxis] {
  return axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
}

/** A 2-D cross-section of a density grid. */
export interface DensitySlice {
  spec: SliceSpec;
  /** Lattice axes along the image's columns (u) and rows (v). */
  uAxis: FracAxis;
  vAxis: FracAxis;
  cols: number;
  rows: number;
  /** Slab-averaged density (same unit as the grid), row-major: values[r·cols + c], r along v, c along u. */
  values: Float64Array;
  /**
   * In-plane geometry (Å): the whole-cell edge vectors along u and v in 2-D coordinates with u
   * along +x, i.e. u = (|A|, 0), v = (B·Â, |B − (B·Â)Â|) for lattice vectors A, B. Voxel
   * (r, c) covers the parallelogram spanned from (c/cols)·u + (r/rows)·v.
   */
  u: [number, number];
  v: [number, number];
  /** Slab thickness (Å, measured along the plane normal) and the voxel layers averaged, with weights summing to 1. */
  thickness: number;
  layers: { index: number; weight: number }[];
}

/**
 * Cross-section of `grid` (layout (i·nb + j)·nc + k) through the plane of `spec`, averaged
 * over a slab of the given thickness (Å along the normal; default one voxel layer, i.e. the
 * plane ± ½ voxel). Each voxel layer is weighted by its overlap with the slab, periodically,
 * so a plane between two layer centres blends them and z = 0 blends the first and last layers.
 *
 * @param cellRows cell matrix (rows a, b, c; Å) the grid spans
 */
export function extractSlice(grid: Float64Array, shape: GridShape, cellRows: ArrayLike<number>, spec: SliceSpec, thickness?: number): DensitySlice {
  const cell = makeCell(cellRows);
  const n = shape[spec.axis];
  const height = cellHeights(cell)[spec.axis];
  let t = thickness === undefined ? 1 / n : thickness / height;
  if (!(t > 0)) throw new UsageError(`--slice-thickness ${thickness}: expected a positive length in Å`);
  if (t > 1) t = 1;
  const layers = slabWeights(n, spec.position, t);
  const [ua, va] = inPlaneAxes(spec.axis);
  const cols = shape[ua], rows = shape[va];
  const values = new Float64Array(rows * cols);
  const idx = [0, 0, 0];
  for (const { index, weight } of layers) {
    idx[spec.axis] = index;
    for (let r = 0; r < rows; r++) {
      idx[va] = r;
      for (let c = 0; c < cols; c++) {
        idx[ua] = c;
        values[r * cols + c] += weight * grid[(idx[0]! * shape[1] + idx[1]!) * shape[2] + idx[2]!]!;
      }
    }
  }
  const A = row(cell.matrix, ua), B = row(cell.matrix, va);
  const la = Math.hypot(A[0], A[1], A[2]);
  const bx = (B[0] * A[0] + B[1] * A[1] + B[2] * A[2]) / la;
  const by = Math.sqrt(Math.max(0, B[0] * B[0] + B[1] * B[1] + B[2] * B[2] - bx * bx));
  return { spec, uAxis: ua, vAxis: va, cols, rows, values, u: [la, 0], v: [bx, by], thickness: t * height, layers };
}

/**
 * Weights of the n layers [k/n, (k+1)/n) in the periodic slab [p − t/2, p + t/2] (fractional,
 * 0 < t ≤ 1), normalised to sum to 1; layers with no overlap are left out.
 */
export function slabWeights(n: number, p: number, t: number): { index: number; weight: number }[] {
  const lo = p - t / 2, hi = p + t / 2;
  const out: { index: number; weight: number }[] = [];
  for (let k = 0; k < n; k++) {
    let w = 0;
    for (let s = -1; s <= 1; s++) {
      const a = Math.max(lo, k / n + s), b = Math.min(hi, (k + 1) / n + s);
      if (b > a) w += b - a;
    }
    if (w > 1e-12 * t) out.push({ index: k, weight: w / t });
  }
  const sum = out.reduce((s, x) => s + x.weight, 0);
  for (const x of out) x.weight /= sum;
  return out;
}

function row(m: Float64Array, i: number): [number, number, number] {
  return [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!];
}
