import type { Cell } from '../core/cell.js';
import type { Frame } from '../core/frame.js';

/** Where one frame's arrays sit in the packed buffer: [offset, length] in doubles. */
type Slot = [number, number];

/** One frame's scalars and the slots of its arrays. */
interface PackedFrameMeta {
  index: number;
  time?: number;
  step?: number;
  segment: number;
  energy?: number;
  temperature?: number;
  volume: number;
  positions: Slot;
  matrix: Slot;
  inverse: Slot;
  velocities?: Slot;
  forces?: Slot;
  stress?: Slot;
  /** Any further own fields a reader set (structured-cloned as they are). */
  extra?: Record<string, unknown>;
}

/**
 * Consecutive frames as one message: every array of every frame copied into one Float64Array
 * (whose buffer is transferred, not copied again) and the scalars alongside. The frames'
 * own arrays stay untouched, because the main thread may still hold them (the reference
 * frame, a reader's shared cell).
 */
export interface PackedFrames {
  meta: PackedFrameMeta[];
  data: Float64Array;
}

const KNOWN = new Set(['index', 'time', 'step', 'segment', 'energy', 'temperature', 'positions', 'cell', 'velocities', 'forces', 'stress']);

/** Pack frames for a worker; transfer `packed.data.buffer`. */
export function packFrames(frames: readonly Frame[]): PackedFrames {
  let size = 0;
  for (const f of frames) {
    size += f.positions.length + f.cell.matrix.length + f.cell.inverse.length;
    size += (f.velocities?.length ?? 0) + (f.forces?.length ?? 0) + (f.stress?.length ?? 0);
  }
  const data = new Float64Array(size);
  let at = 0;
  const put = (a: Float64Array): Slot => {
    data.set(a, at);
    const s: Slot = [at, a.length];
    at += a.length;
    return s;
  };
  const meta = frames.map((f): PackedFrameMeta => {
    const m: PackedFrameMeta = {
      index: f.index, segment: f.segment, volume: f.cell.volume,
      positions: put(f.positions), matrix: put(f.cell.matrix), inverse: put(f.cell.inverse),
    };
    if (f.time !== undefined) m.time = f.time;
    if (f.step !== undefined) m.step = f.step;
    if (f.energy !== undefined) m.energy = f.energy;
    if (f.temperature !== undefined) m.temperature = f.temperature;
    if (f.velocities) m.velocities = put(f.velocities);
    if (f.forces) m.forces = put(f.forces);
    if (f.stress) m.stress = put(f.stress);
    const extra = Object.entries(f).filter(([k]) => !KNOWN.has(k));
    if (extra.length) m.extra = Object.fromEntries(extra);
    return m;
  });
  return { meta, data };
}

/** The frames back, their arrays views into `packed.data` (same numbers, bit for bit). */
export function unpackFrames(packed: PackedFrames): Frame[] {
  const { data } = packed;
  const view = (s: Slot) => data.subarray(s[0], s[0] + s[1]);
  return packed.meta.map((m) => {
    const cell: Cell = { matrix: view(m.matrix), inverse: view(m.inverse), volume: m.volume };
    const f: Frame = { ...(m.extra ?? {}), index: m.index, segment: m.segment, positions: view(m.positions), cell };
    if (m.time !== undefined) f.time = m.time;
    if (m.step !== undefined) f.step = m.step;
    if (m.energy !== undefined) f.energy = m.energy;
    if (m.temperature !== undefined) f.temperature = m.temperature;
    if (m.velocities) f.velocities = view(m.velocities);
    if (m.forces) f.forces = view(m.forces);
    if (m.stress) f.stress = view(m.stress);
    return f;
  });
}
