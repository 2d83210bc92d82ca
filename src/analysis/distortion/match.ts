import { fitShells, rotate } from './fit.js';

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
 * one vertex covers every orientation class.
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
    for (let j = 1; j < shape.length / 3; j++) if (Math.abs(cosine(shape, 0, shape, j)) < 0.999) starts.push(frameRotation(shape, 0, j, y, a0, a1));
  }
  let bestT: Float64Array = new Float64Array(3 * n), bestSS = Infinity;
  for (const R0 of starts) {
    let R = R0, key = '';
    let t: Float64Array = new Float64Array(3 * n), ss = Infinity;
    for (let it = 0; it < 20; it++) {
      const { template, order } = assign(y, element, shapes, R);
      if (order === key) break;
      key = order;
      t = template;
      const f = fitShells(x, element, t, nE);
      R = f.rotation;
      ss = f.sumSq.reduce((a, b) => a + b, 0);
    }
    if (ss < bestSS) { bestSS = ss; bestT = t; }
  }
  return { template: bestT, sumSq: bestSS };
}

function assign(y: Float64Array, element: ArrayLike<number>, shapes: readonly Float64Array[], R: Float64Array): { template: Float64Array; order: string } {
  const n = element.length;
  const template = new Float64Array(3 * n);
  const vertexOf = new Int32Array(n).fill(-1);
  for (let e = 0; e < shapes.length; e++) {
    const s = shapes[e]!, nv = s.length / 3;
    const atoms = [...Array(n).keys()].filter((i) => element[i] === e);
    const rotated = new Float64Array(3 * nv);
    for (let v = 0; v < nv; v++) rotated.set(rotate(R, s, v), 3 * v);
    const pairs: [number, number, number][] = [];
    for (const i of atoms) for (let v = 0; v < nv; v++) pairs.push([nv === 1 ? 1 : cosine(y, i, rotated, v), i, v]);
    pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
    const usedV = new Set<number>();
    for (const [, i, v] of pairs) {
      if (vertexOf[i]! >= 0 || usedV.has(v)) continue;
      vertexOf[i] = v; usedV.add(v);
      template.set(s.subarray(3 * v, 3 * v + 3), 3 * i);
    }
  }
  return { template, order: vertexOf.join(',') };
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
