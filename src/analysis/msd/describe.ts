import type { DiagnosticLog } from '../../core/diagnostics.js';
import type { MsdState } from './analysis.js';
import type { MsdResult } from './types.js';

/** The `method` string of a fitted D (names the error model and what it assumes). */
export function fitMethod(lags: number, independent: number): string {
  const who = independent === 1 ? 'one collective coordinate' : `${independent} atoms taken as independent`;
  const spread = independent === 1 ? '' : '; stderr = larger of that and the spread of per-atom slopes/√N';
  return `generalised least squares at ${lags} lags of the fit window with the free-diffusion covariance of overlapping time origins (${who})${spread}`;
}

/** What drift removal subtracted, in words (for `drift.description`). */
export function driftDescription(state: MsdState): string {
  switch (state.drift.kind) {
    case 'none':
      return 'nothing subtracted (positions as unwrapped)';
    case 'framework':
      return `subtracted from every atom at frame t: the displacement since the first frame of the mean of the ${state.framework!.points} anion centres (each anion's centre of mass, unwrapped frame to frame)`;
    case 'species':
      return `subtracted from every atom at frame t: the displacement since the first frame of the mean of the ${state.framework!.points} ${state.drift.symbol} atoms (unwrapped frame to frame)`;
  }
}

/** How the collective MSD was formed, in words (for `collectiveMsdMethod.description`). */
export function collectiveDescription(state: MsdState): string {
  const ions = state.ionKinds.map((k) => `${k.count} ${k.ion} (${k.charge > 0 ? '+' : ''}${Number(k.charge.toPrecision(10))} e)`).join(', ');
  if (state.collective === 'all-ions') {
    return `all-ions: P(t) = Σ q_i r_i(t) over every ion of the charge-neutral cell (${ions}); molecular ions as rigid units at their centre of mass, every position unwrapped frame to frame; Σq = 0, so P is unchanged by any uniform translation and no drift reference enters σ`;
  }
  const ref = state.drift.kind === 'none' ? 'positions as unwrapped (no reference)' : `each relative to the --drift ${state.drift.kind === 'species' ? `species:${state.drift.symbol}` : state.drift.kind} reference`;
  return `cations: P(t) = Σ q_i r_i(t) over the mobile ions only (${ions}), ${ref}; Σq ≠ 0, so σ depends on the reference`;
}

/** Emit the diagnostics of a finished MSD (jumps, spacing, temperature, sign). */
export function reportDiagnostics(state: MsdState, r: MsdResult, log: DiagnosticLog): void {
  if (state.jumpCount > 0) {
    const frames = r.jumps.frames;
    const shown = frames.slice(0, 20).join(', ');
    const more = frames.length > 20 || state.jumpCount > state.jumps.length ? ', …' : '';
    const worst = state.jumps.reduce((a, j) => (j.step > a.step ? j : a), state.jumps[0]!);
    log.warn(
      'W_LARGE_STEP',
      `${state.jumpCount} frame-to-frame step(s) longer than ${state.jumpThreshold} of the shortest cell height (${r.jumps.threshold.toPrecision(4)} Å); the unwrapping may be wrong there. Frames: ${shown}${more} (largest ${worst.step.toPrecision(4)} Å, ${worst.what} ${worst.index + 1} at frame ${worst.frame}). Use frames saved more often, or set --jump-threshold`,
      { frame: frames[0] },
    );
  }
  if (state.unevenSpacing > 0) {
    log.warn('W_UNEVEN_SPACING', `${state.unevenSpacing} frame(s) are not ${(state.frameSpacing * 1000).toPrecision(6)} fs after the previous one; the MSD assumes evenly spaced frames`);
  }
  if (!r.temperature) {
    log.warn('W_NO_TEMPERATURE', 'σ and σ_NE are omitted: no temperature (give --temperature K, a --run label such as 600K:…, or a file with frame temperatures); D* and the Haven ratio do not need one');
  }
  if (r.D.value <= 0) log.warn('W_NO_DIFFUSION', `the fitted D* is not positive (${r.D.value.toPrecision(3)} ± ${r.D.stderr.toPrecision(3)} cm²/s): the ions do not diffuse over the fit window`);
  if (r.drift.collectiveShare > 0.1) {
    log.warn('W_COLLECTIVE_REFERENCE', `the ${r.drift.mode} reference is uncertain (its ${r.drift.points} points scatter about their mean) by Σq·sem ≈ ${(100 * r.drift.collectiveShare).toFixed(0)} % of the collective MSD at the fit end: σ, D_σ and the Haven ratio depend on the choice of reference beyond their stated errors; compare --drift none (momentum-conserving runs) or another --drift species:X`);
  }
  if (r.drift.mode !== 'none') {
    const scope = r.collectiveMsdMethod.mode === 'all-ions' ? ' (tracer MSD and D* only: the all-ions collective MSD needs no reference)' : '';
    log.info('I_DRIFT', `${r.drift.description}${scope}; largest drift ${r.drift.maxDisplacement.toPrecision(3)} Å`);
  }
}
