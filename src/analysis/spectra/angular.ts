/**
 * Angular velocities of a molecule from its atoms' positions and velocities relative to the
 * molecule's centre of mass (SPEC section 7). Units: r in Å, v in Å/ps, ω in rad/ps, masses
 * in amu. Arrays are flat, 3 per atom.
 */

/**
 * Per-atom angular velocity ω_i = (r_i × v_i)/|r_i|² (rad/ps), r_i and v_i relative to the
 * centre of mass. For a rigid rotation v_i = Ω × r_i this is Ω minus its component along r_i,
 * i.e. the part of Ω that moves atom i. An atom at the centre (|r| < 1e-12 Å) gets ω = 0.
 * Writes 3 numbers at `out[o…o+2]`.
 */
export function atomOmega(r: ArrayLike<number>, ri: number, v: ArrayLike<number>, vi: number, out: Float64Array, o: number): void {
  const x = r[ri]!, y = r[ri + 1]!, z = r[ri + 2]!;
  const vx = v[vi]!, vy = v[vi + 1]!, vz = v[vi + 2]!;
  const r2 = x * x + y * y + z * z;
  if (r2 < 1e-24) { out[o] = 0; out[o + 1] = 0; out[o + 2] = 0; return; }
  out[o] = (y * vz - z * vy) / r2;
  out[o + 1] = (z * vx - x * vz) / r2;
  out[o + 2] = (x * vy - y * vx) / r2;
}

/**
 * Whole-molecule (rigid-body) angular velocity ω = I⁻¹L (rad/ps) of `count` atoms: angular
 * momentum L = Σ m_i r_i × v_i and inertia tensor I = Σ m_i (|r_i|² 𝟙 − r_i r_iᵀ), both about
 * the centre of mass (r, v relative to it; atom j at r[r0 + 3j], v[v0 + 3j], mass
 * masses[m0 + j]). Exact for a rigid body: v_i = Ω × r_i gives ω = Ω. The 3×3 solve uses the
 * adjugate (Cramer); returns false (out untouched) when I is singular (a linear molecule), i.e.
 * det I ≤ 1e-10 · (tr I / 3)³.
 */
export function rigidOmega(
  r: ArrayLike<number>, r0: number, v: ArrayLike<number>, v0: number,
  masses: ArrayLike<number>, m0: number, count: number, out: Float64Array, o: number,
): boolean {
  let lx = 0, ly = 0, lz = 0;
  let ixx = 0, iyy = 0, izz = 0, ixy = 0, ixz = 0, iyz = 0;
  for (let j = 0; j < count; j++) {
    const m = masses[m0 + j]!;
    const x = r[r0 + 3 * j]!, y = r[r0 + 3 * j + 1]!, z = r[r0 + 3 * j + 2]!;
    const vx = v[v0 + 3 * j]!, vy = v[v0 + 3 * j + 1]!, vz = v[v0 + 3 * j + 2]!;
    lx += m * (y * vz - z * vy); ly += m * (z * vx - x * vz); lz += m * (x * vy - y * vx);
    ixx += m * (y * y + z * z); iyy += m * (x * x + z * z); izz += m * (x * x + y * y);
    ixy -= m * x * y; ixz -= m * x * z; iyz -= m * y * z;
  }
  // Adjugate of the symmetric tensor.
  const a00 = iyy * izz - iyz * iyz, a01 = ixz * iyz - ixy * izz, a02 = ixy * iyz - ixz * iyy;
  const a11 = ixx * izz - ixz * ixz, a12 = ixy * ixz - ixx * iyz, a22 = ixx * iyy - ixy * ixy;
  const det = ixx * a00 + ixy * a01 + ixz * a02;
  const tr = (ixx + iyy + izz) / 3;
  if (!(det > 1e-10 * tr * tr * tr)) return false;
  out[o] = (a00 * lx + a01 * ly + a02 * lz) / det;
  out[o + 1] = (a01 * lx + a11 * ly + a12 * lz) / det;
  out[o + 2] = (a02 * lx + a12 * ly + a22 * lz) / det;
  return true;
}

/**
 * Whether the `n` atoms from slot `s0` of `rel` (positions relative to their centre, 3 per
 * slot) lie on one line through the centre: the largest |r_i × r_j|/(|r_i||r_j|) is below 1e-6.
 * Such a molecule, like one of fewer than 3 atoms, has a singular inertia tensor.
 */
export function collinear(rel: Float64Array, s0: number, n: number): boolean {
  let best = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const a = 3 * (s0 + i), b = 3 * (s0 + j);
    const cx = rel[a + 1]! * rel[b + 2]! - rel[a + 2]! * rel[b + 1]!;
    const cy = rel[a + 2]! * rel[b]! - rel[a]! * rel[b + 2]!;
    const cz = rel[a]! * rel[b + 1]! - rel[a + 1]! * rel[b]!;
    const na = Math.hypot(rel[a]!, rel[a + 1]!, rel[a + 2]!), nb = Math.hypot(rel[b]!, rel[b + 1]!, rel[b + 2]!);
    if (na * nb > 0) best = Math.max(best, Math.hypot(cx, cy, cz) / (na * nb));
  }
  return best < 1e-6;
}
