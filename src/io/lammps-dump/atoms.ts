import { ParseError } from '../../core/errors.js';
import { type NumberContext, parseNumbers } from '../text/numbers.js';
import type { LineReader } from '../text/lines.js';
import type { ColumnLayout } from './columns.js';

/**
 * Atom identity fixed by the first snapshot: atoms are kept sorted by id (parallel LAMMPS
 * runs write them in any order), with the type and element of each.
 */
export interface AtomIdentity {
  /** Sorted atom ids. */
  ids: Float64Array;
  /** LAMMPS type per atom (sorted order), when the dump has a type column. */
  types?: Int32Array;
  /** `element` column value per atom as written, when present. */
  elements?: string[];
  /** 1-based line of each atom in the first snapshot (for error messages). */
  lines: Int32Array;
  /** Atom index of an id, or −1. */
  indexOf(id: number): number;
}

/** Arrays of one snapshot, atoms in id order, values as written (no unit or box conversion yet). */
export interface AtomArrays {
  positions: Float64Array;
  velocities?: Float64Array;
  forces?: Float64Array;
  /** Image flags (ix, iy, iz) per atom, when read. */
  images?: Float64Array;
}

/** Number of whitespace-separated fields of a line. */
export function countFields(line: string): number {
  let n = 0;
  let inField = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 13;
    if (!space && !inField) n++;
    inField = !space;
  }
  return n;
}

/** Field `k` (0-based) of a line, or undefined. */
export function fieldAt(line: string, k: number): string | undefined {
  let i = 0;
  const n = line.length;
  for (let f = 0; ; f++) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    if (i >= n) return undefined;
    const s = i;
    while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
    if (f === k) return line.slice(s, i);
  }
}

/** Establish identity from the first snapshot's atom lines (`first` = line number of lines[0]). */
export function identityFromLines(file: string, lines: string[], first: number, layout: ColumnLayout): AtomIdentity {
  const n = lines.length;
  const raw = new Float64Array(2);
  const rawIds = new Float64Array(n);
  const rawTypes = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const line = lines[k]!;
    parseNumbers(line, raw, 0, 1, { file, line: first + k, what: 'the atom id' }, layout.id);
    if (!Number.isInteger(raw[0]!)) throw new ParseError({ file, line: first + k }, 'an integer atom id', String(raw[0]));
    rawIds[k] = raw[0]!;
    if (layout.type >= 0) {
      parseNumbers(line, raw, 1, 1, { file, line: first + k, what: 'the atom type' }, layout.type);
      // Types are stored as Int32: a larger one would wrap around to another type's number.
      if (!Number.isInteger(raw[1]!) || raw[1]! < 1 || raw[1]! > 0x7fffffff) throw new ParseError({ file, line: first + k }, 'a positive integer atom type (at most 2147483647)', String(raw[1]));
      rawTypes[k] = raw[1]!;
    }
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => rawIds[a]! - rawIds[b]!);
  const ids = new Float64Array(n);
  const lineOf = new Int32Array(n);
  order.forEach((k, i) => {
    ids[i] = rawIds[k]!;
    lineOf[i] = first + k;
    if (i > 0 && ids[i] === ids[i - 1]) throw new ParseError({ file, line: first + k }, `each atom id once per snapshot, but id ${ids[i]} repeats (first on line ${lineOf[i - 1]})`);
  });
  const types = layout.type >= 0 ? Int32Array.from(order, (k) => rawTypes[k]!) : undefined;
  const elements = layout.element >= 0
    ? order.map((k) => {
      const e = fieldAt(lines[k]!, layout.element);
      if (e === undefined) throw new ParseError({ file, line: first + k }, `an element in column ${layout.element + 1}`, lines[k]);
      return e;
    })
    : undefined;
  return { ids, types, elements, lines: lineOf, indexOf: idLookup(ids) };
}

// Dense ids (the usual 1…N) get an array lookup; sparse ones a Map.
function idLookup(ids: Float64Array): (id: number) => number {
  const n = ids.length;
  const min = ids[0]!, max = ids[n - 1]!;
  if (min >= 0 && max <= 4 * n + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) table[ids[i]!] = i;
    return (id) => (id >= 0 && id <= max && Number.isInteger(id) ? table[id]! : -1);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) map.set(ids[i]!, i);
  return (id) => map.get(id) ?? -1;
}

/**
 * Parses atom lines into id-ordered arrays, checking that every atom keeps its id, type and
 * element. One instance per layout; reuses its scratch buffers between snapshots.
 */
export class AtomLineParser {
  private readonly scratch: Float64Array;
  private readonly ctx: NumberContext[];
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(private readonly file: string, private readonly layout: ColumnLayout, private readonly identity: AtomIdentity) {
    this.scratch = new Float64Array(layout.width);
    this.ctx = layout.runs.map((run) => ({ file, line: 0, what: `columns ${layout.names.slice(run.field, run.field + run.count).join(' ')}` }));
    this.seen = new Int32Array(identity.ids.length);
  }

  /** Fresh arrays for one snapshot. */
  begin(): AtomArrays {
    this.stamp++;
    const n3 = this.identity.ids.length * 3;
    return {
      positions: new Float64Array(n3),
      velocities: this.layout.velocity ? new Float64Array(n3) : undefined,
      forces: this.layout.force ? new Float64Array(n3) : undefined,
      images: this.layout.image ? new Float64Array(n3) : undefined,
    };
  }

  /** Parse one atom line (1-based line number `lineNo`) into `out`. */
  line(line: string, lineNo: number, out: AtomArrays): void {
    const { layout, scratch } = this;
    const runs = layout.runs;
    const slot = layout.slot;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k]!;
      const ctx = this.ctx[k]!;
      ctx.line = lineNo;
      parseNumbers(line, scratch, slot[run.field]!, run.count, ctx, run.field);
    }
    this.store(line, lineNo, out);
  }

  /**
   * Parse the current line of `r` into `out`: the same as `line(r.text(), r.lineNumber, out)`,
   * but read from the undecoded bytes unless the line is unusual or bad.
   */
  lineFrom(r: LineReader, out: AtomArrays): void {
    const { layout, scratch } = this;
    const runs = layout.runs;
    const slot = layout.slot;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k]!;
      if (r.tryNumbers(scratch, slot[run.field]!, run.count, run.field)) continue;
      const ctx = this.ctx[k]!;
      ctx.line = r.lineNumber;
      parseNumbers(r.text(), scratch, slot[run.field]!, run.count, ctx, run.field);
    }
    this.store(r, r.lineNumber, out);
  }

  // The numbers of the line are in `scratch`; `src` is the line or the reader positioned on it.
  private store(src: string | LineReader, lineNo: number, out: AtomArrays): void {
    const { layout, scratch, identity } = this;
    const slot = layout.slot;
    const id = scratch[slot[layout.id]!]!;
    const i = identity.indexOf(id);
    if (i < 0) throw new ParseError({ file: this.file, line: lineNo }, 'the atom ids of the first snapshot (atoms must not be added or lost)', `id ${id}`, 'E_TOPOLOGY');
    if (this.seen[i] === this.stamp) throw new ParseError({ file: this.file, line: lineNo }, `each atom id once per snapshot, but id ${id} repeats`);
    this.seen[i] = this.stamp;
    if (identity.types && layout.type >= 0 && scratch[slot[layout.type]!] !== identity.types[i]) {
      throw new ParseError({ file: this.file, line: lineNo }, `type ${identity.types[i]} for atom id ${id}, as in the first snapshot`, `type ${scratch[slot[layout.type]!]}`, 'E_TOPOLOGY');
    }
    if (identity.elements && layout.element >= 0) {
      const want = identity.elements[i]!;
      const same = typeof src === 'string' ? fieldEquals(src, layout.element, want) : src.fieldEquals(layout.element, want) || fieldEquals(src.text(), layout.element, want);
      if (!same) {
        const line = typeof src === 'string' ? src : src.text();
        throw new ParseError({ file: this.file, line: lineNo }, `element ${want} for atom id ${id}, as in the first snapshot`, fieldAt(line, layout.element), 'E_TOPOLOGY');
      }
    }
    const o = 3 * i;
    const p = layout.position;
    out.positions[o] = scratch[slot[p[0]]!]!;
    out.positions[o + 1] = scratch[slot[p[1]]!]!;
    out.positions[o + 2] = scratch[slot[p[2]]!]!;
    const v = layout.velocity;
    if (v && out.velocities) {
      out.velocities[o] = scratch[slot[v[0]]!]!;
      out.velocities[o + 1] = scratch[slot[v[1]]!]!;
      out.velocities[o + 2] = scratch[slot[v[2]]!]!;
    }
    const f = layout.force;
    if (f && out.forces) {
      out.forces[o] = scratch[slot[f[0]]!]!;
      out.forces[o + 1] = scratch[slot[f[1]]!]!;
      out.forces[o + 2] = scratch[slot[f[2]]!]!;
    }
    const m = layout.image;
    if (m && out.images) {
      out.images[o] = scratch[slot[m[0]]!]!;
      out.images[o + 1] = scratch[slot[m[1]]!]!;
      out.images[o + 2] = scratch[slot[m[2]]!]!;
    }
  }
}

/** True when field `k` of `line` is exactly `s`, without making a substring. */
function fieldEquals(line: string, k: number, s: string): boolean {
  let i = 0;
  const n = line.length;
  for (let f = 0; f < k; f++) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
  }
  while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (line.length - i < s.length || !line.startsWith(s, i)) return false;
  const end = i + s.length;
  return end === n || line.charCodeAt(end) === 32 || line.charCodeAt(end) === 9;
}
