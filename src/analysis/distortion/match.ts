import { rotate, ShellFitter } from './fit.js';

/**
 * Vertex correspondence: which vertex of its element's regular shape each atom of an anion
 * stands for. Found once per anion, in the reference frame, and kept: bonded atoms keep their
 * identity, so the same atom↔vertex map holds in every later frame however far the anion
 * turns, and the per-frame fit is then a plain Kabsch fit with no relabelling (re-assigning
 * every frame could only lower the RMSD by pairing an atom with a vertex it does not stand for).
 *
 * Method (robust to any orientation and to thermal distortion): take the element with the
 * most atoms as the primary shell, its first atom a₀ and the atom a₁ closest to it in angle.
 * For every vertex v_j ≠ v₀ of the shape, start from the rotation that maps (v₀, v_j) onto
 * (a₀, a₁) (two-vector frames), then iterate {assign every atom of every element greedily to
 * the free vertex of its shape with the largest cos(atom, R·vertex); refit R and radii with
 * fitShells} until the assignment repeats. The start with the least residual wins. For a
 * regular shape any vertex may stand for a₀ (all are equivalent), so trying the partners of
 * one vertex covers every orientation class; partners related by a symmetry of the shapes that
 * fixes v₀ give the same fit, so one per class is tried (distinctPartners). Cost ≈ 0.05–0.1 ms
 * per B12H12 (2 starts of 10).
 *
 * @param x anion atoms (whole molecule, flat xyz, Å)
 * @param element element index of each atom
 * @param shapes unit vertices of the regular shape of each element index (flat)
 * @returns unit template vector per atom (flat, 3 per atom) and the residual Σ squares (Å²)
 */
export function matchTemplate(x: ArrayLike<number>, element: ArrayLike<number>, shapes: readonly Float64Array[]): { template: Float64Array; sumSq: number } {
  const n = element.length, nE = shapes.length;
  const centre = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) centre[c]! += x[3 * i + c]! / n;
  const y = Float64Array.from({ length: 3 * n }, (_, k) => x[k]! - centre[k % 3]!);
  const count = new Array<number>(nE).fill(0);
  for (let i = 0; i < n; i++) count[element[i]!]!++;
  const primary = count.indexOf(Math.max(...count));
  const members = [...Array(n).keys()].filter((i) => element[i] === primary);
  const a0 = members[0]!;
  let a1 = -1, best = -2;
  for (const i of members) {
    if (i === a0) continue;
    const c = cosine(y, a0, y, i);
    if (c > best && c < 0.999) { best = c; a1 = i; }
  }
  const shape = shapes[primary]!;
  const starts: Float64Array[] = [];
  if (a1 < 0 || Math.abs(best) > 0.999) {
    starts.push(frameRotation(shape, 0, -1, y, a0, -1));
  } else {
    for (const j of distinctPartners(shapes, primary)) starts.push(frameRotation(shape, 0, j, y, a0, a1));
  }
  const assigner = new Assigner(y, element, shapes);
  const fitter = new ShellFitter(nE);
  const R = new Float64Array(9), t = new Float64Array(3 * n), key = new Int32Array(n);
  const bestT = new Float64Array(3 * n);
  let bestSS = Infinity;
  for (const R0 of starts) {
    R.set(R0);
    let ss = Infinity;
    t.fill(0);
    for (let it = 0; it < 20; it++) {
      const order = assigner.assign(R);
      if (it > 0 && sameOrder(order, key)) break;
      key.set(order);
      t.set(assigner.template);
      fitter.fit(x, element, t, 0, n);
      R.set(fitter.rotation);
      ss = 0;
      for (let e = 0; e < nE; e++) ss += fitter.sumSq[e]!;
    }
    if (ss < bestSS) { bestSS = ss; bestT.set(t); }
  }
  return { template: bestT, sumSq: bestSS };
}

const PARTNERS = new WeakMap<readonly Float64Array[], Map<number, number[]>>();

/**
 * The partners j of vertex 0 of the primary shape to start from, one per class of equivalent
 * starts: starts (v₀, v_j) and (v₀, v_k) are equivalent when a proper rotation G fixing v₀
 * with G v_j = v_k maps every element's shape onto itself. Then the start rotations differ by
 * G (R₀ₖ = R₀ⱼ Gᵀ), R₀ₖ·shape is the same point set as R₀ⱼ·shape with the vertices relabelled,
 * and every later assignment and fit is the relabelled one with the same residual (up to
 * rounding); since relabelling a template by a symmetry of the shapes changes no fit result,
 * one start per class suffices (icosahedron: 2 of 10; tetrahedron, octahedron, triangle: 1).
 * Cached per shapes list.
 */
function distinctPartners(shapes: readonly Float64Array[], primary: number): number[] {
  let byPrimary = PARTNERS.get(shapes);
  if (!byPrimary) PARTNERS.set(shapes, (byPrimary = new Map()));
  let kept = byPrimary.get(primary);
  if (kept) return kept;
  kept = [];
  const shape = shapes[primary]!;
  for (let j = 1; j < shape.length / 3; j++) {
    const c = cosine(shape, 0, shape, j);
    if (Math.abs(c) >= 0.999) continue;
    const equivalent = kept.some((r) => Math.abs(cosine(shape, 0, shape, r) - c) < 1e-9
      && shapes.every((s) => isSymmetry(frameRotation(shape, 0, r, shape, 0, j), s)));
    if (!equivalent) kept.push(j);
  }
  byPrimary.set(primary, kept);
  return kept;
}

/** Whether rotation G maps the vertex set `s` onto itself. */
function isSymmetry(G: Float64Array, s: Float64Array): boolean {
  const nv = s.length / 3;
  for (let v = 0; v < nv; v++) {
    const g = rotate(G, s, v);
    let found = false;
    for (let w = 0; w < nv && !found; w++) found = Math.hypot(g[0] - s[3 * w]!, g[1] - s[3 * w + 1]!, g[2] - s[3 * w + 2]!) < 1e-9;
    if (!found) return false;
  }
  return true;
}

function sameOrder(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Greedy atom→vertex assignment for a trial rotation R, reused across starts and iterations
 * (scratch allocated once per anion). Per element, pairs (atom i, vertex v) are taken in order
 * of decreasing cos(yᵢ, R·v) (ties: lower atom, then lower vertex), skipping pairs whose atom
 * or vertex is already taken — done as repeated searches for the best free pair, which pick the
 * same pairs as walking the sorted list.
 */
class Assigner {
  /** Unit template vector per atom of the last assignment (flat, 3 per atom). */
  readonly template: Float64Array;
  /** Vertex index per atom of the last assignment (−1: none). */
  readonly vertexOf: Int32Array;
  private readonly atomsOf: Int32Array[];
  private readonly norm: Float64Array;
  private readonly rotated: Float64Array;
  private readonly rotNorm: Float64Array;
  private readonly cos: Float64Array;
  private readonly usedV: Uint8Array;
  /** Best free vertex of each atom row of the element being assigned (−1: assigned). */
  private readonly bestOf: Int32Array;

  constructor(private readonly y: Float64Array, element: ArrayLike<number>, private readonly shapes: readonly Float64Array[]) {
    const n = element.length;
    this.template = new Float64Array(3 * n);
    this.vertexOf = new Int32Array(n);
    this.atomsOf = shapes.map((_, e) => Int32Array.from([...Array(n).keys()].filter((i) => element[i] === e)));
    this.norm = Float64Array.from({ length: n }, (_, i) => Math.hypot(y[3 * i]!, y[3 * i + 1]!, y[3 * i + 2]!));
    const nv = Math.max(...shapes.map((s) => s.length / 3));
    this.rotated = new Float64Array(3 * nv);
    this.rotNorm = new Float64Array(nv);
    this.cos = new Float64Array(n * nv);
    this.usedV = new Uint8Array(nv);
    this.bestOf = new Int32Array(n);
  }

  /** Assign every atom for rotation R; returns vertexOf (owned by this object). */
  assign(R: Float64Array): Int32Array {
    const { y, template, vertexOf, rotated, rotNorm, cos, usedV, norm, bestOf } = this;
    template.fill(0); vertexOf.fill(-1);
    for (let e = 0; e < this.shapes.length; e++) {
      const s = this.shapes[e]!, nv = s.length / 3, atoms = this.atomsOf[e]!, na = atoms.length;
      for (let v = 0; v < nv; v++) {
        const [a, b, c] = rotate(R, s, v);
        rotated[3 * v] = a; rotated[3 * v + 1] = b; rotated[3 * v + 2] = c;
        rotNorm[v] = Math.hypot(a, b, c);
      }
      // cos(atom, R·vertex), exactly as cosine() computes it.
      for (let p = 0; p < na; p++) {
        const i = atoms[p]!, yx = y[3 * i]!, yy = y[3 * i + 1]!, yz = y[3 * i + 2]!;
        for (let v = 0; v < nv; v++) {
          const d = norm[i]! * rotNorm[v]!;
          cos[p * nv + v] = nv === 1 ? 1 : d > 0 ? (yx * rotated[3 * v]! + yy * rotated[3 * v + 1]! + yz * rotated[3 * v + 2]!) / d : 0;
        }
      }
      usedV.fill(0);
      // Each free atom's best free vertex (ties: lower vertex); the global best pair is the
      // best of these (ties: lower atom). Only atoms whose best vertex was just taken rescan.
      for (let p = 0; p < na; p++) bestOf[p] = this.bestFree(p, nv);
      for (let step = 0; step < na; step++) {
        let bp = -1, bc = -Infinity;
        for (let p = 0; p < na; p++) {
          const v = bestOf[p]!;
          if (v >= 0 && cos[p * nv + v]! > bc) { bc = cos[p * nv + v]!; bp = p; }
        }
        if (bp < 0) break;
        const i = atoms[bp]!, bv = bestOf[bp]!;
        vertexOf[i] = bv; usedV[bv] = 1; bestOf[bp] = -1;
        template[3 * i] = s[3 * bv]!; template[3 * i + 1] = s[3 * bv + 1]!; template[3 * i + 2] = s[3 * bv + 2]!;
        for (let p = 0; p < na; p++) if (bestOf[p] === bv) bestOf[p] = this.bestFree(p, nv);
      }
    }
    return vertexOf;
  }

  /** The free vertex with the largest cos for atom row p (−1 when none is free). */
  private bestFree(p: number, nv: number): number {
    const { cos, usedV } = this;
    let bv = -1, bc = -Infinity;
    for (let v = 0; v < nv; v++) if (!usedV[v] && cos[p * nv + v]! > bc) { bc = cos[p * nv + v]!; bv = v; }
    return bv;
  }
}

function cosine(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const ax = a[3 * i]!, ay = a[3 * i + 1]!, az = a[3 * i + 2]!, bx = b[3 * j]!, by = b[3 * j + 1]!, bz = b[3 * j + 2]!;
  const d = Math.hypot(ax, ay, az) * Math.hypot(bx, by, bz);
  return d > 0 ? (ax * bx + ay * by + az * bz) / d : 0;
}

/** Orthonormal frame (e₁ ∥ p, e₂ in the p,q plane) as three unit columns; q = −1 picks any e₂. */
function frame(v: ArrayLike<number>, p: number, q: number): number[][] {
  const e1 = unit([v[3 * p]!, v[3 * p + 1]!, v[3 * p + 2]!]);
  let w = q >= 0 ? [v[3 * q]!, v[3 * q + 1]!, v[3 * q + 2]!] : Math.abs(e1[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const d = w[0]! * e1[0]! + w[1]! * e1[1]! + w[2]! * e1[2]!;
  w = unit(w.map((c, k) => c - d * e1[k]!));
  const e3 = [e1[1]! * w[2]! - e1[2]! * w[1]!, e1[2]! * w[0]! - e1[0]! * w[2]!, e1[0]! * w[1]! - e1[1]! * w[0]!];
  return [e1, w, e3];
}

/** Rotation mapping the frame of shape vertices (p, q) onto the frame of atoms (a, b). */
function frameRotation(shape: Float64Array, p: number, q: number, y: Float64Array, a: number, b: number): Float64Array {
  const f = frame(shape, p, q), g = frame(y, a, b);
  const R = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) R[3 * i + j] = g[0]![i]! * f[0]![j]! + g[1]![i]! * f[1]![j]! + g[2]![i]! * f[2]![j]!;
  return R;
}

function unit(v: number[]): number[] {
  const n = Math.hypot(v[0]!, v[1]!, v[2]!);
  return v.map((c) => c / n);
}
