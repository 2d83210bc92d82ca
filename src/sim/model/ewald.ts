import type { Cell } from '../../core/cell.js';
import { BOHR_TO_ANGSTROM, HARTREE_TO_EV } from '../../core/units.js';
import { NeighbourGrid } from '../../math/neighbour-grid.js';
import { erfc } from './erfc.js';

/** Coulomb constant e²/(4πε₀) in eV·Å (= 1 Ha·bohr). */
export const COULOMB_EV_A = HARTREE_TO_EV * BOHR_TO_ANGSTROM;

/** Ewald settings. Defaults: accuracy 1e-6, real-space cutoff 8 Å. */
export interface EwaldOptions {
  /** Target relative accuracy ε: α = √(−ln ε)/r_c and k_c = 2α√(−ln ε). */
  accuracy?: number;
  /** Real-space cutoff r_c (Å); may exceed the cell (all images within it are summed). */
  rCut?: number;
  /** Splitting parameter α (1/Å), instead of the one derived from accuracy and r_c. */
  alpha?: number;
}

/** Coulomb energy, forces and stress of point charges in a periodic cell. */
export interface EwaldResult {
  /** Total Coulomb energy (eV), tin-foil boundary, including the neutralising-background term when Σq ≠ 0. */
  energy: number;
  /** Forces (eV/Å), 3N atom-major. */
  forces: Float64Array;
  /**
   * Stress σ_αβ = (1/V) ∂E/∂ε_αβ (eV/Å³), row-major 3×3, ASE sign: pressure = −trace/3
   * (an ionic crystal's Coulomb stress is positive: the charges pull the cell inwards).
   */
  stress: Float64Array;
  alpha: number;
  rCut: number;
  kCut: number;
}

/**
 * Ewald summation for a triclinic cell (rows of `cell.matrix` = lattice vectors, Å):
 *   E = E_real + E_recip + E_self + E_background, with
 *   E_real  = k_e Σ'_{i<j,n} q_i q_j erfc(α r)/r           (r = |r_j + n·M − r_i| < r_c; self-images included once)
 *   E_recip = k_e (2π/V) Σ_{k≠0} exp(−k²/4α²)/k² |S(k)|²,   S(k) = Σ_j q_j exp(i k·r_j), |k| < k_c
 *   E_self  = −k_e α/√π Σ q_i²,   E_background = −k_e π Q²/(2Vα²)  (Q = Σq; zero for neutral cells).
 * Forces are −∂E/∂r_i; the stress is the strain derivative of each term (the reciprocal term
 * contributes (1/V) Σ_k e_k [−δ_αβ + 2 k_α k_β (1/k² + 1/4α²)]). Cost O(N·n_k + N·pairs).
 *
 * @param positions Cartesian positions (Å), 3N, wrapped or not
 * @param charges charges (e), N
 */
export function ewald(cell: Cell, positions: ArrayLike<number>, charges: ArrayLike<number>, options: EwaldOptions = {}): EwaldResult {
  const n = charges.length;
  const eps = options.accuracy ?? 1e-6;
  const ln = Math.sqrt(-Math.log(eps));
  const rCut = options.rCut ?? 8;
  const alpha = options.alpha ?? ln / rCut;
  const kCut = 2 * alpha * ln;
  const V = cell.volume;
  const ke = COULOMB_EV_A;
  const forces = new Float64Array(3 * n);
  const stress = new Float64Array(9);
  let energy = 0;

  // Real space.
  const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);
  const grid = new NeighbourGrid(cell, positions, rCut);
  grid.forEachPair((i, j, _s0, _s1, _s2, dx, dy, dz, d2) => {
    const qq = ke * charges[i]! * charges[j]!;
    if (qq === 0) return;
    const r = Math.sqrt(d2);
    const ec = erfc(alpha * r);
    energy += (qq * ec) / r;
    // φ'(r)/r, with φ = qq erfc(αr)/r.
    const dphi = (-qq * (ec / r + twoOverSqrtPi * alpha * Math.exp(-alpha * alpha * d2))) / d2;
    accumulatePair(forces, stress, i, j, dx, dy, dz, dphi);
  });

  // Self and background.
  let q2 = 0, qsum = 0;
  for (let i = 0; i < n; i++) { q2 += charges[i]! ** 2; qsum += charges[i]!; }
  energy -= (ke * alpha * q2) / Math.sqrt(Math.PI);
  const eBg = (-ke * Math.PI * qsum * qsum) / (2 * V * alpha * alpha);
  energy += eBg;
  for (const k of [0, 4, 8]) stress[k]! -= eBg;

  // Reciprocal space over half the k vectors (k and −k give the same term).
  const inv = cell.inverse, m = cell.matrix;
  const b = [0, 1, 2].map((c) => [2 * Math.PI * inv[c]!, 2 * Math.PI * inv[3 + c]!, 2 * Math.PI * inv[6 + c]!]);
  const nMax = [0, 1, 2].map((r) => Math.ceil((kCut * Math.hypot(m[3 * r]!, m[3 * r + 1]!, m[3 * r + 2]!)) / (2 * Math.PI)));
  const kc2 = kCut * kCut, inv4a2 = 1 / (4 * alpha * alpha);
  const cosk = new Float64Array(n), sink = new Float64Array(n);
  for (let n0 = 0; n0 <= nMax[0]!; n0++) {
    for (let n1 = n0 === 0 ? 0 : -nMax[1]!; n1 <= nMax[1]!; n1++) {
      for (let n2 = n0 === 0 && n1 === 0 ? 1 : -nMax[2]!; n2 <= nMax[2]!; n2++) {
        const kx = n0 * b[0]![0]! + n1 * b[1]![0]! + n2 * b[2]![0]!;
        const ky = n0 * b[0]![1]! + n1 * b[1]![1]! + n2 * b[2]![1]!;
        const kz = n0 * b[0]![2]! + n1 * b[1]![2]! + n2 * b[2]![2]!;
        const k2 = kx * kx + ky * ky + kz * kz;
        if (k2 >= kc2) continue;
        let sr = 0, si = 0;
        for (let i = 0; i < n; i++) {
          const t = kx * positions[3 * i]! + ky * positions[3 * i + 1]! + kz * positions[3 * i + 2]!;
          const c = Math.cos(t), s = Math.sin(t);
          cosk[i] = c; sink[i] = s;
          sr += charges[i]! * c; si += charges[i]! * s;
        }
        // Factor 2 for the −k partner.
        const ak = (2 * ke * 2 * Math.PI * Math.exp(-k2 * inv4a2)) / (V * k2);
        const e = ak * (sr * sr + si * si);
        energy += e;
        const g = 2 * (1 / k2 + inv4a2);
        const kv = [kx, ky, kz];
        for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) stress[3 * a + c]! += e * ((a === c ? -1 : 0) + g * kv[a]! * kv[c]!);
        for (let i = 0; i < n; i++) {
          const f = 2 * ak * charges[i]! * (sink[i]! * sr - cosk[i]! * si);
          forces[3 * i]! += f * kx; forces[3 * i + 1]! += f * ky; forces[3 * i + 2]! += f * kz;
        }
      }
    }
  }
  // The real-space virial, the background and the reciprocal terms were summed as V·σ.
  for (let k = 0; k < 9; k++) stress[k]! /= V;
  return { energy, forces, stress, alpha, rCut, kCut };
}

/**
 * Add one pair's force and virial: pair vector d = r_j − r_i (Å), `dphiOverR` = φ'(r)/r
 * (eV/Å²). F_j −= φ'(r) d/r, F_i += φ'(r) d/r; W_αβ += φ'(r) d_α d_β / r (divide by V for the
 * stress, ASE sign). A self-image pair (i = j) adds no net force, only virial.
 */
export function accumulatePair(forces: Float64Array, virial: Float64Array, i: number, j: number, dx: number, dy: number, dz: number, dphiOverR: number): void {
  const fx = dphiOverR * dx, fy = dphiOverR * dy, fz = dphiOverR * dz;
  forces[3 * j]! -= fx; forces[3 * j + 1]! -= fy; forces[3 * j + 2]! -= fz;
  forces[3 * i]! += fx; forces[3 * i + 1]! += fy; forces[3 * i + 2]! += fz;
  virial[0]! += fx * dx; virial[1]! += fx * dy; virial[2]! += fx * dz;
  virial[3]! += fy * dx; virial[4]! += fy * dy; virial[5]! += fy * dz;
  virial[6]! += fz * dx; virial[7]! += fz * dy; virial[8]! += fz * dz;
}
