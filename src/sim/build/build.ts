import { type Cell, cartToFrac, fracToCart } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import { B12H12_B_RADIUS, B12H12_H_RADIUS } from '../../chem/icosahedron.js';
import { createRng } from '../../math/rng.js';
import { type CubicLattice, SHANNON_RADII } from '../../analysis/pauling/pauling.js';
import { CLIQUE_SITE_TYPES, type CliqueSiteType, SITE_CUTOFF_FACTOR } from '../../analysis/templates/lattice.js';
import { type AlignedOrientation, alignedOrientation } from './orientation.js';
import { type ClashLimits, placeCations } from './place.js';
import { type InterstitialSite, cliqueSites, countSites } from './sites.js';
import { type SupercellSpec, latticePointsInCell, supercellCell } from './supercell.js';

/**
 * Structure builder for M2B12H12 (SPEC "Reference systems"): ideal B12H12²⁻ icosahedra (B at
 * 1.70 Å, H at 2.90 Å from the centre) on the sites of an fcc or bcc lattice, two cations M⁺
 * per anion on distinct interstitial sites (SPEC section 2 clique sites, cutoff 0.85a fcc /
 * 1.2a bcc), without clashes (see place.ts). Atom order as in the study's QE runs: all B
 * (12 per anion, anion by anion), then all H (same order; H k radially outside B k), then the
 * cations. All positions are wrapped into the cell. Same options and seed → identical structure.
 */

/** Mass used for H when `deuterium` is set (amu; the study gives H the mass of D). */
export const DEUTERIUM_MASS = 2.014;

/** Options of {@link buildStructure}. */
export interface BuildOptions {
  /** Cation element (Li, Na, K, Rb, Cs; any element of the Shannon table). */
  cation: string;
  lattice: CubicLattice;
  /** Cubic lattice parameter (Å). */
  a: number;
  supercell: SupercellSpec;
  orientation: 'random' | 'aligned';
  /** Site type of the cations, or `random` (any clique site, all types pooled). */
  cationSites: CliqueSiteType | 'random';
  seed: number;
  /** Clash limits (Å); defaults in {@link defaultLimits}. */
  limits?: Partial<ClashLimits>;
  /** Give H the mass of deuterium (2.014 amu) in the topology; the symbol stays `H`. */
  deuterium?: boolean;
}

/** A built structure and how it was made. */
export interface BuiltStructure {
  topology: Topology;
  /** One frame: positions (Å) wrapped into the cell, index 0. */
  frame: Frame;
  cell: Cell;
  /** Anion centres (Å, flat). */
  centres: Float64Array;
  /** Orientation of each anion (row-major 3×3, v' = R·v from the reference orientation). */
  rotations: Float64Array[];
  /** Molecule id per atom: anion k → k + 1 (its B and H), cations 0. */
  moleculeIds: Int32Array;
  /** Sites of each type in the cell. */
  siteCounts: Record<CliqueSiteType, number>;
  /** The occupied site of each cation, in cation order. */
  cationSites: InterstitialSite[];
  /** Occupied sites by type. */
  occupied: Record<CliqueSiteType, number>;
  siteCutoff: number;
  limits: ClashLimits;
  /** Shortest distances reached (Å). */
  closest: ClashLimits;
  /** The aligned orientation chosen, when aligned. */
  aligned?: AlignedOrientation;
  attempts: number;
}

/**
 * Default clash limits: cation–B/H ≥ max(1.5, R⁺ + 0.8) Å with the Shannon R⁺ (Li 1.50,
 * Na 1.79, K 2.17, Rb 2.32, Cs 2.47 Å), cation–cation ≥ 2.5 Å, H–H between anions ≥ 1.8 Å.
 * They reject overlaps, not strained contacts (relaxed M–H contacts are ≈ 2.0 Å for Li,
 * 2.25 Å for Na): stricter values leave the study's Na-on-bcc-trigonal and Li-on-contracted-
 * fcc cells without a random-orientation placement.
 */
export function defaultLimits(cation: string): ClashLimits {
  const r = SHANNON_RADII[cation]?.radius;
  if (r === undefined) throw new UsageError(`--cation ${cation}: expected one of ${Object.keys(SHANNON_RADII).join(', ')}`);
  return { cationAnion: Number(Math.max(1.5, r + 0.8).toFixed(6)), cationCation: 2.5, hh: 1.8 };
}

/** Build the structure. @throws UsageError for bad options or when no clash-free placement exists. */
export function buildStructure(o: BuildOptions): BuiltStructure {
  if (!(o.a > 0 && Number.isFinite(o.a))) throw new UsageError(`--a ${o.a}: expected a positive lattice parameter in Å`);
  const limits = { ...defaultLimits(o.cation), ...definedOnly(o.limits ?? {}) };
  for (const [k, v] of Object.entries(limits)) if (!(v >= 0 && Number.isFinite(v))) throw new UsageError(`minimum distance ${k} = ${v}: expected a number ≥ 0 in Å`);
  const cell = supercellCell(o.lattice, o.a, o.supercell);
  const centres = latticePointsInCell(o.lattice, o.a, cell);
  const nA = centres.length / 3;
  const siteCutoff = SITE_CUTOFF_FACTOR[o.lattice] * o.a;
  const all = cliqueSites(centres, cell, siteCutoff);
  const candidates = o.cationSites === 'random' ? all : all.filter((s) => s.type === o.cationSites);
  const rng = createRng(o.seed);
  const aligned = o.orientation === 'aligned' ? alignedOrientation(o.lattice, o.cationSites === 'random' ? undefined : o.cationSites) : undefined;
  const fixed = aligned ? Array.from({ length: nA }, () => Float64Array.from(aligned.rotation)) : undefined;
  const nC = 2 * nA;
  const p = placeCations(cell, centres, candidates, nC, limits, rng, fixed);

  const positions = new Float64Array(3 * (24 * nA + nC));
  for (let k = 0; k < nA; k++) {
    positions.set(p.anionAtoms[k]!.subarray(0, 36), 36 * k);
    positions.set(p.anionAtoms[k]!.subarray(36, 72), 36 * nA + 36 * k);
  }
  p.sites.forEach((s, c) => positions.set(s.centre, 72 * nA + 3 * c));
  wrap(cell, positions);
  const symbols = [...Array<string>(12 * nA).fill('B'), ...Array<string>(12 * nA).fill('H'), ...Array<string>(nC).fill(o.cation)];
  const topology = topologyFromSymbols(symbols, symbols.map((s) => (s === 'H' && o.deuterium ? DEUTERIUM_MASS : NaN)));
  const moleculeIds = new Int32Array(symbols.length);
  for (let k = 0; k < nA; k++) for (let j = 0; j < 12; j++) { moleculeIds[12 * k + j] = k + 1; moleculeIds[12 * nA + 12 * k + j] = k + 1; }
  const occupied: Record<CliqueSiteType, number> = { linear: 0, trigonal: 0, tetrahedral: 0 };
  for (const s of p.sites) occupied[s.type]++;
  return {
    topology,
    frame: { index: 0, segment: 0, positions, cell },
    cell,
    centres,
    rotations: p.rotations,
    moleculeIds,
    siteCounts: countSites(all),
    cationSites: p.sites,
    occupied,
    siteCutoff,
    limits,
    closest: p.closest,
    aligned,
    attempts: p.attempts,
  };
}

/** The radii of the ideal anion (Å), for summaries. */
export const ANION_RADII = { B: B12H12_B_RADIUS, H: B12H12_H_RADIUS } as const;

/** All clique site types, for option validation. */
export const CATION_SITE_CHOICES = [...CLIQUE_SITE_TYPES, 'random'] as const;

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function wrap(cell: Cell, positions: Float64Array): void {
  const f = cartToFrac(cell, positions);
  for (let i = 0; i < f.length; i++) {
    let w = f[i]! - Math.floor(f[i]!);
    if (w >= 1) w = 0;
    f[i] = w;
  }
  fracToCart(cell, f, positions);
}
