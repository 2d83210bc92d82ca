/**
 * Typed errors with stable codes. Scripts and tests match on `code`, never on the message.
 *
 * Codes in use (add, never rename):
 * - `E_USAGE`        bad command-line usage or parameter (exit code 2)
 * - `E_PARSE`        malformed input file (carries file, line, column)
 * - `E_FORMAT`       format not recognised / unsupported variant
 * - `E_IO`           file missing or unreadable, corrupt compression
 * - `E_TOPOLOGY`     atoms/species inconsistent between files or with options
 * - `E_SELECTION`    a selection (cation, anion, group) matched nothing
 * - `E_NO_TIME`      an analysis needs the frame spacing and none is known
 * - `E_INTERNAL`     a bug
 * - `E_ENGINE`       an external engine (cp.x, pw.x, mpirun) is missing or failed
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_PARSE'
  | 'E_FORMAT'
  | 'E_IO'
  | 'E_TOPOLOGY'
  | 'E_SELECTION'
  | 'E_NO_TIME'
  | 'E_INTERNAL'
  | 'E_ENGINE';

/** Base class of every error paddlewheel throws on purpose. */
export class PaddlewheelError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'PaddlewheelError';
    this.code = code;
  }
  /** Plain-data form for JSON output. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message };
  }
}

/** Bad usage: wrong flag value, missing option. The CLI exits with code 2. */
export class UsageError extends PaddlewheelError {
  constructor(message: string) {
    super('E_USAGE', message);
    this.name = 'UsageError';
  }
}

/** Where in a file a problem sits. `line` and `column` are 1-based. */
export interface FileLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A malformed input file. The message always names the file, the line (and column where
 * useful) and what was expected, e.g.
 * `traj.xyz:12:7: expected a number for the x coordinate of atom 3, found "1.2.3"`.
 */
export class ParseError extends PaddlewheelError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly expected: string;
  readonly found?: string;
  constructor(loc: FileLocation, expected: string, found?: string, code: ErrorCode = 'E_PARSE') {
    const where = [loc.file, loc.line, loc.column].filter((x) => x !== undefined).join(':');
    const got = found === undefined ? '' : `, found ${JSON.stringify(truncate(found, 80))}`;
    super(code, `${where}: expected ${expected}${got}`);
    this.name = 'ParseError';
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.expected = expected;
    this.found = found;
  }
  override toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, file: this.file, line: this.line, column: this.column };
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** True when `e` is one of ours (as opposed to a bug or a Node error). */
export function isPaddlewheelError(e: unknown): e is PaddlewheelError {
  return e instanceof PaddlewheelError;
}
