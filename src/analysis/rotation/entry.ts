import type { RegistryEntry } from '../entry-types.js';
import { rotationAnalysis, type RotationParams } from './analysis.js';

const ROTATION_DEFAULTS: RotationParams = { element: undefined, maxLag: undefined, model: 'stretched', fitStart: 0 };

/** Registry line of anion reorientation (SPEC section 7): needs time and polyatomic anions. */
export const rotationEntry: RegistryEntry = {
  id: 'rotation',
  title: 'anion reorientation correlations C1, C2 and relaxation times',
  pass: 'main',
  needs: 'the frame spacing (file or --dt) and polyatomic anions',
  precheck: (traj) => (traj.frameSpacing === undefined ? 'the frame spacing is unknown (give --dt FS)' : undefined),
  check: (ctx) => (ctx.ions.anionClusters.some((c) => c.atoms.length > 1) ? undefined : 'no polyatomic anions to follow'),
  job: () => ({ analysis: rotationAnalysis, params: ROTATION_DEFAULTS }),
  output: (o, d) => ({
    params: { ...ROTATION_DEFAULTS, cation: o.cation, anion: o.anion, frames: o.frames, run: undefined },
    body: { ...(d.result as object) },
    files: [],
  }),
};
