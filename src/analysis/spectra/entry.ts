import { isPaddlewheelError } from '../../core/errors.js';
import type { RegistryEntry } from '../entry-types.js';
import { spectraAnalysis } from './analysis.js';
import { checkSpectraSpacing, type SpectraParams } from './params.js';

const SPECTRA_DEFAULTS: SpectraParams = { velocities: 'auto', maxLag: undefined, bands: undefined, overlapMax: 6 };

/** Registry line of the vibrational spectra (SPEC section 7): frames ≤ 10 fs apart. */
export const spectraEntry: RegistryEntry = {
  id: 'spectra',
  title: 'vibrational and anion angular-velocity spectra with band weights and overlap',
  pass: 'main',
  needs: 'frames ≤ 10 fs apart (velocities from the file, else finite differences)',
  precheck(traj) {
    if (traj.frameSpacing === undefined) return 'the frame spacing is unknown (give --dt FS)';
    try {
      checkSpectraSpacing(traj.frameSpacing * traj.selection.step, traj.files.join(', '));
    } catch (e) {
      if (isPaddlewheelError(e)) return e.message;
      throw e;
    }
    return undefined;
  },
  job: () => ({ analysis: spectraAnalysis, params: SPECTRA_DEFAULTS }),
  output: (o, d) => ({
    params: { ...SPECTRA_DEFAULTS, bands: undefined, cation: o.cation, anion: o.anion, frames: o.frames, run: undefined },
    body: { ...(d.result as object) },
    files: [],
  }),
};
