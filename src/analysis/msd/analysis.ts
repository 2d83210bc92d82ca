import { cellHeights, makeCell } from '../../core/cell.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { ClusterCentres } from '../../chem/centres.js';
import type { Cluster } from '../../chem/clusters.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { finalizeMsd } from './finalize.js';
import { counterIonKeys, mobileIonKinds, resolveCounterIons, type IonKind } from './ions.js';
import { DEFAULT_JUMP_THRESHOLD, resolveCharges } from './params.js';
import { emptyTrack, mergeTracks, pushTrack, type Track } from './track.js';
import type { CollectiveMode, DriftSpec, MsdParams, MsdResult } from './types.js';

/** At most this many flagged steps are kept (the count is exact). */
const MAX_JUMPS_KEPT = 1000;

/** A frame-to-frame step longer than the threshold. */
export interface JumpRecord {
  /** Frame index (0-based, in the concatenated trajectory) where the step ends. */
  frame: number;
  /** What moved: a tracked atom (0-based atom index), a framework point or another ion (point index). */
  what: 'atom' | 'framework' | 'ion';
  index: number;
  /** Step length (Å) and the threshold it exceeded (Å). */
  step: number;
  threshold: number;
}

/**
 * State of the transport analysis: unwrapped series of the mobile ions and of the framework
 * points that define the drift (memory: (atoms + framework points) × frames × 3 doubles; the
 * framework points are kept singly so the uncertainty of their mean is known), plus sums for
 * the mean volume and temperature. With `collective: 'all-ions'` the other ions of the cell
 * (anion centres, spectators) are tracked too. Partial states of consecutive
 * frame ranges merge by concatenation, with unwrap continuity across the boundary.
 */
export interface MsdState {
  params: MsdParams;
  drift: DriftSpec;
  jumpThreshold: number;
  /** Tracked (mobile-ion) atom indices, ascending. */
  atoms: Int32Array;
  /** Charge (e) of each tracked atom. */
  charges: Float64Array;
  chargesBySymbol: Record<string, number>;
  species: string[];
  tracked: Track;
  /** Framework points' track (null with drift none). */
  framework: Track | null;
  /** Atom indices of the framework for species drift; empty for anion centres. */
  frameworkAtoms: Int32Array;
  frameworkClusters: Cluster[];
  collective: CollectiveMode;
  /** Every non-mobile ion's track (centres, unwrapped), all-ions only. */
  counter: Track | null;
  counterClusters: Cluster[];
  /** Charge (e) of each counter point. */
  counterCharges: Float64Array;
  /** Every kind of ion in the collective sum, with its charge. */
  ionKinds: IonKind[];
  frames: number;
  firstIndex: number;
  lastIndex: number;
  lastTime: number | null;
  unevenSpacing: number;
  volumeSum: number;
  minHeight: number;
  temperatureSum: number;
  temperatureCount: number;
  jumps: JumpRecord[];
  jumpCount: number;
  frameSpacing: number;
}

const centresOf = new WeakMap<MsdState, ClusterCentres>();
const counterCentresOf = new WeakMap<MsdState, ClusterCentres>();
const topologyOf = new WeakMap<MsdState, AnalysisContext['topology']>();

/** Tracer and collective MSD, D, σ and Haven ratio (SPEC section 4). */
export const msdAnalysis: Analysis<MsdParams, MsdState, MsdResult> = {
  id: 'msd',
  init(params: MsdParams, ctx: AnalysisContext): MsdState {
    if (ctx.frameSpacing === undefined) throw new PaddlewheelError('E_NO_TIME', 'the MSD needs the time between frames; pass --dt FS');
    const jumpThreshold = params.jumpThreshold ?? DEFAULT_JUMP_THRESHOLD;
    if (!(jumpThreshold > 0)) throw new UsageError(`--jump-threshold ${jumpThreshold}: expected a positive fraction of the shortest cell height`);
    const atoms = Int32Array.from(ctx.ions.cations);
    if (atoms.length === 0) throw new PaddlewheelError('E_SELECTION', `no ${ctx.ions.cationSymbols.join(',')} atoms to follow`);
    const species = ctx.ions.cationSymbols;
    const collective = params.collective ?? 'all-ions';
    const chargesBySymbol = resolveCharges(species, params.charges, counterIonKeys(ctx.topology, ctx.ions));
    let counterClusters: Cluster[] = [], counterCharges: Float64Array = new Float64Array(0);
    let ionKinds: IonKind[] = mobileIonKinds(ctx.topology, ctx.ions, chargesBySymbol, params.charges);
    if (collective === 'all-ions') {
      const c = resolveCounterIons(ctx.topology, ctx.ions, chargesBySymbol, params.charges, ctx.diagnostics);
      counterClusters = c.clusters; counterCharges = c.charges; ionKinds = c.kinds;
      for (const k of c.kinds) if (!k.mobile) chargesBySymbol[k.ion] = k.charge;
    }
    const charges = Float64Array.from(atoms, (a) => chargesBySymbol[ctx.topology.symbols[a]!]!);
    const drift = params.drift ?? { kind: 'framework' };
    let frameworkAtoms = new Int32Array(0);
    let frameworkClusters: Cluster[] = [];
    let points = 0;
    if (drift.kind === 'species') {
      frameworkAtoms = Int32Array.from(ctx.topology.symbols.flatMap((s, i) => (s === drift.symbol ? [i] : [])));
      if (frameworkAtoms.length === 0) throw new PaddlewheelError('E_SELECTION', `--drift species:${drift.symbol}: there is no ${drift.symbol} in this structure`);
      if (species.includes(drift.symbol)) ctx.diagnostics.warn('W_DRIFT_SELF', `--drift species:${drift.symbol} subtracts the mean motion of the mobile ions themselves: their collective MSD and σ lose their centre-of-mass part`);
      points = frameworkAtoms.length;
    } else if (drift.kind === 'framework') {
      frameworkClusters = ctx.ions.anionClusters;
      if (frameworkClusters.length === 0) throw new PaddlewheelError('E_SELECTION', '--drift framework: no anions were found to define the framework; give --anion or --drift species:X or none');
      points = frameworkClusters.length;
    }
    const state: MsdState = {
      params, drift, jumpThreshold, atoms, charges, chargesBySymbol, species,
      tracked: emptyTrack(atoms.length),
      framework: drift.kind === 'none' ? null : emptyTrack(points),
      frameworkAtoms, frameworkClusters,
      collective, counter: collective === 'all-ions' ? emptyTrack(counterClusters.length) : null, counterClusters, counterCharges, ionKinds,
      frames: 0, firstIndex: -1, lastIndex: -1, lastTime: null, unevenSpacing: 0,
      volumeSum: 0, minHeight: Infinity, temperatureSum: 0, temperatureCount: 0,
      jumps: [], jumpCount: 0, frameSpacing: ctx.frameSpacing,
    };
    topologyOf.set(state, ctx.topology);
    return state;
  },

  push(state: MsdState, frame: Frame): void {
    const h = Math.min(...cellHeights(frame.cell));
    const limit = state.jumpThreshold * h;
    const pos = gather(frame.positions, state.atoms);
    const s = pushTrack(state.tracked, pos, frame.cell);
    if (s.maxStep > limit) recordJump(state, { frame: frame.index, what: 'atom', index: state.atoms[s.point]!, step: s.maxStep, threshold: limit });
    if (state.framework) {
      const fw = frameworkPoints(state, frame);
      const f = pushTrack(state.framework, fw, frame.cell);
      if (f.maxStep > limit) recordJump(state, { frame: frame.index, what: 'framework', index: f.point, step: f.maxStep, threshold: limit });
    }
    if (state.counter) {
      const c = pushTrack(state.counter, counterPoints(state, frame), frame.cell);
      if (c.maxStep > limit) recordJump(state, { frame: frame.index, what: 'ion', index: c.point, step: c.maxStep, threshold: limit });
    }
    if (state.frames === 0) state.firstIndex = frame.index;
    else if (frame.time !== undefined && state.lastTime !== null && Math.abs(frame.time - state.lastTime - state.frameSpacing) > 1e-3 * state.frameSpacing) state.unevenSpacing++;
    state.lastIndex = frame.index;
    state.lastTime = frame.time ?? null;
    state.frames++;
    state.volumeSum += frame.cell.volume;
    state.minHeight = Math.min(state.minHeight, h);
    if (frame.temperature !== undefined && Number.isFinite(frame.temperature)) {
      state.temperatureSum += frame.temperature;
      state.temperatureCount++;
    }
  },

  merge(a: MsdState, b: MsdState): MsdState {
    if (b.frames === 0) return a;
    if (a.frames === 0) return b;
    const t = mergeTracks(a.tracked, b.tracked);
    const f = a.framework && b.framework ? mergeTracks(a.framework, b.framework) : null;
    const c = a.counter && b.counter ? mergeTracks(a.counter, b.counter) : null;
    const merged: MsdState = {
      ...a,
      tracked: t.track,
      framework: f ? f.track : null,
      counter: c ? c.track : null,
      frames: a.frames + b.frames,
      lastIndex: b.lastIndex,
      lastTime: b.lastTime,
      unevenSpacing: a.unevenSpacing + b.unevenSpacing,
      volumeSum: a.volumeSum + b.volumeSum,
      minHeight: Math.min(a.minHeight, b.minHeight),
      temperatureSum: a.temperatureSum + b.temperatureSum,
      temperatureCount: a.temperatureCount + b.temperatureCount,
      jumps: [...a.jumps],
      jumpCount: a.jumpCount,
    };
    // The boundary step is checked against b's first cell, as push would have done.
    const limit = a.jumpThreshold * Math.min(...cellHeights(makeCell(b.tracked.firstCell)));
    if (t.maxStep > limit) recordJump(merged, { frame: b.firstIndex, what: 'atom', index: a.atoms[t.point]!, step: t.maxStep, threshold: limit });
    if (f && f.maxStep > limit) recordJump(merged, { frame: b.firstIndex, what: 'framework', index: f.point, step: f.maxStep, threshold: limit });
    if (c && c.maxStep > limit) recordJump(merged, { frame: b.firstIndex, what: 'ion', index: c.point, step: c.maxStep, threshold: limit });
    for (const j of b.jumps) recordJump(merged, j);
    merged.jumpCount += b.jumpCount - b.jumps.length;
    const centres = centresOf.get(a) ?? centresOf.get(b);
    if (centres) centresOf.set(merged, centres);
    const counterCentres = counterCentresOf.get(a) ?? counterCentresOf.get(b);
    if (counterCentres) counterCentresOf.set(merged, counterCentres);
    const topo = topologyOf.get(a) ?? topologyOf.get(b);
    if (topo) topologyOf.set(merged, topo);
    return merged;
  },

  finalize(state: MsdState, ctx: AnalysisContext): MsdResult {
    return finalizeMsd(state, ctx);
  },
};

function recordJump(state: MsdState, j: JumpRecord): void {
  state.jumpCount++;
  if (state.jumps.length < MAX_JUMPS_KEPT) state.jumps.push(j);
}

function gather(positions: Float64Array, atoms: Int32Array): Float64Array {
  const out = new Float64Array(3 * atoms.length);
  for (let i = 0; i < atoms.length; i++) {
    const a = 3 * atoms[i]!;
    out[3 * i] = positions[a]!; out[3 * i + 1] = positions[a + 1]!; out[3 * i + 2] = positions[a + 2]!;
  }
  return out;
}

function frameworkPoints(state: MsdState, frame: Frame): Float64Array {
  if (state.drift.kind === 'species') return gather(frame.positions, state.frameworkAtoms);
  return centresFor(state, centresOf, state.frameworkClusters).compute(frame.positions, frame.cell);
}

/** Centres of mass of every non-mobile ion (whole molecules rebuilt each frame; wrapped, then unwrapped by the track). */
function counterPoints(state: MsdState, frame: Frame): Float64Array {
  return centresFor(state, counterCentresOf, state.counterClusters).compute(frame.positions, frame.cell);
}

function centresFor(state: MsdState, cache: WeakMap<MsdState, ClusterCentres>, clusters: Cluster[]): ClusterCentres {
  let c = cache.get(state);
  if (!c) {
    const topo = topologyOf.get(state);
    if (!topo) throw new PaddlewheelError('E_INTERNAL', 'msd: cluster centres need the topology (state not made by init)');
    c = new ClusterCentres(topo, clusters);
    cache.set(state, c);
  }
  return c;
}
