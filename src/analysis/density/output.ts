import { join } from 'node:path';
import { quantity } from '../../core/result.js';
import { formatCube } from '../../io/cube/write.js';
import { heatmapPng, heatmapSvg } from '../../report/heatmap/index.js';
import { VERSION } from '../../version.js';
import { fmt4, type OutputFile } from '../entry-types.js';
import { densityCube } from './cube.js';
import type { DensityResult } from './density.js';
import { extractSlice, type DensitySlice, type SliceSpec } from './slice.js';

/** What the density JSON body and files are made from. */
export interface DensityOutputInput {
  result: DensityResult;
  frames: number;
  cationLabel: string;
  outDir: string;
  /** Target grid spacing (Å). */
  spacing: number;
  specs: SliceSpec[];
  /** Slab thickness (Å); undefined = one voxel. */
  thickness?: number;
}

/**
 * The SPEC-10 body of `density` (`grid`, `spacing`, `cubeFile`, `slices`, `cations`, …) and its
 * files (density.cube, slice-*.svg/.png), not yet written: the one definition shared by
 * `paddlewheel density` and `paddlewheel analyze`.
 */
export function densityOutput(i: DensityOutputInput): { body: Record<string, unknown>; files: OutputFile[] } {
  const { result, frames, cationLabel, outDir, spacing, specs, thickness } = i;
  const files: OutputFile[] = [];
  const cubeFile = join(outDir, 'density.cube');
  files.push({ path: cubeFile, data: formatCube(densityCube(result, cationLabel, `paddlewheel ${VERSION}`)) });
  const slices = specs.map((spec) => {
    const s = extractSlice(result.density, result.shape, result.meanCell, spec, thickness);
    const base = join(outDir, `slice-${spec.label.replace('=', '')}`);
    files.push({ path: `${base}.svg`, data: heatmapSvg(s, sliceLabels(s, cationLabel, frames, result.shape)) });
    files.push({ path: `${base}.png`, data: heatmapPng(s) });
    return { plane: spec.label, file: `${base}.svg`, png: `${base}.png`, thickness: quantity(s.thickness, 'Å'), layers: s.layers.map((l) => l.index) };
  });
  const voxelEdges = [0, 1, 2].map((a) => Math.hypot(result.meanCell[3 * a]!, result.meanCell[3 * a + 1]!, result.meanCell[3 * a + 2]!) / result.shape[a]!);
  const body = {
    grid: result.shape,
    spacing: quantity(spacing, 'Å'),
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
  return { body, files };
}

/** Figure labels of a slice heat map. */
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
