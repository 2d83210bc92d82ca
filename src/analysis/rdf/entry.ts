import { quantity } from '../../core/result.js';
import type { RegistryEntry } from '../entry-types.js';
import { coordinationAnalysis, type CoordinationResult, DEFAULT_SMOOTHING, makeBinning, parseGroup, rdfAnalysis, type RdfParams } from './index.js';

/** Default g(r) of `paddlewheel rdf` (anion centres : cations, 0–10 Å in 0.05 Å bins); it also gives r₁ to the shell analyses. */
export function defaultRdfParams(): RdfParams {
  return { a: parseGroup('anions'), b: parseGroup('cations'), binning: makeBinning(10, 0.05), r1: undefined, smoothing: DEFAULT_SMOOTHING };
}

const BLOCKS = 10;

function pairParams(o: { files: string[]; cationFlag?: string; anion: string }) {
  const p = defaultRdfParams();
  return { files: o.files, cation: o.cationFlag, anion: o.anion, pair: `${p.a.label}:${p.b.label}`, p };
}

const needsIons = (ctx: { ions: { cations: unknown[]; anionClusters: unknown[] } }) =>
  ctx.ions.cations.length === 0 ? 'no mobile cations selected' : ctx.ions.anionClusters.length === 0 ? 'no anions selected (give --anion)' : undefined;

/** Registry line of g(r) (SPEC section 5): anion centres around… cations, r₁, n(r₁). */
export const rdfEntry: RegistryEntry = {
  id: 'rdf',
  title: 'anion-centre–cation g(r), running coordination n(r), first-shell radius r₁',
  pass: 'main',
  needs: 'mobile cations and anions',
  check: needsIons,
  job: () => ({ analysis: rdfAnalysis, params: defaultRdfParams() }),
  output(o, d) {
    const { p, ...head } = pairParams(o);
    const params = { ...head, rmax: quantity(p.binning.rmax, 'Å'), bin: quantity(p.binning.rmax / p.binning.nbins, 'Å'), bins: p.binning.nbins, smoothing: quantity(p.smoothing!, 'Å'), r1: null, frames: o.frames };
    return { params, body: { ...(d.result as object) }, files: [] };
  },
};

/** Registry line of the coordination-number distribution (SPEC section 5): a shell analysis (needs r₁ first). */
export const coordinationEntry: RegistryEntry = {
  id: 'coordination',
  title: 'distribution of first-shell coordination numbers within r₁',
  pass: 'shell',
  needs: 'mobile cations, anions and a first minimum of g(r)',
  check: needsIons,
  job(_o, _ctx, shell) {
    const p = defaultRdfParams();
    return { analysis: coordinationAnalysis, params: { a: p.a, b: p.b, r1: shell!.r1, blocks: BLOCKS } };
  },
  output(o, d, shell) {
    const { p, ...head } = pairParams(o);
    const result = d.result as CoordinationResult;
    const params = { ...head, r1: null, rmax: quantity(p.binning.rmax, 'Å'), bins: p.binning.nbins, smoothing: quantity(p.smoothing!, 'Å'), blocks: BLOCKS, frames: o.frames };
    return { params, body: { ...result, r1: { ...result.r1, method: shell!.r1Method } }, files: [] };
  },
};
