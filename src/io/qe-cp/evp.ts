import type { DiagnosticLog } from '../../core/diagnostics.js';
import { ParseError } from '../../core/errors.js';
import { LineReader } from '../text/lines.js';
import { parseNumbers, splitFields } from '../text/numbers.js';
import { noteOnce } from './diag.js';

/** One data row of a cp.x `.evp` file, in the file's units. */
export interface EvpRow {
  nfi: number;
  /** Time (ps); NaN when the file has no time column. */
  time: number;
  /** Ionic temperature Tion (K). */
  tion: number;
  /** Total energy etot (Ha). */
  etot: number;
  /** 0-based run of the step counter: grows when nfi fails to increase. */
  run: number;
  /** True when a `#` header line repeats right before this row while nfi keeps increasing (a restart that kept its counters). */
  headerRestart: boolean;
  /** 1-based line. */
  line: number;
}

/** Column positions; QE ≥ 6 writes `nfi time(ps) ekinc T_cell(K) Tion(K) etot …`. */
interface Columns {
  nfi: number;
  time: number;
  tion: number;
  etot: number;
}

const DEFAULT_COLUMNS: Columns = { nfi: 0, time: 1, tion: 4, etot: 5 };

/** Columns named by a `#` header line, or undefined when it does not name them. */
function columnsOf(header: string): Columns | undefined {
  const names = splitFields(header.replace(/^#+/, '')).map((s) => s.toLowerCase());
  const find = (...alts: string[]) => names.findIndex((n) => alts.includes(n));
  const c = { nfi: find('nfi'), time: find('time(ps)', 'tps(ps)'), tion: find('tion(k)', 'tempp', 'tempp(k)'), etot: find('etot') };
  return c.nfi === 0 && c.tion > 0 && c.etot > 0 ? c : undefined;
}

/**
 * Streams the rows of a cp.x `.evp` file (`#` lines are headers; a repeated header marks an
 * appended restart). Columns are located from the header when it names them. A short last
 * row (file cut mid-line) is dropped with a warning.
 */
export class EvpStream {
  private cols: Columns = DEFAULT_COLUMNS;
  private run = 0;
  private lastNfi: number | undefined;
  private headerPending = false;
  private sawHeader = false;
  private readonly buf = new Float64Array(16);

  private constructor(private readonly r: LineReader, private readonly log: DiagnosticLog) {}

  /** Open `path` (plain or gzip). */
  static async open(path: string, log: DiagnosticLog): Promise<EvpStream> {
    return new EvpStream(await LineReader.open(path, log), log);
  }

  /** Release the file. */
  close(): void {
    this.r.close();
  }

  /** Next data row, or undefined at the end of the file. */
  async next(): Promise<EvpRow | undefined> {
    const r = this.r;
    for (;;) {
      const s = await r.next();
      if (s === undefined) return undefined;
      const t = s.trim();
      if (t === '') continue;
      if (t.startsWith('#')) {
        this.cols = columnsOf(t) ?? this.cols;
        this.sawHeader = true;
        this.headerPending = this.lastNfi !== undefined;
        continue;
      }
      if (!this.sawHeader && this.lastNfi === undefined) {
        noteOnce(this.log, 'info', 'I_QE_EVP_COLUMNS', `${r.path}: no "#" header line; assuming QE ≥ 6 columns (nfi, time, ekinc, T_cell, Tion, etot, …)`, { file: r.path });
      }
      const width = Math.max(this.cols.nfi, this.cols.time, this.cols.tion, this.cols.etot) + 1;
      try {
        parseNumbers(s, this.buf, 0, width, { file: r.path, line: r.lineNumber, what: 'nfi, time, ekinc, T_cell, Tion, etot' });
      } catch (e) {
        if (e instanceof ParseError && (await r.peek()) === undefined) {
          noteOnce(this.log, 'warning', 'W_TRUNCATED_FRAME', `${r.path}:${r.lineNumber}: the last row is incomplete; dropped it`, { file: r.path, line: r.lineNumber });
          return undefined;
        }
        throw e;
      }
      const nfi = this.buf[this.cols.nfi]!;
      if (!Number.isInteger(nfi)) throw new ParseError({ file: r.path, line: r.lineNumber, column: 1 }, 'an integer step number nfi in the first column', splitFields(s)[0]);
      const reset = this.lastNfi !== undefined && nfi <= this.lastNfi;
      if (reset) this.run++;
      const row: EvpRow = {
        nfi,
        time: this.cols.time >= 0 ? this.buf[this.cols.time]! : NaN,
        tion: this.buf[this.cols.tion]!,
        etot: this.buf[this.cols.etot]!,
        run: this.run,
        headerRestart: this.headerPending && !reset,
        line: r.lineNumber,
      };
      this.headerPending = false;
      this.lastNfi = nfi;
      return row;
    }
  }
}
