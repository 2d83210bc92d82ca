import { ParseError } from '../../core/errors.js';
import { parseNumber } from '../text/numbers.js';

/** One value of a Fortran namelist entry: number, logical, string, or a list of them. */
export type NamelistScalar = number | boolean | string;
/** A namelist entry's value; several values after one `=` (e.g. `fnosep = 20 20`) make an array. */
export type NamelistValue = NamelistScalar | NamelistScalar[];

/** A parsed `&name … /` block: entries keyed by lower-case name (`celldm(1)` keeps its index). */
export interface Namelist {
  /** Lower-case namelist name without `&` (`control`, `system`, …). */
  name: string;
  /** 1-based line of the `&name` line. */
  line: number;
  entries: Record<string, NamelistValue>;
}

interface Token {
  text: string;
  quoted: boolean;
  line: number;
  column: number;
}

/**
 * Parse a Fortran namelist starting at `lines[start]` (the `&name` line) and ending at the
 * first `/` outside quotes. Accepts `!` comments, commas or blanks between entries, quoted
 * strings ('…' or "…"), Fortran logicals (`.true.`, `.f.`) and `D` exponents. Returns the
 * namelist and the index of the line after the closing `/`.
 */
export function parseNamelist(lines: string[], start: number, file: string): { namelist: Namelist; next: number } {
  const head = lines[start]!;
  const amp = head.indexOf('&');
  const nameMatch = /^&([A-Za-z_][A-Za-z0-9_]*)/.exec(head.slice(amp));
  if (!nameMatch) throw new ParseError({ file, line: start + 1, column: amp + 1 }, 'a namelist name after "&"', head.trim());
  const tokens: Token[] = [];
  let i = start;
  let col = amp + nameMatch[0].length;
  let closed = false;
  for (; i < lines.length && !closed; i++, col = 0) {
    closed = tokenizeLine(lines[i]!, col, i + 1, file, tokens);
  }
  if (!closed) throw new ParseError({ file, line: start + 1 }, `a "/" closing namelist &${nameMatch[1]}`, 'end of file');
  return { namelist: { name: nameMatch[1]!.toLowerCase(), line: start + 1, entries: groupEntries(tokens, file) }, next: i };
}

// Appends the tokens of one line; returns true when the namelist's closing "/" was found.
function tokenizeLine(s: string, from: number, line: number, file: string, out: Token[]): boolean {
  let i = from;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === ',' || c === '\r') {
      i++;
    } else if (c === '!') {
      return false;
    } else if (c === '/') {
      return true;
    } else if (c === '=') {
      out.push({ text: '=', quoted: false, line, column: i + 1 });
      i++;
    } else if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new ParseError({ file, line, column: i + 1 }, `a closing ${c} for the string`, s.slice(i));
      out.push({ text: s.slice(i + 1, end), quoted: true, line, column: i + 1 });
      i = end + 1;
    } else {
      const st = i;
      let depth = 0;
      while (i < n) {
        const d = s[i]!;
        if (d === '(') depth++;
        else if (d === ')') depth = Math.max(0, depth - 1);
        else if (depth === 0 && (d === ' ' || d === '\t' || d === ',' || d === '=' || d === '!' || d === '/' || d === '\r')) break;
        i++;
      }
      out.push({ text: s.slice(st, i).replace(/\s+/g, ''), quoted: false, line, column: st + 1 });
    }
  }
  return false;
}

function groupEntries(tokens: Token[], file: string): Record<string, NamelistValue> {
  const entries: Record<string, NamelistValue> = {};
  let k = 0;
  while (k < tokens.length) {
    const key = tokens[k]!;
    if (key.quoted || key.text === '=' || tokens[k + 1]?.text !== '=') {
      throw new ParseError({ file, line: key.line, column: key.column }, 'a "name = value" entry', key.text);
    }
    k += 2;
    const values: NamelistScalar[] = [];
    while (k < tokens.length && tokens[k]!.text !== '=' && !(tokens[k + 1]?.text === '=' && !tokens[k]!.quoted)) {
      values.push(toScalar(tokens[k]!));
      k++;
    }
    if (values.length === 0) throw new ParseError({ file, line: key.line, column: key.column }, `a value for ${key.text}`);
    entries[key.text.toLowerCase()] = values.length === 1 ? values[0]! : values;
  }
  return entries;
}

function toScalar(t: Token): NamelistScalar {
  if (t.quoted) return t.text;
  const low = t.text.toLowerCase();
  if (low === '.true.' || low === '.t.' || low === 'true' || low === 't') return true;
  if (low === '.false.' || low === '.f.' || low === 'false' || low === 'f') return false;
  const v = parseNumber(t.text);
  return Number.isFinite(v) ? v : t.text;
}
