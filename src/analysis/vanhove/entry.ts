import type { RegistryEntry } from '../entry-types.js';
import { vanHoveAnalysis } from './analysis.js';
import type { VanHoveResult } from './result.js';
import { vanHoveOutput } from './output.js';
import { resolveVanHoveParams, VANHOVE_DEFAULTS, type VanHoveParams } from './params.js';

/** `paddlewheel vanhove` defaults (pymatgen's VanHoveAnalysis defaults). */
const PARAMS: VanHoveParams = {
  rmax: VANHOVE_DEFAULTS.rmax, ngrid: VANHOVE_DEFAULTS.ngrid, sigma: VANHOVE_DEFAULTS.sigma, lagStep: VANHOVE_DEFAULTS.lagStep,
  drift: 'framework', origins: undefined, originStep: 1, maxLagSteps: undefined,
};

/**
 * Registry line of the van Hove correlation (SPEC section 8): self and distinct parts and
 * their heat maps (vanhove-self/-distinct .svg/.png), as `paddlewheel vanhove --out` writes them.
 */
export const vanHoveEntry: RegistryEntry = {
  id: 'vanhove',
  title: 'van Hove correlation, self and distinct parts, with heat maps',
  pass: 'main',
  needs: 'the frame spacing (file or --dt) and mobile cations',
  precheck: (traj) => (traj.frameSpacing === undefined ? 'the frame spacing is unknown (give --dt FS)' : undefined),
  check: (ctx) => (ctx.ions.cations.length === 0 ? 'no mobile cations selected' : undefined),
  job: () => ({ analysis: vanHoveAnalysis, params: PARAMS }),
  output(o, d) {
    const result = d.result as VanHoveResult;
    const { frames } = d;
    const spacing = d.context.frameSpacing!;
    const resolved = resolveVanHoveParams(PARAMS);
    const lagStep = PARAMS.lagStep!;
    const cationLabel = d.context.ions.cationSymbols.join(',');
    if (result.self.length < 2) d.diagnostics.warn('W_SHORT_TIME_GRID', `vanhove: only ${result.self.length} time row(s); the trajectory (${frames} frames) is short for the time grid (${lagStep} frames per row, ${result.origins} origins) — lower --t-step/--step-skip or the origins`);
    const params = {
      files: o.files, cation: cationLabel, rmax: PARAMS.rmax, ngrid: PARAMS.ngrid, sigma: result.sigma, lagStepFrames: lagStep, tmax: null,
      origins: VANHOVE_DEFAULTS.origins, originStepFrames: resolved.originStep, drift: PARAMS.drift, out: o.out, frames: o.frames,
    };
    const { body, files } = vanHoveOutput({ result, frames, spacing, lagStep, cationLabel, drift: resolved.drift, outDir: o.out, resolved });
    return { params, body, files };
  },
};
