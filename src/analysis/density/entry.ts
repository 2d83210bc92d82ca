import type { RegistryEntry } from '../entry-types.js';
import { densityAnalysis, type DensityResult } from './density.js';
import { densityOutput } from './output.js';
import { DEFAULT_SLICES, parseSlice } from './slice.js';

const SPACING = 0.2;

/**
 * Registry line of the cation density map (SPEC section 3): density.cube and the default
 * slices (z = 0, 0.25, 0.5) as SVG and PNG heat maps, named as `paddlewheel density --out` names them.
 */
export const densityEntry: RegistryEntry = {
  id: 'density',
  title: 'time-averaged cation density: cube file and slice heat maps',
  pass: 'main',
  needs: 'mobile cations',
  check: (ctx) => (ctx.ions.cations.length === 0 ? 'no mobile cations selected' : undefined),
  job: () => ({ analysis: densityAnalysis, params: { spacing: SPACING } }),
  output(o, d) {
    const result = d.result as DensityResult;
    const frames = d.frames;
    const cationLabel = d.context.ions.cationSymbols.join(',');
    const specs = DEFAULT_SLICES.map(parseSlice);
    const params = { files: o.files, cation: cationLabel, anion: o.anion, spacing: SPACING, slices: specs.map((s) => s.label), sliceThickness: null, out: o.out, frames: o.frames };
    const { body, files } = densityOutput({ result, frames, cationLabel, outDir: o.out, spacing: SPACING, specs });
    return { params, body, files };
  },
};
