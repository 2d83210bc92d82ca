import { kabschRotation } from '../../math/kabsch.js';

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
 * Fit `x` (anion atoms, whole molecule, flat xyz, Å) with `element[i]` (index < nElements) and
 * unit template vectors `template` (flat, 3 per atom; zero vector for a centre atom).
 */
export function fitShells(x: ArrayLike<number>, element: ArrayLike<number>, template: ArrayLike<number>, nElements: number, maxRounds = 50): ShellFit {
  const n = element.length;
  const centre: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) centre[c] += x[3 * i + c]! / n;
  const y = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) y[i] = x[i]! - centre[i % 3]!;
  const count = new Float64Array(nElements);
  const radius = new Float64Array(nElements);
  for (let i = 0; i < n; i++) {
    const e = element[i]!;
    count[e]++;
    if (isZero(template, i)) continue;
    radius[e] += Math.hypot(y[3 * i]!, y[3 * i + 1]!, y[3 * i + 2]!);
  }
  for (let e = 0; e < nElements; e++) radius[e] = count[e]! > 0 ? radius[e]! / count[e]! : 0;
  const scaled = new Float64Array(3 * n);
  let R: Float64Array = new Float64Array(9);
  for (let round = 0; round < maxRounds; round++) {
    for (let i = 0; i < 3 * n; i++) scaled[i] = radius[element[Math.floor(i / 3)]!]! * template[i]!;
    R = kabschRotation(scaled, y);
    const next = new Float64Array(nElements);
    for (let i = 0; i < n; i++) {
      const u = rotate(R, template, i);
      next[element[i]!] += (y[3 * i]! * u[0] + y[3 * i + 1]! * u[1] + y[3 * i + 2]! * u[2]) / count[element[i]!]!;
    }
    let change = 0;
    for (let e = 0; e < nElements; e++) change = Math.max(change, Math.abs(next[e]! - radius[e]!));
    radius.set(next);
    if (change < 1e-12) break;
  }
  const sumSq = new Float64Array(nElements);
  for (let i = 0; i < n; i++) {
    const u = rotate(R, template, i), r = radius[element[i]!]!;
    sumSq[element[i]!] += (y[3 * i]! - r * u[0]) ** 2 + (y[3 * i + 1]! - r * u[1]) ** 2 + (y[3 * i + 2]! - r * u[2]) ** 2;
  }
  return { rotation: R, centre, radius, sumSq };
}

function isZero(t: ArrayLike<number>, i: number): boolean {
  return t[3 * i] === 0 && t[3 * i + 1] === 0 && t[3 * i + 2] === 0;
}

/** R·t_i as a tuple. */
export function rotate(R: ArrayLike<number>, t: ArrayLike<number>, i: number): [number, number, number] {
  const a = t[3 * i]!, b = t[3 * i + 1]!, c = t[3 * i + 2]!;
  return [R[0]! * a + R[1]! * b + R[2]! * c, R[3]! * a + R[4]! * b + R[5]! * c, R[6]! * a + R[7]! * b + R[8]! * c];
}
