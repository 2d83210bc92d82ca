import { makeCell } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import { type OpenOptions, openTrajectory } from '../../io/open.js';
import { MinimumImage } from '../../math/pbc.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import { type BuildOptions, buildStructure } from '../build/build.js';
import { MONOVALENT, type PointSpec, type RattleSpec, applyMolecularStrain, applyStrain, pointRng, randomStrain, rattle } from './pw-points.js';

/** Random variations applied to every structure of a batch. */
export interface Variations {
  /** Seed of all random draws (point k uses its own streams, so adding points keeps the old ones). */
  seed: number;
  /** Variants per source structure (each with its own rattle and strain draw). */
  copies: number;
  /** Largest strain component (random symmetric strain, uniform in [−amp, amp]); 0 = none. */
  strain: number;
  /** `molecular` (default): molecules move rigidly with their centroids; `affine`: every atom follows the strain. */
  strainMode?: 'molecular' | 'affine';
  rattle?: RattleSpec;
  /** Rigid Gaussian displacement σ (Å) of each anion (built cells only). */
  anionShift?: number;
  /**
   * After the variations, each cation (M⁺) must be at least `[0]` Å from every other atom and
   * `[1]` Å from other cations (minimum image); draws that break this are redrawn (≤ 200 tries).
   */
  minCation?: [number, number];
}

const MAX_DRAWS = 200;

const STREAM = { strain: 1, rattle: 2, shift: 3 } as const;

function vary(base: PointSpec, index: number, v: Variations, molecules?: Int32Array): PointSpec {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const p: PointSpec = { ...base, cell: Float64Array.from(base.cell), positions: Float64Array.from(base.positions), origin: { ...base.origin } };
    varyOnce(p, index, v, 8 * draw, molecules);
    if (!v.minCation || cationClear(p, v.minCation)) {
      if (draw > 0) p.origin.redraws = draw;
      return p;
    }
  }
  throw new UsageError(`${base.name}: no draw of the rattle/strain in ${MAX_DRAWS} keeps cations ${v.minCation![0]} Å from other atoms and ${v.minCation![1]} Å from each other; lower --rattle/--anion-shift or --min-cation-distance`);
}

function cationClear(p: PointSpec, [other, cc]: [number, number]): boolean {
  const mi = new MinimumImage(makeCell(p.cell));
  const n = p.symbols.length;
  for (let i = 0; i < n; i++) {
    if (!MONOVALENT.has(p.symbols[i]!)) continue;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const lim = MONOVALENT.has(p.symbols[j]!) ? cc : other;
      if (mi.distance(p.positions, i, p.positions, j) < lim) return false;
    }
  }
  return true;
}

function varyOnce(p: PointSpec, index: number, v: Variations, off: number, molecules?: Int32Array): void {
  if (v.anionShift && molecules) {
    const rng = pointRng(v.seed, index, off + STREAM.shift);
    const nMol = Math.max(0, ...molecules);
    const shifts = Array.from({ length: nMol }, () => [0, 1, 2].map(() => v.anionShift! * rng.nextNormal()));
    const pos = p.positions as Float64Array;
    molecules.forEach((m, i) => { if (m > 0) for (let c = 0; c < 3; c++) pos[3 * i + c] = pos[3 * i + c]! + shifts[m - 1]![c]!; });
  }
  if (v.rattle) rattle(p, v.rattle, pointRng(v.seed, index, off + STREAM.rattle));
  if (v.strain > 0) {
    const eps = randomStrain(v.strain, pointRng(v.seed, index, off + STREAM.strain));
    if (v.strainMode === 'affine') applyStrain(p, eps);
    else applyMolecularStrain(p, eps);
    p.origin.strainMode = v.strainMode ?? 'molecular';
    p.origin.strain = Array.from(eps, (x) => Number(x.toFixed(8)));
  }
}

const pointName = (k: number) => `p${String(k).padStart(4, '0')}`;

/** Points from the selected frames of a trajectory (any format paddlewheel reads), `copies` per frame. */
export async function pointsFromTrajectory(files: string[], open: OpenOptions, v: Variations): Promise<PointSpec[]> {
  const traj = await openTrajectory(files, open);
  const symbols = traj.topology.symbols;
  const out: PointSpec[] = [];
  for await (const f of traj.frames()) {
    for (let c = 0; c < v.copies; c++) {
      const k = out.length;
      const p: PointSpec = { name: pointName(k), symbols, cell: Float64Array.from(f.cell.matrix), positions: Float64Array.from(f.positions), origin: { source: 'trajectory', files, frame: f.index, copy: c, seed: v.seed } };
      out.push(vary(p, k, v));
    }
  }
  return out;
}

/**
 * `count` built cells (builder seed = `v.seed + k`), `copies` variants of each. Cell k puts its
 * cations on `sites[k mod sites.length]` (e.g. tetrahedral, trigonal, random in turn).
 */
export function pointsFromBuild(base: Omit<BuildOptions, 'seed' | 'cationSites'>, sites: (CliqueSiteType | 'random')[], count: number, v: Variations): PointSpec[] {
  const out: PointSpec[] = [];
  for (let b = 0; b < count; b++) {
    const cationSites = sites[b % sites.length]!;
    const built = buildStructure({ ...base, cationSites, seed: v.seed + b });
    for (let c = 0; c < v.copies; c++) {
      const k = out.length;
      const p: PointSpec = {
        name: pointName(k),
        symbols: built.topology.symbols,
        cell: Float64Array.from(built.cell.matrix),
        positions: Float64Array.from(built.frame.positions),
        origin: { source: 'build', cation: base.cation, lattice: base.lattice, a: base.a, cationSites, buildSeed: v.seed + b, copy: c, occupied: built.occupied },
      };
      out.push(vary(p, k, v, built.moleculeIds));
    }
  }
  return out;
}
