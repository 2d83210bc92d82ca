import { atomOmega, rigidOmega } from './angular.js';
import { readColumns, type RowBlocks } from './row-blocks.js';

/**
 * The per-frame rows the spectra are computed from, derived while frames are pushed (so the
 * state keeps only what finalize transforms, and the work runs on the workers).
 *
 * Series row of one frame (`SeriesLayout`), 3 numbers per item:
 *   [ velocity of each used atom (Å/ps), state.atoms order
 *   | ω_i = (r_i × v_i)/|r_i|² of each polyatomic-anion atom (rad/ps), slot order
 *   | rigid-body ω = I⁻¹L of each polyatomic anion (rad/ps; zeros for a linear one) ]
 * with r_i, v_i relative to the anion's centre of mass:
 * - velocities from the file: v as read; v_i − V with V = Σ m_i v_i / Σ m_i;
 * - finite differences: v(t) = [d(t) + d(t+1)]/(2Δt), d(t) the minimum-image step from frame
 *   t−1 to t in frame t's cell (pbc.ts unwrapStep's step, i.e. the central difference of the
 *   unwrapped positions [u(t+1) − u(t−1)]/(2Δt)); relative velocities are the central
 *   differences of the whole-molecule relative positions. Frame t needs frames t ± 1, so the
 *   first and last frames get no row.
 *
 * Raw row of one frame (finite differences only; kept for the two frames at each end of a
 * state, where a merge supplies the missing neighbour):
 *   [ positions of the used atoms as read (Å) | relative positions of the anion atoms (Å)
 *   | cell matrix (9) | cell inverse (9) ]
 */
export interface SeriesLayout {
  /** Used atoms. */
  atoms: number;
  /** Polyatomic-anion atoms (slots). */
  slots: number;
  /** Polyatomic anions. */
  anions: number;
  /** Offset of the per-atom ω block in a series row (= 3·atoms). */
  omegaAtoms: number;
  /** Offset of the rigid-body ω block (= 3·atoms + 3·slots). */
  omegaRigid: number;
  /** Numbers per series row. */
  width: number;
  /** Numbers per raw row: 3·atoms + 3·slots + 18. */
  rawWidth: number;
  /** Offset of the relative positions in a raw row (= 3·atoms). */
  rawRel: number;
  /** Offset of the cell matrix in a raw row (its inverse follows). */
  rawCell: number;
}

/** Layout of `atoms` used atoms, of which `slots` in `anions` polyatomic anions. */
export function seriesLayout(atoms: number, slots: number, anions: number): SeriesLayout {
  return {
    atoms, slots, anions,
    omegaAtoms: 3 * atoms, omegaRigid: 3 * (atoms + slots), width: 3 * (atoms + slots + anions),
    rawWidth: 3 * (atoms + slots) + 18, rawRel: 3 * atoms, rawCell: 3 * (atoms + slots),
  };
}

/** What the row builders need besides the rows: cluster bounds, masses, which anions are rigid. */
export interface SeriesGeometry {
  layout: SeriesLayout;
  /** Slot offsets of the polyatomic anions (length anions + 1). */
  clusterStart: ArrayLike<number>;
  /** Masses (amu) of the slots. */
  slotMasses: Float64Array;
  /** Index of slot 0 among the used atoms (= number of cations). */
  firstSlotAtom: number;
  rigid: readonly boolean[];
}

/**
 * ω of every anion atom and every rigid anion from relative positions `rel` and velocities
 * `relVel` (3 per slot), written into `out` at `o` + the layout's ω offsets.
 */
function writeOmegas(g: SeriesGeometry, rel: ArrayLike<number>, r0: number, relVel: Float64Array, out: Float64Array, o: number): void {
  const L = g.layout, oa = o + L.omegaAtoms, orr = o + L.omegaRigid;
  for (let s = 0; s < L.slots; s++) atomOmega(rel, r0 + 3 * s, relVel, 3 * s, out, oa + 3 * s);
  for (let k = 0; k < L.anions; k++) {
    const dst = orr + 3 * k;
    out[dst] = 0; out[dst + 1] = 0; out[dst + 2] = 0;
    if (!g.rigid[k]) continue;
    const s0 = g.clusterStart[k]!, cnt = g.clusterStart[k + 1]! - s0;
    rigidOmega(rel, r0 + 3 * s0, relVel, 3 * s0, g.slotMasses, s0, cnt, out, dst);
  }
}

/**
 * Series row of a frame with velocities from the file: `vel` (3 per used atom, already in
 * state.atoms order), `rel` relative positions (3 per slot); `relVel` is scratch (3 per slot).
 */
export function fileRow(g: SeriesGeometry, vel: Float64Array, rel: Float64Array, relVel: Float64Array, out: Float64Array, o: number): void {
  const L = g.layout;
  for (let i = 0; i < 3 * L.atoms; i++) out[o + i] = vel[i]!;
  for (let k = 0; k < L.anions; k++) {
    const s0 = g.clusterStart[k]!, s1 = g.clusterStart[k + 1]!;
    let mx = 0, my = 0, mz = 0, mt = 0;
    for (let s = s0; s < s1; s++) {
      const m = g.slotMasses[s]!, v = 3 * (g.firstSlotAtom + s);
      mx += m * vel[v]!; my += m * vel[v + 1]!; mz += m * vel[v + 2]!; mt += m;
    }
    for (let s = s0; s < s1; s++) {
      const v = 3 * (g.firstSlotAtom + s), d = 3 * s;
      relVel[d] = vel[v]! - mx / mt; relVel[d + 1] = vel[v + 1]! - my / mt; relVel[d + 2] = vel[v + 2]! - mz / mt;
    }
  }
  writeOmegas(g, rel, 0, relVel, out, o);
}

/**
 * Series row of the middle frame of three consecutive raw rows (finite differences, frame
 * spacing `dt` ps); `relVel` is scratch (3 per slot).
 */
export function differenceRow(g: SeriesGeometry, prev: Float64Array, mid: Float64Array, next: Float64Array, dt: number, relVel: Float64Array, out: Float64Array, o: number): void {
  const L = g.layout, c = L.rawCell;
  const h2 = 2 * dt;
  // Minimum-image steps as pbc.ts unwrapStep takes them: prev→mid in mid's cell, mid→next in next's.
  const M = c, V = c + 9;
  const a0 = mid[M]!, a1 = mid[M + 1]!, a2 = mid[M + 2]!, a3 = mid[M + 3]!, a4 = mid[M + 4]!, a5 = mid[M + 5]!, a6 = mid[M + 6]!, a7 = mid[M + 7]!, a8 = mid[M + 8]!;
  const p0 = mid[V]!, p1 = mid[V + 1]!, p2 = mid[V + 2]!, p3 = mid[V + 3]!, p4 = mid[V + 4]!, p5 = mid[V + 5]!, p6 = mid[V + 6]!, p7 = mid[V + 7]!, p8 = mid[V + 8]!;
  const b0 = next[M]!, b1 = next[M + 1]!, b2 = next[M + 2]!, b3 = next[M + 3]!, b4 = next[M + 4]!, b5 = next[M + 5]!, b6 = next[M + 6]!, b7 = next[M + 7]!, b8 = next[M + 8]!;
  const q0 = next[V]!, q1 = next[V + 1]!, q2 = next[V + 2]!, q3 = next[V + 3]!, q4 = next[V + 4]!, q5 = next[V + 5]!, q6 = next[V + 6]!, q7 = next[V + 7]!, q8 = next[V + 8]!;
  for (let i = 0; i < 3 * L.atoms; i += 3) {
    const x0 = prev[i]!, y0 = prev[i + 1]!, z0 = prev[i + 2]!;
    const x1 = mid[i]!, y1 = mid[i + 1]!, z1 = mid[i + 2]!;
    const x2 = next[i]!, y2 = next[i + 1]!, z2 = next[i + 2]!;
    let dx = x1 - x0, dy = y1 - y0, dz = z1 - z0;
    // Fractional step; Math.round of a value in [−0.5, 0.5) is ±0, which leaves the step as it is.
    let s0 = dx * p0 + dy * p3 + dz * p6, s1 = dx * p1 + dy * p4 + dz * p7, s2 = dx * p2 + dy * p5 + dz * p8;
    let ax = dx, ay = dy, az = dz;
    if (!(s0 >= -0.5 && s0 < 0.5 && s1 >= -0.5 && s1 < 0.5 && s2 >= -0.5 && s2 < 0.5)) {
      const n0 = Math.round(s0), n1 = Math.round(s1), n2 = Math.round(s2);
      ax = dx - n0 * a0 - n1 * a3 - n2 * a6;
      ay = dy - n0 * a1 - n1 * a4 - n2 * a7;
      az = dz - n0 * a2 - n1 * a5 - n2 * a8;
    }
    dx = x2 - x1; dy = y2 - y1; dz = z2 - z1;
    s0 = dx * q0 + dy * q3 + dz * q6; s1 = dx * q1 + dy * q4 + dz * q7; s2 = dx * q2 + dy * q5 + dz * q8;
    let bx = dx, by = dy, bz = dz;
    if (!(s0 >= -0.5 && s0 < 0.5 && s1 >= -0.5 && s1 < 0.5 && s2 >= -0.5 && s2 < 0.5)) {
      const n0 = Math.round(s0), n1 = Math.round(s1), n2 = Math.round(s2);
      bx = dx - n0 * b0 - n1 * b3 - n2 * b6;
      by = dy - n0 * b1 - n1 * b4 - n2 * b7;
      bz = dz - n0 * b2 - n1 * b5 - n2 * b8;
    }
    out[o + i] = (ax + bx) / h2; out[o + i + 1] = (ay + by) / h2; out[o + i + 2] = (az + bz) / h2;
  }
  const r = L.rawRel;
  for (let i = 0; i < 3 * L.slots; i++) relVel[i] = (next[r + i]! - prev[r + i]!) / h2;
  writeOmegas(g, mid, r, relVel, out, o);
}

/** The series of one column of a store (a new array of `rows` numbers; tests and diagnostics). */
export function seriesColumn(store: RowBlocks, column: number): Float64Array {
  const out = new Float64Array(store.rows);
  readColumns(store, column, 1, out);
  return out;
}
