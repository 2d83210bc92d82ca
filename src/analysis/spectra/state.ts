import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { ClusterCentres } from '../../chem/centres.js';
import type { AnalysisContext } from '../types.js';
import { type Band, DEFAULT_BANDS, type SpectraParams, checkSpectraSpacing } from './params.js';
import { spectraItems, spectraPlan } from './groups.js';
import { emptyWindow, type LagWindow, mergeWindows, pushWindowRow, type WindowPlan } from './lag-window.js';
import { appendRow, concatRows, emptyRows, type RowBlocks } from './row-blocks.js';
import { collinear } from './angular.js';
import { differenceRow, fileRow, type SeriesGeometry, type SeriesLayout, seriesLayout } from './series.js';

/**
 * State of the spectra analysis: the derived series (series.ts) of the used atoms, one row per
 * frame, in blocks (row-blocks.ts).
 *
 * Used atoms ("slots" of `atoms`): the mobile cations first, then the atoms of every
 * polyatomic anion in ClusterCentres slot order (cluster k = slots `clusterStart[k] …
 * clusterStart[k+1]−1` after the cations), then monatomic anions. Each series row holds, 3
 * numbers each: the velocity of every used atom, the per-atom ω of every anion atom and the
 * rigid-body ω of every polyatomic anion — exactly what finalize transforms. With finite
 * differences a frame's row needs its neighbours, so the state also keeps the raw rows
 * (positions, relative positions, cell) of its first two and last two frames; a merge
 * supplies the rows of the two frames at the junction, and the two end frames of the whole
 * run get none.
 * Memory: 8 bytes × frames × 3 × (atoms + anion atoms + anions), e.g. a 208-atom cell of 8
 * B12H12 + 16 Li ≈ 9.8 kB per frame (47 B per atom and frame), plus at most one partly filled
 * 1 MiB block (or, with --max-lag, a window of a few maxLag rows: `window`). Merge
 * concatenates, so chunks reduce to one pass.
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
  /** Frames pushed. */
  frames: number;
  /** Series rows (series.ts layout): one per frame, or per frame but the two ends with finite differences. */
  series: RowBlocks;
  /**
   * With an explicit maxLag (≥ 2 frames): the rows go into bounded-memory autocorrelation
   * sums instead (lag-window.ts; channel i = spectrum i of groups.ts), and `series` stays
   * empty: memory O(used atoms × maxLag) however many frames; the same spectra up to rounding.
   */
  window?: LagWindow;
  /** Finite differences: raw rows (series.ts) of the first min(2, frames) frames, and of the last min(2, frames). */
  head: Float64Array[];
  tail: Float64Array[];
  /** Index of the first frame pushed. */
  firstIndex?: number;
  /** Time (ps) of the first and last frame, when known. */
  firstTime?: number;
  lastTime?: number;
  /** Consecutive frames whose time difference is not dt (first such frame index, count). */
  irregular: { count: number; frame?: number };
}

/** Per-thread scratch of a state: the molecule rebuilder and buffers reused every frame. */
interface Workspace {
  centres: ClusterCentres;
  com: Float64Array;
  geometry: SeriesGeometry;
  /** Velocities of the used atoms (file source). */
  vel: Float64Array;
  rel: Float64Array;
  relVel: Float64Array;
  /** A raw row no state refers to (finite differences). */
  spare: Float64Array;
  /** One series row (bounded-memory mode) and the plan of its sums. */
  row: Float64Array;
  plan?: WindowPlan;
}

const workspaces = new WeakMap<SpectraState, Workspace>();

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
    frames: 0, series: emptyRows(layoutOf({ atoms, clusterStart: Array.from(centres.offsets) }).width), head: [], tail: [],
    irregular: { count: 0 },
  };
  const ws = workspace(state, centres);
  // Linear anions have no rigid-body ω (singular inertia tensor): decided on the reference frame.
  relativePositions(ws, ctx.reference, ws.rel, 0);
  for (let k = 0; k < centres.count; k++) {
    const s0 = state.clusterStart[k]!, n = state.clusterStart[k + 1]! - s0;
    state.rigid.push(n >= 3 && !collinear(ws.rel, s0, n));
  }
  const lag = params.maxLag === undefined ? 0 : Math.round(params.maxLag / dt);
  if (lag >= 2) state.window = emptyWindow(state.series.width, lag, spectraItems(state).length);
  if (source === 'finite-difference') {
    ctx.diagnostics.info('I_FINITE_DIFFERENCE', `velocities from central differences of unwrapped positions, v(t) = [r(t+Δt) − r(t−Δt)]/(2Δt); the first and last frames are dropped, and power at frequency f is damped by sinc²(2πfΔt) (${(100 * (1 - sincSq(2 * Math.PI * 50 * dt))).toFixed(1)} % at 50 THz)`);
  }
  return state;
}

function sincSq(x: number): number {
  return x === 0 ? 1 : (Math.sin(x) / x) ** 2;
}

function layoutOf(s: { atoms: readonly number[]; clusterStart: readonly number[] }): SeriesLayout {
  const slots = s.clusterStart.at(-1) ?? 0;
  return seriesLayout(s.atoms.length, slots, s.clusterStart.length - 1);
}

/** Build the workspace of a new state (rigid is read through the state, so it may be filled later). */
function workspace(state: SpectraState, centres: ClusterCentres): Workspace {
  const layout = layoutOf(state);
  const slotMasses = Float64Array.from(state.masses.slice(state.cations, state.cations + layout.slots));
  const ws: Workspace = {
    centres, com: new Float64Array(3 * centres.count),
    geometry: { layout, clusterStart: state.clusterStart, slotMasses, firstSlotAtom: state.cations, rigid: state.rigid },
    vel: new Float64Array(3 * layout.atoms), rel: new Float64Array(3 * layout.slots), relVel: new Float64Array(3 * layout.slots),
    spare: new Float64Array(layout.rawWidth), row: new Float64Array(layout.width),
  };
  workspaces.set(state, ws);
  return ws;
}

function workspaceOf(state: SpectraState): Workspace {
  const ws = workspaces.get(state);
  if (!ws) throw new PaddlewheelError('E_INTERNAL', 'spectra: pushing into a state that was not made by initSpectra in this thread');
  return ws;
}

/** Positions of the polyatomic anions' atoms relative to their centres of mass (Å), slot order, into out[o…]. */
function relativePositions(ws: Workspace, frame: Frame, out: Float64Array, o: number): void {
  const { centres, com } = ws;
  centres.compute(frame.positions, frame.cell, com, false);
  const w = centres.whole;
  for (let k = 0; k < centres.count; k++) {
    const cx = com[3 * k]!, cy = com[3 * k + 1]!, cz = com[3 * k + 2]!;
    for (let s = centres.offsets[k]!; s < centres.offsets[k + 1]!; s++) {
      out[o + 3 * s] = w[3 * s]! - cx; out[o + 3 * s + 1] = w[3 * s + 1]! - cy; out[o + 3 * s + 2] = w[3 * s + 2]! - cz;
    }
  }
}

/** Where the next series row is written: a new row of `series`, or the scratch row passed on to the window. */
function rowTarget(state: SpectraState, ws: Workspace): [Float64Array, number] {
  if (state.window) return [ws.row, 0];
  const o = appendRow(state.series);
  return [state.series.blocks[state.series.blocks.length - 1]!, o];
}

function planOf(state: SpectraState, ws?: Workspace): WindowPlan {
  if (ws?.plan) return ws.plan;
  const plan = spectraPlan(spectraItems(state));
  if (ws) ws.plan = plan;
  return plan;
}

/** Append one frame: its series row (file velocities), or the row of the frame before it (finite differences). */
export function pushSpectra(state: SpectraState, frame: Frame): void {
  const ws = workspaceOf(state);
  const g = ws.geometry, L = g.layout, n = L.atoms;
  if (state.source === 'file') {
    const src = frame.velocities;
    if (!src) throw new PaddlewheelError('E_FORMAT', `frame ${frame.index} has no velocities although the first frame had them; use --velocities finite-difference`);
    for (let j = 0; j < n; j++) {
      const a = 3 * state.atoms[j]!;
      ws.vel[3 * j] = src[a]!; ws.vel[3 * j + 1] = src[a + 1]!; ws.vel[3 * j + 2] = src[a + 2]!;
    }
    relativePositions(ws, frame, ws.rel, 0);
    const [out, o] = rowTarget(state, ws);
    fileRow(g, ws.vel, ws.rel, ws.relVel, out, o);
    if (state.window) pushWindowRow(state.window, planOf(state, ws), out, o);
  } else {
    const raw = ws.spare;
    const p = frame.positions;
    for (let j = 0; j < n; j++) {
      const a = 3 * state.atoms[j]!;
      raw[3 * j] = p[a]!; raw[3 * j + 1] = p[a + 1]!; raw[3 * j + 2] = p[a + 2]!;
    }
    relativePositions(ws, frame, raw, L.rawRel);
    raw.set(frame.cell.matrix, L.rawCell);
    raw.set(frame.cell.inverse, L.rawCell + 9);
    if (state.head.length < 2) state.head.push(raw.slice());
    const tail = state.tail;
    if (tail.length === 2) {
      const [out, o] = rowTarget(state, ws);
      differenceRow(g, tail[0]!, tail[1]!, raw, state.dt, ws.relVel, out, o);
      if (state.window) pushWindowRow(state.window, planOf(state, ws), out, o);
      // The oldest raw row is no longer needed: it becomes the next frame's buffer.
      ws.spare = tail[0]!;
      tail[0] = tail[1]!; tail[1] = raw;
    } else {
      tail.push(raw);
      ws.spare = new Float64Array(L.rawWidth);
    }
  }
  if (state.frames === 0) state.firstIndex = frame.index;
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

/**
 * Concatenate the states of two consecutive frame ranges (a's frames first). With finite
 * differences the rows of a's last and b's first frame are made here from the raw rows at the
 * junction (a frame that is the first or last of the merged range gets none).
 */
export function mergeSpectra(a: SpectraState, b: SpectraState): SpectraState {
  if (a.atoms.length !== b.atoms.length || a.source !== b.source) throw new PaddlewheelError('E_INTERNAL', 'spectra: merging states of different selections');
  let junction = new Float64Array(0);
  if (a.source === 'finite-difference' && a.frames > 0 && b.frames > 0) {
    const ws = workspaces.get(b) ?? workspaces.get(a);
    const L = layoutOf(a);
    const g: SeriesGeometry = ws?.geometry ?? {
      layout: L, clusterStart: a.clusterStart, slotMasses: Float64Array.from(a.masses.slice(a.cations, a.cations + L.slots)), firstSlotAtom: a.cations, rigid: a.rigid,
    };
    const relVel = new Float64Array(3 * L.slots);
    const rows: Float64Array[] = [];
    const aLast = a.tail.at(-1)!, bFirst = b.head[0]!;
    if (a.frames >= 2) rows.push(rowOf(g, a.tail.at(-2)!, aLast, bFirst, a.dt, relVel));
    if (b.frames >= 2) rows.push(rowOf(g, aLast, bFirst, b.head[1]!, a.dt, relVel));
    junction = new Float64Array(rows.length * L.width);
    rows.forEach((r, i) => junction.set(r, i * L.width));
  }
  const copies = (rows: Float64Array[]) => rows.map((r) => r.slice());
  let window: LagWindow | undefined;
  if (a.window && b.window) {
    window = mergeWindows(a.window, b.window, planOf(a, workspaces.get(a) ?? workspaces.get(b)), junction);
  } else if (a.window || b.window) {
    throw new PaddlewheelError('E_INTERNAL', 'spectra: merging a bounded-memory state with a whole-series one');
  }
  const out: SpectraState = {
    ...a,
    frames: a.frames + b.frames,
    series: concatRows(a.series, b.series, window ? undefined : junction),
    ...(window ? { window } : {}),
    head: copies([...a.head, ...b.head].slice(0, 2)),
    tail: copies([...a.tail, ...b.tail].slice(-2)),
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
  if (ws) workspaces.set(out, { ...ws, geometry: { ...ws.geometry, rigid: out.rigid }, spare: new Float64Array(ws.spare.length), row: new Float64Array(ws.row.length) });
  return out;
}

function rowOf(g: SeriesGeometry, prev: Float64Array, mid: Float64Array, next: Float64Array, dt: number, relVel: Float64Array): Float64Array {
  const out = new Float64Array(g.layout.width);
  differenceRow(g, prev, mid, next, dt, relVel, out, 0);
  return out;
}
