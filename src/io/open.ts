import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import { DiagnosticLog } from '../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import type { Topology } from '../core/topology.js';
import { FS_TO_PS } from '../core/units.js';
import { readTextHead, ioError } from './text/lines.js';
import { READERS, readerFor, formatIds } from './registry.js';
import { type FrameSelection, isSelected, parseFrameSelection } from './selection.js';
import type { FormatId, FormatReader, ReaderOptions, TrajectoryFile } from './types.js';

/** Options for opening a trajectory (the common CLI options, already parsed). */
export interface OpenOptions extends Omit<ReaderOptions, 'diagnostics'> {
  /** Force a format instead of detecting it (`--format`). */
  format?: FormatId | string;
  /** Frame spacing in fs when the file does not say (`--dt`). */
  dt?: number;
  /** `--frames start:stop:step`, parsed or as text. */
  frames?: FrameSelection | string;
  /** Where diagnostics go; a new log when omitted. */
  diagnostics?: DiagnosticLog;
}

/**
 * A trajectory: one or more files read as consecutive restart segments.
 * Frames stream; the whole trajectory is never held in memory.
 */
export interface Trajectory {
  format: FormatId;
  /** Files as given (segments in order). */
  files: string[];
  /** Every file actually read (QE sibling files included). */
  paths: string[];
  topology: Topology;
  /** Frame spacing of the stored frames (ps), from the file or `--dt`; undefined when unknown. */
  frameSpacing?: number;
  /** Where the frame spacing came from. */
  frameSpacingSource: 'file' | 'dt' | 'none';
  hasVelocities: boolean;
  selection: FrameSelection;
  diagnostics: DiagnosticLog;
  /**
   * Stream the selected frames. `index` is the 0-based index in the concatenated trajectory
   * (before `--frames`), `segment` the restart segment, `time` in ps continuous across
   * segments. Each call re-reads the files (the first call streams the first file as
   * opened by openTrajectory; later calls reopen it).
   */
  frames(): AsyncIterable<Frame>;
}

/** Choose the reader for a file: `--format` if given, else the best sniff of name and content. */
export async function detectFormat(path: string, forced?: string): Promise<FormatReader> {
  if (forced) {
    const r = readerFor(forced);
    if (!r) throw new UsageError(`--format ${forced}: unknown format; expected one of ${formatIds().join(', ')}`);
    return r;
  }
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new PaddlewheelError('E_IO', `${path}: is a directory, expected a trajectory file`);
  } catch (e) {
    if (e instanceof PaddlewheelError) throw e;
    throw ioError(path, e);
  }
  const text = await readTextHead(path);
  const name = basename(path).replace(/\.gz$/i, '');
  let best: FormatReader | undefined;
  let bestScore = 0;
  for (const r of READERS) {
    const s = r.sniff(name, text);
    if (s > bestScore) {
      best = r;
      bestScore = s;
    }
  }
  if (!best || bestScore < 0.2) {
    throw new PaddlewheelError('E_FORMAT', `${path}: cannot tell the trajectory format from its name or content; give --format (one of ${formatIds().join(', ')})`);
  }
  return best;
}

/**
 * Open one trajectory made of `files` (restart segments, in order). Reads headers only.
 * Checks that every segment has the same atoms in the same order (E_TOPOLOGY otherwise).
 */
export async function openTrajectory(files: string[], options: OpenOptions = {}): Promise<Trajectory> {
  if (files.length === 0) throw new UsageError('no trajectory file given');
  const diagnostics = options.diagnostics ?? new DiagnosticLog();
  const selection = typeof options.frames === 'string' || options.frames === undefined ? parseFrameSelection(options.frames) : options.frames;
  if (options.dt !== undefined && !(options.dt > 0 && Number.isFinite(options.dt))) {
    throw new UsageError(`--dt ${options.dt}: expected a positive frame spacing in fs`);
  }
  const readerOptions: ReaderOptions = { ...options, diagnostics };
  const readers = [await detectFormat(files[0]!, options.format)];
  const first = await readers[0]!.open(files[0]!, readerOptions);
  const heads: TrajectoryFile[] = [first];
  let ok = false;
  try {
    for (const f of files.slice(1)) {
      const r = await detectFormat(f, options.format ?? first.format);
      readers.push(r);
      const tf = await r.open(f, readerOptions);
      heads.push(tf);
      checkSameAtoms(first, tf);
    }
    ok = true;
  } finally {
    // The other headers were only needed for checks; frames() reopens those files lazily.
    for (const h of heads) if (!ok || h !== first) await h.close();
  }

  let frameSpacing: number | undefined;
  let frameSpacingSource: Trajectory['frameSpacingSource'] = 'none';
  const fileSpacing = heads.find((h) => h.frameSpacing !== undefined)?.frameSpacing;
  if (fileSpacing !== undefined) {
    frameSpacing = fileSpacing;
    frameSpacingSource = 'file';
    if (options.dt !== undefined && Math.abs(options.dt * FS_TO_PS - fileSpacing) > 1e-6 * fileSpacing) {
      diagnostics.warn('W_DT_IGNORED', `--dt ${options.dt} fs ignored: the file gives a frame spacing of ${(fileSpacing / FS_TO_PS).toPrecision(6)} fs`);
    }
  } else if (options.dt !== undefined) {
    frameSpacing = options.dt * FS_TO_PS;
    frameSpacingSource = 'dt';
  }
  const spacings = heads.map((h) => h.frameSpacing).filter((x): x is number => x !== undefined);
  if (spacings.some((s) => Math.abs(s - spacings[0]!) > 1e-6 * spacings[0]!)) {
    diagnostics.warn('W_SPACING_DIFFERS', `the segments have different frame spacings (${spacings.map((s) => (s / FS_TO_PS).toPrecision(6)).join(', ')} fs); times follow each file`);
  }

  const format = first.format;
  const paths = heads.flatMap((h) => h.paths);
  // The first file stays open, positioned at its first frame, for the first frames() pass.
  const held: HeldFile = { tf: first };
  const traj: Trajectory = {
    format,
    files,
    paths,
    topology: first.topology,
    frameSpacing,
    frameSpacingSource,
    hasVelocities: heads.every((h) => h.hasVelocities),
    selection,
    diagnostics,
    frames: () => streamFrames(files, readers, held, readerOptions, selection, frameSpacing),
  };
  heldFiles.register(traj, held);
  return traj;
}

/** The opened first file, until a frames() pass takes it. */
interface HeldFile {
  tf?: TrajectoryFile;
}

// A trajectory dropped without streaming its frames must not keep its first file open.
const heldFiles = new FinalizationRegistry<HeldFile>((held) => {
  const tf = held.tf;
  held.tf = undefined;
  if (tf) void Promise.resolve(tf.close()).catch(() => undefined);
});

/**
 * The frame spacing (ps) of the selected frames, for analyses that need time. Throws
 * E_NO_TIME before any frame is read when neither the file nor `--dt` gives it.
 */
export function requireFrameSpacing(traj: Trajectory, what: string): number {
  if (traj.frameSpacing === undefined) {
    throw new PaddlewheelError('E_NO_TIME', `${what} needs the time between frames, and ${traj.files[0]} (${traj.format}) does not give it; pass --dt FS (the spacing of the stored frames in fs)`);
  }
  return traj.frameSpacing * traj.selection.step;
}

function checkSameAtoms(a: TrajectoryFile, b: TrajectoryFile): void {
  const sa = a.topology.symbols, sb = b.topology.symbols;
  if (sa.length !== sb.length) {
    throw new PaddlewheelError('E_TOPOLOGY', `${b.paths[0]}: has ${sb.length} atoms but ${a.paths[0]} has ${sa.length}; restart segments of one trajectory must have the same atoms (use --run for independent runs)`);
  }
  const i = sa.findIndex((s, k) => s !== sb[k]);
  if (i >= 0) {
    throw new PaddlewheelError('E_TOPOLOGY', `${b.paths[0]}: atom ${i + 1} is ${sb[i]} but ${sa[i]} in ${a.paths[0]}; restart segments must list atoms in the same order`);
  }
}

async function* streamFrames(
  files: string[],
  readers: FormatReader[],
  held: HeldFile,
  readerOptions: ReaderOptions,
  selection: FrameSelection,
  frameSpacing: number | undefined,
): AsyncGenerator<Frame> {
  const diagnostics = readerOptions.diagnostics;
  let globalIndex = 0;
  let segmentBase = 0;
  let lastTime: number | undefined;
  let lastStep: number | undefined;
  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi]!;
    // The first pass takes the file openTrajectory opened; later passes reopen it (with the reader chosen then).
    let tf: TrajectoryFile | undefined;
    if (fi === 0) {
      tf = held.tf;
      held.tf = undefined;
    }
    tf ??= await readers[fi]!.open(file, readerOptions);
    let timeOffset = 0;
    let firstInFile = true;
    let maxSegment = -1;
    try {
      for await (const frame of tf.frames()) {
        if (firstInFile && fi > 0) {
          // A restart often rewrites the frame it started from: drop the duplicate.
          const dupStep = frame.step !== undefined && lastStep !== undefined && frame.step === lastStep;
          const dupTime = frame.step === undefined && frame.time !== undefined && lastTime !== undefined && Math.abs(frame.time - lastTime) < 1e-9;
          if (dupStep || dupTime) {
            diagnostics.info('I_DUPLICATE_FRAME', `${file}: its first frame repeats the last frame of the previous segment; it is skipped`, { file });
            firstInFile = false;
            lastStep = undefined;
            lastTime = undefined;
            continue;
          }
          if (frame.time !== undefined && lastTime !== undefined && frame.time <= lastTime) {
            timeOffset = lastTime + (frameSpacing ?? 0) - frame.time;
            diagnostics.info('I_TIME_OFFSET', `${file}: its times restart at ${frame.time.toPrecision(6)} ps; shifted by ${timeOffset.toPrecision(6)} ps to follow the previous segment`, { file, frame: globalIndex });
          }
        }
        firstInFile = false;
        lastStep = frame.step;
        maxSegment = Math.max(maxSegment, frame.segment);
        const idx = globalIndex++;
        let time = frame.time !== undefined ? frame.time + timeOffset : undefined;
        if (time === undefined && frameSpacing !== undefined) time = idx * frameSpacing;
        lastTime = time;
        if (idx >= selection.stop) return;
        if (!isSelected(selection, idx)) continue;
        frame.index = idx;
        frame.time = time;
        frame.segment = segmentBase + frame.segment;
        yield frame;
      }
    } finally {
      await tf.close();
    }
    segmentBase += maxSegment + 1;
  }
}
