/**
 * Exact JSON encoding of analysis states (and of the context they are finalized with), so a
 * state can leave the process — a batch job's partial file (`analyze --partial`), later
 * merged by `paddlewheel merge` — and come back bit for bit.
 *
 * Encoding (decode(encode(x)) equals x bit for bit):
 * - finite numbers other than −0, strings, booleans and null: as themselves;
 * - NaN, ±Infinity and −0: `{"$": "num", "v": "NaN" | "Infinity" | "-Infinity" | "-0"}`;
 * - `undefined` (an object key that is present but undefined, an array hole):
 *   `{"$": "undef"}`, so `'k' in state` survives;
 * - typed arrays: `{"$": "f64" | "f32" | "i32" | "u32" | "i16" | "u16" | "i8" | "u8" | "u8c",
 *   "b64": …}`, the elements' bytes little-endian in base64 (NaN payloads kept);
 * - Map: `{"$": "map", "v": [[key, value], …]}`; Set: `{"$": "set", "v": [value, …]}`;
 * - arrays as arrays; plain objects (prototype Object.prototype or null) as objects, except
 *   that an object with an own key `$` is wrapped as `{"$": "obj", "v": {…}}` so it cannot be
 *   mistaken for a tag.
 * Anything else (functions, class instances, bigint, symbols, cycles) is refused with a
 * {@link StateCodecError}: a state is plain data by contract (src/analysis/types.ts).
 * Shared references are not preserved (each occurrence is encoded on its own), which plain
 * sufficient statistics never need.
 */
import { endianness } from 'node:os';
import { PaddlewheelError, type ErrorCode } from '../core/errors.js';

/** A value that cannot be encoded (E_INTERNAL: a state that is not plain data) or decoded (E_FORMAT: a damaged file). */
export class StateCodecError extends PaddlewheelError {
  /** Where in the value, e.g. `$.tracked.series[3]`. */
  readonly path: string;
  constructor(code: ErrorCode, path: string, message: string) {
    super(code, `${path}: ${message}`);
    this.name = 'StateCodecError';
    this.path = path;
  }
}

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;
type TypedCtor = { new (n: number): TypedArray; BYTES_PER_ELEMENT: number; name: string };

const TYPED: Record<string, TypedCtor> = {
  f64: Float64Array, f32: Float32Array, i32: Int32Array, u32: Uint32Array, i16: Int16Array, u16: Uint16Array, i8: Int8Array, u8: Uint8Array, u8c: Uint8ClampedArray,
};
const TAG_OF = new Map<unknown, string>(Object.entries(TYPED).map(([tag, ctor]) => [ctor, tag]));
const BIG_ENDIAN = endianness() === 'BE';

/** Encode a state (or any plain value) as JSON-safe data; see the module comment for the format. */
export function encodeState(value: unknown): unknown {
  return enc(value, '$', new Set());
}

/** Inverse of {@link encodeState}. Throws StateCodecError (E_FORMAT) on data it did not write. */
export function decodeState(data: unknown): unknown {
  return dec(data, '$');
}

function enc(v: unknown, path: string, stack: Set<object>): unknown {
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return { $: 'num', v: 'NaN' };
      if (v === Infinity) return { $: 'num', v: 'Infinity' };
      if (v === -Infinity) return { $: 'num', v: '-Infinity' };
      if (Object.is(v, -0)) return { $: 'num', v: '-0' };
      return v;
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return { $: 'undef' };
    case 'object':
      break;
    default:
      throw new StateCodecError('E_INTERNAL', path, `a ${typeof v} cannot be stored in a partial file (states must be plain data)`);
  }
  if (v === null) return null;
  if (ArrayBuffer.isView(v)) return encTyped(v, path);
  if (stack.has(v)) throw new StateCodecError('E_INTERNAL', path, 'the value refers to itself (a cycle); states must be trees of plain data');
  stack.add(v);
  try {
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = enc(v[i], `${path}[${i}]`, stack);
      return out;
    }
    if (v instanceof Map) return { $: 'map', v: [...v].map(([k, x], i) => [enc(k, `${path}<key ${i}>`, stack), enc(x, `${path}<${String(k)}>`, stack)]) };
    if (v instanceof Set) return { $: 'set', v: [...v].map((x, i) => enc(x, `${path}{${i}}`, stack)) };
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new StateCodecError('E_INTERNAL', path, `an instance of ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'a class'} cannot be stored in a partial file (states must be plain data)`);
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = enc((v as Record<string, unknown>)[k], `${path}.${k}`, stack);
    return Object.prototype.hasOwnProperty.call(v, '$') ? { $: 'obj', v: out } : out;
  } finally {
    stack.delete(v);
  }
}

function encTyped(v: ArrayBufferView, path: string): unknown {
  const tag = TAG_OF.get(v.constructor);
  if (!tag) throw new StateCodecError('E_INTERNAL', path, `a ${v.constructor.name} cannot be stored in a partial file`);
  let bytes = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const size = TYPED[tag]!.BYTES_PER_ELEMENT;
  if (BIG_ENDIAN && size > 1) bytes = swap(Buffer.from(bytes), size);
  return { $: tag, b64: bytes.toString('base64') };
}

function swap(b: Buffer, size: number): Buffer {
  return size === 8 ? b.swap64() : size === 4 ? b.swap32() : b.swap16();
}

function dec(d: unknown, path: string): unknown {
  if (d === null || typeof d === 'string' || typeof d === 'boolean') return d;
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw new StateCodecError('E_FORMAT', path, 'a non-finite number that is not tagged');
    return d;
  }
  if (Array.isArray(d)) return d.map((x, i) => dec(x, `${path}[${i}]`));
  if (typeof d !== 'object') throw new StateCodecError('E_FORMAT', path, `unexpected ${typeof d}`);
  const o = d as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(o, '$')) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = dec(o[k], `${path}.${k}`);
    return out;
  }
  const tag = o['$'];
  if (typeof tag !== 'string') throw new StateCodecError('E_FORMAT', path, 'a tag that is not a string');
  if (tag === 'num') {
    const x = ({ NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 } as Record<string, number>)[String(o['v'])];
    if (x === undefined) throw new StateCodecError('E_FORMAT', path, `unknown special number ${JSON.stringify(o['v'])}`);
    return x;
  }
  if (tag === 'undef') return undefined;
  if (tag === 'obj') {
    const inner = o['v'];
    if (!inner || typeof inner !== 'object' || Array.isArray(inner)) throw new StateCodecError('E_FORMAT', path, 'a wrapped object without its object');
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(inner)) out[k] = dec((inner as Record<string, unknown>)[k], `${path}.${k}`);
    return out;
  }
  if (tag === 'map' || tag === 'set') {
    const items = o['v'];
    if (!Array.isArray(items)) throw new StateCodecError('E_FORMAT', path, `a ${tag} without its entries`);
    if (tag === 'set') return new Set(items.map((x, i) => dec(x, `${path}{${i}}`)));
    return new Map(items.map((kv, i) => {
      if (!Array.isArray(kv) || kv.length !== 2) throw new StateCodecError('E_FORMAT', `${path}<${i}>`, 'a map entry that is not a [key, value] pair');
      return [dec(kv[0], `${path}<key ${i}>`), dec(kv[1], `${path}<${i}>`)];
    }));
  }
  const ctor = TYPED[tag];
  if (!ctor) throw new StateCodecError('E_FORMAT', path, `unknown tag ${JSON.stringify(tag)}`);
  if (typeof o['b64'] !== 'string') throw new StateCodecError('E_FORMAT', path, `a ${ctor.name} without its base64 bytes`);
  const bytes = Buffer.from(o['b64'], 'base64');
  const size = ctor.BYTES_PER_ELEMENT;
  if (bytes.length % size !== 0) throw new StateCodecError('E_FORMAT', path, `${bytes.length} bytes are not a whole number of ${ctor.name} elements`);
  if (BIG_ENDIAN && size > 1) swap(bytes, size);
  const out = new ctor(bytes.length / size);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
