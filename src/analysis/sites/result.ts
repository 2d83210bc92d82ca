import type { DiagnosticLog } from '../../core/diagnostics.js';
import { type Quantity, quantity } from '../../core/result.js';
import type { CubicLatticeKind } from '../../chem/lattice.js';
import { blockJackknife } from './blocks.js';
import { occupancyEntropy } from './entropy.js';
import type { SitesState } from './analysis.js';
import { SITE_KINDS, type SiteKind } from './topology.js';

/** Result body of `sites` (SPEC section 10 keys, plus context). Dimensionless quantities have unit "1". */
export interface SitesResult {
  framework: { kind: 'anion centres' | 'atoms'; label: string; points: number };
  lattice: { lattice: CubicLatticeKind | 'other'; a: Quantity | null; confidence: number; reason: string };
  siteCutoff: Quantity & { source: string; description: string };
  siteCounts: Record<SiteKind, number>;
  /** Sites per framework point (fcc 6/8/2, bcc 7/12/6). */
  sitesPerPoint: Record<SiteKind, number>;
  cation: string;
  /** Number of mobile cations n. */
  cations: number;
  sigma2: Quantity;
  siteRadius: Quantity;
  /** Fraction of the cation weight on each site type (over assigned cation-frames; Σ = 1). */
  P1: Record<SiteKind, Quantity>;
  /** Mean occupation of one site of each type, n·P1/N_i. */
  P2: Record<SiteKind, Quantity>;
  /** Configurational entropy S̃ per cation (k_B). */
  entropy: Quantity;
  /** Cation-frames with no site within reach, over all cation-frames. */
  unassignedFraction: number;
  unassigned: number;
  cationFrames: number;
  frames: number;
  /** Reference frame index (the site topology was built there). */
  referenceFrame: number;
  /** Largest distance of a framework point from its reference position over the frames. */
  maxFrameworkDisplacement: Quantity;
  /** Per-frame P1 (null where no cation was assigned), for convergence plots. */
  series: { frame: number[]; time: (number | null)[]; P1: Record<SiteKind, (number | null)[]> };
  units: Record<string, string>;
}

/** Turn a state into the result, adding diagnostics for what the numbers cannot say. */
export function sitesResult(state: SitesState, log: DiagnosticLog): SitesResult {
  const m = state.model, topo = m.topology;
  const n = m.cations.length;
  const { totals } = state;
  const A = totals.assigned;
  const p1 = (w: number[], assigned: number): Record<SiteKind, number> => ({
    linear: assigned > 0 ? w[0]! / assigned : NaN,
    trigonal: assigned > 0 ? w[1]! / assigned : NaN,
    tetrahedral: assigned > 0 ? w[2]! / assigned : NaN,
  });
  const P1 = p1(totals.weight, A);
  const occ = occupancyEntropy(P1, topo.counts, n);
  const theta = (t: number[]): number[] => {
    const q = p1(t, t[3]!);
    return [q.linear, q.trigonal, q.tetrahedral, occupancyEntropy(q, topo.counts, n).entropy];
  };
  const jk = blockJackknife([state.weight[0], state.weight[1], state.weight[2], state.assigned], theta, m.blocks);
  const method = jk.blocks >= 2 ? `delete-one-block jackknife over ${jk.blocks} contiguous blocks of ≥ ${jk.framesPerBlock} frames` : undefined;
  if (!method) log.info('I_NO_STDERR', `${state.frame.length} frame(s): too few for block error estimates (need ≥ 4)`);
  const q = (v: number, se: number | null | undefined, unit: string): Quantity =>
    se === null || se === undefined || !method ? quantity(v, unit) : quantity(v, unit, { stderr: se, method });
  const P1q = {} as Record<SiteKind, Quantity>, P2q = {} as Record<SiteKind, Quantity>;
  SITE_KINDS.forEach((k, i) => {
    const se = jk.stderr[i];
    P1q[k] = q(P1[k], se, '1');
    const N = topo.counts[k];
    P2q[k] = q(occ.P2[k], se === null || se === undefined || N === 0 ? se : (n * se) / N, '1');
  });

  const cationFrames = A + totals.unassigned;
  const unassignedFraction = cationFrames > 0 ? totals.unassigned / cationFrames : 0;
  if (totals.unassigned > 0) {
    log.warn('W_UNASSIGNED_CATIONS', `${totals.unassigned} of ${cationFrames} cation-frames (${(100 * unassignedFraction).toFixed(2)} %) had no site within ${m.radius} Å; they are left out of P1 and counted in unassignedFraction`);
  }
  for (const k of occ.overfull) {
    log.warn('W_OVERFULL_SITES', `P2(${k}) = ${occ.P2[k].toFixed(3)} > 1: more cations on ${k} sites than there are; its entropy term is taken as 0`);
  }
  const threshold = 0.4 * topo.shortestEdge;
  if (state.maxDisplacement > threshold) {
    log.warn('W_FRAMEWORK_MOVED', `a framework point moved ${state.maxDisplacement.toFixed(2)} Å from its reference position (more than 0.4 of the shortest site edge, ${topo.shortestEdge.toFixed(2)} Å): the reference site topology may not describe later frames`);
  }
  const perPoint = {} as Record<SiteKind, number>;
  for (const k of SITE_KINDS) perPoint[k] = topo.counts[k] / topo.points;
  const lat = m.lattice;
  return {
    framework: { kind: m.framework.kind === 'centres' ? 'anion centres' : 'atoms', label: m.framework.label, points: topo.points },
    lattice: { lattice: lat.lattice, a: lat.a === null ? null : quantity(lat.a, 'Å'), confidence: lat.confidence, reason: lat.reason },
    siteCutoff: { ...quantity(topo.cutoff, 'Å'), source: m.cutoffSource, description: m.cutoffDescription },
    siteCounts: { ...topo.counts },
    sitesPerPoint: perPoint,
    cation: m.cationSymbols.join(','),
    cations: n,
    sigma2: quantity(m.sigma2, 'Å^2'),
    siteRadius: quantity(m.radius, 'Å'),
    P1: P1q,
    P2: P2q,
    entropy: q(occ.entropy, jk.stderr[3], 'k_B'),
    unassignedFraction,
    unassigned: totals.unassigned,
    cationFrames,
    frames: state.frame.length,
    referenceFrame: m.refFrame,
    maxFrameworkDisplacement: quantity(state.maxDisplacement, 'Å'),
    series: {
      frame: state.frame.slice(),
      time: state.time.slice(),
      P1: Object.fromEntries(SITE_KINDS.map((k, i) => [k, state.weight[i]!.map((w, t) => (state.assigned[t]! > 0 ? w / state.assigned[t]! : null))])) as Record<SiteKind, (number | null)[]>,
    },
    units: { 'series.time': 'ps', 'series.P1': '1' },
  };
}
