import { NeighbourGrid } from '../../math/neighbour-grid.js';
import { accumulatePair, type EwaldOptions, ewald } from './ewald.js';
import { type ModelConfig, outputSize, project } from './geometry.js';

/**
 * A rigid-ion model in the species indices of a ModelConfig (0 = cation, 1 and 2 = the two
 * anion elements): charges (e) and Buckingham pairs E(r) = A·exp(−r/ρ) − C/r⁶ (eV, Å) for
 * r < cutoff, plus Ewald Coulomb.
 */
export interface RigidIonParams {
  /** Charge of species 0, 1, 2 (e). */
  charges: [number, number, number];
  pairs: { a: number; b: number; A: number; rho: number; C: number }[];
  /** Short-range cutoff (Å). */
  cutoff: number;
  ewald?: EwaldOptions;
}

/** Index 0–5 of an unordered species pair: (0,0) (0,1) (0,2) (1,1) (1,2) (2,2). */
export function speciesPairIndex(a: number, b: number): number {
  const lo = Math.min(a, b), hi = Math.max(a, b);
  return lo === 0 ? hi : lo === 1 ? 2 + hi : 5;
}

/**
 * Forces (eV/Å, 3N), atomic stress (eV/Å³, ASE sign) and energy (eV) of the model — the
 * reference evaluator: every pair within the cutoff, intra-anion pairs included (as LAMMPS
 * computes them), and Ewald Coulomb with the actual charges.
 */
export function evaluateModel(p: RigidIonParams, c: ModelConfig): { forces: Float64Array; stress: Float64Array; energy: number } {
  const q = Float64Array.from(c.species, (s) => p.charges[s]!);
  const e = ewald(c.cell, c.positions, q, { rCut: p.cutoff, ...p.ewald });
  const forces = e.forces, virial = new Float64Array(9);
  let energy = e.energy;
  const table = new Map<number, { A: number; rho: number; C: number }>();
  for (const t of p.pairs) table.set(speciesPairIndex(t.a, t.b), t);
  new NeighbourGrid(c.cell, c.positions, p.cutoff).forEachPair((i, j, _0, _1, _2, dx, dy, dz, d2) => {
    const t = table.get(speciesPairIndex(c.species[i]!, c.species[j]!));
    if (!t) return;
    const r = Math.sqrt(d2);
    const ex = t.A * Math.exp(-r / t.rho), r6 = d2 * d2 * d2;
    energy += ex - t.C / r6;
    accumulatePair(forces, virial, i, j, dx, dy, dz, (-ex / t.rho + (6 * t.C) / (r6 * r)) / r);
  });
  const V = c.cell.volume;
  const stress = Float64Array.from(e.stress, (s, k) => s + virial[k]! / V);
  return { forces, stress, energy };
}

/** Short-range pairs of one species pair in one configuration (intra-anion pairs left out). */
export interface PairList {
  i: Int32Array;
  j: Int32Array;
  /** Pair vectors r_j + shift − r_i (Å), 3 per pair. */
  d: Float64Array;
  /** Lengths (Å). */
  r: Float64Array;
}

/**
 * What force matching needs of one configuration, precomputed once:
 * - `coulomb[k]`: the projected outputs of the Ewald term for unit charges on species pair k
 *   (speciesPairIndex), so that y_Coulomb = Σ_{a≤b} q_a q_b coulomb[k(a,b)] (bilinear in the
 *   charges; the diagonal terms come from one species, the cross terms by polarisation);
 * - `pairs[t]`: the pair list of short-range type t.
 * Pairs inside one anion (same molecule, no lattice shift) are dropped: their forces cancel
 * in the net force and torque of a rigid body and in the molecular stress.
 */
export interface ConfigFeatures {
  coulomb: Float64Array[];
  pairs: PairList[];
}

/** Precompute ConfigFeatures for the short-range species pairs `types` ([a, b] each). */
export function configFeatures(c: ModelConfig, types: readonly (readonly [number, number])[], cutoff: number, ewaldOptions: EwaldOptions = {}): ConfigFeatures {
  const single: Float64Array[] = [];
  const run = (on: (s: number) => boolean) => {
    const q = Float64Array.from(c.species, (s) => (on(s) ? 1 : 0));
    const e = ewald(c.cell, c.positions, q, { rCut: cutoff, ...ewaldOptions });
    return project(c, e.forces, e.stress);
  };
  for (let a = 0; a < 3; a++) single.push(run((s) => s === a));
  const coulomb: Float64Array[] = new Array(6);
  for (let a = 0; a < 3; a++) {
    coulomb[speciesPairIndex(a, a)] = single[a]!;
    for (let b = a + 1; b < 3; b++) {
      const both = run((s) => s === a || s === b);
      coulomb[speciesPairIndex(a, b)] = both.map((v, k) => v - single[a]![k]! - single[b]![k]!);
    }
  }
  const keyOf = new Map<number, number>();
  types.forEach(([a, b], t) => keyOf.set(speciesPairIndex(a, b), t));
  const acc = types.map(() => ({ i: [] as number[], j: [] as number[], d: [] as number[], r: [] as number[] }));
  new NeighbourGrid(c.cell, c.positions, cutoff).forEachPair((i, j, s0, s1, s2, dx, dy, dz, d2) => {
    const t = keyOf.get(speciesPairIndex(c.species[i]!, c.species[j]!));
    if (t === undefined) return;
    if (s0 === 0 && s1 === 0 && s2 === 0 && c.owner[i]! >= 0 && c.owner[i] === c.owner[j]) return;
    const L = acc[t]!;
    L.i.push(i); L.j.push(j); L.d.push(dx, dy, dz); L.r.push(Math.sqrt(d2));
  });
  return { coulomb, pairs: acc.map((L) => ({ i: Int32Array.from(L.i), j: Int32Array.from(L.j), d: Float64Array.from(L.d), r: Float64Array.from(L.r) })) };
}

/**
 * Projected outputs of one short-range pair list for the term with φ'(r)/r = `dphi(r)`
 * (e.g. unit-A Buckingham: −exp(−r/ρ)/(ρ r)); written into `out` (length outputSize(c)).
 */
export function pairOutput(c: ModelConfig, list: PairList, dphiOverR: (r: number) => number, scratch: Float64Array, out = new Float64Array(outputSize(c))): Float64Array {
  scratch.fill(0);
  const virial = new Float64Array(9);
  for (let k = 0; k < list.r.length; k++) {
    accumulatePair(scratch, virial, list.i[k]!, list.j[k]!, list.d[3 * k]!, list.d[3 * k + 1]!, list.d[3 * k + 2]!, dphiOverR(list.r[k]!));
  }
  const V = c.cell.volume;
  for (let k = 0; k < 9; k++) virial[k]! /= V;
  return project(c, scratch, virial, out);
}
