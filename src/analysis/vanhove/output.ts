import { join } from 'node:path';
import { quantity } from '../../core/result.js';
import { fmt4, type OutputFile } from '../entry-types.js';
import { rtHeatmapPng, rtHeatmapSvg, rtScale } from './figure.js';
import { heldOriginsBound, type ResolvedVanHoveParams } from './params.js';
import type { VanHoveResult } from './result.js';

/** What the van Hove JSON body and figures are made from. */
export interface VanHoveOutputInput {
  result: VanHoveResult;
  frames: number;
  /** Frame spacing (ps). */
  spacing: number;
  /** Frames per time row. */
  lagStep: number;
  cationLabel: string;
  drift: string;
  /** Folder the heat maps go to. */
  outDir: string;
  resolved: ResolvedVanHoveParams;
}

/**
 * The SPEC-10 body of `vanhove` (`r`, `t`, `self[t][r]`, `distinct[t][r]`, `units`, …) and
 * its heat-map files (vanhove-self/-distinct .svg/.png), not yet written: the one definition
 * shared by `paddlewheel vanhove` and `paddlewheel analyze`, so their JSON cannot drift apart.
 */
export function vanHoveOutput(i: VanHoveOutputInput): { body: Record<string, unknown>; files: OutputFile[] } {
  const { result, frames, spacing, lagStep, cationLabel, drift, outDir, resolved } = i;
  const dt = lagStep * spacing;
  const subtitle = `${cationLabel}, ${frames} frames, ${result.origins} origins, σ = ${fmt4(result.sigma)} Å, drift ${drift}`;
  const files: OutputFile[] = [];
  const figures: Record<string, { svg: string; png: string }> = {};
  for (const [part, values, cap, unit, title] of [
    ['self', result.self, 1, '4πr²G_s (Å⁻¹)', `Self part of the van Hove function, 4πr²G_s(r, t) of ${cationLabel}`],
    ['distinct', result.distinct, 4, 'G_d', `Distinct part of the van Hove function, G_d(r, t) of ${cationLabel}`],
  ] as const) {
    const map = { values, dt, dr: result.dr, title, subtitle, unit };
    const scale = rtScale(values, cap);
    const base = join(outDir, `vanhove-${part}`);
    files.push({ path: `${base}.svg`, data: rtHeatmapSvg(map, scale) }, { path: `${base}.png`, data: rtHeatmapPng(map, scale) });
    figures[part] = { svg: `${base}.svg`, png: `${base}.png` };
  }
  const rows = (a: Float64Array[]) => a.map((row) => Array.from(row));
  const body = {
    r: Array.from(result.r),
    t: result.t,
    self: rows(result.self),
    distinct: rows(result.distinct),
    units: { r: 'Å', t: 'ps', self: 'Å^-1', distinct: '1' },
    definitions: {
      self: '4πr²G_s(r,t): radial probability density of a cation displacement after t (pymatgen gsrt); self[t][r]',
      distinct: 'G_d(r,t): cations at r at t from where another cation was at 0, over 4πr²ρ (pymatgen gdrt); distinct[t][r]',
    },
    lagFrames: result.lagFrames,
    rowOrigins: result.rowOrigins,
    origins: result.origins,
    frameSpacing: quantity(spacing, 'ps'),
    dr: quantity(result.dr, 'Å'),
    density: quantity(result.density, 'Å^-3'),
    cation: cationLabel,
    cations: result.cations,
    frames,
    images: result.imagesBeyondMinimum ? 'every periodic image within rmax' : 'minimum image',
    heldOrigins: { max: result.maxHeldOrigins, bound: heldOriginsBound(resolved) },
    figures,
  };
  return { body, files };
}
