import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { composition } from '../../core/topology.js';
import type { LatticeRecognition } from '../../chem/lattice.js';
import { SITES_PER_ANION } from '../pauling/pauling.js';
import type { AnalysisContext } from '../types.js';
import { chooseSiteCutoff } from './cutoff.js';
import { type FrameworkSpec, FrameworkPoints } from './positions.js';
import { buildSiteTopology, SITE_KINDS, type SiteTopology } from './topology.js';
import { DEFAULT_BLOCKS } from './blocks.js';

/** Parameters of the `sites` analysis (CLI flags in brackets). */
export interface SitesParams {
  /** Neighbour cutoff r_c between framework points (Å) [--site-cutoff]; default per SPEC 2.2 (see chooseSiteCutoff). */
  siteCutoff?: number;
  /** σ² of the Gaussian weights (Å²) [--sigma2]; default 0.1. */
  sigma2?: number;
  /** Search radius around each cation (Å) [--site-radius]; default 4. */
  siteRadius?: number;
  /**
   * Framework = every atom of these elements [--framework-atoms S,Cl] instead of the centres
   * of mass of the selected anions (`--anion`).
   */
  frameworkAtoms?: string[];
  /** Blocks for the jackknife standard errors [--blocks]; default 10. */
  blocks?: number;
}

/**
 * Everything fixed before the first frame: the framework, the cations, the reference site
 * topology and the settings. Plain data: a worker or another machine rebuilds its runtime
 * from it alone.
 */
export interface SitesModel {
  framework: FrameworkSpec;
  /** Atom indices of the mobile cations. */
  cations: number[];
  cationSymbols: string[];
  topology: SiteTopology;
  /** Framework point positions in the reference frame (Å, 3 per point). */
  refPoints: number[];
  /** Reference cell matrix (rows, Å). */
  refCell: number[];
  /** Reference frame index. */
  refFrame: number;
  cutoffSource: string;
  cutoffDescription: string;
  lattice: LatticeRecognition;
  sigma2: number;
  radius: number;
  blocks: number;
}

/**
 * Build the model (SPEC 2.1–2.2) from the reference frame — the first selected frame (a
 * time-averaged reference is not offered yet). Every check happens here, before any frame
 * is pushed: framework atoms absent, no cations, a cutoff that gives no sites, or site
 * counts per point that contradict a recognised fcc/bcc lattice (6/8/2, 7/12/6).
 */
export function buildSitesModel(params: SitesParams, ctx: AnalysisContext): SitesModel {
  const sigma2 = params.sigma2 ?? 0.1;
  const radius = params.siteRadius ?? 4;
  const blocks = params.blocks ?? DEFAULT_BLOCKS;
  if (!(sigma2 > 0 && Number.isFinite(sigma2))) throw new UsageError(`--sigma2 ${sigma2}: expected a positive value in Å²`);
  if (!(radius > 0 && Number.isFinite(radius))) throw new UsageError(`--site-radius ${radius}: expected a positive distance in Å`);
  if (!(Number.isInteger(blocks) && blocks >= 2)) throw new UsageError(`--blocks ${blocks}: expected an integer ≥ 2`);
  if (params.siteCutoff !== undefined && !(params.siteCutoff > 0 && Number.isFinite(params.siteCutoff))) {
    throw new UsageError(`--site-cutoff ${params.siteCutoff}: expected a positive distance in Å`);
  }
  const { ions, reference } = ctx;
  if (ions.cations.length === 0) throw new PaddlewheelError('E_SELECTION', 'no mobile cations selected (give --cation)');
  const framework = frameworkSpec(params, ctx);
  const points = new FrameworkPoints(framework);
  if (points.count === 0) throw new PaddlewheelError('E_SELECTION', 'the framework has no points');
  const refPoints = Float64Array.from(points.compute(reference.positions, reference.cell));
  const choice = chooseSiteCutoff(refPoints, reference.cell, params.siteCutoff);
  if (choice.cutoff === undefined) {
    throw new UsageError(`cannot choose a site cutoff for the ${framework.label} framework: ${choice.reason}; give --site-cutoff Å`);
  }
  const topology = buildSiteTopology(refPoints, reference.cell, choice.cutoff);
  const n = topology.points;
  const perPoint = SITE_KINDS.map((k) => topology.counts[k] / n);
  const total = topology.kind.length;
  if (total === 0) {
    throw new UsageError(`site cutoff ${choice.cutoff.toFixed(3)} Å (${choice.description}) gives no sites: no two of the ${n} ${framework.label} points are closer (${describeFramework(ctx, framework)}); give a larger --site-cutoff`);
  }
  const lat = choice.lattice;
  if (lat.lattice !== 'other') {
    const ideal = SITES_PER_ANION[lat.lattice];
    const want = [ideal.linear, ideal.trigonal, ideal.tetrahedral];
    if (perPoint.some((x, i) => Math.abs(x - want[i]!) > 1e-9)) {
      const lo = lat.lattice === 'fcc' ? Math.SQRT1_2 : 1, hi = lat.lattice === 'fcc' ? 1 : Math.SQRT2;
      throw new UsageError(
        `site cutoff ${choice.cutoff.toFixed(3)} Å (${choice.description}) gives ${perPoint.map((x) => fmt(x)).join('/')} linear/trigonal/tetrahedral sites per point, ` +
        `but the ${framework.label} points form ${lat.lattice === 'fcc' ? 'an' : 'a'} ${lat.lattice} lattice (a = ${lat.a!.toFixed(3)} Å) with ${want.join('/')}; ` +
        `choose ${(lo * lat.a!).toFixed(2)} Å < --site-cutoff < ${(hi * lat.a!).toFixed(2)} Å`,
      );
    }
  }
  const d = ctx.diagnostics;
  d.info('I_SITE_LATTICE', `site framework: ${lat.reason}`);
  if (choice.guessed) {
    d.warn('W_SITE_CUTOFF_GUESSED', `site cutoff r_c = ${choice.cutoff.toFixed(3)} Å guessed as the ${choice.description}; check it, or give --site-cutoff`);
  }
  if (topology.fiveCliques > 0) {
    d.info('I_LARGER_CLIQUES', `${topology.fiveCliques} groups of 5 framework points are mutually closer than r_c = ${choice.cutoff.toFixed(3)} Å; each of their 4-point subsets counts as a tetrahedral site`);
  }
  return {
    framework,
    cations: ions.cations.slice(),
    cationSymbols: ions.cationSymbols.slice(),
    topology,
    refPoints: Array.from(refPoints),
    refCell: Array.from(reference.cell.matrix),
    refFrame: reference.index,
    cutoffSource: choice.source,
    cutoffDescription: choice.description,
    lattice: lat,
    sigma2, radius, blocks,
  };
}

function frameworkSpec(params: SitesParams, ctx: AnalysisContext): FrameworkSpec {
  const { topology, ions } = ctx;
  if (params.frameworkAtoms && params.frameworkAtoms.length > 0) {
    const present = composition(topology);
    const cation = new Set(ions.cationSymbols);
    const atoms: number[] = [];
    for (const raw of params.frameworkAtoms) {
      const el = Object.keys(present).find((e) => e.toLowerCase() === raw.trim().toLowerCase());
      if (!el) {
        throw new PaddlewheelError('E_SELECTION', `--framework-atoms ${params.frameworkAtoms.join(',')}: ${raw} is not in this structure; elements present: ${Object.entries(present).map(([e, c]) => `${e} (${c})`).join(', ')}`);
      }
      if (cation.has(el)) throw new UsageError(`--framework-atoms: ${el} is the mobile cation; the framework must be other atoms`);
      topology.symbols.forEach((s, i) => { if (s === el) atoms.push(i); });
    }
    atoms.sort((a, b) => a - b);
    return { kind: 'atoms', label: `${[...new Set(params.frameworkAtoms.map((s) => s.trim()))].join('+')} atom`, atoms: [...new Set(atoms)] };
  }
  if (ions.anionClusters.length === 0) throw new PaddlewheelError('E_SELECTION', 'no anion selected: give --anion FORMULA or --framework-atoms ELEMENTS');
  return {
    kind: 'centres',
    label: `${ions.anions.map((g) => g.formula).join('+')} centre`,
    clusters: ions.anionClusters,
    masses: Array.from(topology.masses),
  };
}

function describeFramework(ctx: AnalysisContext, f: FrameworkSpec): string {
  const cell = ctx.reference.cell;
  return `cell volume ${cell.volume.toFixed(1)} Å³, ${f.kind === 'atoms' ? f.atoms.length : f.clusters.length} points`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
