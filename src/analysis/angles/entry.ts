import type { RegistryEntry } from '../entry-types.js';
import { BINDING_DISTANCE, dockingAnalysis, type DockingResult } from '../docking/index.js';
import { anglesAnalysis, parseLattice, parseRanges, parseSite, type AnglesResult } from './index.js';

/** `paddlewheel angles` defaults: three equal ranges of [r_min, r₁], templates recognised. */
const RANGES_FLAG = '3';
/** Cage substituents (docking counts the other atoms of an anion as its cage). */
const SUBSTITUENTS = new Set(['H', 'D', 'T']);
const TEMPLATE = { lattice: parseLattice(undefined), site: parseSite(undefined), radius: undefined };
const R_MIN_SOURCE = 'smallest anion–cation distance over the selected frames';

const needsIons = (ctx: { ions: { cations: unknown[]; anionClusters: unknown[] } }) =>
  ctx.ions.cations.length === 0 ? 'no mobile cations selected' : ctx.ions.anionClusters.length === 0 ? 'no anions selected (give --anion)' : undefined;

/**
 * Registry line of the cation–anion–cation angle distributions (SPEC section 6). A shell
 * analysis: r₁ (first g(r) minimum) and r_min (closest approach) come from the whole main pass,
 * exactly as the `angles` command's pre-pass finds them.
 */
export const anglesEntry: RegistryEntry = {
  id: 'angles',
  title: 'cation–anion–cation angle distributions against the icosahedral and lattice templates',
  pass: 'shell',
  needs: 'mobile cations, anions and a first minimum of g(r)',
  check: needsIons,
  job: (_o, _ctx, shell) => ({
    analysis: anglesAnalysis,
    params: { r1: shell!.r1, ranges: parseRanges(RANGES_FLAG), rMin: shell!.closest, rMinSource: R_MIN_SOURCE, binWidth: undefined, window: undefined, template: TEMPLATE },
  }),
  output(o, d, shell) {
    const result = d.result as AnglesResult;
    const params = { files: o.files, cation: result.cation, anion: o.anion, r1: null, ranges: RANGES_FLAG, rMin: null, binWidth: result.binWidth, window: result.templates.window, ...TEMPLATE, frames: o.frames };
    return { params, body: { ...result, r1: { ...result.r1, method: shell!.r1Source } }, files: [] };
  },
};

/**
 * Registry line of docking over B3 triads (SPEC section 6): icosahedral closo cages (12
 * non-hydrogen atoms) and a cation whose binding distance is known (Li, Na). A shell analysis.
 */
export const dockingEntry: RegistryEntry = {
  id: 'docking',
  title: 'docked fraction of first-shell cations over B3 triads, triad-angle distribution',
  pass: 'shell',
  needs: 'icosahedral anions (12 non-hydrogen cage atoms) and a cation with a known binding distance (Li, Na)',
  check(ctx) {
    const ions = needsIons(ctx);
    if (ions) return ions;
    const sym = ctx.topology.symbols;
    const cage = (atoms: number[]) => atoms.filter((i) => !SUBSTITUENTS.has(sym[i]!)).length;
    const bad = ctx.ions.anionClusters.find((c) => cage(c.atoms) !== 12);
    if (bad) return `the anions are not icosahedral closo cages (${bad.formula} has ${cage(bad.atoms)} non-hydrogen atoms, not 12)`;
    const unknown = ctx.ions.cationSymbols.filter((s) => BINDING_DISTANCE[s] === undefined);
    if (ctx.ions.cationSymbols.length !== 1 || unknown.length) return `no binding distance known for ${ctx.ions.cationSymbols.join(',')} (known: ${Object.keys(BINDING_DISTANCE).join(', ')})`;
    return undefined;
  },
  job: (_o, _ctx, shell) => ({ analysis: dockingAnalysis, params: { r1: shell!.r1, rDock: undefined, binWidth: undefined } }),
  output(o, d, shell) {
    const result = d.result as DockingResult;
    const params = { files: o.files, cation: result.cation, anion: o.anion, r1: null, rDock: null, binWidth: 1, frames: o.frames };
    return { params, body: { ...result, r1: { ...result.r1, method: shell!.r1Source } }, files: [] };
  },
};
