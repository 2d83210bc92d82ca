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

/** The optimal proper rotation for given centroids (the Kabsch step alone, by SVD). */
export function kabschRotation(
  mobile: ArrayLike<number>, target: ArrayLike<number>,
  pc: ArrayLike<number> = [0, 0, 0], qc: ArrayLike<number> = [0, 0, 0],
  w: (i: number) => number = () => 1,
): Float64Array {
  const n = mobile.length / 3;
  const h = new Float64Array(9);
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    for (let a = 0; a < 3; a++) {
      const pa = wi * (mobile[3 * i + a]! - pc[a]!);
      for (let b = 0; b < 3; b++) h[3 * a + b] += pa * (target[3 * i + b]! - qc[b]!);
    }
  }
  return svdRotation(h);
}

/**
 * The proper rotation R maximising tr(R S) for a correlation matrix S (row-major 3×3,
 * S[3a+b] = Σ wᵢ pᵢₐ qᵢ_b of centred mobile p and target q), by singular value decomposition:
 * S = U Σ Vᵀ, R = V·diag(1, 1, d)·Uᵀ with d = sign det(V Uᵀ). General and robust for any S
 * (also rank-deficient), but slow; see hornRotation for the fast path.
 */
export function svdRotation(S: ArrayLike<number>, out: Float64Array = new Float64Array(9)): Float64Array {
  const h = [[S[0]!, S[1]!, S[2]!], [S[3]!, S[4]!, S[5]!], [S[6]!, S[7]!, S[8]!]];
  const svd = new SingularValueDecomposition(new Matrix(h), { autoTranspose: false });
  const U = svd.leftSingularVectors, V = svd.rightSingularVectors;
  // det(V Uᵀ) = det V · det U; flip the column of the smallest singular value when negative.
  const d = Math.sign(det3(V) * det3(U)) || 1;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[3 * i + j] = V.get(i, 0) * U.get(j, 0) + V.get(i, 1) * U.get(j, 1) + d * V.get(i, 2) * U.get(j, 2);
    }
  }
  return out;
}

function det3(m: Matrix): number {
  const g = (i: number, j: number) => m.get(i, j);
  return g(0, 0) * (g(1, 1) * g(2, 2) - g(1, 2) * g(2, 1)) - g(0, 1) * (g(1, 0) * g(2, 2) - g(1, 2) * g(2, 0)) + g(0, 2) * (g(1, 0) * g(2, 1) - g(1, 1) * g(2, 0));
}

/** Scratch of hornRotation: Horn's 4×4 key matrix, row-major (single-threaded module state). */
const KEY = new Float64Array(16);
/** The three indices other than i, for 3×3 minors of the 4×4 key matrix. */
const OTHER = [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]] as const;

/**
 * The proper rotation R maximising tr(R S) = Σ wᵢ qᵢ·R pᵢ (the same as svdRotation), in closed
 * form by Horn's unit-quaternion method (B. K. P. Horn, "Closed-form solution of absolute
 * orientation using unit quaternions", J. Opt. Soc. Am. A 4, 629 (1987)): tr(R(q) S) = qᵀ N q
 * for the symmetric traceless 4×4 key matrix N built from S, so the optimum is the largest
 * eigenvalue λ of N with its unit eigenvector q. As in the QCP method (D. L. Theobald, Acta
 * Cryst. A61, 478 (2005); P. Liu, D. K. Agrafiotis, D. L. Theobald, J. Comput. Chem. 31, 1561
 * (2010)), λ is the largest root of the characteristic polynomial
 * P(λ) = λ⁴ − 2‖S‖²_F λ² − 8 det(S) λ + det(N), found by Newton's method from the upper
 * bound √3‖S‖_F ≥ σ₁ + σ₂ + σ₃ ≥ λ (P is convex and increasing above its largest root, so the
 * iterates decrease monotonically onto it), and q is the largest column of adj(N − λI),
 * which is proportional to q qᵀ for a simple root.
 *
 * When the top eigenvalue is (nearly) double, the optimal rotation is ill-determined or not
 * unique (S of rank ≤ 1: collinear sets; a mirror image with σ₂ ≈ σ₃) and the adjugate loses
 * precision; when the product of the gaps below λ is under 1e-2 λ³ (relative gap ≲ 1e-2),
 * S goes to svdRotation instead, which picks one of the optimal rotations (and λ is then
 * tr(R S) of that rotation: a double root of P is only good to ~√ε). Elsewhere R agrees
 * with svdRotation to ~1e-12. A zero S gives the identity.
 *
 * @param S row-major 3×3 correlation of the centred sets (see svdRotation)
 * @param out where R (row-major 3×3, det +1) is written
 * @returns λ = max tr(R S) over proper rotations (units of S)
 */
export function hornRotation(S: ArrayLike<number>, out: Float64Array = new Float64Array(9)): number {
  const sxx = S[0]!, sxy = S[1]!, sxz = S[2]!, syx = S[3]!, syy = S[4]!, syz = S[5]!, szx = S[6]!, szy = S[7]!, szz = S[8]!;
  const N = KEY;
  N[0] = sxx + syy + szz; N[1] = N[4] = syz - szy; N[2] = N[8] = szx - sxz; N[3] = N[12] = sxy - syx;
  N[5] = sxx - syy - szz; N[6] = N[9] = sxy + syx; N[7] = N[13] = szx + sxz;
  N[10] = -sxx + syy - szz; N[11] = N[14] = syz + szy;
  N[15] = -sxx - syy + szz;
  const f2 = sxx * sxx + sxy * sxy + sxz * sxz + syx * syx + syy * syy + syz * syz + szx * szx + szy * szy + szz * szz;
  if (!(f2 > 0)) {
    out.fill(0); out[0] = out[4] = out[8] = 1;
    return 0;
  }
  const c2 = -2 * f2;
  const c1 = -8 * (sxx * (syy * szz - syz * szy) - sxy * (syx * szz - syz * szx) + sxz * (syx * szy - syy * szx));
  const c0 = det4(N);
  let lambda = Math.sqrt(3 * f2);
  for (let it = 0; it < 100; it++) {
    const l2 = lambda * lambda;
    const p = (l2 + c2) * l2 + c1 * lambda + c0;
    const dp = (4 * l2 + 2 * c2) * lambda + c1;
    if (!(dp !== 0)) break;
    const step = p / dp;
    lambda -= step;
    if (!(Math.abs(step) > 1e-14 * Math.abs(lambda))) break;
  }
  for (let i = 0; i < 16; i += 5) N[i] -= lambda;
  // adj(N − λI) = Π_{k>1}(λₖ − λ) q qᵀ: its largest diagonal entry marks the best column.
  let best = 0, bestAbs = -1;
  for (let j = 0; j < 4; j++) {
    const c = Math.abs(cofactor(N, j, j));
    if (c > bestAbs) { bestAbs = c; best = j; }
  }
  // A near-double top eigenvalue: the gaps' product is small against λ³. Newton's λ is only as
  // good as P's evaluation (relative error ≈ ε/gap), and the adjugate turns that into an
  // eigenvector error ≈ ε/gap², so below a relative gap of ~1e-2 the SVD is the more accurate.
  if (!(bestAbs > 1e-2 * lambda * lambda * lambda)) {
    // A (near-)double root is only good to ~√ε from P, so take the optimum from the rotation.
    const R = svdRotation(S, out);
    return R[0]! * sxx + R[1]! * syx + R[2]! * szx + R[3]! * sxy + R[4]! * syy + R[5]! * szy + R[6]! * sxz + R[7]! * syz + R[8]! * szz;
  }
  let q0 = cofactor(N, 0, best), q1 = cofactor(N, 1, best), q2 = cofactor(N, 2, best), q3 = cofactor(N, 3, best);
  const norm = Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
  q0 /= norm; q1 /= norm; q2 /= norm; q3 /= norm;
  quaternionRotation(q0, q1, q2, q3, out);
  return lambda;
}

/** Row-major rotation matrix of the unit quaternion (w, x, y, z) (the convention of Horn's key matrix). */
function quaternionRotation(w: number, x: number, y: number, z: number, R: Float64Array): void {
  R[0] = w * w + x * x - y * y - z * z; R[1] = 2 * (x * y - w * z); R[2] = 2 * (x * z + w * y);
  R[3] = 2 * (x * y + w * z); R[4] = w * w - x * x + y * y - z * z; R[5] = 2 * (y * z - w * x);
  R[6] = 2 * (x * z - w * y); R[7] = 2 * (y * z + w * x); R[8] = w * w - x * x - y * y + z * z;
}

/** Cofactor (i, j) of a row-major 4×4 matrix. */
function cofactor(A: Float64Array, i: number, j: number): number {
  const [r0, r1, r2] = OTHER[i]!, [k0, k1, k2] = OTHER[j]!;
  const m = A[4 * r0 + k0]! * (A[4 * r1 + k1]! * A[4 * r2 + k2]! - A[4 * r1 + k2]! * A[4 * r2 + k1]!)
    - A[4 * r0 + k1]! * (A[4 * r1 + k0]! * A[4 * r2 + k2]! - A[4 * r1 + k2]! * A[4 * r2 + k0]!)
    + A[4 * r0 + k2]! * (A[4 * r1 + k0]! * A[4 * r2 + k1]! - A[4 * r1 + k1]! * A[4 * r2 + k0]!);
  return (i + j) % 2 === 0 ? m : -m;
}

/** Determinant of a row-major 4×4 matrix (Laplace expansion in 2×2 minors of rows 0–1 and 2–3). */
function det4(A: Float64Array): number {
  const s0 = A[0]! * A[5]! - A[1]! * A[4]!, s1 = A[0]! * A[6]! - A[2]! * A[4]!, s2 = A[0]! * A[7]! - A[3]! * A[4]!;
  const s3 = A[1]! * A[6]! - A[2]! * A[5]!, s4 = A[1]! * A[7]! - A[3]! * A[5]!, s5 = A[2]! * A[7]! - A[3]! * A[6]!;
  const c5 = A[10]! * A[15]! - A[11]! * A[14]!, c4 = A[9]! * A[15]! - A[11]! * A[13]!, c3 = A[9]! * A[14]! - A[10]! * A[13]!;
  const c2 = A[8]! * A[15]! - A[11]! * A[12]!, c1 = A[8]! * A[14]! - A[10]! * A[12]!, c0 = A[8]! * A[13]! - A[9]! * A[12]!;
  return s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0;
}
