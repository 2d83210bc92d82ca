import { makeCell } from '../../core/cell.js';
import { unwrapStep } from '../../math/pbc.js';
import { atomOmega, rigidOmega } from './angular.js';
import type { SeriesTable } from './spectrum.js';
import type { SpectraState } from './state.js';

/** The time series the spectra are computed from, all of one length (frames). */
export interface DerivedSeries {
  /** Velocities of the used atoms (Å/ps), 3 per atom, state.atoms order. */
  velocity: SeriesTable;
  /** Per-atom ω_i (rad/ps) of the polyatomic anions' atoms, 3 per atom, slot order. */
  omegaAtoms: SeriesTable;
  /** Rigid-body ω (rad/ps), 3 per polyatomic anion (zeros for a linear one). */
  omegaRigid: SeriesTable;
  /** Index in the original frames of the first derived frame (1 with finite differences). */
  firstFrame: number;
}

/**
 * Velocities and angular velocities from the stored rows.
 * - `file`: velocities as read; anion atoms' velocities relative to their anion's
 *   centre-of-mass velocity V = Σ m_i v_i / Σ m_i.
 * - `finite-difference`: positions are unwrapped frame to frame (pbc.ts `unwrapStep`, in each
 *   frame's cell) and v(t) = [u(t+1) − u(t−1)]/(2Δt) for t = 1 … T−2 (the two end frames,
 *   which have no central difference, are dropped); relative velocities are the central
 *   differences of the whole-molecule relative positions.
 */
export function deriveSeries(state: SpectraState): DerivedSeries {
  const T = state.frames, n = state.atoms.length, row = 3 * n;
  const slots = state.clusterStart.at(-1) ?? 0, rr = 3 * slots;
  const fd = state.source === 'finite-difference';
  const T2 = fd ? T - 2 : T;
  const first = fd ? 1 : 0;
  let vel: Float64Array;
  if (fd) {
    const u = Float64Array.from(state.motion.subarray(0, T * row));
    let cell = makeCell(state.cells.subarray(0, 9));
    for (let t = 1; t < T; t++) {
      const c = state.cells.subarray(9 * t, 9 * t + 9);
      if (!c.every((x, i) => x === cell.matrix[i])) cell = makeCell(c);
      u.copyWithin(t * row, (t - 1) * row, t * row);
      unwrapStep(u.subarray(t * row, (t + 1) * row), state.motion.subarray((t - 1) * row, t * row), state.motion.subarray(t * row, (t + 1) * row), cell);
    }
    vel = centralDifference(u, row, T, state.dt);
  } else {
    vel = state.motion.subarray(0, T * row);
  }
  // Relative positions and velocities of the anion atoms, aligned with vel's frames.
  const relPos = state.rel.subarray(first * rr, (first + T2) * rr);
  let relVel: Float64Array;
  if (fd) {
    relVel = centralDifference(state.rel.subarray(0, T * rr), rr, T, state.dt);
  } else {
    relVel = new Float64Array(T2 * rr);
    const K = state.clusterStart.length - 1;
    for (let t = 0; t < T2; t++) {
      for (let k = 0; k < K; k++) {
        const s0 = state.clusterStart[k]!, s1 = state.clusterStart[k + 1]!;
        let mx = 0, my = 0, mz = 0, mt = 0;
        for (let s = s0; s < s1; s++) {
          const m = state.masses[state.cations + s]!, o = t * row + 3 * (state.cations + s);
          mx += m * vel[o]!; my += m * vel[o + 1]!; mz += m * vel[o + 2]!; mt += m;
        }
        for (let s = s0; s < s1; s++) {
          const o = t * row + 3 * (state.cations + s), d = t * rr + 3 * s;
          relVel[d] = vel[o]! - mx / mt; relVel[d + 1] = vel[o + 1]! - my / mt; relVel[d + 2] = vel[o + 2]! - mz / mt;
        }
      }
    }
  }
  const K = state.clusterStart.length - 1;
  const omegaAtoms = new Float64Array(T2 * rr);
  const omegaRigid = new Float64Array(T2 * 3 * K);
  const masses = state.masses.slice(state.cations, state.cations + slots);
  for (let t = 0; t < T2; t++) {
    for (let s = 0; s < slots; s++) atomOmega(relPos, t * rr + 3 * s, relVel, t * rr + 3 * s, omegaAtoms, t * rr + 3 * s);
    for (let k = 0; k < K; k++) {
      if (!state.rigid[k]) continue;
      const s0 = state.clusterStart[k]!, cnt = state.clusterStart[k + 1]! - s0;
      rigidOmega(relPos, t * rr + 3 * s0, relVel, t * rr + 3 * s0, masses, s0, cnt, omegaRigid, t * 3 * K + 3 * k);
    }
  }
  return {
    velocity: { data: vel, frames: T2, rowLength: row },
    omegaAtoms: { data: omegaAtoms, frames: T2, rowLength: rr },
    omegaRigid: { data: omegaRigid, frames: T2, rowLength: 3 * K },
    firstFrame: first,
  };
}

/** Central differences (x(t+1) − x(t−1))/(2h) of frame-major rows, t = 1 … T−2 → T−2 rows. */
export function centralDifference(x: Float64Array, row: number, T: number, h: number): Float64Array {
  const out = new Float64Array(Math.max(0, T - 2) * row);
  for (let t = 1; t < T - 1; t++) {
    const a = (t - 1) * row, b = (t + 1) * row, o = (t - 1) * row;
    for (let i = 0; i < row; i++) out[o + i] = (x[b + i]! - x[a + i]!) / (2 * h);
  }
  return out;
}
