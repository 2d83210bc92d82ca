import { join } from 'node:path';
import { quantity } from '../../core/result.js';
import { formatCube } from '../../io/cube/write.js';
import { heatmapPng, heatmapSvg } from '../../report/heatmap/index.js';
import { VERSION } from '../../version.js';
import { fmt4, type OutputFile, type RegistryEntry } from '../entry-types.js';
import { densityCube } from './cube.js';
import { densityAnalysis, type DensityResult } from './density.js';
import { DEFAULT_SLICES, extractSlice, parseSlice, type DensitySlice } from './slice.js';

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
    const files: OutputFile[] = [];
    const cubeFile = join(o.out, 'density.cube');
    files.push({ path: cubeFile, data: formatCube(densityCube(result, cationLabel, `paddlewheel ${VERSION}`)) });
    const slices = specs.map((spec) => {
      const s = extractSlice(result.density, result.shape, result.meanCell, spec, undefined);
      const base = join(o.out, `slice-${spec.label.replace('=', '')}`);
      files.push({ path: `${base}.svg`, data: heatmapSvg(s, sliceLabels(s, cationLabel, frames, result.shape)) });
      files.push({ path: `${base}.png`, data: heatmapPng(s) });
      return { plane: spec.label, file: `${base}.svg`, png: `${base}.png`, thickness: quantity(s.thickness, 'Å'), layers: s.layers.map((l) => l.index) };
    });
    const params = { files: o.files, cation: cationLabel, anion: o.anion, spacing: SPACING, slices: specs.map((s) => s.label), sliceThickness: null, out: o.out, frames: o.frames };
    const voxelEdges = [0, 1, 2].map((a) => Math.hypot(result.meanCell[3 * a]!, result.meanCell[3 * a + 1]!, result.meanCell[3 * a + 2]!) / result.shape[a]!);
    const body = {
      grid: result.shape,
      spacing: quantity(SPACING, 'Å'),
      voxelEdges: { value: voxelEdges, unit: 'Å' },
      voxelVolume: quantity(result.voxelVolume, 'Å^3'),
      cubeFile,
      slices,
      cation: cationLabel,
      cations: result.cations,
      frames,
      integratedCations: result.integrated,
      maxDensity: { ...quantity(result.max.value, 'Å^-3'), voxel: result.max.voxel, fractional: result.max.fractional, cartesian: result.max.cartesian },
      meanDensity: quantity(result.cations / (result.voxelVolume * result.density.length), 'Å^-3'),
      anionCentres: result.anions.length,
      anionMaxDrift: quantity(result.anionMaxDrift, 'Å'),
    };
    return { params, body, files };
  },
};

/** Figure labels, worded as `paddlewheel density` words them. */
function sliceLabels(s: DensitySlice, cation: string, frames: number, shape: readonly number[]) {
  const names = 'abc';
  const u = names[s.uAxis]!, v = names[s.vAxis]!, n = 'xyz'[s.spec.axis]!;
  return {
    title: `${cation} number density, plane ${n} = ${s.spec.position} (${u}${v} plane)`,
    subtitle: `slab ${fmt4(s.thickness)} Å thick, ${frames} frames, grid ${shape.join('×')}`,
    unit: `${cation} density (Å⁻³)`,
    xLabel: `along ${u} (Å)`,
    yLabel: `in the ${u}${v} plane, ⊥ ${u} (Å)`,
  };
}
