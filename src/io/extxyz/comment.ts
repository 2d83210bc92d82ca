import { ParseError } from '../../core/errors.js';
import { parseNumber } from '../text/numbers.js';

/** Where a comment line sits, for error messages. */
export interface CommentLocation {
  file: string;
  /** 1-based line number of the comment line. */
  line: number;
}

/** One `key=value` pair of an extended-XYZ comment line, value unquoted. */
export interface CommentEntry {
  /** The key as written (case kept). */
  key: string;
  /** The value with its quotes removed and `\x` escapes resolved; `T` for a bare key. */
  value: string;
  /** 1-based column of the value's first character (of the key for a bare key). */
  column: number;
}

// ASE accepts these as quote pairs; `{}` and `[]` ease shell use.
const CLOSER: Record<string, string> = { '"': '"', "'": "'", '{': '}', '[': ']' };

/**
 * Parse an extended-XYZ comment line (ASE conventions) into its `key=value` pairs, keyed by
 * the lower-cased key so that `Lattice`, `lattice` and `LATTICE` are one key (the last one
 * written wins, as in ASE). Values may be quoted with `"…"`, `'…'`, `{…}` or `[…]` and then
 * contain spaces; `\` escapes the next character; spaces around `=` are accepted; a bare key
 * means `key=T`. An unterminated quote is a ParseError at its column.
 */
export function parseComment(text: string, loc: CommentLocation): Map<string, CommentEntry> {
  const out = new Map<string, CommentEntry>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const keyCol = i + 1;
    const k = readToken(text, i, loc, true);
    i = k.end;
    let j = i;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    if (j < n && text[j] === '=') {
      j++;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      if (j >= n) {
        out.set(k.text.toLowerCase(), { key: k.text, value: '', column: j + 1 });
        break;
      }
      const v = readToken(text, j, loc, false);
      out.set(k.text.toLowerCase(), { key: k.text, value: v.text, column: j + 1 });
      i = v.end;
    } else {
      if (k.text.length > 0) out.set(k.text.toLowerCase(), { key: k.text, value: 'T', column: keyCol });
    }
  }
  return out;
}

/** Read one key (stops at `=` too) or value starting at `start`; quoted or bare. */
function readToken(text: string, start: number, loc: CommentLocation, isKey: boolean): { text: string; end: number } {
  const n = text.length;
  const closer = CLOSER[text[start]!];
  let s = '';
  let i = start;
  if (closer !== undefined) {
    i++;
    for (;;) {
      if (i >= n) throw new ParseError({ ...loc, column: start + 1 }, `a closing ${closer} for the value opened here`, text.slice(start));
      const c = text[i]!;
      if (c === '\\' && i + 1 < n) {
        s += text[i + 1];
        i += 2;
      } else if (c === closer) {
        return { text: s, end: i + 1 };
      } else {
        s += c;
        i++;
      }
    }
  }
  while (i < n) {
    const c = text[i]!;
    if (isBlank(c.charCodeAt(0)) || (isKey && c === '=')) break;
    if (c === '\\' && i + 1 < n) {
      s += text[i + 1];
      i += 2;
      continue;
    }
    s += c;
    i++;
  }
  return { text: s, end: i };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * The numbers of a comment value (`"1 2 3"`, also comma-separated). Throws ParseError at
 * the value's column when a field is not a finite number or the count is not one of
 * `counts` (when given). `what` names the key for the message.
 */
export function entryNumbers(e: CommentEntry, loc: CommentLocation, what: string, counts?: number[]): number[] {
  const parts = e.value.split(/[\s,]+/).filter((p) => p.length > 0);
  if (counts && !counts.includes(parts.length)) {
    throw new ParseError({ ...loc, column: e.column }, `${counts.join(' or ')} numbers for ${what}`, e.value);
  }
  return parts.map((p) => {
    const v = parseNumber(p);
    if (!Number.isFinite(v)) throw new ParseError({ ...loc, column: e.column }, `a finite number in ${what}`, p);
    return v;
  });
}

const BOOL: Record<string, boolean> = { T: true, F: false, True: true, False: false, true: true, false: false, TRUE: true, FALSE: false };

/**
 * Booleans of a comment value such as `pbc="T T F"` (ASE's spellings: T/F, True/False,
 * true/false, TRUE/FALSE). Throws ParseError at the value's column otherwise.
 */
export function entryBooleans(e: CommentEntry, loc: CommentLocation, what: string): boolean[] {
  const parts = e.value.split(/[\s,]+/).filter((p) => p.length > 0);
  return parts.map((p) => {
    const b = BOOL[p];
    if (b === undefined) throw new ParseError({ ...loc, column: e.column }, `T or F in ${what}`, p);
    return b;
  });
}
