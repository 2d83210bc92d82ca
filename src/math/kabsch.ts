import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/** Result of a rigid superposition. */
export interface KabschFit {
  /** Proper rotation R (row-major 3×3, det +1) with R·(p − p̄) ≈ q − q̄. */
  rotation: Float64Array;
  /** (Weighted) centroid p̄ of the mobile set (Å). */
  mobileCentroid: [number, number, number];
  /** (Weighted) centroid q̄ of the target set (Å). */
  targetCentroid: [number, number, number];
  /** √(Σ wᵢ |R(pᵢ − p̄) − (qᵢ − q̄)|² / Σ wᵢ) (Å). */
  rmsd: number;
}

/**
 * Best rigid superposition of point set `mobile` onto `target` (Kabsch, Acta Cryst. A32, 922
 * (1976)): minimises Σ wᵢ |R(pᵢ − p̄) + q̄ − qᵢ|² over proper rotations R and translations.
 * With H = Σ wᵢ (pᵢ − p̄)(qᵢ − q̄)ᵀ = U S Vᵀ, R = V·diag(1, 1, d)·Uᵀ, d = sign det(V Uᵀ), so a
 * reflection is never returned (mirror-image sets get the best proper rotation instead).
 *
 * Arrays are flat, 3 numbers per point, the same point count in both; weights default to 1.
 * Degenerate sets (collinear, one point) still give a valid rotation, not a unique one.
 */
export function kabsch(mobile: ArrayLike<number>, target: ArrayLike<number>, weights?: ArrayLike<number>): KabschFit {
  const n = mobile.length / 3;
  if (!Number.isInteger(n) || n < 1 || target.length !== mobile.length || (weights && weights.length !== n)) {
    throw new RangeError(`kabsch: need two flat xyz arrays of equal length (got ${mobile.length}, ${target.length}) and one weight per point`);
  }
  const w = (i: number) => (weights ? weights[i]! : 1);
  const pc: [number, number, number] = [0, 0, 0], qc: [number, number, number] = [0, 0, 0];
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    wsum += wi;
    for (let c = 0; c < 3; c++) { pc[c] += wi * mobile[3 * i + c]!; qc[c] += wi * target[3 * i + c]!; }
  }
  if (!(wsum > 0)) throw new RangeError('kabsch: weights must sum to a positive number');
  for (let c = 0; c < 3; c++) { pc[c] /= wsum; qc[c] /= wsum; }
  const rotation = kabschRotation(mobile, target, pc, qc, w);
  let ss = 0;
  const R = rotation;
  for (let i = 0; i < n; i++) {
    const x = mobile[3 * i]! - pc[0], y = mobile[3 * i + 1]! - pc[1], z = mobile[3 * i + 2]! - pc[2];
    const dx = R[0]! * x + R[1]! * y + R[2]! * z - (target[3 * i]! - qc[0]);
    const dy = R[3]! * x + R[4]! * y + R[5]! * z - (target[3 * i + 1]! - qc[1]);
    const dz = R[6]! * x + R[7]! * y + R[8]! * z - (target[3 * i + 2]! - qc[2]);
    ss += w(i) * (dx * dx + dy * dy + dz * dz);
  }
  return { rotation, mobileCentroid: pc, targetCentroid: qc, rmsd: Math.sqrt(ss / wsum) };
}

/** The optimal proper rotation for given centroids (the Kabsch step alone). */
export function kabschRotation(
  mobile: ArrayLike<number>, target: ArrayLike<number>,
  pc: ArrayLike<number> = [0, 0, 0], qc: ArrayLike<number> = [0, 0, 0],
  w: (i: number) => number = () => 1,
): Float64Array {
  const n = mobile.length / 3;
  const h = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    for (let a = 0; a < 3; a++) {
      const pa = wi * (mobile[3 * i + a]! - pc[a]!);
      for (let b = 0; b < 3; b++) h[a]![b]! += pa * (target[3 * i + b]! - qc[b]!);
    }
  }
  const svd = new SingularValueDecomposition(new Matrix(h), { autoTranspose: false });
  const U = svd.leftSingularVectors, V = svd.rightSingularVectors;
  // det(V Uᵀ) = det V · det U; flip the column of the smallest singular value when negative.
  const d = Math.sign(det3(V) * det3(U)) || 1;
  const R = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      R[3 * i + j] = V.get(i, 0) * U.get(j, 0) + V.get(i, 1) * U.get(j, 1) + d * V.get(i, 2) * U.get(j, 2);
    }
  }
  return R;
}

function det3(m: Matrix): number {
  const g = (i: number, j: number) => m.get(i, j);
  return g(0, 0) * (g(1, 1) * g(2, 2) - g(1, 2) * g(2, 1)) - g(0, 1) * (g(1, 0) * g(2, 2) - g(1, 2) * g(2, 0)) + g(0, 2) * (g(1, 0) * g(2, 1) - g(1, 1) * g(2, 0));
}
