import { ClusterCentres } from '../../chem/centres.js';
import { type LatticeRecognition, recogniseLattice } from '../../chem/lattice.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { quantity } from '../../core/result.js';
import type { RegistryEntry } from '../entry-types.js';
import { MeanPositions } from '../sites/reference.js';
import { SITE_CUTOFF_FACTOR } from '../templates/lattice.js';
import { templates } from '../templates/templates.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { pauling, type PaulingResult } from './pauling.js';

/** State of the streamed anion lattice: the time-averaged anion centres. */
export interface AnionLatticeState {
  centres: ClusterCentres;
  mean: MeanPositions;
  /** `--cation` as given (else the selected one). */
  cation?: string;
}

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
 * the frames (MeanPositions), then the fcc/bcc recognition and the radius-ratio prediction.
 * Serial only: the mean is taken relative to the first frame's positions, so two chunks'
 * states do not merge exactly, and `merge` refuses (analyze runs it in its one pass).
 */
export const anionLatticeAnalysis: Analysis<{ cation?: string }, AnionLatticeState, AnionLatticeResult> = {
  id: 'pauling',
  init(p, ctx: AnalysisContext) {
    if (ctx.ions.cationSymbols.length > 1) throw new UsageError(`--cation ${ctx.ions.cationSymbols.join(',')}: the Pauling analysis takes one cation species`);
    if (ctx.ions.anionClusters.length === 0) throw new PaddlewheelError('E_SELECTION', 'pauling: no anions selected');
    return { centres: new ClusterCentres(ctx.topology, ctx.ions.anionClusters), mean: new MeanPositions(), cation: p.cation };
  },
  push(s, f: Frame) {
    s.mean.push(s.centres.compute(f.positions, f.cell), f.cell);
  },
  merge() {
    throw new PaddlewheelError('E_INTERNAL', 'pauling: the lattice mean is serial (relative to the first frame); it does not merge');
  },
  finalize(s, ctx) {
    const m = s.mean.mean();
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
