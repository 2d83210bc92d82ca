import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { PaddlewheelError } from '../../core/errors.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { ioError, isGzip, isGzipFile, readHead } from './files.js';
import { type NumberContext, parseNumbers, parseNumbersAscii } from './numbers.js';

export { ioError, isGzipFile, readHead } from './files.js';

/**
 * Longest line accepted (bytes of UTF-8). Longer lines are hostile or binary input: LineReader
 * throws E_PARSE naming the file and the line as soon as an unfinished line passes this, having
 * buffered at most this plus one chunk, so a file without newlines cannot exhaust memory.
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/**
 * The first `n` bytes of a file's text (after gunzip where it is compressed), decoded as
 * UTF-8, for sniffing. Reads only what it needs: one read of `n` bytes for a plain file, and
 * for a gzip file only as much compressed data as it takes to inflate `n` bytes.
 */
export async function readTextHead(path: string, n = 64 * 1024): Promise<string> {
  const head = await readHead(path, n);
  if (!isGzip(head)) return decodeHead(head, n, head.length === n);
  const r = await LineReader.open(path, undefined, Math.min(n, 64 * 1024));
  try {
    return await r.readRawHead(n);
  } finally {
    r.close();
  }
}

// UTF-8 text of the first ≤ n bytes of b, without a leading BOM (as TextDecoder drops it) and,
// when the text goes on after them, without a multi-byte character cut at the end.
function decodeHead(b: Buffer, n: number, more: boolean): string {
  let end = Math.min(n, b.length);
  if (more || end < b.length) {
    // Back up over a lead byte whose sequence does not fit (at most 3 continuation bytes follow one).
    for (let k = end - 1; k >= 0 && k >= end - 3; k--) {
      const c = b[k]!;
      if ((c & 0xc0) === 0x80) continue;
      const size = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      if (k + size > end) end = k;
      break;
    }
  }
  const start = end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  return b.toString('utf8', start, Math.max(start, end));
}

const EMPTY = Buffer.alloc(0);
// Offsets are kept in Int32Arrays; one buffer of text never needs to reach this.
const MAX_BUFFER = 0x7fffffff;

/**
 * Streaming line reader over a text file, transparently gunzipping `.gz` content (detected
 * from the magic bytes, not the name). Memory is bounded by one chunk plus the lines not yet
 * consumed. Line numbers are 1-based; `\r\n` and `\n` endings are both accepted.
 *
 * The text stays undecoded bytes: line ends are found with `Buffer.indexOf`, and only the
 * lines asked for as strings (`shift`, `next`, `text`) are decoded. Hot loops call
 * `ensure(n)` once (async), then per line `advance()` and `numbers()`/`tryNumbers()`, which
 * parse straight from the bytes, so an atom line never becomes a string unless it is bad.
 * A gzip stream that ends early is not an error here: a `W_TRUNCATED_GZIP` diagnostic is
 * logged (when a log is given) and the lines read so far are delivered, so the reader can
 * keep every whole frame.
 */
export class LineReader {
  /** 1-based number of the current line, the last one returned by `shift`/`next`/`advance` (0 before the first). */
  lineNumber = 0;
  readonly path: string;
  private data: Buffer = EMPTY;
  private len = 0; // bytes of `data` in use
  private head = 0; // start of the next unconsumed line
  private cs = 0; // current line: [cs, ce), its newline (and a CR before it) excluded
  private ce = 0;
  private tail = 0; // start of the incomplete line at the end of `data`
  private nls = new Int32Array(1024); // newline offsets of the unconsumed whole lines, queue [nlHead, nlTail)
  private nlHead = 0;
  private nlTail = 0;
  private started = false;
  private eof = false;
  private readonly it: AsyncIterator<Buffer>;
  private readonly stream: Readable;
  private readonly source: Readable;
  private readonly log?: DiagnosticLog;
  private failure: unknown;

  private constructor(path: string, stream: Readable, source: Readable, log?: DiagnosticLog) {
    this.path = path;
    this.stream = stream;
    this.source = source;
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.log = log;
    // The iterator listens for errors only from its first next(); a corrupt gzip stream can
    // fail before that (the file is piped into gunzip at once), and an 'error' event with no
    // listener would crash the process. Keep the error for the next read instead.
    stream.on('error', (e) => {
      this.failure ??= e;
    });
  }

  /** Open `path` for reading (read-only). */
  static async open(path: string, log?: DiagnosticLog, chunkSize = 1 << 20): Promise<LineReader> {
    const gz = await isGzipFile(path);
    const raw = createReadStream(path, { flags: 'r', highWaterMark: chunkSize });
    const stream = gz ? raw.pipe(createGunzip({ chunkSize: Math.max(chunkSize, 64 * 1024) })) : raw;
    if (gz) raw.on('error', (e) => stream.destroy(e));
    return new LineReader(path, stream, raw, log);
  }

  /** Stop reading and release the file. */
  close(): void {
    this.stream.destroy();
    // Destroying gunzip only unpipes the file stream, which would keep its descriptor open.
    if (this.source !== this.stream) this.source.destroy();
  }

  /** Lines buffered and not yet consumed. */
  get available(): number {
    return this.nlTail - this.nlHead;
  }

  /** Make at least `n` lines available unless the file ends first; returns how many are. */
  async ensure(n: number): Promise<number> {
    if (!this.started) await this.start();
    while (this.nlTail - this.nlHead < n && !this.eof) await this.fill();
    return this.nlTail - this.nlHead;
  }

  /**
   * Move to the next buffered line without decoding it (call `ensure` first); false when none
   * is buffered. The line can then be read with `numbers`, `tryNumbers`, `fieldEquals` or `text`.
   */
  advance(): boolean {
    if (this.nlHead === this.nlTail) return false;
    const nl = this.nls[this.nlHead++]!;
    const s = this.head;
    this.cs = s;
    this.ce = nl > s && this.data[nl - 1] === 13 ? nl - 1 : nl;
    this.head = nl + 1;
    this.lineNumber++;
    return true;
  }

  /** Next buffered line (call `ensure` first); undefined when none is buffered. */
  shift(): string | undefined {
    return this.advance() ? this.text() : undefined;
  }

  /** The current line (the last one returned or advanced to), decoded. */
  text(): string {
    return this.data.toString('utf8', this.cs, this.ce);
  }

  /**
   * Parse `count` numbers of the current line into `out[offset…]`, after `skipFields` fields:
   * exactly `parseNumbers(text(), …)`, including its ParseError (column counted in
   * characters), but read from the bytes unless the line is unusual. `ctx.line` must be set.
   */
  numbers(out: Float64Array | number[], offset: number, count: number, ctx: NumberContext, skipFields = 0): void {
    if (!parseNumbersAscii(this.data, this.cs, this.ce, out, offset, count, skipFields)) parseNumbers(this.text(), out, offset, count, ctx, skipFields);
  }

  /**
   * The fast half of `numbers`: true when the current line's bytes held the `count` numbers
   * (and, with `whole`, nothing but blanks after them), false when it cannot tell. On false the
   * caller parses `text()` with `parseNumbers`, which gives the value or the exact error.
   */
  tryNumbers(out: Float64Array | number[], offset: number, count: number, skipFields = 0, whole = false): boolean {
    return parseNumbersAscii(this.data, this.cs, this.ce, out, offset, count, skipFields, whole);
  }

  /**
   * True when field `k` (0-based; fields separated by spaces and tabs) of the current line
   * is exactly `s` (an ASCII string), compared as bytes without decoding the line.
   */
  fieldEquals(k: number, s: string): boolean {
    const b = this.data, e = this.ce;
    let i = this.cs;
    for (let f = 0; f < k; f++) {
      while (i < e && (b[i] === 32 || b[i] === 9)) i++;
      while (i < e && b[i] !== 32 && b[i] !== 9) i++;
    }
    while (i < e && (b[i] === 32 || b[i] === 9)) i++;
    const n = s.length;
    if (e - i < n) return false;
    for (let j = 0; j < n; j++) if (b[i + j] !== s.charCodeAt(j)) return false;
    return i + n === e || b[i + n] === 32 || b[i + n] === 9;
  }

  /** Next line without consuming it, or undefined at the end of the file. */
  async peek(): Promise<string | undefined> {
    if ((await this.ensure(1)) < 1) return undefined;
    const s = this.head, nl = this.nls[this.nlHead]!;
    return this.data.toString('utf8', s, nl > s && this.data[nl - 1] === 13 ? nl - 1 : nl);
  }

  /** Next line, or undefined at the end of the file. */
  async next(): Promise<string | undefined> {
    if ((await this.ensure(1)) < 1) return undefined;
    return this.shift();
  }

  /** Decoded text of the first `n` bytes (for sniffing; a BOM dropped); call before reading lines. */
  async readRawHead(n: number): Promise<string> {
    while (this.len < n && !this.eof) await this.fill();
    return decodeHead(this.data.subarray(0, this.len), n, !this.eof);
  }

  // A UTF-8 byte order mark is dropped, as TextDecoder does; it may arrive split over tiny chunks.
  private async start(): Promise<void> {
    while (this.len < 3 && !this.eof) await this.fill();
    this.started = true;
    const b = this.data;
    if (this.head === 0 && this.len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.head = this.cs = this.ce = 3;
  }

  private async readChunk(): Promise<Buffer | undefined> {
    let r: IteratorResult<Buffer>;
    try {
      // Once gunzip failed it is destroyed and its buffered output gone: the iterator would throw too.
      if (this.failure !== undefined) throw this.failure;
      r = await this.it.next();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? '')) {
        this.log?.warn('W_TRUNCATED_GZIP', `${this.path}: the gzip stream ends early; using the data before the cut`, { file: this.path });
        return undefined;
      }
      throw ioError(this.path, e);
    }
    return r.done ? undefined : r.value;
  }

  private async fill(): Promise<void> {
    const chunk = await this.readChunk();
    if (chunk === undefined) {
      this.eof = true;
      // A last line without a newline ends at the end of the data, as if one followed.
      if (this.tail < this.len) this.pushNewline(this.len);
      this.tail = this.len;
      return;
    }
    if (chunk.length === 0) return;
    this.append(chunk);
    const b = this.data.subarray(0, this.len);
    for (let i = b.indexOf(10, this.tail); i >= 0; i = b.indexOf(10, i + 1)) {
      this.pushNewline(i);
      this.tail = i + 1;
    }
    if (this.len - this.tail > MAX_LINE_LENGTH) {
      throw new PaddlewheelError('E_PARSE', `${this.path}:${this.lineNumber + this.available + 1}: line longer than ${MAX_LINE_LENGTH} characters; expected a text trajectory`);
    }
  }

  private pushNewline(at: number): void {
    if (this.nlTail === this.nls.length) {
      if (this.nlHead > 0) {
        this.nls.copyWithin(0, this.nlHead, this.nlTail);
        this.nlTail -= this.nlHead;
        this.nlHead = 0;
      }
      if (this.nlTail === this.nls.length) {
        const grown = new Int32Array(2 * this.nls.length);
        grown.set(this.nls);
        this.nls = grown;
      }
    }
    this.nls[this.nlTail++] = at;
  }

  // Append after dropping the consumed bytes before the current line (kept: it may still be read).
  private append(chunk: Buffer): void {
    if (this.len + chunk.length > this.data.length) {
      const keep = this.cs;
      const used = this.len - keep;
      const need = used + chunk.length;
      if (need > MAX_BUFFER) throw new PaddlewheelError('E_IO', `${this.path}: more than 2 GiB of text in one frame; expected a text trajectory`);
      if (need <= this.data.length) this.data.copyWithin(0, keep, this.len);
      else {
        const grown = Buffer.allocUnsafeSlow(Math.min(MAX_BUFFER, Math.max(need, 2 * used, 2 * chunk.length, 64 * 1024)));
        this.data.copy(grown, 0, keep, this.len);
        this.data = grown;
      }
      this.len = used;
      this.cs -= keep;
      this.ce -= keep;
      this.head -= keep;
      this.tail -= keep;
      for (let q = this.nlHead; q < this.nlTail; q++) this.nls[q] = this.nls[q]! - keep;
    }
    chunk.copy(this.data, this.len);
    this.len += chunk.length;
  }
}
