/**
 * Column layout of a `dump custom` (or `dump atom`) `ITEM: ATOMS <columns>` line.
 *
 * Coordinates: `x y z` (Cartesian, wrapped), `xs ys zs` (scaled = fractional), `xu yu zu`
 * (Cartesian, unwrapped), `xsu ysu zsu` (scaled, unwrapped). When a dump has several sets,
 * unwrapped ones are preferred (they keep MSDs continuous): xu > xsu > x > xs.
 * Velocities `vx vy vz`, forces `fx fy fz`; image flags `ix iy iz` (used to unwrap wrapped
 * coordinates); `id`, `type`, `element` identify atoms; other columns are skipped.
 */

/** The coordinate column sets, in order of preference. */
export const COORDINATE_STYLES = [
  { style: 'xu', names: ['xu', 'yu', 'zu'], scaled: false },
  { style: 'xsu', names: ['xsu', 'ysu', 'zsu'], scaled: true },
  { style: 'x', names: ['x', 'y', 'z'], scaled: false },
  { style: 'xs', names: ['xs', 'ys', 'zs'], scaled: true },
] as const;

/** Coordinate column style of a dump. */
export type CoordinateStyle = (typeof COORDINATE_STYLES)[number]['style'];

/** A run of adjacent numeric columns read with one `parseNumbers` call. */
export interface NumericRun {
  /** 0-based field index of the first column. */
  field: number;
  count: number;
}

/** Where each quantity sits in an atom line (0-based field indices; −1 when absent). */
export interface ColumnLayout {
  names: string[];
  id: number;
  type: number;
  element: number;
  /** Field indices of the 3 coordinate columns. */
  position: [number, number, number];
  style: CoordinateStyle;
  scaled: boolean;
  velocity?: [number, number, number];
  force?: [number, number, number];
  /** Image flags, read only with wrapped coordinates (x, xs), to unwrap them. */
  image?: [number, number, number];
  /** Numeric columns to read, grouped into runs of adjacent fields. */
  runs: NumericRun[];
  /** Field index → slot in the scratch row filled by the runs (−1 when not read). */
  slot: Int32Array;
  /** Number of slots in the scratch row. */
  width: number;
  /** Coordinate sets present but not used (for a diagnostic). */
  unused: CoordinateStyle[];
}

/** Why a columns line cannot be used, for the ParseError's "expected" text. */
export class LayoutProblem {
  constructor(readonly expected: string) {}
}

/** Build the layout for the words after `ITEM: ATOMS`; returns a LayoutProblem when unusable. */
export function columnLayout(names: string[]): ColumnLayout | LayoutProblem {
  const at = (n: string) => names.indexOf(n);
  const triple = (ns: readonly string[]) => {
    const idx = ns.map(at);
    if (idx.every((i) => i >= 0)) return idx as [number, number, number];
    if (idx.some((i) => i >= 0)) return new LayoutProblem(`all three of the columns ${ns.join(' ')}`);
    return undefined;
  };
  let chosen: (typeof COORDINATE_STYLES)[number] | undefined;
  let position: [number, number, number] | undefined;
  const unused: CoordinateStyle[] = [];
  for (const s of COORDINATE_STYLES) {
    const t = triple(s.names);
    if (t instanceof LayoutProblem) return t;
    if (!t) continue;
    if (chosen) unused.push(s.style);
    else {
      chosen = s;
      position = t;
    }
  }
  if (!chosen || !position) return new LayoutProblem('coordinate columns (x y z, xs ys zs, xu yu zu or xsu ysu zsu)');
  const velocity = triple(['vx', 'vy', 'vz']);
  if (velocity instanceof LayoutProblem) return velocity;
  const force = triple(['fx', 'fy', 'fz']);
  if (force instanceof LayoutProblem) return force;
  const flags = triple(['ix', 'iy', 'iz']);
  if (flags instanceof LayoutProblem) return flags;
  const image = chosen.style === 'x' || chosen.style === 'xs' ? flags : undefined;
  const id = at('id');
  if (id < 0) return new LayoutProblem('an id column (dump custom … id …), to keep atoms in order');
  const type = at('type');
  const element = at('element');

  const numeric = [id, type, ...position, ...(velocity ?? []), ...(force ?? []), ...(image ?? [])].filter((i) => i >= 0).sort((a, b) => a - b);
  const slot = new Int32Array(names.length).fill(-1);
  const runs: NumericRun[] = [];
  let width = 0;
  for (const f of numeric) {
    const last = runs[runs.length - 1];
    if (last && last.field + last.count === f) last.count++;
    else runs.push({ field: f, count: 1 });
    slot[f] = width++;
  }
  return { names, id, type, element, position, style: chosen.style, scaled: chosen.scaled, velocity, force, image, runs, slot, width, unused };
}
