import { PaddlewheelError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import type { ClusterCentres } from '../../chem/centres.js';

/**
 * The 20 triads (B3 faces) of an icosahedral closo cage, found from the atoms themselves.
 *
 * Method (chosen over a per-frame Kabsch fit of the ideal icosahedron): the cage atoms are the
 * anion's non-hydrogen atoms (12 B in B12H12, 11 B + 1 C in CB11H12). In the reference frame
 * each takes its 5 nearest cage neighbours; an edge is a mutual pair, and a face is a triangle
 * of edges. A regular icosahedron has B–B = 1.78 Å to its 5 neighbours and ≥ 2.9 Å to the
 * rest (ratio 1.6), so thermal distortion does not blur the choice; the result is accepted only
 * if it is an icosahedron (30 edges, every atom in 5 of exactly 20 faces). Cages do not
 * isomerise in MD, so the faces — triples of atoms — stay fixed, and each frame a triad axis
 * is the direction from the anion's centre of mass to the centroid of its three atoms at
 * their instantaneous positions. That follows the instantaneous (distorted) cage without any
 * fit, and for a regular icosahedron it is exactly the C3 axis.
 */

/** Faces of one anion: 20 triples of slot indices into ClusterCentres (`whole` rows). */
export type CageFaces = Int32Array;

/** Hydrogen and deuterium are the cage's substituents, not the cage. */
const SUBSTITUENTS = new Set(['H', 'D', 'T']);

/**
 * Faces of every anion from the reference frame's rebuilt atoms (`rebuilder.whole` after a
 * `compute` of that frame). Returns 60 slot indices per anion (20 faces × 3).
 * @throws PaddlewheelError E_SELECTION naming the anion and why docking is undefined for it
 */
export function cageFaces(topology: Topology, rebuilder: ClusterCentres, formulas: readonly string[]): CageFaces[] {
  const out: CageFaces[] = [];
  for (let k = 0; k < rebuilder.count; k++) {
    const slots: number[] = [];
    for (let s = rebuilder.offsets[k]!; s < rebuilder.offsets[k + 1]!; s++) if (!SUBSTITUENTS.has(topology.symbols[rebuilder.slotAtom[s]!]!)) slots.push(s);
    const why = `docking to B3 triads is defined only for icosahedral closo cages (12 non-hydrogen atoms, e.g. B12H12, CB11H12)`;
    if (slots.length !== 12) {
      throw new PaddlewheelError('E_SELECTION', `docking: anion ${k + 1} (${formulas[k]}) has ${slots.length} non-hydrogen atom(s), not 12; ${why}`);
    }
    const faces = facesOf(slots, rebuilder.whole);
    if (!faces) throw new PaddlewheelError('E_SELECTION', `docking: the 12 cage atoms of anion ${k + 1} (${formulas[k]}) do not form an icosahedron (5 mutual nearest neighbours each, 20 triangular faces) in the reference frame; ${why}`);
    out.push(faces);
  }
  return out;
}

function facesOf(slots: number[], whole: Float64Array): Int32Array | null {
  const n = slots.length;
  const d = (i: number, j: number) => {
    const a = 3 * slots[i]!, b = 3 * slots[j]!;
    return Math.hypot(whole[a]! - whole[b]!, whole[a + 1]! - whole[b + 1]!, whole[a + 2]! - whole[b + 2]!);
  };
  const near: Set<number>[] = [];
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((x, y) => d(i, x) - d(i, y));
    near.push(new Set(others.slice(0, 5)));
  }
  const edge = (i: number, j: number) => near[i]!.has(j) && near[j]!.has(i);
  const faces: number[] = [];
  const perAtom = new Int32Array(n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    if (!edge(i, j)) continue;
    for (let k = j + 1; k < n; k++) {
      if (edge(i, k) && edge(j, k)) {
        faces.push(slots[i]!, slots[j]!, slots[k]!);
        perAtom[i]++; perAtom[j]++; perAtom[k]++;
      }
    }
  }
  if (faces.length !== 60 || perAtom.some((c) => c !== 5)) return null;
  return Int32Array.from(faces);
}

/**
 * Unit triad axes of one anion at the rebuilder's current frame: from `centre` (Å, the
 * unwrapped centre of mass beside the rebuilt atoms) to each face centroid. Written into
 * `out` (60 numbers, face order).
 */
export function triadDirections(faces: CageFaces, whole: Float64Array, centre: ArrayLike<number>, c0: number, out: Float64Array): void {
  for (let f = 0; f < 20; f++) {
    let x = 0, y = 0, z = 0;
    for (let v = 0; v < 3; v++) {
      const s = 3 * faces[3 * f + v]!;
      x += whole[s]!; y += whole[s + 1]!; z += whole[s + 2]!;
    }
    x = x / 3 - centre[c0]!; y = y / 3 - centre[c0 + 1]!; z = z / 3 - centre[c0 + 2]!;
    const r = Math.hypot(x, y, z);
    out[3 * f] = x / r; out[3 * f + 1] = y / r; out[3 * f + 2] = z / r;
  }
}
