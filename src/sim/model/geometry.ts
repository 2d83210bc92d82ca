import type { Cell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import { selectIons } from '../../chem/select.js';

/**
 * One configuration as force matching sees it: a cation species (single atoms) and rigid
 * anions made whole, with the target (or model) outputs laid out as
 *   y = [cation forces (3·n_cat) | anion net forces (3·n_an) | anion torques (3·n_an) | stress (6)?]
 * in eV/Å, eV/Å, eV and eV/Å³; the stress block (xx, yy, zz, yz, xz, xy) only when `hasStress`.
 */
export interface ModelConfig {
  /** Label for reports: `file#frame`. */
  label: string;
  cell: Cell;
  /** Cartesian positions (Å), 3N, each anion whole (contiguous across the boundary). */
  positions: Float64Array;
  /** Species index per atom into `elements` (0 = cation). */
  species: Int8Array;
  /** Element symbols: [cation, anion element X, anion element Y]. */
  elements: [string, string, string];
  /** Cation atom indices. */
  cations: Int32Array;
  /** Atom indices of each anion. */
  anions: Int32Array[];
  /** Anion of each atom, −1 for cations. */
  owner: Int32Array;
  /** Centre of mass of each anion (Å), 3 per anion, consistent with `positions`. */
  centres: Float64Array;
  hasStress: boolean;
  /** Target outputs in the layout above. */
  target: Float64Array;
}

/** The four target groups, in layout order. */
export const GROUPS = ['cationForce', 'anionForce', 'anionTorque', 'stress'] as const;
/** A target group name. */
export type Group = (typeof GROUPS)[number];

/** Number of outputs of a configuration. */
export function outputSize(c: Pick<ModelConfig, 'cations' | 'anions' | 'hasStress'>): number {
  return 3 * c.cations.length + 6 * c.anions.length + (c.hasStress ? 6 : 0);
}

/** Group index (0–3, see GROUPS) of every output of a configuration. */
export function outputGroups(c: Pick<ModelConfig, 'cations' | 'anions' | 'hasStress'>): Uint8Array {
  const g = new Uint8Array(outputSize(c));
  const nc = 3 * c.cations.length, na = 3 * c.anions.length;
  g.fill(1, nc, nc + na);
  g.fill(2, nc + na, nc + 2 * na);
  if (c.hasStress) g.fill(3, nc + 2 * na);
  return g;
}

/**
 * Map per-atom forces (eV/Å, 3N) and the atomic stress (eV/Å³, 3×3 row-major, ASE sign) to
 * the output layout of ModelConfig. The stress becomes the molecular (rigid-anion) stress
 *   σ_mol,αβ = σ_αβ + (1/V) Σ_{i ∈ anions} F_iα d_iβ,   d_i = r_i − R_anion,
 * i.e. the strain derivative with each anion translated, not deformed: the intra-anion virial
 * (bond tension) drops out, which a rigid-ion model cannot and need not reproduce. The result
 * is symmetrised. Linear in (forces, stress), so model terms can be projected one by one.
 */
export function project(c: ModelConfig, forces: ArrayLike<number>, stress: ArrayLike<number> | undefined, out = new Float64Array(outputSize(c))): Float64Array {
  let o = 0;
  for (const i of c.cations) { out[o++] = forces[3 * i]!; out[o++] = forces[3 * i + 1]!; out[o++] = forces[3 * i + 2]!; }
  const na = c.anions.length;
  const w = new Float64Array(9);
  for (let a = 0; a < na; a++) {
    let fx = 0, fy = 0, fz = 0, tx = 0, ty = 0, tz = 0;
    const cx = c.centres[3 * a]!, cy = c.centres[3 * a + 1]!, cz = c.centres[3 * a + 2]!;
    for (const i of c.anions[a]!) {
      const Fx = forces[3 * i]!, Fy = forces[3 * i + 1]!, Fz = forces[3 * i + 2]!;
      const dx = c.positions[3 * i]! - cx, dy = c.positions[3 * i + 1]! - cy, dz = c.positions[3 * i + 2]! - cz;
      fx += Fx; fy += Fy; fz += Fz;
      tx += dy * Fz - dz * Fy; ty += dz * Fx - dx * Fz; tz += dx * Fy - dy * Fx;
      w[0]! += Fx * dx; w[1]! += Fx * dy; w[2]! += Fx * dz;
      w[3]! += Fy * dx; w[4]! += Fy * dy; w[5]! += Fy * dz;
      w[6]! += Fz * dx; w[7]! += Fz * dy; w[8]! += Fz * dz;
    }
    out[o + 3 * a] = fx; out[o + 3 * a + 1] = fy; out[o + 3 * a + 2] = fz;
    out[o + 3 * na + 3 * a] = tx; out[o + 3 * na + 3 * a + 1] = ty; out[o + 3 * na + 3 * a + 2] = tz;
  }
  o += 6 * na;
  if (c.hasStress) {
    if (!stress) throw new PaddlewheelError('E_INTERNAL', `${c.label}: stress expected`);
    const V = c.cell.volume;
    const s = (a: number, b: number) => 0.5 * (stress[3 * a + b]! + stress[3 * b + a]! + (w[3 * a + b]! + w[3 * b + a]!) / V);
    out[o++] = s(0, 0); out[o++] = s(1, 1); out[o++] = s(2, 2); out[o++] = s(1, 2); out[o++] = s(0, 2); out[o++] = s(0, 1);
  }
  return out;
}

/** What configFromFrame needs of a frame. */
export interface FrameLike {
  positions: Float64Array;
  cell: Cell;
  forces?: Float64Array;
  stress?: Float64Array;
}

/**
 * Build a ModelConfig from a frame: cations of `cation`, anions found by bonding (selectIons
 * with `anion`, e.g. `B12H12`), molecules made whole, targets projected from the frame's
 * forces (and stress when `useStress` and present).
 * @throws PaddlewheelError E_TOPOLOGY when the frame has no forces, an anion is not made of
 *   exactly two elements, or atoms are neither cation nor anion.
 */
export function configFromFrame(label: string, topology: Topology, frame: FrameLike, cation: string, anion: string, useStress: boolean): ModelConfig {
  if (!frame.forces) throw new PaddlewheelError('E_TOPOLOGY', `${label}: the frame has no forces to fit to`);
  const sel = selectIons(topology, frame, { cation, anion });
  const anionEls = Object.keys(sel.anions[0]!.composition).sort();
  if (anionEls.length !== 2 || sel.anions.length !== 1) {
    throw new PaddlewheelError('E_TOPOLOGY', `${label}: the model needs one anion type of two elements (found ${sel.anions.map((g) => g.formula).join(', ')})`);
  }
  const elements: [string, string, string] = [cation, anionEls[0]!, anionEls[1]!];
  const positions = Float64Array.from(frame.positions);
  const m = frame.cell.matrix;
  for (const cl of sel.anionClusters) {
    cl.atoms.forEach((i, k) => {
      const s0 = cl.images[3 * k]!, s1 = cl.images[3 * k + 1]!, s2 = cl.images[3 * k + 2]!;
      for (let d = 0; d < 3; d++) positions[3 * i + d]! += s0 * m[d]! + s1 * m[3 + d]! + s2 * m[6 + d]!;
    });
  }
  const species = Int8Array.from(topology.symbols, (s) => elements.indexOf(s));
  const stray = species.findIndex((s, i) => s < 0 || (s === 0 && !sel.cations.includes(i)));
  if (stray >= 0) throw new PaddlewheelError('E_TOPOLOGY', `${label}: atom ${stray} (${topology.symbols[stray]}) is neither a ${cation} cation nor in a ${anion} anion`);
  const c = buildConfig(label, frame.cell, positions, species, elements, sel.anionClusters.map((cl) => cl.atoms), topology.masses, useStress && frame.stress !== undefined);
  const loose = [...c.species.keys()].find((i) => c.species[i]! > 0 && c.owner[i]! < 0);
  if (loose !== undefined) throw new PaddlewheelError('E_TOPOLOGY', `${label}: atom ${loose} (${topology.symbols[loose]}) is not in a ${anion} anion`);
  c.target = project(c, frame.forces, frame.stress);
  return c;
}

/**
 * Assemble a ModelConfig (targets left empty) from whole-molecule positions (Å), species
 * indices into `elements` (cations = species 0) and the atoms of each anion; centres of mass
 * from `masses` (amu).
 */
export function buildConfig(label: string, cell: Cell, positions: Float64Array, species: Int8Array, elements: [string, string, string], anionAtoms: readonly (readonly number[])[], masses: ArrayLike<number>, hasStress: boolean): ModelConfig {
  const owner = new Int32Array(species.length).fill(-1);
  const centres = new Float64Array(3 * anionAtoms.length);
  const anions = anionAtoms.map((atoms, a) => {
    let mx = 0, my = 0, mz = 0, mt = 0;
    for (const i of atoms) {
      owner[i] = a;
      const w = masses[i]!;
      mx += w * positions[3 * i]!; my += w * positions[3 * i + 1]!; mz += w * positions[3 * i + 2]!; mt += w;
    }
    centres[3 * a] = mx / mt; centres[3 * a + 1] = my / mt; centres[3 * a + 2] = mz / mt;
    return Int32Array.from(atoms);
  });
  const cations = Int32Array.from([...species.keys()].filter((i) => species[i] === 0));
  return { label, cell, positions, species, elements, cations, anions, owner, centres, hasStress, target: new Float64Array(0) };
}
