import { type Cell, makeCell } from '../../core/cell.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { ParseError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { AU_FORCE_TO_EV_PER_A, AU_VELOCITY_TO_A_PER_PS, BOHR_TO_ANGSTROM, HARTREE_TO_EV } from '../../core/units.js';
import { requireFiniteFrame } from '../finite.js';
import { Aligner } from './align.js';
import { type CpBlock, CpBlockStream } from './blocks.js';
import { CpClock } from './clock.js';
import { noteOnce } from './diag.js';
import { type EvpRow, EvpStream } from './evp.js';
import type { CpFileSet } from './files.js';
import { SegmentLog } from './segments.js';

/** Settings for streaming a cp.x file set. */
export interface CpStreamOptions {
  nat: number;
  diagnostics: DiagnosticLog;
  /** `dt` of the cp.x input in ps, when known. */
  inputStepPs?: number;
  /** Frame spacing reported for the file (ps). */
  frameSpacing?: number;
  /** Receives a closer for each opened file, so `TrajectoryFile.close()` can stop a stream early. */
  track?: (close: () => void) => void;
}

/**
 * Stream the frames of a cp.x file set in internal units. `.pos` drives: each of its blocks
 * becomes a frame when `.cel` (and `.vel`/`.for` where those files exist) have a block with
 * the same (run, nfi); otherwise it is skipped and counted. `.evp` adds Tion and etot where it
 * has the step. nfi going back (or the `.evp` header repeating mid-run) starts a new segment.
 */
export async function* cpFrames(files: CpFileSet, o: CpStreamOptions): AsyncGenerator<Frame> {
  const log = o.diagnostics;
  const opened: { close(): void }[] = [];
  const openBlocks = async (path: string, kind: CpBlockStream['kind'], rows: number) => {
    const s = await CpBlockStream.open(path, kind, rows, log);
    opened.push(s);
    o.track?.(() => s.close());
    return s;
  };
  try {
    const pos = await openBlocks(files.pos, 'pos', o.nat);
    const aligned = async (path: string | undefined, kind: CpBlockStream['kind'], rows: number) =>
      path === undefined ? undefined : { path, a: new Aligner<CpBlock>(await openBlocks(path, kind, rows).then((s) => () => s.next())) };
    const cel = (await aligned(files.cel, 'cel', 3))!;
    const vel = await aligned(files.vel, 'vel', o.nat);
    const frc = await aligned(files.for, 'for', o.nat);
    let evp: Aligner<EvpRow> | undefined;
    // A repeated .evp header on a row that matched no frame still marks where a segment starts.
    let headerSkipped: EvpRow | undefined;
    if (files.evp) {
      const e = await EvpStream.open(files.evp, log);
      opened.push(e);
      o.track?.(() => e.close());
      evp = new Aligner<EvpRow>(
        () => e.next(),
        (row) => {
          if (row.headerRestart) headerSkipped = row;
        },
      );
    }
    const clock = new CpClock(files.pos, log, o.inputStepPs, o.frameSpacing);
    const segments = new SegmentLog(files, log, o.frameSpacing);
    const skipped = new Map<string, number>();
    let index = 0;
    let cell: Cell | undefined;
    let lastRaw: Float64Array | undefined;
    let evpMissing = 0;
    for (let p = await pos.next(); p; p = await pos.next()) {
      const time = clock.time(p);
      if (p.resetFrom !== undefined) segments.restart(p, index);
      const c = await cel.a.match(p.run, p.nfi);
      const v = vel && (await vel.a.match(p.run, p.nfi));
      const f = frc && (await frc.a.match(p.run, p.nfi));
      const lacking = [!c && cel.path, vel && !v && vel.path, frc && !f && frc.path].filter((x): x is string => !!x);
      if (lacking.length > 0) {
        for (const l of lacking) skipped.set(l, (skipped.get(l) ?? 0) + 1);
        continue;
      }
      const e = evp && (await evp.match(p.run, p.nfi));
      if (evp && !e) evpMissing++;
      const split = e?.headerRestart ? e : headerSkipped;
      if (split) segments.headerSplit(split, index);
      headerSkipped = undefined;
      if (!lastRaw || !sameNumbers(lastRaw, c!.data)) {
        cell = toCell(c!, files.cel);
        lastRaw = c!.data;
      }
      const frame: Frame = { index, time, step: p.nfi, segment: segments.current, positions: scale(p.data, BOHR_TO_ANGSTROM), cell: cell! };
      if (v) frame.velocities = scale(v.data, AU_VELOCITY_TO_A_PER_PS);
      if (f) frame.forces = scale(f.data, AU_FORCE_TO_EV_PER_A);
      if (e) {
        frame.temperature = e.tion;
        frame.energy = e.etot * HARTREE_TO_EV;
      }
      requireFiniteFrame(frame, files.pos, p.line);
      segments.frame(frame, e);
      index++;
      yield frame;
    }
    segments.finish();
    for (const [path, n] of skipped) {
      noteOnce(log, 'warning', 'W_QE_UNMATCHED_FRAMES', `${n} frame(s) of ${files.pos} were skipped: ${path} has no block with their step (nfi); frames are matched by nfi`, { file: path });
    }
    for (const x of [cel, vel, frc]) {
      if (!x) continue;
      const extra = x.a.skipped + ((await x.a.hasMore()) ? 1 : 0);
      if (extra > 0) noteOnce(log, 'warning', 'W_QE_UNMATCHED_FRAMES', `${x.path} has block(s) with no matching frame in ${files.pos} (${x.a.firstSkipped ? `first at line ${x.a.firstSkipped.line}` : 'after the last .pos frame'}); they were ignored`, { file: x.path });
    }
    if (evpMissing > 0 && files.evp) {
      noteOnce(log, 'info', 'I_QE_EVP_MISSING', `${evpMissing} frame(s) have no row with their nfi in ${files.evp}: no temperature or energy for them`, { file: files.evp });
    }
  } finally {
    for (const s of opened) s.close();
  }
}

/** Multiply raw numbers in place by a unit factor (each block owns its array). */
function scale(a: Float64Array, k: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i]! *= k;
  return a;
}

function sameNumbers(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `.cel` rows are h(i, 1…3): the lattice vectors are its columns. Cell.matrix wants them as rows (Å). */
function toCell(c: CpBlock, file: string): Cell {
  const h = c.data;
  const m = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[3 * j + i] = h[3 * i + j]! * BOHR_TO_ANGSTROM;
  try {
    return makeCell(m);
  } catch (e) {
    throw new ParseError({ file, line: c.line + 1 }, 'three lattice vectors (the columns of the 3 rows) spanning a non-zero volume', (e as Error).message);
  }
}
