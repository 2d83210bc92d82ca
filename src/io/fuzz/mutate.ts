import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * The mutation model of the reader fuzzer: what can go wrong with a trajectory file on disk.
 * A case is a valid base file plus 1–3 mutations and an optional gzip step. Positions and
 * line numbers are drawn as plain integers and reduced modulo what the current bytes offer,
 * so every drawn value applies to every base and shrinking moves towards the file's start.
 */

/** Where a cut or an insertion lands. */
export type Anchor = 'any' | 'nonzero' | 'midNumber' | 'lineEnd' | 'lineStart' | 'frame' | 'header';

/** One change to a file's bytes. */
export type Mutation =
  | { kind: 'truncate'; anchor: Anchor; at: number }
  | { kind: 'garbage'; anchor: Anchor; at: number; bytes: Uint8Array; overwrite: boolean }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'dupLine'; a: number; times: number }
  | { kind: 'dropLine'; a: number }
  | { kind: 'number'; which: number; value: string }
  | { kind: 'count'; which: number; value: string }
  | { kind: 'eol'; style: 'crlf' | 'cr' | 'mixed'; pattern: number }
  | { kind: 'junkTail'; keepLines: number; bytes: Uint8Array }
  | { kind: 'empty' };

/** What happens to the mutated bytes before they are written. */
export type GzipStep =
  | { kind: 'none' }
  | { kind: 'gzip' }
  | { kind: 'gzipCut'; at: number }
  | { kind: 'gzipFlip'; at: number; xor: number }
  | { kind: 'gzipJunk'; bytes: Uint8Array };

/** What the position anchors need to know about a base: where frames start, how long the header is. */
export interface Shape {
  frameStart: RegExp;
  headerLines: number;
}

/** Numbers that break naive parsers: overflow, underflow, non-finite spellings, signed zero, malformed. */
export const HOSTILE_NUMBERS = [
  '1e400', '-1e400', '1E+309', '1d400', 'NaN', 'nan', '-nan', 'inf', '-inf', 'Infinity', '-Infinity', '-0', '-0.0', '1e-400', '4.9e-324',
  '1e308', '-1.7976931348623157e308', '99999999999999999999', '0x1A', '1.2.3', '1e', '--1', '+', '.', '', '1,5', '١٢', '1e99999999999',
];
/** Atom counts and other integers that lie: zero, negative, off by one, absurdly large, non-integer. */
export const HOSTILE_COUNTS = ['0', '-1', '1', '2', '4', '6', '10', '100000000', '99999999999999999999', '2147483648', '4294967297', '1e400', '3.5', '+7', '-0', '00'];

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;
const isDelim = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 60 || c === 62 || c === 34 || c === 61 || c === 44;

/** [start, end) of every token (bytes between blanks, <, >, ", =, comma) that matches `re`. */
export function tokens(b: Buffer, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < b.length) {
    while (i < b.length && isDelim(b[i]!)) i++;
    const s = i;
    while (i < b.length && !isDelim(b[i]!)) i++;
    if (i > s && i - s < 64 && re.test(b.toString('latin1', s, i))) out.push([s, i]);
  }
  return out;
}

/** Split into lines, each with its `\n` (the last may lack it). */
export function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, s)) {
    out.push(b.subarray(s, i + 1));
    s = i + 1;
  }
  if (s < b.length) out.push(b.subarray(s));
  return out;
}

/** The `at`-th (modulo their number) byte offset of an anchor in `b`, or undefined when it has none. */
export function position(b: Buffer, anchor: Anchor, at: number, shape: Shape): number | undefined {
  if (anchor === 'any') return at % (b.length + 1);
  return pick(offsets(b, anchor, shape), at);
}

/** Candidate byte offsets of an anchor other than `any` in `b`. */
export function offsets(b: Buffer, anchor: Exclude<Anchor, 'any'>, shape: Shape): number[] {
  const out: number[] = [];
  if (anchor === 'nonzero') {
    // In a binary file the structure (HDF5 metadata, written values) is the non-zero bytes.
    for (let i = 0; i < b.length; i++) if (b[i] !== 0) out.push(i);
    return out;
  }
  if (anchor === 'midNumber') {
    for (const [s, e] of tokens(b, NUM_RE)) for (let k = s + 1; k < e; k++) out.push(k);
    return out;
  }
  let at = 0;
  const ls = lines(b);
  ls.forEach((l, k) => {
    const text = l.toString('latin1').replace(/\r?\n$/, '');
    if (anchor === 'lineEnd') out.push(at + text.length);
    if (anchor === 'lineStart') out.push(at);
    if (anchor === 'frame' && k > 0 && shape.frameStart.test(text)) out.push(at);
    if (anchor === 'header' && k <= shape.headerLines) for (let j = 0; j < l.length; j++) out.push(at + j);
    at += l.length;
  });
  return out;
}

const pick = <T>(xs: T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);

/** Apply one mutation. */
export function mutate(b: Buffer, m: Mutation, shape: Shape): Buffer {
  switch (m.kind) {
    case 'empty':
      return Buffer.alloc(0);
    case 'truncate': {
      const at = position(b, m.anchor, m.at, shape);
      return at === undefined ? b : b.subarray(0, at);
    }
    case 'garbage': {
      const at = position(b, m.anchor, m.at, shape) ?? 0;
      const g = Buffer.from(m.bytes);
      return Buffer.concat([b.subarray(0, at), g, b.subarray(m.overwrite ? Math.min(b.length, at + g.length) : at)]);
    }
    case 'swapLines': {
      const ls = lines(b);
      if (ls.length < 2) return b;
      const i = m.a % ls.length, j = m.b % ls.length;
      [ls[i], ls[j]] = [withNewline(ls[j]!), withNewline(ls[i]!)];
      return Buffer.concat(ls);
    }
    case 'dupLine': {
      const ls = lines(b);
      if (ls.length === 0) return b;
      const i = m.a % ls.length;
      ls.splice(i, 0, ...Array.from({ length: m.times }, () => withNewline(ls[i]!)));
      return Buffer.concat(ls);
    }
    case 'dropLine': {
      const ls = lines(b);
      if (ls.length === 0) return b;
      ls.splice(m.a % ls.length, 1);
      return Buffer.concat(ls);
    }
    case 'number':
    case 'count': {
      const t = pick(tokens(b, m.kind === 'number' ? NUM_RE : INT_RE), m.which);
      return t === undefined ? b : Buffer.concat([b.subarray(0, t[0]), Buffer.from(m.value), b.subarray(t[1])]);
    }
    case 'eol': {
      const ls = lines(b);
      return Buffer.concat(ls.map((l, k) => {
        if (l[l.length - 1] !== 10) return l;
        const style = m.style === 'mixed' ? (['lf', 'crlf', 'cr'] as const)[(m.pattern >> (k % 16)) % 3]! : m.style;
        const body = l.subarray(0, l.length - 1);
        return style === 'lf' ? l : Buffer.concat([body, Buffer.from(style === 'crlf' ? '\r\n' : '\r')]);
      }));
    }
    case 'junkTail': {
      const ls = lines(b);
      return Buffer.concat([...ls.slice(0, m.keepLines % (ls.length + 1)), Buffer.from(m.bytes)]);
    }
  }
}

function withNewline(l: Buffer): Buffer {
  return l[l.length - 1] === 10 ? l : Buffer.concat([l, Buffer.from('\n')]);
}

/** Apply the gzip step. */
export function compress(b: Buffer, g: GzipStep): Buffer {
  if (g.kind === 'none') return b;
  const z = gzipSync(b);
  if (g.kind === 'gzip') return z;
  if (g.kind === 'gzipCut') return z.subarray(0, g.at % (z.length + 1));
  if (g.kind === 'gzipJunk') return Buffer.concat([z, Buffer.from(g.bytes)]);
  const c = Buffer.from(z);
  c[g.at % c.length] ^= g.xor || 1;
  return c;
}

const anchor = fc.constantFrom<Anchor>('any', 'midNumber', 'lineEnd', 'lineStart', 'frame', 'header');
const binaryAnchor = fc.constantFrom<Anchor>('any', 'nonzero', 'nonzero');
const at = fc.nat({ max: 1 << 22 });
// Junk bytes: arbitrary, or text-like (digits, blanks, newlines) that parsers get further into.
const junk = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 .-+eE\n\t\rNa'.split('')), minLength: 1, maxLength: 64 }).map((s) => new Uint8Array(Buffer.from(s))),
  fc.constantFrom(new Uint8Array([0]), new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0x1f, 0x8b, 8, 0]), new Uint8Array([0xc3])),
);

/** Arbitrary mutation, weighted towards the ones that reach deep into a parser. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('truncate' as const), anchor, at }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('garbage' as const), anchor, at, bytes: junk, overwrite: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: at, b: at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dupLine' as const), a: at, times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropLine' as const), a: at }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('number' as const), which: at, value: fc.constantFrom(...HOSTILE_NUMBERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('count' as const), which: at, value: fc.constantFrom(...HOSTILE_COUNTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const), pattern: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junkTail' as const), keepLines: at, bytes: fc.uint8Array({ minLength: 1, maxLength: 2048 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
);

/** Arbitrary gzip step: mostly none; otherwise whole, cut, corrupted or with junk after the stream. */
export const gzipArb: fc.Arbitrary<GzipStep> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'gzip' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('gzipCut' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gzipFlip' as const), at, xor: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gzipJunk' as const), bytes: junk }) },
);

/**
 * Mutations of a binary file (H5MD): cuts, overwritten or inserted bytes (mostly where the
 * file is not zero: HDF5 metadata and stored values), junk after the end, an empty file.
 */
export const binaryMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), anchor: binaryAnchor, at }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('garbage' as const), anchor: binaryAnchor, at, bytes: junk, overwrite: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), anchor: binaryAnchor, at, bytes: junk, overwrite: fc.constant(false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junkTail' as const), keepLines: at, bytes: fc.uint8Array({ minLength: 1, maxLength: 2048 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
);
