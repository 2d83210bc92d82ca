import { linePlot } from './line.js';
import type { FigureSpec } from './render.js';
import { valueWithError } from './text.js';

type Tau = { value: number; stderr?: number; amplitude?: number; tauKww?: number; beta?: number } | null | undefined;

/** What {@link figureForRotation} reads: the `rotation` result of SPEC section 10. */
export interface RotationFigureInput {
  lag: number[];
  C1: number[];
  C2: number[];
  tau1?: Tau;
  tau2?: Tau;
  element?: string;
  formula?: string;
}

/**
 * Reorientation correlations C₁(t) = ⟨P₁(r̂(0)·r̂(t))⟩ and C₂(t) (second Legendre order)
 * against lag time in ps, with the fitted A·exp(−(t/τ)^β) dashed where a fit exists and the
 * integral times τ₁, τ₂ in the corner.
 */
export function figureForRotation(o: RotationFigureInput, opts: { width?: number; height?: number } = {}): FigureSpec {
  const series: { name: string; x: number[]; y: number[]; dashed?: boolean; color?: string }[] = [
    { name: 'C₁(t)', x: o.lag, y: o.C1, color: '#4c78a8' },
    { name: 'C₂(t)', x: o.lag, y: o.C2, color: '#e45756' },
  ];
  const notes: string[] = [];
  for (const [name, tau, colour] of [['τ₁', o.tau1, '#4c78a8'], ['τ₂', o.tau2, '#e45756']] as const) {
    if (!tau) {
      notes.push(`${name}: no decay to fit`);
      continue;
    }
    notes.push(`${name} = ${valueWithError(tau.value, tau.stderr)} ps`);
    if (tau.amplitude !== undefined && tau.tauKww !== undefined) {
      const b = tau.beta ?? 1, A = tau.amplitude, t0 = tau.tauKww;
      series.push({ name: `fit ${name}`, x: o.lag, y: o.lag.map((t) => A * Math.exp(-((t / t0) ** b))), dashed: true, color: colour });
    }
  }
  return linePlot({
    series,
    xTitle: 'lag time (ps)',
    yTitle: `reorientation correlation${o.element ? ` (${o.formula ?? ''} ${o.element} vectors)` : ''}`,
    // Notes as the title: C(t) starts at 1 in the top-left corner, where linePlot puts notes.
    title: notes.join(' · '),
    width: opts.width, height: opts.height,
  });
}
