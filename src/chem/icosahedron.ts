import type { Rng } from '../math/rng.js';

/**
 * Icosahedral geometry of closo-B12H12²⁻ (SPEC "Reference systems": B at 1.70 Å and H at
 * 2.90 Å from the centre, B–B ≈ 1.78 Å, B–H ≈ 1.20 Å).
 *
 * Reference orientation: the 12 vertex directions are the cyclic permutations of
 * (0, ±1, ±φ)/√(1+φ²), φ = golden ratio. In it the x, y and z axes are C2 axes and the
 * eight cube diagonals (±1, ±1, ±1)/√3 are among the 20 C3 (triad, B3-face) axes — the
 * setting of a Th-symmetric anion on an fcc or bcc lattice site.
 *
 * Rotations are 3×3 row-major matrices R acting on column vectors: v' = R·v, i.e.
 * v'_i = Σ_j R[3i + j] v_j. Arrays of directions are flat, 3 per direction.
 */
export const B12H12_B_RADIUS = 1.7;
/** Distance of H from the centre of an ideal B12H12²⁻ (Å). */
export const B12H12_H_RADIUS = 2.9;

const PHI = (1 + Math.sqrt(5)) / 2;

function buildVertices(): Float64Array {
  const s = 1 / Math.hypot(1, PHI);
  const out: number[] = [];
  // Order: (0,±1,±φ), (±1,±φ,0), (±φ,0,±1) — fixed, so vertex k means the same atom everywhere.
  for (const [a, b] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) out.push(0, a * s, b * PHI * s);
  for (const [a, b] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) out.push(a * s, b * PHI * s, 0);
  for (const [a, b] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) out.push(a * PHI * s, 0, b * s);
  return Float64Array.from(out);
}

/** The 12 unit vertex directions in the reference orientation (flat, 36 numbers). */
export const ICOSAHEDRON_VERTICES: Float64Array = buildVertices();

const dotV = (a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number) => a[3 * i]! * b[3 * j]! + a[3 * i + 1]! * b[3 * j + 1]! + a[3 * i + 2]! * b[3 * j + 2]!;
// Neighbouring vertices are 63.43° apart: cos = 1/√5 ≈ 0.447; the next shell is at cos −0.447.
const NEIGHBOUR_COS = 0.3;

/** The 30 edges as vertex-index pairs (i < j). */
export const ICOSAHEDRON_EDGES: ReadonlyArray<readonly [number, number]> = (() => {
  const e: [number, number][] = [];
  for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) if (dotV(ICOSAHEDRON_VERTICES, i, ICOSAHEDRON_VERTICES, j) > NEIGHBOUR_COS) e.push([i, j]);
  return e;
})();

/** The 20 triangular faces (B3 triads) as vertex-index triples (i < j < k). */
export const ICOSAHEDRON_FACES: ReadonlyArray<readonly [number, number, number]> = (() => {
  const v = ICOSAHEDRON_VERTICES;
  const f: [number, number, number][] = [];
  for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) for (let k = j + 1; k < 12; k++) {
    if (dotV(v, i, v, j) > NEIGHBOUR_COS && dotV(v, j, v, k) > NEIGHBOUR_COS && dotV(v, i, v, k) > NEIGHBOUR_COS) f.push([i, j, k]);
  }
  return f;
})();

/** The 20 unit triad (face-normal, C3) axes in the reference orientation, face order (flat, 60 numbers). */
export const TRIAD_AXES: Float64Array = (() => {
  const v = ICOSAHEDRON_VERTICES;
  const out = new Float64Array(60);
  ICOSAHEDRON_FACES.forEach(([i, j, k], f) => {
    const x = v[3 * i]! + v[3 * j]! + v[3 * k]!, y = v[3 * i + 1]! + v[3 * j + 1]! + v[3 * k + 1]!, z = v[3 * i + 2]! + v[3 * j + 2]! + v[3 * k + 2]!;
    const n = Math.hypot(x, y, z);
    out[3 * f] = x / n; out[3 * f + 1] = y / n; out[3 * f + 2] = z / n;
  });
  return out;
})();

/** Identity rotation. */
export const IDENTITY: Float64Array = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);

/** Apply rotation R to every direction of `dirs` (flat, 3 per direction); returns a new array. */
export function rotateAll(R: ArrayLike<number>, dirs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(dirs.length);
  for (let i = 0; i < dirs.length; i += 3) {
    const x = dirs[i]!, y = dirs[i + 1]!, z = dirs[i + 2]!;
    out[i] = R[0]! * x + R[1]! * y + R[2]! * z;
    out[i + 1] = R[3]! * x + R[4]! * y + R[5]! * z;
    out[i + 2] = R[6]! * x + R[7]! * y + R[8]! * z;
  }
  return out;
}

/** The 12 vertex (B–H bond) directions of an anion with orientation R. */
export function vertexDirections(R: ArrayLike<number> = IDENTITY): Float64Array {
  return rotateAll(R, ICOSAHEDRON_VERTICES);
}

/** The 20 triad axes of an anion with orientation R (face order of ICOSAHEDRON_FACES). */
export function triadAxes(R: ArrayLike<number> = IDENTITY): Float64Array {
  return rotateAll(R, TRIAD_AXES);
}

/**
 * An ideal B12H12 at `centre` (Å) with orientation R: symbols `B`×12 then `H`×12 and flat
 * Cartesian positions (72 numbers, Å); H k sits radially outside B k.
 */
export function idealB12H12(
  centre: ArrayLike<number>,
  R: ArrayLike<number> = IDENTITY,
  radii: { b?: number; h?: number } = {},
): { symbols: string[]; positions: Float64Array } {
  const rb = radii.b ?? B12H12_B_RADIUS, rh = radii.h ?? B12H12_H_RADIUS;
  const d = vertexDirections(R);
  const pos = new Float64Array(72);
  for (let k = 0; k < 12; k++) {
    for (let c = 0; c < 3; c++) {
      pos[3 * k + c] = centre[c]! + rb * d[3 * k + c]!;
      pos[36 + 3 * k + c] = centre[c]! + rh * d[3 * k + c]!;
    }
  }
  return { symbols: [...Array<string>(12).fill('B'), ...Array<string>(12).fill('H')], positions: pos };
}

/**
 * A rotation drawn uniformly from SO(3) (Haar measure), from a uniformly random unit
 * quaternion (Shoemake's subgroup algorithm, Graphics Gems III, 1992). Row-major 3×3.
 */
export function randomRotation(rng: Rng): Float64Array {
  const u1 = rng.nextFloat(), u2 = 2 * Math.PI * rng.nextFloat(), u3 = 2 * Math.PI * rng.nextFloat();
  const a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
  return quaternionToMatrix(b * Math.cos(u3), a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3));
}

/** Rotation matrix (row-major) of the unit quaternion w + xi + yj + zk (normalised here). */
export function quaternionToMatrix(w: number, x: number, y: number, z: number): Float64Array {
  const n = Math.hypot(w, x, y, z);
  w /= n; x /= n; y /= n; z /= n;
  return Float64Array.from([
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ]);
}
