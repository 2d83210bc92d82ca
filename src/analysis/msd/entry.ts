import type { RegistryEntry } from '../entry-types.js';
import { msdAnalysis, parseCharges, parseCollective, parseDrift, type MsdParams } from './index.js';

/** `paddlewheel msd` defaults (its command's flag defaults). */
function msdDefaults(): MsdParams {
  return { fit: undefined, maxLag: undefined, drift: parseDrift('framework'), collective: parseCollective('all-ions'), jumpThreshold: 0.3, charges: parseCharges(undefined) };
}

/** Registry line of transport (SPEC section 4): tracer and collective MSD, D, σ, Haven ratio. */
export const msdEntry: RegistryEntry = {
  id: 'msd',
  title: 'MSD, tracer diffusion coefficient D*, conductivity σ and Haven ratio',
  pass: 'main',
  needs: 'the frame spacing (file or --dt); σ also a temperature',
  precheck: (traj) => (traj.frameSpacing === undefined ? 'the frame spacing is unknown (give --dt FS)' : undefined),
  check: (ctx) => (ctx.ions.cations.length === 0 ? 'no mobile cations selected' : undefined),
  job(o) {
    const params = msdDefaults();
    if (o.temperature !== undefined) {
      params.temperature = o.temperature;
      params.temperatureSource = o.temperatureSource;
    }
    return { analysis: msdAnalysis, params };
  },
  output(o, d) {
    const base = msdDefaults();
    const params = {
      files: o.files, runs: undefined, cation: o.cation ?? null, anion: o.anion, fit: null, maxLag: null, drift: 'framework', collective: base.collective,
      jumpThreshold: 0.3, charges: null, temperature: o.temperatureFlag ?? null, frames: o.frames, dt: o.dt,
    };
    return { params, body: { ...(d.result as object) }, files: [] };
  },
};
