import { hornRotation } from '../../math/kabsch.js';

/**
 * Rigid fit of one anion to regular shells of fitted size (SPEC 7, "RMSD after the best rigid
 * (Kabsch) fit to a regular icosahedron of fitted size").
 *
 * Model: atom i of element e sits at c + r_e·R·u_i, with u_i the unit vertex of the regular
 * shape of e assigned to atom i (`template`, 3 per atom), one rotation R and centre c for the
 * whole anion (B and H shells rotate together, so an H shell twisted against the B shell
 * counts as distortion) and one radius r_e per element (B at ≈1.70 Å and H at ≈2.90 Å).
 * The fit minimises Σᵢ |xᵢ − c − r_e R uᵢ|² exactly:
 * - c = the plain centroid of the atoms, because each shell's vertices sum to zero;
 * - for fixed radii R is a Kabsch rotation of the scaled template onto the atoms, and for
 *   fixed R the best r_e = Σ_{i∈e} (xᵢ − c)·(R uᵢ)/n_e; both steps lower the sum, so
 *   alternating them from r_e = mean distance converges (two or three rounds in practice).
 * With a single shell R does not depend on r and the first round is already exact.
 */
export interface ShellFit {
  rotation: Float64Array;
  centre: [number, number, number];
  /** Fitted radius per element index (Å); 0 for a one-atom (centre) shell. */
  radius: Float64Array;
  /** Σ squared residuals per element index (Å²). */
  sumSq: Float64Array;
}

/**
 * Allocation-free shell fitter (the per-frame hot path; one per element count, reused).
 *
 * The atoms enter the alternation only through the per-element correlation matrices
 * M_e = Σ_{i∈e} uᵢ (xᵢ − c)ᵀ (3×3): with S = Σ_e r_e M_e the rotation step is the optimal
 * rotation of S (hornRotation: closed form, no SVD), and the radius step is
 * r_e = tr(R M_e)/n_e. So each round costs O(elements), not O(atoms); only the final
 * residuals Σ_{i∈e} |xᵢ − c − r_e R uᵢ|² are summed atom by atom (no cancellation for a
 * near-perfect shape). The rounds, start and stopping rule are those of the documented
 * alternation above.
 */
export class ShellFitter {
  /** Rotation of the last fit (row-major 3×3, det +1). */
  readonly rotation = new Float64Array(9);
  /** Centroid of the last fit (Å). */
  readonly centre = new Float64Array(3);
  /** Fitted radius per element index of the last fit (Å). */
  readonly radius: Float64Array;
  /** Σ squared residuals per element index of the last fit (Å²). */
  readonly sumSq: Float64Array;
  private readonly count: Float64Array;
  private readonly next: Float64Array;
  /** M_e, 9 per element, row-major: M_e[3a+b] = Σ uᵢₐ yᵢ_b. */
  private readonly corr: Float64Array;
  private readonly S = new Float64Array(9);

  constructor(readonly nElements: number) {
    this.radius = new Float64Array(nElements);
    this.sumSq = new Float64Array(nElements);
    this.count = new Float64Array(nElements);
    this.next = new Float64Array(nElements);
    this.corr = new Float64Array(9 * nElements);
  }

  /**
   * Fit atoms `first` … `end − 1`: positions x[3i…3i+2] (whole molecule, Å), element index
   * element[i] (< nElements), unit template vector template[3i…3i+2] (zero for a centre atom).
   * Results are left in the fields (overwritten by the next fit).
   */
  fit(x: ArrayLike<number>, element: ArrayLike<number>, template: ArrayLike<number>, first: number, end: number, maxRounds = 50): this {
    const { radius, count, next, corr, S, rotation: R, centre, sumSq } = this;
    const nE = this.nElements, n = end - first;
    let cx = 0, cy = 0, cz = 0;
    for (let i = first; i < end; i++) { cx += x[3 * i]!; cy += x[3 * i + 1]!; cz += x[3 * i + 2]!; }
    cx /= n; cy /= n; cz /= n;
    centre[0] = cx; centre[1] = cy; centre[2] = cz;
    radius.fill(0); count.fill(0); corr.fill(0);
    for (let i = first; i < end; i++) {
      const e = element[i]!;
      count[e]++;
      const ux = template[3 * i]!, uy = template[3 * i + 1]!, uz = template[3 * i + 2]!;
      if (ux === 0 && uy === 0 && uz === 0) continue;
      const yx = x[3 * i]! - cx, yy = x[3 * i + 1]! - cy, yz = x[3 * i + 2]! - cz;
      radius[e] += Math.sqrt(yx * yx + yy * yy + yz * yz);
      const m = 9 * e;
      corr[m] += ux * yx; corr[m + 1] += ux * yy; corr[m + 2] += ux * yz;
      corr[m + 3] += uy * yx; corr[m + 4] += uy * yy; corr[m + 5] += uy * yz;
      corr[m + 6] += uz * yx; corr[m + 7] += uz * yy; corr[m + 8] += uz * yz;
    }
    for (let e = 0; e < nE; e++) radius[e] = count[e]! > 0 ? radius[e]! / count[e]! : 0;
    R.fill(0);
    for (let round = 0; round < maxRounds; round++) {
      S.fill(0);
      for (let e = 0; e < nE; e++) for (let k = 0; k < 9; k++) S[k] += radius[e]! * corr[9 * e + k]!;
      hornRotation(S, R);
      let change = 0;
      for (let e = 0; e < nE; e++) {
        // tr(R M_e) = Σ_{i∈e} yᵢ·(R uᵢ).
        let t = 0;
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) t += R[3 * a + b]! * corr[9 * e + 3 * b + a]!;
        next[e] = count[e]! > 0 ? t / count[e]! : 0;
        change = Math.max(change, Math.abs(next[e]! - radius[e]!));
      }
      radius.set(next);
      if (change < 1e-12) break;
    }
    sumSq.fill(0);
    for (let i = first; i < end; i++) {
      const e = element[i]!, r = radius[e]!;
      const ux = template[3 * i]!, uy = template[3 * i + 1]!, uz = template[3 * i + 2]!;
      const dx = x[3 * i]! - cx - r * (R[0]! * ux + R[1]! * uy + R[2]! * uz);
      const dy = x[3 * i + 1]! - cy - r * (R[3]! * ux + R[4]! * uy + R[5]! * uz);
      const dz = x[3 * i + 2]! - cz - r * (R[6]! * ux + R[7]! * uy + R[8]! * uz);
      sumSq[e] += dx * dx + dy * dy + dz * dz;
    }
    return this;
  }
}

/**
 * Fit `x` (anion atoms, whole molecule, flat xyz, Å) with `element[i]` (index < nElements) and
 * unit template vectors `template` (flat, 3 per atom; zero vector for a centre atom).
 * Convenience wrapper of ShellFitter returning fresh arrays.
 */
export function fitShells(x: ArrayLike<number>, element: ArrayLike<number>, template: ArrayLike<number>, nElements: number, maxRounds = 50): ShellFit {
  const f = new ShellFitter(nElements).fit(x, element, template, 0, element.length, maxRounds);
  return { rotation: f.rotation, centre: [f.centre[0]!, f.centre[1]!, f.centre[2]!], radius: f.radius, sumSq: f.sumSq };
}

/** R·t_i as a tuple. */
export function rotate(R: ArrayLike<number>, t: ArrayLike<number>, i: number): [number, number, number] {
  const a = t[3 * i]!, b = t[3 * i + 1]!, c = t[3 * i + 2]!;
  return [R[0]! * a + R[1]! * b + R[2]! * c, R[3]! * a + R[4]! * b + R[5]! * c, R[6]! * a + R[7]! * b + R[8]! * c];
}
