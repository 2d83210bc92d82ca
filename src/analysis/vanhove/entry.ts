import { join } from 'node:path';
import { quantity } from '../../core/result.js';
import { fmt4, type OutputFile, type RegistryEntry } from '../entry-types.js';
import { vanHoveAnalysis } from './analysis.js';
import type { VanHoveResult } from './result.js';
import { rtHeatmapPng, rtHeatmapSvg, rtScale } from './figure.js';
import { heldOriginsBound, resolveVanHoveParams, VANHOVE_DEFAULTS, type VanHoveParams } from './params.js';

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
    const dt = lagStep * spacing;
    const subtitle = `${cationLabel}, ${frames} frames, ${result.origins} origins, σ = ${fmt4(result.sigma)} Å, drift ${PARAMS.drift}`;
    const files: OutputFile[] = [];
    const figures: Record<string, { svg: string; png: string }> = {};
    for (const [part, values, cap, unit, title] of [
      ['self', result.self, 1, '4πr²G_s (Å⁻¹)', `Self part of the van Hove function, 4πr²G_s(r, t) of ${cationLabel}`],
      ['distinct', result.distinct, 4, 'G_d', `Distinct part of the van Hove function, G_d(r, t) of ${cationLabel}`],
    ] as const) {
      const map = { values, dt, dr: result.dr, title, subtitle, unit };
      const scale = rtScale(values, cap);
      const base = join(o.out, `vanhove-${part}`);
      files.push({ path: `${base}.svg`, data: rtHeatmapSvg(map, scale) }, { path: `${base}.png`, data: rtHeatmapPng(map, scale) });
      figures[part] = { svg: `${base}.svg`, png: `${base}.png` };
    }
    const params = {
      files: o.files, cation: cationLabel, rmax: PARAMS.rmax, ngrid: PARAMS.ngrid, sigma: result.sigma, lagStepFrames: lagStep, tmax: null,
      origins: VANHOVE_DEFAULTS.origins, originStepFrames: resolved.originStep, drift: PARAMS.drift, out: o.out, frames: o.frames,
    };
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
    return { params, body, files };
  },
};
