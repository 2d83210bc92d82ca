import { PaddlewheelError } from '../../core/errors.js';
import { type H5, type H5Dataset, type H5Group, attr, dataset, toFloat64 } from './h5.js';
import { QUANTITY, unitFactor } from './units.js';

/**
 * A time-dependent H5MD element: a group with `value` [frames][…], `step` and optional
 * `time`. Both H5MD 1.1 storage modes are read: explicit (`step`/`time` are [frames]
 * datasets) and fixed (scalar increments, first value in an `offset` attribute, so that
 * s(i) = offset + i·step). Values are sliced one frame at a time, never read whole.
 */
export interface Series {
  /** Path, for messages. */
  path: string;
  value: H5Dataset;
  /** Shape of `value`; shape[0] is the number of frames. */
  shape: number[];
  /** Step of frame i, when the element stores steps. */
  step(i: number): number | undefined;
  /** Time of frame i in the file's time unit, when the element stores times. */
  time(i: number): number | undefined;
  /** Unit attribute of `time`, if any. */
  timeUnit?: string;
  /** Unit attribute of `value`, if any. */
  unit?: string;
  /** Row i of `value` as Float64 (one slice read). */
  row(i: number): Float64Array;
}

/** Read a time-dependent element at `path` under `g`, or undefined when `path` is not one. */
export function series(h5: H5, g: H5Group, path: string): Series | undefined {
  const value = dataset(h5, g, `${path}/value`);
  if (!value) return undefined;
  const shape = value.shape ?? [];
  const indexer = (name: string): ((i: number) => number | undefined) => {
    const d = dataset(h5, g, `${path}/${name}`);
    if (!d) return () => undefined;
    const s = d.shape ?? [];
    if (s.length === 0) {
      const inc = toFloat64(d.value)[0]!;
      const off = Number(toFloat64(attr(d, 'offset'))[0] ?? 0);
      return (i) => off + i * inc;
    }
    return (i) => (i < s[0]! ? toFloat64(d.slice([[i, i + 1]]))[0] : undefined);
  };
  const timeDs = dataset(h5, g, `${path}/time`);
  return {
    path,
    value,
    shape,
    step: indexer('step'),
    time: indexer('time'),
    timeUnit: stringAttr(timeDs, 'unit'),
    unit: stringAttr(value, 'unit'),
    row: (i) => {
      const rest = shape.slice(1).map(() => [] as []);
      return toFloat64(value.slice([[i, i + 1], ...rest]));
    },
  };
}

/** A string attribute, or undefined. */
export function stringAttr(obj: H5Dataset | H5Group | undefined, name: string): string | undefined {
  if (!obj) return undefined;
  const v = attr(obj, name);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * Conversion factor for a `unit` attribute; `assumed` collects what was taken as internal
 * because the file gives no unit. An unknown or wrong-dimension unit is E_FORMAT.
 */
export function factorOf(file: string, where: string, unit: string | undefined, quantity: keyof typeof QUANTITY, assumed: string[]): number {
  if (unit === undefined) {
    assumed.push(`${where} (${quantity})`);
    return 1;
  }
  const r = unitFactor(unit, quantity);
  if ('problem' in r) throw new PaddlewheelError('E_FORMAT', `${file}: ${where}: ${r.problem}`);
  return r.factor;
}
