import type { RegistryEntry } from '../entry-types.js';
import { sitesAnalysis } from './analysis.js';
import type { SitesParams } from './model.js';

/** `paddlewheel sites` defaults (its command's flag defaults). */
const SITES_DEFAULTS: SitesParams = { siteCutoff: undefined, sigma2: 0.1, siteRadius: 4, frameworkAtoms: undefined, blocks: 10 };

/** Registry line of the site occupancy analysis (SPEC section 2): any trajectory with anions. */
export const sitesEntry: RegistryEntry = {
  id: 'sites',
  title: 'interstitial-site occupancy P1/P2 and configurational entropy S̃',
  pass: 'main',
  needs: 'mobile cations and anions',
  check: (ctx) => (ctx.ions.cations.length === 0 ? 'no mobile cations selected' : ctx.ions.anionClusters.length === 0 ? 'no anions selected (give --anion)' : undefined),
  job: () => ({ analysis: sitesAnalysis, params: SITES_DEFAULTS }),
  output: (o, d) => ({
    params: { ...SITES_DEFAULTS, cation: o.cation, anion: o.anion, frames: o.frames, run: undefined },
    body: { ...(d.result as object) },
    files: [],
  }),
};
