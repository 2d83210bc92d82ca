import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { PaddlewheelError } from '../../core/errors.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';

/** Longest line accepted (characters). Longer lines are hostile or binary input. */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** True when the first bytes are the gzip magic number. */
export async function isGzipFile(path: string): Promise<boolean> {
  const head = await readHead(path, 2);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** First `n` bytes of a file (fewer when it is shorter). Throws E_IO when it cannot be read. */
export async function readHead(path: string, n: number): Promise<Buffer> {
  let fh;
  try {
    fh = await openFile(path, 'r');
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw ioError(path, e);
  } finally {
    await fh?.close();
  }
}

/** First `n` bytes of a file after gunzip where it is compressed, decoded as UTF-8 (for sniffing). */
export async function readTextHead(path: string, n = 64 * 1024): Promise<string> {
  const r = await LineReader.open(path);
  try {
    return await r.readRawHead(n);
  } finally {
    r.close();
  }
}

/** Wrap a Node error from opening/reading `path` as a typed E_IO error. */
export function ioError(path: string, e: unknown): PaddlewheelError {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return new PaddlewheelError('E_IO', `${path}: no such file`);
  if (err?.code === 'EISDIR') return new PaddlewheelError('E_IO', `${path}: is a directory, expected a trajectory file`);
  if (err?.code === 'EACCES') return new PaddlewheelError('E_IO', `${path}: permission denied`);
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
    return new PaddlewheelError('E_IO', `${path}: corrupt gzip data (${err.message})`);
  }
  return new PaddlewheelError('E_IO', `${path}: cannot read (${err?.message ?? String(e)})`);
}

/**
 * Streaming line reader over a text file, transparently gunzipping `.gz` content (detected
 * from the magic bytes, not the name). Memory is bounded by one chunk plus the lines not yet
 * consumed. Line numbers are 1-based; `\r\n` and `\n` endings are both accepted.
 *
 * Hot loops call `ensure(n)` once (async) and then `shift()` n times (sync), which avoids an
 * await per line. A gzip stream that ends early is not an error here: a `W_TRUNCATED_GZIP`
 * diagnostic is logged (when a log is given) and the lines read so far are delivered, so the
 * reader can keep every whole frame.
 */
export class LineReader {
  /** 1-based number of the last line returned by `shift`/`next` (0 before the first). */
  lineNumber = 0;
  readonly path: string;
  private buf: string[] = [];
  private pos = 0;
  private partial = '';
  private eof = false;
  private readonly it: AsyncIterator<Buffer>;
  private readonly stream: Readable;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly log?: DiagnosticLog;

  private constructor(path: string, stream: Readable, log?: DiagnosticLog) {
    this.path = path;
    this.stream = stream;
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.log = log;
  }

  /** Open `path` for reading (read-only). */
  static async open(path: string, log?: DiagnosticLog, chunkSize = 1 << 20): Promise<LineReader> {
    const gz = await isGzipFile(path);
    const raw = createReadStream(path, { flags: 'r', highWaterMark: chunkSize });
    const stream = gz ? raw.pipe(createGunzip({ chunkSize: Math.max(chunkSize, 64 * 1024) })) : raw;
    if (gz) raw.on('error', (e) => stream.destroy(e));
    return new LineReader(path, stream, log);
  }

  /** Stop reading and release the file. */
  close(): void {
    this.stream.destroy();
  }

  /** Lines buffered and not yet consumed. */
  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Make at least `n` lines available unless the file ends first; returns how many are. */
  async ensure(n: number): Promise<number> {
    while (this.buf.length - this.pos < n && !this.eof) await this.fill();
    return this.buf.length - this.pos;
  }

  /** Next buffered line (call `ensure` first); undefined when none is buffered. */
  shift(): string | undefined {
    if (this.pos >= this.buf.length) return undefined;
    this.lineNumber++;
    return this.buf[this.pos++];
  }

  /** Next line without consuming it, or undefined at the end of the file. */
  async peek(): Promise<string | undefined> {
    if ((await this.ensure(1)) < 1) return undefined;
    return this.buf[this.pos];
  }

  /** Next line, or undefined at the end of the file. */
  async next(): Promise<string | undefined> {
    if ((await this.ensure(1)) < 1) return undefined;
    return this.shift();
  }

  /** Raw decoded text of the first `n` characters (for sniffing); does not consume lines. */
  async readRawHead(n: number): Promise<string> {
    let text = '';
    while (text.length < n) {
      const r = await this.readChunk();
      if (r === undefined) break;
      text += r;
    }
    return text.slice(0, n);
  }

  private async readChunk(): Promise<string | undefined> {
    let r: IteratorResult<Buffer>;
    try {
      r = await this.it.next();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? '')) {
        this.log?.warn('W_TRUNCATED_GZIP', `${this.path}: the gzip stream ends early; using the data before the cut`, { file: this.path });
        return undefined;
      }
      throw ioError(this.path, e);
    }
    if (r.done) return undefined;
    return this.decoder.decode(r.value, { stream: true });
  }

  private async fill(): Promise<void> {
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    const text = await this.readChunk();
    if (text === undefined) {
      this.eof = true;
      const tail = this.partial + this.decoder.decode();
      this.partial = '';
      if (tail.length > 0) this.buf.push(stripCR(tail));
      return;
    }
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    if (this.partial.length > MAX_LINE_LENGTH) {
      throw new PaddlewheelError('E_PARSE', `${this.path}:${this.lineNumber + this.available + parts.length + 1}: line longer than ${MAX_LINE_LENGTH} characters; expected a text trajectory`);
    }
    for (const p of parts) this.buf.push(stripCR(p));
  }
}

function stripCR(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}
