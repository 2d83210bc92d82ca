import { linePlot } from './line.js';
import type { FigureSpec } from './render.js';
import { sci, valueWithError } from './text.js';

/**
 * What the MSD figure needs, as plain arrays (no dependency on the MSD analysis code): the
 * curve, the fit window and the fitted D.
 */
export interface MsdFigureInput {
  /** Lag times, ps. */
  lag: ArrayLike<number>;
  /** Tracer MSD at each lag, Å². */
  msd: ArrayLike<number>;
  /** Per-direction MSDs (Å²), drawn thinner when given. */
  components?: { x: ArrayLike<number>; y: ArrayLike<number>; z: ArrayLike<number> };
  /** [start, end] of the fit window, ps. */
  fitWindow: [number, number];
  /** Diffusion coefficient, Å²/ps (slope = 6D). */
  D: number;
  /** Its standard error, Å²/ps. */
  Dstderr?: number;
  /**
   * Intercept of the fitted line, Å². Default: the mean of MSD − 6D·t over the window (the
   * least-squares intercept for the given slope).
   */
  intercept?: number;
  /** Species, for the title (e.g. "Li"). */
  species?: string;
}

/**
 * MSD against lag time with the fit window shaded and the fitted line 6D·t + c, solid over the
 * window and dashed across the whole range; D in the corner in Å²/ps and cm²/s.
 */
export function figureForMsd(m: MsdFigureInput, opts: { width?: number; height?: number } = {}): FigureSpec {
  if (m.lag.length !== m.msd.length) throw new RangeError(`figureForMsd: ${m.lag.length} lags but ${m.msd.length} MSD values`);
  const [t0, t1] = m.fitWindow;
  let c = m.intercept;
  if (c === undefined) {
    let s = 0, n = 0;
    for (let i = 0; i < m.lag.length; i++) {
      const t = m.lag[i]!;
      if (t >= t0 && t <= t1 && Number.isFinite(m.msd[i]!)) {
        s += m.msd[i]! - 6 * m.D * t;
        n++;
      }
    }
    c = n > 0 ? s / n : 0;
  }
  const tEnd = m.lag.length ? m.lag[m.lag.length - 1]! : t1;
  const tStart = m.lag.length ? m.lag[0]! : t0;
  const fit = (t: number): number => c! + 6 * m.D * t;
  const label = m.species ? `${m.species} MSD` : 'MSD';
  const series = [
    { name: label, x: m.lag, y: m.msd },
    ...(m.components ? (['x', 'y', 'z'] as const).map((k) => ({ name: `${k}`, x: m.lag, y: m.components![k], color: { x: '#9ecae9', y: '#ffbf79', z: '#88d27a' }[k] })) : []),
    { name: 'fit 6Dt + c', x: [t0, t1], y: [fit(t0), fit(t1)], color: '#333' },
    { name: 'fit, extended', x: [tStart, tEnd], y: [fit(tStart), fit(tEnd)], dashed: true, color: '#333' },
  ];
  const Dtext = m.Dstderr !== undefined ? valueWithError(m.D, m.Dstderr) : sci(m.D, 3);
  return linePlot({
    series,
    xTitle: 'lag time (ps)',
    yTitle: 'MSD (Å²)',
    ...(m.species ? { title: `${m.species} mean squared displacement` } : {}),
    shade: [{ from: t0, to: t1, label: 'fit window' }],
    notes: [`D = ${Dtext} Å²/ps = ${sci(m.D * 1e-4, 3)} cm²/s`],
    width: opts.width,
    height: opts.height,
  });
}
