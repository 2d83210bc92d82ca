import type { Cell } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import { idealB12H12, randomRotation } from '../../chem/icosahedron.js';
import { MinimumImage } from '../../math/pbc.js';
import type { Rng } from '../../math/rng.js';
import type { InterstitialSite } from './sites.js';

/**
 * Cation placement and anion orientation without clashes.
 *
 * Distances are minimum-image distances in the periodic cell. A placement is rejected when
 * a cation is closer than `cationAnion` to any B or H atom, or closer than `cationCation` to
 * another cation, or when two H of different anions (or of one anion and its own image) are
 * closer than `hh`.
 *
 * Random orientations: the cation sites are drawn first (uniformly, distinct, ≥ cationCation
 * apart), then each anion's rotation is drawn uniformly from SO(3) and redrawn until it clashes
 * with nothing placed so far — so orientations are uniform over the clash-free set. If an anion
 * finds no such rotation in MAX_ROTATIONS draws, new sites are drawn (MAX_ATTEMPTS times in
 * all) before giving up. Fixed (aligned) orientations: the sites whose centre is too close
 * to an anion atom are excluded, and the cation sites are drawn from the rest.
 */
export interface ClashLimits {
  /** Minimum cation–B/H distance (Å). */
  cationAnion: number;
  /** Minimum cation–cation distance (Å). */
  cationCation: number;
  /** Minimum H–H distance between different anions (Å). */
  hh: number;
}

/** Rotations drawn per anion before the sites are redrawn. */
export const MAX_ROTATIONS = 20000;
/** Site draws (each followed by orienting all anions) before giving up. */
export const MAX_ATTEMPTS = 20;
/** Random restarts of the greedy site choice. */
const SITE_RESTARTS = 200;

/** Result of placing cations and orienting anions. */
export interface Placement {
  /** Orientation of each anion (row-major 3×3). */
  rotations: Float64Array[];
  /** Anion atoms (Å, flat): 12 B then 12 H per anion, anion by anion. */
  anionAtoms: Float64Array[];
  /** The occupied sites, in cation order. */
  sites: InterstitialSite[];
  /** Shortest distances in the result (Å). */
  closest: ClashLimits;
  /** Site draws used (1 = first try). */
  attempts: number;
}

/**
 * Place `count` cations on distinct `candidates` sites, with anions at `centres` (Å, flat)
 * oriented by `fixedRotations` (aligned) or at random (when undefined).
 * @throws UsageError naming the limits when no clash-free placement is found.
 */
export function placeCations(cell: Cell, centres: Float64Array, candidates: readonly InterstitialSite[], count: number, limits: ClashLimits, rng: Rng, fixedRotations?: Float64Array[]): Placement {
  const mic = new MinimumImage(cell);
  const nA = centres.length / 3;
  const atomsOf = (k: number, R: Float64Array) => idealB12H12(centres.subarray(3 * k, 3 * k + 3), R).positions;
  const limitText = `cation–B/H ≥ ${limits.cationAnion} Å, cation–cation ≥ ${limits.cationCation} Å, H–H ≥ ${limits.hh} Å`;
  if (candidates.length < count) throw new UsageError(`cannot place ${count} cations on ${candidates.length} sites of the chosen type (distinct sites needed)`);

  if (fixedRotations) {
    const anionAtoms = fixedRotations.map((R, k) => atomsOf(k, R));
    const hh = closestHH(mic, anionAtoms);
    if (hh < limits.hh) throw new UsageError(`the aligned anions have H–H contacts of ${hh.toFixed(3)} Å < ${limits.hh} Å at this lattice parameter; use a larger --a, a smaller --min-hh or --anion-orientation random`);
    const free = candidates.filter((s) => minDistance(mic, s.centre, anionAtoms) >= limits.cationAnion);
    const sites = chooseSites(mic, free, count, limits.cationCation, rng);
    if (!sites) throw new UsageError(`cannot place ${count} cations on distinct sites with ${limitText}: ${free.length} of ${candidates.length} sites are clear of the aligned anions; use --anion-orientation random, other --cation-sites or smaller minimum distances`);
    return { rotations: fixedRotations, anionAtoms, sites, closest: closest(mic, anionAtoms, sites), attempts: 1 };
  }

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const sites = chooseSites(mic, candidates, count, limits.cationCation, rng);
    if (!sites) throw new UsageError(`cannot place ${count} cations on distinct sites at least ${limits.cationCation} Å apart (${candidates.length} sites); lower --min-cation-cation or choose other --cation-sites`);
    const rotations: Float64Array[] = [];
    const anionAtoms: Float64Array[] = [];
    for (let k = 0; k < nA; k++) {
      let accepted = false;
      for (let t = 0; t < MAX_ROTATIONS && !accepted; t++) {
        const R = randomRotation(rng);
        const atoms = atomsOf(k, R);
        if (fits(mic, atoms, anionAtoms, sites, limits)) {
          rotations.push(R);
          anionAtoms.push(atoms);
          accepted = true;
        }
      }
      if (!accepted) break;
    }
    if (rotations.length === nA) return { rotations, anionAtoms, sites, closest: closest(mic, anionAtoms, sites), attempts: attempt };
  }
  throw new UsageError(`no clash-free anion orientations found with ${limitText} after ${MAX_ATTEMPTS} site draws of ${MAX_ROTATIONS} rotations per anion; lower the minimum distances (--min-cation-anion, --min-hh), use a larger --a or --anion-orientation aligned`);
}

/** Randomised greedy choice of `count` distinct sites pairwise ≥ minD apart; undefined when none found. */
function chooseSites(mic: MinimumImage, pool: readonly InterstitialSite[], count: number, minD: number, rng: Rng): InterstitialSite[] | undefined {
  if (pool.length < count) return undefined;
  const idx = pool.map((_, i) => i);
  for (let r = 0; r < SITE_RESTARTS; r++) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const chosen: InterstitialSite[] = [];
    for (const i of idx) {
      const s = pool[i]!;
      if (chosen.every((c) => dist(mic, c.centre, s.centre) >= minD)) chosen.push(s);
      if (chosen.length === count) return chosen;
    }
  }
  return undefined;
}

const tmp = new Float64Array(3);
function dist(mic: MinimumImage, p: ArrayLike<number>, q: ArrayLike<number>, qo = 0): number {
  tmp[0] = q[qo]! - p[0]!; tmp[1] = q[qo + 1]! - p[1]!; tmp[2] = q[qo + 2]! - p[2]!;
  return Math.sqrt(mic.apply(tmp));
}

function minDistance(mic: MinimumImage, p: ArrayLike<number>, atoms: readonly Float64Array[]): number {
  let best = Infinity;
  for (const a of atoms) for (let i = 0; i < a.length; i += 3) best = Math.min(best, dist(mic, p, a, i));
  return best;
}

// H are atoms 12…23 of each anion (offset 36 in its flat array).
function closestHH(mic: MinimumImage, anions: readonly Float64Array[]): number {
  let best = Infinity;
  for (let k = 0; k < anions.length; k++) best = Math.min(best, hhAgainst(mic, anions[k]!, anions.slice(0, k), true));
  return best;
}

function hhAgainst(mic: MinimumImage, atoms: Float64Array, others: readonly Float64Array[], self: boolean): number {
  let best = Infinity;
  for (let i = 36; i < 72; i += 3) {
    const p = atoms.subarray(i, i + 3);
    for (const o of others) for (let j = 36; j < 72; j += 3) best = Math.min(best, dist(mic, p, o, j));
    // Within one anion H–H ≥ 3 Å (B12H12 geometry); a shorter minimum image is its own periodic image.
    if (self) for (let j = 36; j < 72; j += 3) if (j !== i) best = Math.min(best, dist(mic, p, atoms, j));
  }
  return best;
}

function fits(mic: MinimumImage, atoms: Float64Array, placed: readonly Float64Array[], sites: readonly InterstitialSite[], limits: ClashLimits): boolean {
  for (const s of sites) for (let i = 0; i < 72; i += 3) if (dist(mic, s.centre, atoms, i) < limits.cationAnion) return false;
  return hhAgainst(mic, atoms, placed, true) >= limits.hh;
}

function closest(mic: MinimumImage, anions: readonly Float64Array[], sites: readonly InterstitialSite[]): ClashLimits {
  let cc = Infinity;
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) cc = Math.min(cc, dist(mic, sites[i]!.centre, sites[j]!.centre));
  return { cationAnion: Math.min(...sites.map((s) => minDistance(mic, s.centre, anions))), cationCation: cc, hh: closestHH(mic, anions) };
}
