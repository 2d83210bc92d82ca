/**
 * Minimal NumPy `.npy` (format 1.0) writer for the analysis benchmark's peer inputs: a
 * little-endian float64 C-order array of the given shape. Written to a temporary name and
 * renamed, so an interrupted run never leaves a short file that a later run would reuse.
 */
import { rename, writeFile } from 'node:fs/promises';

/** Write `data` (length = product of `shape`) as `<f8` C-order .npy at `path`. */
export async function writeNpy(path: string, data: Float64Array, shape: readonly number[]): Promise<void> {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new RangeError(`writeNpy: shape ${shape.join('×')} holds ${n} values, got ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${dims}), }`;
  // Magic (6) + version (2) + header length (2) + header + '\n' must be a multiple of 64.
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = `${header}${' '.repeat(pad % 64)}\n`;
  const head = Buffer.alloc(10 + header.length);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  head.write(header, 10, 'latin1');
  // Float64Array is little-endian on every platform Node runs on here (x86-64, arm64).
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await writeFile(`${path}.tmp`, Buffer.concat([head, body]));
  await rename(`${path}.tmp`, path);
}
