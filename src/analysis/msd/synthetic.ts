import { type Cell, makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols, type Topology } from '../../core/topology.js';
import { selectIons } from '../../chem/select.js';
import { wrapPositions } from '../../math/pbc.js';
import type { Rng } from '../../math/rng.js';
import type { AnalysisContext } from '../types.js';

/**
 * Synthetic trajectories with known transport, for tests and benchmarks: `anions` fixed Cl
 * atoms on a coarse grid (the framework) and `ions` Li atoms. Positions are given as an
 * unwrapped path and stored wrapped into each frame's cell, as an MD code would write them.
 */
export interface SyntheticTrajectory {
  topology: Topology;
  frames: Frame[];
  /** The true unwrapped Li positions, frame-major [t][li][k] (Å). */
  unwrapped: Float64Array;
  /** Frame spacing (ps). */
  dt: number;
}

/** Cl atoms on an n×n×n grid in fractional coordinates (n³ ≥ count), Cartesian in `cell`. */
function framework(count: number, cell: Cell): Float64Array {
  const n = Math.ceil(Math.cbrt(count));
  const out = new Float64Array(3 * count);
  const m = cell.matrix;
  for (let i = 0; i < count; i++) {
    const f = [(i % n + 0.5) / n, (Math.floor(i / n) % n + 0.5) / n, (Math.floor(i / (n * n)) + 0.5) / n];
    for (let k = 0; k < 3; k++) out[3 * i + k] = f[0]! * m[k]! + f[1]! * m[3 + k]! + f[2]! * m[6 + k]!;
  }
  return out;
}

/**
 * Build frames from an unwrapped Li path: `path(t, out)` fills 3·ions numbers for frame t,
 * `cellAt(t)` gives the cell, `shift(t)` a uniform translation applied to every atom (drift).
 */
export function buildTrajectory(
  ions: number,
  anions: number,
  frames: number,
  dt: number,
  path: (t: number, out: Float64Array) => void,
  cellAt: (t: number) => Cell,
  shift: (t: number) => [number, number, number] = () => [0, 0, 0],
): SyntheticTrajectory {
  const symbols = [...Array.from({ length: anions }, () => 'Cl'), ...Array.from({ length: ions }, () => 'Li')];
  const topology = topologyFromSymbols(symbols);
  const unwrapped = new Float64Array(frames * 3 * ions);
  const out: Frame[] = [];
  const buf = new Float64Array(3 * ions);
  const fw = framework(anions, cellAt(0));
  for (let t = 0; t < frames; t++) {
    path(t, buf);
    unwrapped.set(buf, t * 3 * ions);
    const cell = cellAt(t);
    const s = shift(t);
    const all = new Float64Array(3 * (anions + ions));
    all.set(fw);
    all.set(buf, 3 * anions);
    for (let i = 0; i < all.length; i++) all[i] = all[i]! + s[i % 3]!;
    out.push({ index: t, segment: 0, time: t * dt, positions: wrapPositions(cell, all), cell });
  }
  return { topology, frames: out, unwrapped, dt };
}

/**
 * Frames of any atoms from their unwrapped path: `path(t, out)` fills 3 numbers per atom of
 * `symbols` for frame t (Å); each frame is stored wrapped into `cellAt(t)` after adding the
 * uniform translation `shift(t)`. For collective (all-ions) tests where anions move too.
 */
export function buildIonTrajectory(
  symbols: string[],
  frames: number,
  dt: number,
  path: (t: number, out: Float64Array) => void,
  cellAt: (t: number) => Cell,
  shift: (t: number) => [number, number, number] = () => [0, 0, 0],
): { topology: Topology; frames: Frame[]; dt: number } {
  const topology = topologyFromSymbols(symbols);
  const out: Frame[] = [];
  for (let t = 0; t < frames; t++) {
    const all = new Float64Array(3 * symbols.length);
    path(t, all);
    const s = shift(t);
    for (let i = 0; i < all.length; i++) all[i] = all[i]! + s[i % 3]!;
    const cell = cellAt(t);
    out.push({ index: t, segment: 0, time: t * dt, positions: wrapPositions(cell, all), cell });
  }
  return { topology, frames: out, dt };
}

/**
 * Lattice random walk: each Li makes one step of length `a` (Å) per frame along ±x, ±y or
 * ±z at random, so MSD(t) = a²·t/Δt and D = a²/(6Δt) exactly in expectation. The fixed Cl
 * framework has `anions` atoms, by default as many as Li so the cell is neutral (Li⁺Cl⁻).
 */
export function latticeWalk(rng: Rng, ions: number, frames: number, options: { a?: number; dt?: number; anions?: number; cell?: Cell } = {}): SyntheticTrajectory & { D: number } {
  const a = options.a ?? 1;
  const dt = options.dt ?? 0.1;
  const cell = options.cell ?? makeCell([20, 0, 0, 0, 20, 0, 0, 0, 20]);
  const pos = new Float64Array(3 * ions);
  for (let i = 0; i < pos.length; i++) pos[i] = 20 * rng.nextFloat();
  const traj = buildTrajectory(ions, options.anions ?? ions, frames, dt, (t, out) => {
    if (t > 0) {
      for (let i = 0; i < ions; i++) {
        const r = rng.nextInt(6);
        pos[3 * i + (r >> 1)] = pos[3 * i + (r >> 1)]! + (r & 1 ? a : -a);
      }
    }
    out.set(pos);
  }, () => cell);
  return { ...traj, D: (a * a) / (6 * dt) };
}

/** The analysis context (ion selection, diagnostics) a driver would build for `traj`. */
export function syntheticContext(traj: Pick<SyntheticTrajectory, 'topology' | 'frames' | 'dt'>, diagnostics = new DiagnosticLog()): AnalysisContext {
  const reference = traj.frames[0]!;
  return {
    topology: traj.topology,
    ions: selectIons(traj.topology, reference, { cation: 'Li' }),
    reference,
    frameSpacing: traj.dt,
    diagnostics,
  };
}
