import { ParseError } from '../../core/errors.js';
import type { LineReader } from '../text/lines.js';
import { parseNumber, parseNumbers } from '../text/numbers.js';

/**
 * Line-level reading of vasprun.xml. VASP writes one element per line (`<v> x y z </v>`,
 * `<i name="POTIM">  2.0</i>`, `<rc><c>Li</c><c>   1</c></rc>`, opening and closing tags
 * of blocks on their own lines), so the file is read as a stream of lines with no DOM and
 * no general XML parser; a file that departs from this layout is rejected with a ParseError
 * at the line where it does.
 */

/** Thrown (internally) when the file ends inside a block; readers turn it into W_TRUNCATED_FRAME. */
export class EndOfFile extends Error {
  constructor() {
    super('end of file');
  }
}

/** Name of the tag a line starts with (`calculation`, `/calculation`, `varray`, …), or '' when the line starts with none. */
export function tagName(line: string): string {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (line.charCodeAt(i) !== 60 /* < */) return '';
  let j = i + 1;
  while (j < line.length) {
    const c = line.charCodeAt(j);
    if (c === 32 || c === 62 /* > */ || c === 9 || (c === 47 /* / */ && j > i + 1)) break;
    j++;
  }
  return line.slice(i + 1, j);
}

/** Value of attribute `name` on the line (`name="forces"` → `forces`), or undefined. */
export function attr(line: string, name: string): string | undefined {
  const key = ` ${name}="`;
  const a = line.indexOf(key);
  if (a < 0) return undefined;
  const b = line.indexOf('"', a + key.length);
  return b < 0 ? undefined : line.slice(a + key.length, b);
}

/** Text between the first `>` and the next `<` (the content of `<i name="x"> 2.0 </i>`), trimmed. */
export function innerText(line: string): string {
  const a = line.indexOf('>');
  const b = line.indexOf('<', a + 1);
  return line.slice(a + 1, b < 0 ? line.length : b).trim();
}

/** Contents of the `<c>` cells of an `<rc>` row. */
export function rcCells(line: string): string[] {
  const out: string[] = [];
  let i = line.indexOf('<c>');
  while (i >= 0) {
    const j = line.indexOf('</c>', i + 3);
    if (j < 0) break;
    out.push(line.slice(i + 3, j).trim());
    i = line.indexOf('<c>', j + 4);
  }
  return out;
}

/** Next line; throws EndOfFile at the end. Awaits only when the buffer is empty. */
export async function nextLine(r: LineReader): Promise<string> {
  if (r.available < 1 && (await r.ensure(1)) < 1) throw new EndOfFile();
  return r.shift()!;
}

/** Error context whose message names the array row only when an error is thrown. */
export class RowContext {
  line = 0;
  row = 0;
  constructor(
    readonly file: string,
    public array: string,
  ) {}
  get what(): string {
    return `row ${this.row + 1} of <varray name="${this.array}">`;
  }
}

/**
 * Read the `rows` `<v>` lines of a varray whose opening line was just consumed, into
 * `out[3*k…]` (3 numbers per row), then its `</varray>`. Throws EndOfFile when the file
 * ends first, ParseError on anything else.
 */
export async function readVarray3(r: LineReader, rows: number, out: Float64Array, ctx: RowContext): Promise<void> {
  if (r.available < rows + 1 && (await r.ensure(rows + 1)) < rows + 1) {
    throw new EndOfFile();
  }
  for (let k = 0; k < rows; k++) {
    const line = r.shift()!;
    ctx.line = r.lineNumber;
    ctx.row = k;
    // Fast path for VASP's `<v>    x    y    z </v>`; the closing tag is simply not read.
    const lt = line.indexOf('<v');
    const gt = line.indexOf('>', lt);
    if (lt < 0 || gt < 0 || line.charCodeAt(lt + 2) !== 62 /* <v> */) {
      throw new ParseError({ file: ctx.file, line: ctx.line }, `<v> with 3 numbers (${ctx.what}; the structure has ${rows} rows)`, line);
    }
    const c = line.charCodeAt(gt + 1);
    if (c === 32 || c === 9) parseNumbers(line, out, 3 * k, 3, ctx, 1);
    else parseNumbers(line.slice(gt + 1).replace('</v>', ' '), out, 3 * k, 3, ctx);
  }
  const close = r.shift()!;
  if (tagName(close) !== '/varray') {
    throw new ParseError({ file: ctx.file, line: r.lineNumber }, `</varray> after ${rows} rows of <varray name="${ctx.array}"> (one per atom)`, close);
  }
}

/** Skip lines up to and including the closing tag `</name>`. Throws EndOfFile when it never comes. */
export async function skipTo(r: LineReader, name: string): Promise<void> {
  const close = `/${name}`;
  for (;;) if (tagName(await nextLine(r)) === close) return;
}

/** Parse the number inside `<i name="…"> x </i>`; ParseError (with line) when it is not a finite number. */
export function iNumber(line: string, file: string, lineNo: number): number {
  const t = innerText(line);
  const v = parseNumber(t);
  if (!Number.isFinite(v)) throw new ParseError({ file, line: lineNo }, `a number in <i name="${attr(line, 'name') ?? ''}">`, t);
  return v;
}
