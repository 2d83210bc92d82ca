import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { ClusterCentres } from '../../chem/centres.js';
import type { AnalysisContext } from '../types.js';
import { type Band, DEFAULT_BANDS, type SpectraParams, checkSpectraSpacing } from './params.js';

/**
 * State of the spectra analysis: per-frame series of the used atoms, stored frame-major.
 *
 * Used atoms ("slots" of `atoms`): the mobile cations first, then the atoms of every
 * polyatomic anion in ClusterCentres slot order (cluster k = slots `clusterStart[k] …
 * clusterStart[k+1]−1` after the cations), then monatomic anions. Rows per frame:
 * - `motion`: 3 per used atom: velocities (Å/ps) with source `file`, else positions as read
 *   (Å) and, in `cells`, the 9 cell numbers (the finite differences are taken in finalize);
 * - `rel`: 3 per polyatomic-anion atom: position relative to its anion's centre of mass (Å),
 *   from the molecule rebuilt whole (so periodic boundaries never split it).
 * Memory: 8 bytes × frames × (3·atoms + 3·anion atoms [+ 9 for finite differences]), e.g.
 * 26 atoms × 1000 frames ≈ 1.2 MB, a 208-atom cell ≈ 9.6 kB per frame (≈ 1 GB per 100 000
 * frames: thin with --frames). Merge concatenates, so chunks reduce exactly to one pass.
 */
export interface SpectraState {
  source: 'file' | 'finite-difference';
  /** Frame spacing (ps). */
  dt: number;
  maxLag?: number;
  bands: Band[];
  overlapMax: number;
  atoms: number[];
  symbols: string[];
  /** Masses (amu) of the used atoms. */
  masses: number[];
  /** Number of cations at the start of `atoms`. */
  cations: number;
  cationSymbols: string[];
  /** Offsets of the polyatomic anions' slots after the cations (length anions + 1). */
  clusterStart: number[];
  /** Whether each polyatomic anion has a non-singular inertia tensor (not linear) in the reference frame. */
  rigid: boolean[];
  frames: number;
  motion: Float64Array;
  rel: Float64Array;
  cells: Float64Array;
  /** Index of the first frame pushed. */
  firstIndex?: number;
  /** Time (ps) of the first and last frame, when known. */
  firstTime?: number;
  lastTime?: number;
  /** Consecutive frames whose time difference is not dt (first such frame index, count). */
  irregular: { count: number; frame?: number };
}

const workspaces = new WeakMap<SpectraState, { centres: ClusterCentres; com: Float64Array }>();

/** Resolve the velocity source, check spacing and build the empty state (before any frame but the reference). */
export function initSpectra(params: SpectraParams, ctx: AnalysisContext): SpectraState {
  const dt = ctx.frameSpacing;
  if (dt === undefined) throw new PaddlewheelError('E_NO_TIME', 'spectra need the time between frames; pass --dt FS');
  checkSpectraSpacing(dt, 'spectra');
  const hasVel = ctx.reference.velocities !== undefined;
  const want = params.velocities ?? 'auto';
  if (want === 'file' && !hasVel) throw new UsageError('--velocities file: the trajectory has no velocities; use --velocities finite-difference (central differences of positions)');
  const source = want === 'finite-difference' || !hasVel ? 'finite-difference' : 'file';
  const { topology, ions } = ctx;
  const poly = ions.anionClusters.filter((c) => c.atoms.length > 1);
  const mono = ions.anionClusters.filter((c) => c.atoms.length === 1).map((c) => c.atoms[0]!);
  const centres = new ClusterCentres(topology, poly);
  const slots = Array.from(centres.slotAtom);
  const atoms = [...ions.cations, ...slots, ...mono];
  if (atoms.length === 0) throw new PaddlewheelError('E_SELECTION', 'spectra: no cation or anion atoms selected');
  const masses = atoms.map((a) => topology.masses[a]!);
  const state: SpectraState = {
    source, dt, maxLag: params.maxLag, bands: params.bands ?? DEFAULT_BANDS.map((b) => ({ ...b })),
    overlapMax: params.overlapMax ?? 6,
    atoms, symbols: atoms.map((a) => topology.symbols[a]!), masses,
    cations: ions.cations.length, cationSymbols: [...ions.cationSymbols],
    clusterStart: Array.from(centres.offsets), rigid: [],
    frames: 0, motion: new Float64Array(0), rel: new Float64Array(0), cells: new Float64Array(0),
    irregular: { count: 0 },
  };
  workspaces.set(state, { centres, com: new Float64Array(3 * centres.count) });
  // Linear anions have no rigid-body ω (singular inertia tensor): decided on the reference frame.
  const relRef = relativePositions(state, ctx.reference);
  for (let k = 0; k < centres.count; k++) {
    const s0 = state.clusterStart[k]!, n = state.clusterStart[k + 1]! - s0;
    state.rigid.push(n >= 3 && !collinear(relRef, s0, n));
  }
  if (source === 'finite-difference') {
    ctx.diagnostics.info('I_FINITE_DIFFERENCE', `velocities from central differences of unwrapped positions, v(t) = [r(t+Δt) − r(t−Δt)]/(2Δt); the first and last frames are dropped, and power at frequency f is damped by sinc²(2πfΔt) (${(100 * (1 - sincSq(2 * Math.PI * 50 * dt))).toFixed(1)} % at 50 THz)`);
  }
  return state;
}

function sincSq(x: number): number {
  return x === 0 ? 1 : (Math.sin(x) / x) ** 2;
}

function collinear(rel: Float64Array, s0: number, n: number): boolean {
  // Largest |r_i × r_j| relative to |r_i||r_j|: zero only when every atom is on one line through the centre.
  let best = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const a = 3 * (s0 + i), b = 3 * (s0 + j);
    const cx = rel[a + 1]! * rel[b + 2]! - rel[a + 2]! * rel[b + 1]!;
    const cy = rel[a + 2]! * rel[b]! - rel[a]! * rel[b + 2]!;
    const cz = rel[a]! * rel[b + 1]! - rel[a + 1]! * rel[b]!;
    const na = Math.hypot(rel[a]!, rel[a + 1]!, rel[a + 2]!), nb = Math.hypot(rel[b]!, rel[b + 1]!, rel[b + 2]!);
    if (na * nb > 0) best = Math.max(best, Math.hypot(cx, cy, cz) / (na * nb));
  }
  return best < 1e-6;
}

/** Positions of the polyatomic anions' atoms relative to their centres of mass (Å), slot order. */
function relativePositions(state: SpectraState, frame: Frame): Float64Array {
  const ws = workspaces.get(state);
  if (!ws) throw new PaddlewheelError('E_INTERNAL', 'spectra: pushing into a state that was not made by initSpectra in this thread');
  const { centres, com } = ws;
  centres.compute(frame.positions, frame.cell, com, false);
  const out = new Float64Array(centres.whole.length);
  for (let k = 0; k < centres.count; k++) {
    for (let s = centres.offsets[k]!; s < centres.offsets[k + 1]!; s++) {
      for (let c = 0; c < 3; c++) out[3 * s + c] = centres.whole[3 * s + c]! - com[3 * k + c]!;
    }
  }
  return out;
}

function grow(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const g = new Float64Array(Math.max(need, 2 * a.length, 1024));
  g.set(a);
  return g;
}

/** Append one frame's rows. */
export function pushSpectra(state: SpectraState, frame: Frame): void {
  const n = state.atoms.length;
  const t = state.frames;
  const src = state.source === 'file' ? frame.velocities : frame.positions;
  if (!src) throw new PaddlewheelError('E_FORMAT', `frame ${frame.index} has no velocities although the first frame had them; use --velocities finite-difference`);
  state.motion = grow(state.motion, 3 * n * (t + 1));
  for (let j = 0; j < n; j++) {
    const a = 3 * state.atoms[j]!, o = 3 * (t * n + j);
    state.motion[o] = src[a]!; state.motion[o + 1] = src[a + 1]!; state.motion[o + 2] = src[a + 2]!;
  }
  if (state.source === 'finite-difference') {
    state.cells = grow(state.cells, 9 * (t + 1));
    state.cells.set(frame.cell.matrix, 9 * t);
  }
  const rel = relativePositions(state, frame);
  state.rel = grow(state.rel, rel.length * (t + 1));
  state.rel.set(rel, rel.length * t);
  if (t === 0) state.firstIndex = frame.index;
  noteTime(state, frame.time, frame.index);
  state.frames++;
}

function noteTime(state: SpectraState, time: number | undefined, index: number): void {
  if (time === undefined) return;
  if (state.lastTime !== undefined && Math.abs(time - state.lastTime - state.dt) > 1e-3 * state.dt) {
    if (state.irregular.count === 0) state.irregular.frame = index;
    state.irregular.count++;
  }
  if (state.firstTime === undefined) state.firstTime = time;
  state.lastTime = time;
}

/** Concatenate the states of two consecutive frame ranges (a's frames first). */
export function mergeSpectra(a: SpectraState, b: SpectraState): SpectraState {
  if (a.atoms.length !== b.atoms.length || a.source !== b.source) throw new PaddlewheelError('E_INTERNAL', 'spectra: merging states of different selections');
  const cat = (x: Float64Array, nx: number, y: Float64Array, ny: number) => {
    const out = new Float64Array(nx + ny);
    out.set(x.subarray(0, nx));
    out.set(y.subarray(0, ny), nx);
    return out;
  };
  const row = 3 * a.atoms.length, rr = 3 * (a.clusterStart.at(-1) ?? 0);
  const out: SpectraState = {
    ...a,
    frames: a.frames + b.frames,
    motion: cat(a.motion, a.frames * row, b.motion, b.frames * row),
    rel: cat(a.rel, a.frames * rr, b.rel, b.frames * rr),
    cells: a.source === 'finite-difference' ? cat(a.cells, 9 * a.frames, b.cells, 9 * b.frames) : new Float64Array(0),
    irregular: { ...a.irregular },
    lastTime: a.lastTime,
  };
  if (b.frames > 0 && b.firstTime !== undefined) {
    // The boundary step a.last → b.first, then b's own irregular steps.
    noteTime(out, b.firstTime, b.firstIndex ?? -1);
    if (b.irregular.count > 0) {
      if (out.irregular.count === 0) out.irregular.frame = b.irregular.frame;
      out.irregular.count += b.irregular.count;
    }
    out.lastTime = b.lastTime;
  }
  if (a.frames === 0) { out.firstTime = b.firstTime; out.firstIndex = b.firstIndex; }
  // Later frames can still be pushed into the merged state (a serial tail after a reduction).
  const ws = workspaces.get(b) ?? workspaces.get(a);
  if (ws) workspaces.set(out, ws);
  return out;
}
