import { ParseError } from '../../core/errors.js';
import type { CommentLocation } from './comment.js';

/** One declared per-atom property of `Properties=name:type:width:…`. */
export interface Column {
  name: string;
  /** S string, R real, I integer, L logical. */
  type: 'S' | 'R' | 'I' | 'L';
  width: number;
  /** 0-based index of its first whitespace-separated field on an atom line. */
  field: number;
}

/** How a velocity column is to be read. */
export type VelocityKind = 'a-per-fs' | 'ase-momenta';

/**
 * A column layout compiled for the hot loop. Numeric columns that the reader needs are
 * parsed in as few `parseNumbers` calls ("runs" of adjacent R/I fields) as possible into one
 * scratch array; `*Offset` fields say where each quantity starts in that scratch array
 * (−1 when absent).
 */
export interface Layout {
  /** The `Properties` text it was built from ('' for plain XYZ). */
  source: string;
  columns: Column[];
  /** Field index of the species (S) column, or −1 when atoms are given by `Z`. */
  speciesField: number;
  zOffset: number;
  posOffset: number;
  velOffset: number;
  velocityKind?: VelocityKind;
  forceOffset: number;
  massOffset: number;
  /** Runs of fields parsed by one `parseNumbers` call each: first field, count, scratch offset. */
  runs: { field: number; count: number; offset: number }[];
  scratchSize: number;
  /** Names of the numeric columns read, for error messages. */
  what: string;
}

const TYPES = new Set(['S', 'R', 'I', 'L']);
const VELOCITY_NAMES: Record<string, VelocityKind> = { velo: 'a-per-fs', vel: 'a-per-fs', velocities: 'a-per-fs', momenta: 'ase-momenta' };

/**
 * Parse a `Properties` value (`species:S:1:pos:R:3:forces:R:3`) into columns. Throws
 * ParseError (at `column`, the value's column on the comment line) on a malformed spec.
 */
export function parseProperties(spec: string, loc: CommentLocation, column: number): Column[] {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0 || spec.length === 0) {
    throw new ParseError({ ...loc, column }, 'Properties as name:type:width triples (e.g. species:S:1:pos:R:3)', spec);
  }
  const cols: Column[] = [];
  let field = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const name = parts[k]!, type = parts[k + 1]!, w = parts[k + 2]!;
    if (!TYPES.has(type)) throw new ParseError({ ...loc, column }, `a property type S, R, I or L for ${name}`, type);
    if (!/^[1-9]\d*$/.test(w)) throw new ParseError({ ...loc, column }, `a positive column count for ${name}`, w);
    const width = Number(w);
    cols.push({ name, type: type as Column['type'], width, field });
    field += width;
  }
  return cols;
}

/** Layout of a plain XYZ atom line: `Sym x y z [ignored…]`. */
export function plainLayout(): Layout {
  return compile('', [
    { name: 'species', type: 'S', width: 1, field: 0 },
    { name: 'pos', type: 'R', width: 3, field: 1 },
  ], { file: '', line: 0 }, 0);
}

/** Parse and compile a `Properties` value. */
export function layoutFromProperties(spec: string, loc: CommentLocation, column: number): Layout {
  return compile(spec, parseProperties(spec, loc, column), loc, column);
}

function compile(source: string, columns: Column[], loc: CommentLocation, column: number): Layout {
  const find = (names: string[]) => columns.find((c) => names.includes(c.name.toLowerCase()));
  const need = (c: Column | undefined, type: Column['type'][], width: number, what: string) => {
    if (c && (!type.includes(c.type) || c.width !== width)) {
      throw new ParseError({ ...loc, column }, `${what} as ${c.name}:${type[0]}:${width}`, `${c.name}:${c.type}:${c.width}`);
    }
    return c;
  };
  const pos = need(find(['pos', 'positions']), ['R'], 3, 'positions');
  if (!pos) throw new ParseError({ ...loc, column }, 'a pos:R:3 column in Properties', source);
  const species = need(find(['species', 'symbols']), ['S'], 1, 'species');
  const z = species ? undefined : need(find(['z', 'numbers']), ['I'], 1, 'atomic numbers');
  if (!species && !z) throw new ParseError({ ...loc, column }, 'a species:S:1 (or Z:I:1) column in Properties', source);
  const vel = need(columns.find((c) => VELOCITY_NAMES[c.name.toLowerCase()] !== undefined), ['R'], 3, 'velocities');
  const forces = need(find(['forces', 'force']), ['R'], 3, 'forces');
  const masses = need(find(['masses', 'mass']), ['R'], 1, 'masses');

  const wanted = [z, pos, vel, forces, masses].filter((c): c is Column => c !== undefined).sort((a, b) => a.field - b.field);
  const numeric = (f: number) => {
    const c = columns.find((x) => f >= x.field && f < x.field + x.width);
    return c !== undefined && (c.type === 'R' || c.type === 'I');
  };
  const runs: Layout['runs'] = [];
  const offsetOf = new Map<Column, number>();
  let size = 0;
  for (const c of wanted) {
    const last = runs[runs.length - 1];
    let joins = last !== undefined;
    if (last) for (let f = last.field + last.count; f < c.field && joins; f++) joins = numeric(f);
    if (last && joins) {
      // Parsing a few unused numeric fields costs less than another scan from the line start.
      const extra = c.field + c.width - (last.field + last.count);
      last.count += extra;
      size += extra;
    } else {
      runs.push({ field: c.field, count: c.width, offset: size });
      size += c.width;
    }
    const run = runs[runs.length - 1]!;
    offsetOf.set(c, run.offset + (c.field - run.field));
  }
  const off = (c: Column | undefined) => (c ? offsetOf.get(c)! : -1);
  return {
    source,
    columns,
    speciesField: species ? species.field : -1,
    zOffset: off(z),
    posOffset: off(pos),
    velOffset: off(vel),
    velocityKind: vel ? VELOCITY_NAMES[vel.name.toLowerCase()] : undefined,
    forceOffset: off(forces),
    massOffset: off(masses),
    runs,
    scratchSize: size,
    what: wanted.map((c) => c.name).join(', '),
  };
}
