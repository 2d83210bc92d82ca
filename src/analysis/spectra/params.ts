import { UsageError } from '../../core/errors.js';

/** A named frequency band (THz); `to` = Infinity means up to the Nyquist frequency. */
export interface Band {
  name: string;
  from: number;
  to: number;
}

/**
 * The study's nominal bands (SPEC section 7), labels only: librations, rotations and cation
 * rattling below 6 THz, internal B–B modes 6–30 THz, B–H stretching and bending above
 * 60 THz. With deuterium (the study's and our cp.x runs) the B–D stretch sits near 55 THz,
 * between the last two bands; its weight then shows up in `unbanded`.
 */
export const DEFAULT_BANDS: readonly Band[] = [
  { name: 'libration', from: 0, to: 6 },
  { name: 'BB-internal', from: 6, to: 30 },
  { name: 'BH-stretch-bend', from: 60, to: Infinity },
];

/** Largest frame spacing (ps) accepted for spectra: 10 fs, i.e. a Nyquist frequency of 50 THz. */
export const MAX_SPECTRA_SPACING = 0.01;

/** Where velocities come from: the file, central differences of positions, or the file when it has them. */
export type VelocitySourceOption = 'auto' | 'file' | 'finite-difference';

/** Parameters of the spectra analysis. */
export interface SpectraParams {
  /** Velocity source; default `auto` (file when the trajectory has velocities). */
  velocities?: VelocitySourceOption;
  /**
   * Longest ACF lag (ps), i.e. the window length; default half the trajectory's duration. When
   * given (≥ 2 frames), the state keeps bounded-memory correlation sums (lag-window.ts) instead
   * of the whole series: memory O(atoms × maxLag) for any number of frames, same spectra.
   */
  maxLag?: number;
  /** Bands to integrate (THz); default DEFAULT_BANDS. */
  bands?: Band[];
  /** Upper edge (THz) of the range where cation and anion-libration spectra are compared; default 6. */
  overlapMax?: number;
}

/**
 * Parse `--bands name:from-to,…` (THz). `to` may be omitted (`BH:60-`) for "up to the
 * Nyquist frequency". Names are unique and free of `:` and `,`.
 */
export function parseBands(text: string): Band[] {
  const out: Band[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([^:]+):\s*([0-9.eE+]+)\s*-\s*([0-9.eE+]*)\s*$/.exec(part);
    const from = m ? Number(m[2]) : NaN;
    const to = m ? (m[3] === '' ? Infinity : Number(m[3])) : NaN;
    if (!m || !Number.isFinite(from) || Number.isNaN(to) || from < 0 || !(to > from)) {
      throw new UsageError(`--bands ${text}: expected name:from-to in THz with 0 ≤ from < to (e.g. libration:0-6,BB:6-30,BH:60-), found ${JSON.stringify(part)}`);
    }
    const name = m[1]!.trim();
    if (out.some((b) => b.name === name)) throw new UsageError(`--bands ${text}: band ${name} given twice`);
    out.push({ name, from, to });
  }
  if (out.length === 0) throw new UsageError(`--bands ${JSON.stringify(text)}: no band given`);
  return out;
}

/**
 * Check that frames `spacing` ps apart resolve the vibrations: spectra need ≤ 10 fs
 * (Nyquist frequency f_N = 1/(2Δt) ≥ 50 THz). Throws E_USAGE naming f_N otherwise; call it
 * before reading frames.
 */
export function checkSpectraSpacing(spacing: number, where: string): void {
  if (spacing > MAX_SPECTRA_SPACING * (1 + 1e-9)) {
    const fs = spacing * 1000;
    const nyq = 1 / (2 * spacing);
    throw new UsageError(`${where}: frames are ${fs.toPrecision(4)} fs apart, so the Nyquist frequency 1/(2Δt) is ${nyq.toPrecision(3)} THz; vibrational spectra need frames ≤ 10 fs apart (Nyquist ≥ 50 THz: B–H stretch ≈ 75 THz, B–D ≈ 55 THz). Use a trajectory written more often (or a smaller --frames step)`);
  }
}
