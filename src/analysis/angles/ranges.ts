import { UsageError } from '../../core/errors.js';

/**
 * Distance ranges of the angle analysis (SPEC section 6): either `count` equal ranges of
 * [r_min, r₁] (default 3), or explicit [from, to) ranges (Å) that may leave gaps or overlap.
 */
export type RangeSpec = { kind: 'equal'; count: number } | { kind: 'explicit'; ranges: [number, number][] };

/** Default number of equal ranges. */
export const DEFAULT_RANGE_COUNT = 3;

/**
 * Parse `--ranges`: a count (`3`) or explicit ranges (`3.0-4.0,4.0-5.5`, Å, from < to).
 * @throws UsageError naming the offending part
 */
export function parseRanges(text: string | undefined): RangeSpec {
  if (text === undefined) return { kind: 'equal', count: DEFAULT_RANGE_COUNT };
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const count = Number(t);
    if (count < 1 || count > 100) throw new UsageError(`--ranges ${text}: expected a count from 1 to 100, or ranges like 3.0-4.0,4.0-5.5 (Å)`);
    return { kind: 'equal', count };
  }
  const ranges: [number, number][] = [];
  for (const part of t.split(',')) {
    const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*-\s*(\d+(?:\.\d*)?|\.\d+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--ranges ${text}: expected a count or FROM-TO ranges in Å separated by commas (e.g. 3.0-4.0,4.0-5.5), found ${JSON.stringify(part)}`);
    const a = Number(m[1]), b = Number(m[2]);
    if (!(b > a)) throw new UsageError(`--ranges ${text}: range ${part.trim()} is empty (FROM must be smaller than TO)`);
    ranges.push([a, b]);
  }
  return { kind: 'explicit', ranges };
}

/**
 * Edges [from, to] of each range (Å). Equal ranges split [rMin, r1] into `count` parts.
 * @throws UsageError when rMin ≥ r1 or an explicit range reaches beyond r1
 */
export function rangeEdges(spec: RangeSpec, rMin: number, r1: number): [number, number][] {
  if (spec.kind === 'explicit') {
    for (const [a, b] of spec.ranges) {
      if (b > r1 * (1 + 1e-12)) throw new UsageError(`--ranges: range ${a}-${b} Å reaches beyond the first shell r₁ = ${r1.toFixed(3)} Å`);
    }
    return spec.ranges.map(([a, b]) => [a, b]);
  }
  if (!(rMin < r1)) throw new UsageError(`r_min = ${rMin.toFixed(3)} Å is not below r₁ = ${r1.toFixed(3)} Å; give --r-min or a larger --r1`);
  const w = (r1 - rMin) / spec.count;
  return Array.from({ length: spec.count }, (_, i): [number, number] => [rMin + i * w, i === spec.count - 1 ? r1 : rMin + (i + 1) * w]);
}
