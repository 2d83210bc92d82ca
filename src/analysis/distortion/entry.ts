import type { RegistryEntry } from '../entry-types.js';
import { distortionAnalysis } from './analysis.js';
import { DEFAULT_DISTORTION_PARAMS } from './model.js';

/** Registry line of the anion distortion analysis (SPEC section 7): polyatomic anions. */
export const distortionEntry: RegistryEntry = {
  id: 'distortion',
  title: 'anion distortion: radial spread and rigid-fit RMSD per element',
  pass: 'main',
  needs: 'polyatomic anions',
  check: (ctx) => (ctx.ions.anionClusters.some((c) => c.atoms.length > 1) ? undefined : 'no polyatomic anions (distortion needs anions of several atoms)'),
  job: () => ({ analysis: distortionAnalysis, params: { ...DEFAULT_DISTORTION_PARAMS } }),
  output: (o, d) => ({
    params: { ...DEFAULT_DISTORTION_PARAMS, cation: o.cation, anion: o.anion, frames: o.frames, run: undefined },
    body: { ...(d.result as object) },
    files: [],
  }),
};
