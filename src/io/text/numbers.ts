import { ParseError } from '../../core/errors.js';

/**
 * Fast, strict number parsing for text trajectories.
 *
 * `parseNumbers` scans whitespace-separated fields of a line and parses them without making
 * substrings on the fast path: decimal mantissas of ≤ 15 significant digits with a decimal
 * exponent |e| ≤ 22 are converted by one exact multiplication or division (Clinger's fast
 * path), which is correctly rounded; anything else falls back to `Number()`. Fortran `D`
 * exponents (`1.0D-03`) are accepted. Non-numeric fields throw a ParseError naming the
 * column; non-finite values (`NaN`, `Infinity`, `1e999`) are rejected too.
 *
 * `parseNumbersAscii` is its byte-level twin for the readers' hot loops (via LineReader): it
 * reads undecoded lines and defers to `parseNumbers` for anything it cannot take, so both
 * always agree (numbers.test.ts checks that on random lines).
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Context for error messages: which file, which line, and what the fields mean. */
export interface NumberContext {
  file: string;
  line: number;
  /** What the numbers are, for the message: e.g. "the x, y, z position of atom 7". */
  what: string;
}

/**
 * Parse `count` numbers from `line`, starting at the field with index `skipFields`
 * (0-based; fields are whitespace-separated), into `out[offset…]`. Throws ParseError when
 * there are fewer fields or a field is not a finite number. Returns the character index after
 * the last field read.
 */
export function parseNumbers(line: string, out: Float64Array | number[], offset: number, count: number, ctx: NumberContext, skipFields = 0): number {
  let i = 0;
  const n = line.length;
  for (let f = 0; f < skipFields; f++) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) throw new ParseError({ file: ctx.file, line: ctx.line }, `${count} numbers (${ctx.what}) after ${skipFields} fields`, line);
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
  }
  for (let k = 0; k < count; k++) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) {
      throw new ParseError({ file: ctx.file, line: ctx.line, column: i + 1 }, `${count} numbers (${ctx.what}), found only ${k}`, line);
    }
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    const v = parseField(line, start, i);
    if (!Number.isFinite(v)) {
      throw new ParseError({ file: ctx.file, line: ctx.line, column: start + 1 }, `a finite number (${ctx.what})`, line.slice(start, i));
    }
    out[offset + k] = v;
  }
  return i;
}

/** Parse one whole string as a finite number, or return NaN. Accepts Fortran `D` exponents. */
export function parseNumber(s: string): number {
  const t = s.trim();
  if (t.length === 0) return NaN;
  const v = parseField(t, 0, t.length);
  // `1e400` overflows to Infinity: not a finite number, as promised (callers test for NaN or finiteness).
  return Number.isFinite(v) ? v : NaN;
}

/** Whitespace-separated fields of a line (no empty fields). */
export function splitFields(line: string): string[] {
  const t = line.trim();
  return t.length === 0 ? [] : t.split(/\s+/);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;
}

/** Parse line[start, end) as a number; NaN when it is not one. */
function parseField(s: string, start: number, end: number): number {
  let i = start;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 /* - */ || c === 43 /* + */) {
    neg = c === 45;
    i++;
  }
  // Integer and fraction digits accumulate into one integer mantissa; it stays exact while
  // it is below 2^53, which the fast path checks once at the end.
  let mant = 0;
  const intStart = i;
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
  }
  let digits = i - intStart;
  let fracDigits = 0;
  if (i < end && s.charCodeAt(i) === 46 /* . */) {
    i++;
    const fracStart = i;
    for (; i < end; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
    }
    fracDigits = i - fracStart;
    digits += fracDigits;
  }
  if (digits === 0) return NaN;
  let exp = 0;
  if (i < end) {
    c = s.charCodeAt(i);
    if (c !== 101 && c !== 69 && c !== 100 && c !== 68) return NaN; // e E d D
    i++;
    let eneg = false;
    c = s.charCodeAt(i);
    if (c === 45 || c === 43) {
      eneg = c === 45;
      i++;
    }
    const expStart = i;
    for (; i < end; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      exp = exp * 10 + d;
    }
    if (i === expStart) return NaN;
    if (exp > 100000) return slow(s, start, end);
    if (eneg) exp = -exp;
  }
  if (mant >= 9007199254740992) return slow(s, start, end);
  const e10 = exp - fracDigits;
  let v: number;
  if (e10 === 0) v = mant;
  else if (e10 > 0 && e10 <= 22) v = mant * POW10[e10]!;
  else if (e10 < 0 && e10 >= -22) v = mant / POW10[-e10]!;
  else return slow(s, start, end);
  return neg ? -v : v;
}

/**
 * Byte-level twin of `parseNumbers` for the hot loops of the text readers: reads `count`
 * numbers from the ASCII bytes `b[start, end)` (one line, without its newline), after
 * skipping `skipFields` fields, into `out[offset…]`. It never throws and never decides that a
 * line is bad: it returns true only when it read every number, with the value `parseNumbers`
 * would give for the decoded line (same grammar and the same Clinger arithmetic; longer
 * mantissas and large exponents go through the same `Number()` fallback), and false for
 * anything else: a missing or malformed field, a non-finite value, or a non-ASCII byte.
 * The caller then parses the decoded line with `parseNumbers`, which throws the ParseError
 * with the exact column or handles the rare forms. With `whole`, the rest of the line after
 * the last number must be blank too (ASCII whitespace only).
 */
export function parseNumbersAscii(b: Uint8Array, start: number, end: number, out: Float64Array | number[], offset: number, count: number, skipFields = 0, whole = false): boolean {
  let i = start;
  for (let f = 0; f < skipFields; f++) {
    while (i < end && isSpaceByte(b[i]!)) i++;
    if (i >= end) return false;
    while (i < end && !isSpaceByte(b[i]!)) i++;
  }
  for (let k = 0; k < count; k++) {
    while (i < end && isSpaceByte(b[i]!)) i++;
    if (i >= end) return false;
    const fieldStart = i;
    let c = b[i]!;
    let neg = false;
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let mant = 0;
    const intStart = i;
    while (i < end) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      i++;
    }
    let digits = i - intStart;
    let fracDigits = 0;
    if (i < end && b[i] === 46) {
      const fracStart = ++i;
      while (i < end) {
        const d = b[i]! - 48;
        if (d < 0 || d > 9) break;
        mant = mant * 10 + d;
        i++;
      }
      fracDigits = i - fracStart;
      digits += fracDigits;
    }
    if (digits === 0) return false;
    let exp = 0;
    if (i < end && !isSpaceByte(b[i]!)) {
      c = b[i]!;
      if (c !== 101 && c !== 69 && c !== 100 && c !== 68) return false;
      i++;
      let eneg = false;
      if (i < end && (b[i] === 45 || b[i] === 43)) eneg = b[i++] === 45;
      const expStart = i;
      while (i < end) {
        const d = b[i]! - 48;
        if (d < 0 || d > 9) break;
        if (exp < 100000) exp = exp * 10 + d;
        i++;
      }
      if (i === expStart || (i < end && !isSpaceByte(b[i]!))) return false;
      if (eneg) exp = -exp;
    }
    const e10 = exp - fracDigits;
    let v: number;
    if (mant >= 9007199254740992 || e10 > 22 || e10 < -22) {
      v = slowAscii(b, fieldStart, i);
      if (!Number.isFinite(v)) return false;
      out[offset + k] = v;
      continue;
    }
    if (e10 === 0) v = mant;
    else if (e10 > 0) v = mant * POW10[e10]!;
    else v = mant / POW10[-e10]!;
    out[offset + k] = neg ? -v : v;
  }
  if (whole) {
    while (i < end && isSpaceByte(b[i]!)) i++;
    return i >= end;
  }
  return true;
}

// Not 10: a line never contains its newline.
function isSpaceByte(c: number): boolean {
  return c === 32 || (c <= 13 && c >= 9);
}

// A field already checked against the number grammar, so it is ASCII and the bytes are its characters.
function slowAscii(b: Uint8Array, start: number, end: number): number {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return slow(s, 0, s.length);
}

function slow(s: string, start: number, end: number): number {
  const t = s.slice(start, end).replace(/[dD]/, 'e');
  // Number() accepts hex, binary, "Infinity" and empty strings; a trajectory does not.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}
