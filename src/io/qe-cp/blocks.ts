import type { DiagnosticLog } from '../../core/diagnostics.js';
import { ParseError } from '../../core/errors.js';
import { noteOnce } from './diag.js';
import { LineReader } from '../text/lines.js';
import { type NumberContext, parseNumber, parseNumbers, splitFields } from '../text/numbers.js';

/**
 * One block of a cp.x `.pos`, `.vel`, `.for` or `.cel` file: a header line `nfi time_ps`
 * (Fortran `I8,1X,F13.8` in QE 6–7; older builds print a narrower time field) followed by
 * `rows` lines of 3 numbers, in the file's atomic units.
 */
export interface CpBlock {
  /** cp.x step counter from the header. */
  nfi: number;
  /** Time from the header (ps); NaN when the fixed-width field overflowed into asterisks. */
  time: number;
  /** 0-based run of the step counter in this file: it grows each time nfi fails to increase (an appended restart). */
  run: number;
  /** The nfi of the block before, when this block starts a new run. */
  resetFrom?: number;
  /** 1-based line of the header. */
  line: number;
  /** The numbers as written, flat `rows × 3`, row-major (atom-major for .pos/.vel/.for). */
  data: Float64Array;
}

/** What the rows of a block hold, for messages. */
const WHAT: Record<string, string> = {
  pos: 'x, y, z position (bohr)',
  vel: 'x, y, z velocity (bohr per a.u. of time)',
  for: 'x, y, z force (Ha/bohr)',
  cel: 'row of the cell matrix (bohr)',
};

/**
 * Parse a block header `nfi time`. The time field may be all asterisks (Fortran overflow,
 * from 100 ps with F11.8 or 10⁴ ps with F13.8), possibly glued to nfi: the time is then NaN.
 * Throws ParseError when the line is not a header.
 */
export function parseCpHeader(line: string, file: string, lineNo: number): { nfi: number; time: number } {
  const f = splitFields(line);
  let nfiText: string | undefined, timeText: string | undefined;
  if (f.length === 2) [nfiText, timeText] = f;
  else if (f.length === 1) {
    const m = /^([+-]?\d+)(\*+)$/.exec(f[0]!);
    if (m) [nfiText, timeText] = [m[1], m[2]];
  }
  if (nfiText === undefined || timeText === undefined || !/^[+-]?\d+$/.test(nfiText)) {
    throw new ParseError({ file, line: lineNo }, `a block header "nfi time(ps)" (an integer step and a time)${f.length === 3 ? ' — the block before may have more lines than expected' : ''}`, line.trim());
  }
  let time = NaN;
  if (!/^\*+$/.test(timeText)) {
    time = parseNumber(timeText);
    if (!Number.isFinite(time)) {
      throw new ParseError({ file, line: lineNo, column: line.indexOf(timeText) + 1 }, 'a time in ps (or asterisks) after the step number', timeText);
    }
  }
  return { nfi: Number(nfiText), time };
}

/** True when a line has the shape of a block header (≤ 2 fields, the first an integer). */
export function looksLikeHeader(line: string): boolean {
  const f = splitFields(line);
  return (f.length === 2 && /^[+-]?\d+$/.test(f[0]!)) || (f.length === 1 && /^[+-]?\d+\**$/.test(f[0]!));
}

/**
 * Streams the blocks of one cp.x trajectory file. Memory holds one chunk of text and one
 * block. A partial last block is dropped with a `W_TRUNCATED_FRAME` warning.
 */
export class CpBlockStream {
  private run = 0;
  private lastNfi: number | undefined;
  private readonly ctx: NumberContext;

  private constructor(
    private readonly r: LineReader,
    readonly kind: 'pos' | 'vel' | 'for' | 'cel',
    /** Lines per block after the header: nat, or 3 for .cel. */
    readonly rows: number,
    private readonly log: DiagnosticLog,
  ) {
    this.ctx = { file: r.path, line: 0, what: WHAT[kind]! };
  }

  /** Open `path` (plain or gzip). */
  static async open(path: string, kind: CpBlockStream['kind'], rows: number, log: DiagnosticLog): Promise<CpBlockStream> {
    return new CpBlockStream(await LineReader.open(path, log), kind, rows, log);
  }

  /** Path of the file. */
  get path(): string {
    return this.r.path;
  }

  /** Release the file. */
  close(): void {
    this.r.close();
  }

  /** Next whole block, or undefined at the end of the file. */
  async next(): Promise<CpBlock | undefined> {
    const r = this.r;
    const want = this.rows + 1;
    const avail = await r.ensure(want);
    if (avail < want) {
      this.dropPartial(avail);
      return undefined;
    }
    const headerText = r.shift()!;
    const line = r.lineNumber;
    const { nfi, time } = parseCpHeader(headerText, r.path, line);
    const data = new Float64Array(this.rows * 3);
    const ctx = this.ctx;
    for (let a = 0; a < this.rows; a++) {
      r.advance();
      // Parsed from the bytes; a line the fast path cannot take is decoded and checked as text.
      if (r.tryNumbers(data, 3 * a, 3, 0, true)) continue;
      const s = r.text();
      ctx.line = r.lineNumber;
      try {
        const end = parseNumbers(s, data, 3 * a, 3, ctx);
        if (end < s.length && s.slice(end).trim() !== '') {
          throw new ParseError({ file: r.path, line: ctx.line, column: end + 2 }, `exactly 3 numbers (${ctx.what})`, s.trim());
        }
      } catch (e) {
        // A file cut inside its last line leaves a short final row: that is truncation too.
        if (a === this.rows - 1 && e instanceof ParseError && (await r.ensure(1)) === 0) {
          this.warnTruncated(line, this.rows + 1);
          return undefined;
        }
        throw this.explain(e, s, a, line);
      }
    }
    const block: CpBlock = { nfi, time, run: this.run, line, data };
    if (this.lastNfi !== undefined && nfi <= this.lastNfi) {
      block.run = ++this.run;
      block.resetFrom = this.lastNfi;
    }
    this.lastNfi = nfi;
    return block;
  }

  // A short block makes the next header land where an atom line should be: say so plainly.
  private explain(e: unknown, s: string, row: number, headerLine: number): unknown {
    if (!(e instanceof ParseError)) return e;
    const unit = this.kind === 'cel' ? 'cell rows' : 'atom lines';
    if (looksLikeHeader(s)) {
      return new ParseError({ file: this.r.path, line: this.ctx.line }, `${this.rows} ${unit} after the header at line ${headerLine}, found a new header after ${row}`, s.trim());
    }
    const what = this.kind === 'cel' ? `cell row ${row + 1}` : `atom ${row + 1}`;
    return new ParseError({ file: e.file, line: e.line, column: e.column }, `${e.expected} of ${what}`, e.found);
  }

  private dropPartial(avail: number): void {
    const r = this.r;
    let kept = 0;
    const first = r.lineNumber + 1;
    for (let k = 0; k < avail; k++) if (r.shift()!.trim() !== '') kept++;
    if (kept > 0) this.warnTruncated(first, kept);
  }

  private warnTruncated(line: number, lines: number): void {
    const path = this.r.path;
    noteOnce(this.log, 'warning', 'W_TRUNCATED_FRAME', `${path}:${line}: the last block is incomplete; dropped its ${lines} line(s) and kept the whole blocks before it`, { file: path, line });
  }
}
