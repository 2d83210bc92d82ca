import type { DiagnosticLog } from '../../core/diagnostics.js';
import { FS_TO_PS } from '../../core/units.js';
import type { CpBlock } from './blocks.js';
import { noteOnce } from './diag.js';

/** Header times are printed with 8 decimals (ps): each may be off by half of 1e-8. */
const HEADER_ROUNDING_PS = 1e-8;

/**
 * Turns `.pos` header times into one continuous, increasing time axis (ps).
 *
 * - Within a counter run the header time is used. Where it printed as asterisks, the time is
 *   derived as t(last readable frame) + Δnfi × (ps per step), the step size coming from the
 *   first two readable headers of the run, or the input's `dt` when that agrees with them
 *   (exact, rather than limited by the header's 8 decimals).
 * - A new run (nfi went back: an appended restart) starts one frame spacing (that of the run
 *   before) after the last frame of the previous run, whatever its own clock says.
 *
 * Call `time` for every `.pos` block in file order, matched or not.
 */
export class CpClock {
  private run = -1;
  private known: { nfi: number; t: number } | undefined;
  private stepPs: number | undefined;
  private offset = 0;
  private lastAbs: number | undefined;
  private lastGap: number | undefined;
  private notedRun = -1;

  constructor(
    private readonly file: string,
    private readonly log: DiagnosticLog,
    /** `dt` of the cp.x input in ps, when given. */
    private readonly inputStepPs: number | undefined,
    /** Frame spacing reported for the file (ps), the gap of last resort between runs. */
    private readonly frameSpacing: number | undefined,
  ) {}

  /** Time (ps) of a block on the continuous axis, or undefined when no time can be known. */
  time(b: CpBlock): number | undefined {
    const newRun = b.run !== this.run;
    if (newRun) {
      this.run = b.run;
      this.known = undefined;
      this.stepPs = undefined;
    }
    const raw = this.rawTime(b);
    if (raw === undefined) return undefined;
    if (newRun && b.run > 0 && this.lastAbs !== undefined) {
      const gap = this.lastGap ?? this.frameSpacing ?? (raw > 0 ? raw : 0);
      this.offset = this.lastAbs + gap - raw;
    }
    const abs = raw + this.offset;
    this.lastGap = !newRun && this.lastAbs !== undefined ? abs - this.lastAbs : this.lastGap;
    this.lastAbs = abs;
    return abs;
  }

  /** Spacing between the last two frames on the axis (ps), when known. */
  get lastSpacing(): number | undefined {
    return this.lastGap;
  }

  private rawTime(b: CpBlock): number | undefined {
    if (Number.isFinite(b.time)) {
      const k = this.known;
      if (k && this.stepPs === undefined && b.nfi > k.nfi) {
        const dn = b.nfi - k.nfi;
        const est = (b.time - k.t) / dn;
        const inp = this.inputStepPs;
        this.stepPs = inp !== undefined && Math.abs(est - inp) <= (1.5 * HEADER_ROUNDING_PS) / dn + 1e-15 ? inp : est;
      }
      this.known = { nfi: b.nfi, t: b.time };
      return b.time;
    }
    const step = this.stepPs ?? this.inputStepPs;
    const first = this.notedRun !== b.run;
    this.notedRun = b.run;
    if (step === undefined) {
      if (first) noteOnce(this.log, 'warning', 'W_QE_NO_TIME', `${this.file}:${b.line}: the time field is asterisks (overflow) and no step size is known from earlier frames or the input's dt; times from here on are unknown`, { file: this.file, line: b.line });
      return undefined;
    }
    const k = this.known;
    const t = k ? k.t + (b.nfi - k.nfi) * step : b.nfi * step;
    const how = k ? `t(nfi ${k.nfi}) + (nfi − ${k.nfi}) × ${(step / FS_TO_PS).toPrecision(10)} fs` : `nfi × dt (${(step / FS_TO_PS).toPrecision(10)} fs, the input's dt)`;
    if (first) noteOnce(this.log, 'info', 'I_QE_TIME_DERIVED', `${this.file}:${b.line}: the time field prints as asterisks from nfi ${b.nfi} on (cp.x's fixed-width field overflows); times are derived as ${how}`, { file: this.file, line: b.line });
    return t;
  }
}
