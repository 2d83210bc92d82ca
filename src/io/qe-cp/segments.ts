import type { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { FS_TO_PS } from '../../core/units.js';
import type { CpBlock } from './blocks.js';
import { noteOnce } from './diag.js';
import type { EvpRow } from './evp.js';
import type { CpFileSet } from './files.js';

interface Stats {
  firstIndex: number;
  lastIndex: number;
  firstNfi: number;
  lastNfi: number;
  /** nfi and time gap between the first two frames. */
  dn?: number;
  dt?: number;
  prevTime?: number;
  /** Every frame had an .evp row with Tion = 0 (so far). */
  tionZero: boolean;
}

/**
 * Numbers the restart segments of one cp.x file set and reports them: an info diagnostic at
 * each split (file, line, nfi values), a summary per segment when there are several, a
 * `W_QE_NOT_MD` warning for a segment whose ions never moved (Tion = 0 K in every `.evp` row:
 * cp.x's electronic ground-state stage), and `W_SPACING_CHANGES` when a segment's frames are
 * spaced differently from the reported frame spacing. Every frame is kept: choosing frames is
 * the user's call (`--frames`), made visible by these diagnostics.
 */
export class SegmentLog {
  /** Segment of the next frame. */
  current = 0;
  private readonly done: Stats[] = [];
  private stats: Stats | undefined;

  constructor(
    private readonly files: CpFileSet,
    private readonly log: DiagnosticLog,
    private readonly frameSpacing: number | undefined,
  ) {}

  /** `.pos` nfi went back at block `p`; `index` is the next frame's index. */
  restart(p: CpBlock, index: number): void {
    this.close();
    const reset = p.nfi <= (this.done.at(-1)?.dn ?? p.nfi);
    const why = reset
      ? 'the step counter was reset (a new run appended to the same files)'
      : `a restart from an earlier checkpoint: steps from nfi ${p.nfi} on repeat steps already in the previous segment`;
    noteOnce(this.log, 'info', 'I_RESTART_SEGMENT', `${this.files.pos}:${p.line}: nfi goes back from ${p.resetFrom} to ${p.nfi}: ${why}; segment ${this.current} starts here (frame ${index}), its times shifted to follow the previous segment`, { file: this.files.pos, line: p.line, frame: index });
  }

  /** The `.evp` header repeated before row `e` while nfi kept increasing. */
  headerSplit(e: EvpRow, index: number): void {
    this.close();
    noteOnce(this.log, 'info', 'I_RESTART_SEGMENT', `${this.files.evp}:${e.line}: the .evp header repeats before nfi ${e.nfi} while nfi keeps increasing: a restart that kept its counters; segment ${this.current} starts at frame ${index}`, { file: this.files.evp, line: e.line, frame: index });
  }

  /** Account for a yielded frame and its `.evp` row. */
  frame(f: Frame, e: EvpRow | undefined): void {
    const s = this.stats;
    const zero = e !== undefined && e.tion === 0;
    if (!s) {
      this.stats = { firstIndex: f.index, lastIndex: f.index, firstNfi: f.step!, lastNfi: f.step!, prevTime: f.time, tionZero: zero };
      return;
    }
    if (s.dn === undefined) {
      s.dn = f.step! - s.lastNfi;
      if (f.time !== undefined && s.prevTime !== undefined) s.dt = f.time - s.prevTime;
    }
    s.lastIndex = f.index;
    s.lastNfi = f.step!;
    s.prevTime = f.time;
    s.tionZero &&= zero;
  }

  /** Close the last segment and emit the per-segment diagnostics. */
  finish(): void {
    this.close();
    const several = this.done.length > 1;
    this.done.forEach((s, k) => {
      const n = s.lastIndex - s.firstIndex + 1;
      const where = `segment ${k} (frames ${s.firstIndex}–${s.lastIndex}, nfi ${s.firstNfi}–${s.lastNfi})`;
      const every = s.dn !== undefined ? ` every ${s.dn} steps${s.dt !== undefined ? ` (${fs(s.dt)} fs)` : ''}` : '';
      if (several) noteOnce(this.log, 'info', 'I_QE_SEGMENT', `${this.files.pos}: ${where}: ${n} frame(s)${every}`, { file: this.files.pos, frame: s.firstIndex });
      if (s.tionZero && n >= 2) {
        noteOnce(this.log, 'warning', 'W_QE_NOT_MD', `${this.files.pos}: ${where}: Tion is 0 K in every .evp row, so the ions did not move (an electronic minimisation such as cp.x's ground-state stage, not MD); the frames are kept: leave them out of dynamics with --frames`, { file: this.files.pos, frame: s.firstIndex });
      }
      const fsp = this.frameSpacing;
      if (several && s.dt !== undefined && fsp !== undefined && Math.abs(s.dt - fsp) > 1e-6 * fsp + 2e-8) {
        noteOnce(this.log, 'warning', 'W_SPACING_CHANGES', `${this.files.pos}: ${where} has frames ${fs(s.dt)} fs apart, but the file's frame spacing is reported as ${fs(fsp)} fs (from its first two frames); frame times are right, spacing-based analyses over this segment are not`, { file: this.files.pos, frame: s.firstIndex });
      }
    });
  }

  // Ends the current segment; a segment that yielded no frame keeps its number for the next.
  private close(): void {
    if (this.stats) this.done.push(this.stats);
    this.stats = undefined;
    this.current = this.done.length;
  }
}

function fs(ps: number): string {
  return (ps / FS_TO_PS).toPrecision(6);
}
