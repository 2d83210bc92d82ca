import { open as openFile, stat } from 'node:fs/promises';
import { PaddlewheelError } from '../../core/errors.js';

/** True when the first bytes are the gzip magic number. */
export async function isGzipFile(path: string): Promise<boolean> {
  return isGzip(await readHead(path, 2));
}

/** True when `head` starts with the gzip magic number. */
export const isGzip = (head: Uint8Array): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

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
 * Deflate's largest compression ratio (RFC 1951: a 258-byte match costs at least 2 bits, so
 * output grows at most ~1032× the input): no gzip file inflates to more than this times its size.
 */
export const MAX_GZIP_RATIO = 1032;

/**
 * The most atoms a text trajectory at `path` can hold, when every atom takes a line of at
 * least `minBytesPerAtom` bytes (its newline included): the file's size divided by that, and
 * for a gzip file its size × {@link MAX_GZIP_RATIO} divided by that. A header claiming more
 * atoms lies (a corrupt or hostile count), and is rejected before anything is allocated for
 * them. Throws E_IO when the file cannot be read.
 */
export async function maxAtomsIn(path: string, minBytesPerAtom: number): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw ioError(path, e);
  }
  const text = (await isGzipFile(path)) ? size * MAX_GZIP_RATIO : size;
  return Math.floor(text / minBytesPerAtom);
}
