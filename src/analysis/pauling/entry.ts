import { ClusterCentres } from '../../chem/centres.js';
import { cartToFrac, fracToCart, makeCell } from '../../core/cell.js';
import { type LatticeRecognition, recogniseLattice } from '../../chem/lattice.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { quantity } from '../../core/result.js';
import type { RegistryEntry } from '../entry-types.js';
import { SITE_CUTOFF_FACTOR } from '../templates/lattice.js';
import { templates } from '../templates/templates.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { pauling, type PaulingResult } from './pauling.js';

/**
 * State of the streamed anion lattice: sums of the anion centres' fractional coordinates,
 * each brought next to its position in the reference frame (`ctx.reference`) by the lattice
 * translation that rounds the difference away, and the sum of the cell matrices. Plain data:
 * states of consecutive frame ranges merge by addition, exactly as one pass sums.
 */
export interface AnionLatticeState {
  /** Reference fractional coordinates of the anion centres (3 per anion). */
  ref: Float64Array;
  /** Σ over frames of the fractional centres (3 per anion). */
  sum: Float64Array;
  /** Σ over frames of the cell matrix (9, rows a, b, c; Å). */
  cellSum: Float64Array;
  frames: number;
  /** `--cation` as given (else the selected one). */
  cation?: string;
}

// Centre computation is a cache of the topology, kept off the state so the state stays plain data.
const centresOf = new WeakMap<AnionLatticeState, ClusterCentres>();

/** Pauling body with the recognition, as `paddlewheel pauling FILES --json` prints it. */
export interface AnionLatticeResult {
  pauling: PaulingResult;
  recognition: LatticeRecognition;
  frames: number;
  anions: number;
  anionFormulas: string[];
  cations: number;
  cation: string;
}

/**
 * The `pauling` command's trajectory pass as an analysis: anion centres of mass averaged over
 * the frames (mean fractional position relative to the reference frame, times the mean cell),
 * then the fcc/bcc recognition and the radius-ratio prediction. Anions that wander more than
 * half a cell from their reference position have no meaningful mean (they are a lattice).
 */
export const anionLatticeAnalysis: Analysis<{ cation?: string }, AnionLatticeState, AnionLatticeResult> = {
  id: 'pauling',
  init(p, ctx: AnalysisContext) {
    if (ctx.ions.cationSymbols.length > 1) throw new UsageError(`--cation ${ctx.ions.cationSymbols.join(',')}: the Pauling analysis takes one cation species`);
    if (ctx.ions.anionClusters.length === 0) throw new PaddlewheelError('E_SELECTION', 'pauling: no anions selected');
    const centres = new ClusterCentres(ctx.topology, ctx.ions.anionClusters);
    const ref = Float64Array.from(cartToFrac(ctx.reference.cell, centres.compute(ctx.reference.positions, ctx.reference.cell)));
    const state: AnionLatticeState = { ref, sum: new Float64Array(ref.length), cellSum: new Float64Array(9), frames: 0, cation: p.cation };
    centresOf.set(state, centres);
    return state;
  },
  push(s, f: Frame) {
    const centres = centresOf.get(s);
    if (!centres) throw new PaddlewheelError('E_INTERNAL', 'pauling: push on a state that init did not make in this thread');
    const fr = cartToFrac(f.cell, centres.compute(f.positions, f.cell));
    const r = s.ref, sum = s.sum;
    for (let i = 0; i < fr.length; i++) sum[i] = sum[i]! + fr[i]! - Math.round(fr[i]! - r[i]!);
    for (let i = 0; i < 9; i++) s.cellSum[i] = s.cellSum[i]! + f.cell.matrix[i]!;
    s.frames++;
  },
  merge(a, b) {
    if (b.frames === 0) return a;
    if (a.frames === 0) return b;
    const m: AnionLatticeState = {
      ref: a.ref, sum: Float64Array.from(a.sum, (x, i) => x + b.sum[i]!), cellSum: Float64Array.from(a.cellSum, (x, i) => x + b.cellSum[i]!),
      frames: a.frames + b.frames, cation: a.cation,
    };
    const c = centresOf.get(a) ?? centresOf.get(b);
    if (c) centresOf.set(m, c);
    return m;
  },
  finalize(s, ctx) {
    if (s.frames === 0) throw new PaddlewheelError('E_SELECTION', 'no frames to average');
    const cell = makeCell(Array.from(s.cellSum, (x) => x / s.frames));
    const m = { positions: fracToCart(cell, Float64Array.from(s.sum, (x) => x / s.frames)), cell, frames: s.frames };
    const recognition = recogniseLattice(m.positions, m.cell);
    if (recognition.lattice === 'other') throw new UsageError(`the anion lattice is not recognised: ${recognition.reason}; give --lattice fcc|bcc and --a Å`);
    const ions = ctx.ions;
    const cation = s.cation ?? ions.cationSymbols[0]!;
    const lattice = recognition.lattice;
    const r = pauling({ lattice, a: recognition[lattice].a, cation, radius: undefined, cationsPerAnion: ions.cations.length / ions.anionClusters.length });
    return { pauling: r, recognition, frames: m.frames, anions: ions.anionClusters.length, anionFormulas: ions.anions.map((g) => g.formula), cations: ions.cations.length, cation: ions.cationSymbols[0]! };
  },
};

/** Registry line of the Pauling radius-ratio analysis (SPEC section 1) from the recognised anion lattice. */
export const paulingEntry: RegistryEntry = {
  id: 'pauling',
  title: 'Pauling radius ratio R⁺/R⁻ and predicted site from the recognised anion lattice',
  pass: 'main',
  needs: 'one cation species and anions on an fcc or bcc lattice',
  check: (ctx) => (ctx.ions.anionClusters.length === 0 ? 'no anions selected (give --anion)' : ctx.ions.cations.length === 0 ? 'no mobile cations selected' : undefined),
  job: (o) => ({ analysis: anionLatticeAnalysis, params: { cation: o.cation } }),
  output(o, d) {
    const t = d.result as AnionLatticeResult;
    const rec = t.recognition, lattice = t.pauling.lattice;
    const source = {
      lattice: `recognised from the time-averaged anion centres (${t.frames} frames)`,
      latticeParameter: `${lattice} anion density of the time-averaged cell`,
      cationsPerAnion: `composition: ${t.cations} ${t.cation} / ${t.anions} ${t.anionFormulas.join('+')}`,
    };
    const recognition = {
      lattice: rec.lattice, a: rec.a === null ? null : quantity(rec.a, 'Å'), confidence: rec.confidence, reason: rec.reason,
      frames: t.frames, anions: t.anions, fcc: rec.fcc, bcc: rec.bcc, order: rec.order,
    };
    return { params: { cation: o.cation, anion: o.anion, frames: o.frames }, body: { ...t.pauling, source, recognition }, files: [] };
  },
};

/** `paddlewheel templates --lattice L --json` params and body for the recognised lattice. */
export function templatesFor(lattice: 'fcc' | 'bcc'): { params: Record<string, unknown>; body: Record<string, unknown> } {
  const siteCutoff = SITE_CUTOFF_FACTOR[lattice];
  return { params: { lattice, siteCutoff }, body: { ...templates(lattice, siteCutoff) } };
}
