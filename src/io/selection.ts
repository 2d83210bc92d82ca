import { UsageError } from '../core/errors.js';

/**
 * A frame selection `start:stop:step` with Python slice semantics on 0-based frame
 * indices (stop exclusive; any part may be empty: `100:`, `::10`, `:500`). Negative
 * indices are not accepted, because a streamed trajectory's length is unknown until read.
 */
export interface FrameSelection {
  start: number;
  /** Exclusive; Infinity for "to the end". */
  stop: number;
  step: number;
}

/** Parse `--frames`. Throws UsageError naming the flag and the accepted form. */
export function parseFrameSelection(text: string | undefined): FrameSelection {
  if (text === undefined || text === '') return { start: 0, stop: Infinity, step: 1 };
  const parts = text.split(':');
  if (parts.length > 3) throw new UsageError(`--frames ${text}: expected start:stop:step (e.g. 100:2000:2)`);
  const num = (s: string | undefined, dflt: number, name: string) => {
    if (s === undefined || s.trim() === '') return dflt;
    if (!/^\d+$/.test(s.trim())) throw new UsageError(`--frames ${text}: ${name} must be a non-negative integer, found ${JSON.stringify(s)}`);
    return Number(s);
  };
  const start = num(parts[0], 0, 'start');
  const stop = parts.length >= 2 ? num(parts[1], Infinity, 'stop') : start + 1;
  const step = num(parts[2], 1, 'step');
  if (step < 1) throw new UsageError(`--frames ${text}: step must be ≥ 1`);
  if (stop <= start) throw new UsageError(`--frames ${text}: stop must be greater than start`);
  return { start, stop, step };
}

/** True when frame `i` is selected. */
export function isSelected(sel: FrameSelection, i: number): boolean {
  return i >= sel.start && i < sel.stop && (i - sel.start) % sel.step === 0;
}
