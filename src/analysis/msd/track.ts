import { type Cell, makeCell } from '../../core/cell.js';
import { unwrapStep } from '../../math/pbc.js';

/**
 * Unwrapped positions of a fixed set of points (atoms or molecule centres), frame by frame.
 *
 * Unwrapping is frame to frame in each frame's own cell (pbc.ts `unwrapStep`), so NPT cells
 * work: u(0) = w(0), u(t) = u(t−1) + [w(t) − w(t−1) − lattice translation rounding it in the
 * cell of frame t]. Every point's series is stored, frame-major: `series[(t·points + p)·3 + k]`.
 *
 * Plain data, so partial tracks of consecutive frame ranges merge exactly: the later track is
 * shifted by the lattice translation that the boundary step needs (mergeTracks).
 */
export interface Track {
  points: number;
  frames: number;
  /** Frame-major unwrapped positions (Å); capacity may exceed what `frames` uses. */
  series: Float64Array;
  /** Positions of the first and last frame as read (Å), 3 per point. */
  firstWrapped: Float64Array;
  lastWrapped: Float64Array;
  /** Unwrapped positions of the last frame (Å), 3 per point. */
  lastUnwrapped: Float64Array;
  /** Cell matrix of the first frame (rows, Å): the boundary step of a merge is taken in it. */
  firstCell: Float64Array;
}

/** An empty track of `points` points. */
export function emptyTrack(points: number): Track {
  return {
    points, frames: 0,
    series: new Float64Array(0),
    firstWrapped: new Float64Array(3 * points),
    lastWrapped: new Float64Array(3 * points),
    lastUnwrapped: new Float64Array(3 * points),
    firstCell: new Float64Array(9),
  };
}

/** Values stored per frame. */
function rowLength(t: Track): number {
  return 3 * t.points;
}

function appendRow(t: Track, u: Float64Array): void {
  const row = rowLength(t);
  const need = (t.frames + 1) * row;
  if (need > t.series.length) {
    const grown = new Float64Array(Math.max(need, 2 * t.series.length, 64 * row));
    grown.set(t.series.subarray(0, t.frames * row));
    t.series = grown;
  }
  t.series.set(u, t.frames * row);
  t.frames++;
}

/**
 * Add one frame's positions (3 per point, Å, wrapped or not) in `cell`. Returns the longest
 * unwrapped step of this frame (Å, 0 for the first frame) and the point that made it.
 */
export function pushTrack(t: Track, positions: Float64Array, cell: Cell): { maxStep: number; point: number } {
  let step = { maxStep: 0, atom: -1 };
  if (t.frames === 0) {
    t.firstWrapped.set(positions);
    t.lastUnwrapped.set(positions);
    t.firstCell.set(cell.matrix);
  } else {
    step = unwrapStep(t.lastUnwrapped, t.lastWrapped, positions, cell);
  }
  t.lastWrapped.set(positions);
  appendRow(t, t.lastUnwrapped);
  return { maxStep: step.maxStep, point: step.atom };
}

/** The used part of the series (a view). */
export function trackSeries(t: Track): Float64Array {
  return t.series.subarray(0, t.frames * rowLength(t));
}

/**
 * Join the tracks of two consecutive frame ranges (a's frames first). The boundary step
 * a.last → b.first is unwrapped in b's first cell, exactly as a single pass would; every row
 * of b is then shifted by the lattice translation that step implies. Returns the joined track
 * (new arrays) and the boundary step (Å) with its point, for jump flagging. Results equal one
 * pass up to floating-point rounding (the shift is added once instead of accumulated).
 */
export function mergeTracks(a: Track, b: Track): { track: Track; maxStep: number; point: number } {
  if (a.points !== b.points) throw new RangeError('mergeTracks: tracks of different point sets');
  if (b.frames === 0) return { track: copyTrack(a), maxStep: 0, point: -1 };
  if (a.frames === 0) return { track: copyTrack(b), maxStep: 0, point: -1 };
  const boundary = Float64Array.from(a.lastUnwrapped);
  const step = unwrapStep(boundary, a.lastWrapped, b.firstWrapped, makeCell(b.firstCell));
  // shift_p = (where b's first frame lands when continued from a) − (where b's track put it)
  const shift = new Float64Array(3 * a.points);
  for (let i = 0; i < shift.length; i++) shift[i] = boundary[i]! - b.firstWrapped[i]!;
  const row = rowLength(a);
  const series = new Float64Array((a.frames + b.frames) * row);
  series.set(trackSeries(a));
  const bs = trackSeries(b);
  for (let t = 0; t < b.frames; t++) {
    const o = t * row, d = (a.frames + t) * row;
    for (let i = 0; i < row; i++) series[d + i] = bs[o + i]! + shift[i]!;
  }
  const lastUnwrapped = new Float64Array(3 * a.points);
  for (let i = 0; i < lastUnwrapped.length; i++) lastUnwrapped[i] = b.lastUnwrapped[i]! + shift[i]!;
  return {
    track: {
      points: a.points, frames: a.frames + b.frames, series,
      firstWrapped: Float64Array.from(a.firstWrapped), lastWrapped: Float64Array.from(b.lastWrapped),
      lastUnwrapped, firstCell: Float64Array.from(a.firstCell),
    },
    maxStep: step.maxStep,
    point: step.atom,
  };
}

function copyTrack(t: Track): Track {
  return {
    ...t,
    series: Float64Array.from(trackSeries(t)),
    firstWrapped: Float64Array.from(t.firstWrapped),
    lastWrapped: Float64Array.from(t.lastWrapped),
    lastUnwrapped: Float64Array.from(t.lastUnwrapped),
    firstCell: Float64Array.from(t.firstCell),
  };
}
