import { resolve } from 'node:path';
import { PaddlewheelError } from '../../core/errors.js';

/**
 * Thin layer over h5wasm's Node build (HDF5 compiled to WebAssembly; files are read from the
 * host filesystem through Emscripten's NODERAWFS, so only the slices asked for are read).
 * The module (a few MB of wasm) is loaded on first use only.
 */
export type H5 = typeof import('h5wasm/node').default;
/** An h5wasm file. */
export type H5File = import('h5wasm/node').File;
/** An h5wasm group. */
export type H5Group = import('h5wasm/node').Group;
/** An h5wasm dataset. */
export type H5Dataset = import('h5wasm/node').Dataset;

let loaded: Promise<H5> | undefined;

/** The h5wasm module, ready, with HDF5 errors turned into exceptions instead of stderr dumps. */
export function loadH5(): Promise<H5> {
  loaded ??= (async () => {
    const h5 = (await import('h5wasm/node')).default;
    const module = await h5.ready;
    module.activate_throwing_error_handler();
    return h5;
  })();
  return loaded;
}

/** Open an HDF5 file (`r` or `w`); failures become E_IO with the last line of HDF5's error stack. */
export async function openH5(path: string, mode: 'r' | 'w'): Promise<H5File> {
  const h5 = await loadH5();
  try {
    const f = new h5.File(resolve(path), mode);
    if (f.file_id < 0n) throw new Error('cannot open file');
    return f;
  } catch (e) {
    throw h5Error(path, e);
  }
}

/** Wrap an h5wasm/HDF5 failure as a typed error; keeps our own errors as they are. */
export function h5Error(path: string, e: unknown): PaddlewheelError {
  if (e instanceof PaddlewheelError) return e;
  const text = String((e as Error)?.message ?? e);
  const minor = [...text.matchAll(/minor: (.*)/g)].map((m) => m[1]!.trim());
  const detail = minor.length > 0 ? minor[minor.length - 1] : text.split('\n').filter((l) => l.trim())[0] ?? 'unknown error';
  return new PaddlewheelError('E_IO', `${path}: HDF5 error (${detail})`);
}

/** The dataset at `path` under `g`, or undefined when absent or not a dataset. */
export function dataset(h5: H5, g: H5Group, path: string): H5Dataset | undefined {
  const x = has(g, path) ? g.get(path) : null;
  return x instanceof h5.Dataset ? x : undefined;
}

/** The group at `path` under `g`, or undefined when absent or not a group. */
export function group(h5: H5, g: H5Group, path: string): H5Group | undefined {
  const x = has(g, path) ? g.get(path) : null;
  return x instanceof h5.Group ? x : undefined;
}

// Walk the path with keys() so that a missing link never reaches HDF5's error handler.
function has(g: H5Group, path: string): boolean {
  let cur: H5Group = g;
  const parts = path.split('/').filter((p) => p.length > 0);
  for (let i = 0; i < parts.length; i++) {
    if (!cur.keys().includes(parts[i]!)) return false;
    if (i === parts.length - 1) return true;
    const next = cur.get(parts[i]!);
    if (!next || !('keys' in next) || typeof next.keys !== 'function') return false;
    cur = next as H5Group;
  }
  return true;
}

/** An attribute's value as a plain JS value, or undefined when absent. */
export function attr(obj: { attrs: Record<string, { value: unknown }> }, name: string): unknown {
  const a = obj.attrs[name];
  return a === undefined ? undefined : a.value;
}

/** Numbers of a typed array (bigint elements converted) as a Float64Array. */
export function toFloat64(v: unknown): Float64Array {
  if (v instanceof Float64Array) return v;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, (x) => Number(x));
  if (ArrayBuffer.isView(v)) return Float64Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return Float64Array.from(v.map(Number));
  if (typeof v === 'number' || typeof v === 'bigint') return Float64Array.of(Number(v));
  return new Float64Array(0);
}
