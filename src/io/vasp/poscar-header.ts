import { type Cell, det3, makeCell } from '../../core/cell.js';
import { normaliseSymbol } from '../../core/elements.js';
import { ParseError } from '../../core/errors.js';
import type { LineReader } from '../text/lines.js';
import { parseNumbers, splitFields } from '../text/numbers.js';

/**
 * The POSCAR-style header that starts a POSCAR, a CONTCAR and every XDATCAR (and that NPT
 * XDATCARs repeat before each configuration):
 *
 * ```
 * comment
 * scale                       (1 number; negative = cell volume in Å³; or 3 per-axis factors)
 * a_x a_y a_z                 (lattice vectors as rows, times the scale, in Å)
 * b_x b_y b_z
 * c_x c_y c_z
 * Li Cl S P                   (species names: VASP 5 and later; absent in VASP 4 files)
 * 192 32 160 32               (atoms per species)
 * ```
 */
export interface PoscarHeader {
  /** Line 1 as written (trimmed). */
  comment: string;
  /** Lattice vectors as rows after applying the scale (Å). */
  cell: Cell;
  /**
   * Factors (x, y, z) that turn the file's Cartesian coordinates into Å: VASP scales
   * Cartesian positions exactly as it scales the lattice vectors.
   */
  cartesianScale: [number, number, number];
  /** Species names of line 6 as written, or undefined for a VASP 4 header (no species line). */
  speciesNames: string[] | undefined;
  /** Atoms per species, in file order. */
  counts: number[];
  /** Total number of atoms. */
  atoms: number;
  /** 1-based line number of the comment line. */
  line: number;
  /** Number of lines the header occupies (7, or 6 without a species line). */
  lineCount: number;
}

/** The header ended before it was complete: `lines` lines of it were read. */
export interface TruncatedHeader {
  truncated: true;
  lines: number;
  line: number;
}

/**
 * Read a POSCAR-style header from `r` (consuming its 6 or 7 lines). When the caller has
 * already consumed the comment line (to tell a repeated header from a configuration line),
 * it passes it as `comment`. Returns a TruncatedHeader when the file ends inside the header;
 * throws ParseError on malformed lines and E_FORMAT on a VASP 4.x XDATCAR, whose header has
 * no lattice vectors.
 */
export async function readPoscarHeader(r: LineReader, comment?: string): Promise<PoscarHeader | TruncatedHeader> {
  const file = r.path;
  const had = comment === undefined ? 0 : 1;
  const avail = (await r.ensure(7 - had)) + had;
  const first = r.lineNumber + 1 - had;
  if (avail < 6) {
    for (let i = had; i < avail; i++) r.shift();
    return { truncated: true, lines: avail, line: first };
  }
  comment = (comment ?? r.shift()!).trim();
  const scaleLine = r.shift()!;
  const scaleFields = splitFields(scaleLine);
  const numericLead = countNumeric(scaleFields);
  if (numericLead >= 4) {
    throw new ParseError(
      { file, line: first + 1 },
      'a POSCAR-style scale line (1 or 3 numbers); this looks like a VASP 4.x XDATCAR, whose header has no lattice vectors. ' +
        'Convert it first: replace its first 5 lines by the first 7 lines of the run\'s POSCAR (VASP 5 format) and start each block with "Direct configuration= N"',
      scaleLine,
      'E_FORMAT',
    );
  }
  const scale = [0, 0, 0];
  const ctx = { file, line: first + 1, what: 'the scale factor' };
  if (numericLead === 3) parseNumbers(scaleLine, scale, 0, 3, { ...ctx, what: 'the three scale factors' });
  else {
    parseNumbers(scaleLine, scale, 0, 1, ctx);
    scale[1] = scale[2] = scale[0]!;
  }
  const rows = new Float64Array(9);
  for (let k = 0; k < 3; k++) {
    parseNumbers(r.shift()!, rows, 3 * k, 3, { file, line: first + 2 + k, what: `lattice vector ${'abc'[k]}` });
  }
  const { cell, cartesianScale } = scaledCell(rows, scale, file, first + 1);

  const line6 = r.shift()!;
  const f6 = splitFields(line6);
  let speciesNames: string[] | undefined;
  let countsLine = line6;
  let countsLineNo = first + 5;
  if (f6.length === 0 || !f6.every((f) => /^\d+$/.test(f))) {
    speciesNames = f6;
    if (r.available < 1) return { truncated: true, lines: 6, line: first };
    countsLine = r.shift()!;
    countsLineNo = first + 6;
    if (speciesNames.length === 0) throw new ParseError({ file, line: first + 5 }, 'species names (e.g. "Li Cl S P") or atom counts');
  }
  const counts = parseCounts(countsLine, speciesNames?.length, file, countsLineNo);
  const atoms = counts.reduce((a, b) => a + b, 0);
  return { comment, cell, cartesianScale, speciesNames, counts, atoms, line: first, lineCount: speciesNames ? 7 : 6 };
}

function countNumeric(fields: string[]): number {
  let n = 0;
  while (n < fields.length && Number.isFinite(Number(fields[n]!.replace(/[dD]/, 'e')))) n++;
  return n;
}

function scaledCell(rows: Float64Array, scale: number[], file: string, line: number): { cell: Cell; cartesianScale: [number, number, number] } {
  let s: [number, number, number];
  if (scale[0]! < 0 && scale[1] === scale[0] && scale[2] === scale[0]) {
    // A negative scale is the wanted cell volume (Å³): VASP rescales the lattice to reach it.
    const v = Math.abs(det3(rows));
    if (!(v > 0)) throw new ParseError({ file, line: line + 1 }, 'lattice vectors with a non-zero volume');
    const f = Math.cbrt(-scale[0]! / v);
    s = [f, f, f];
  } else {
    if (!scale.every((x) => x > 0)) throw new ParseError({ file, line }, 'a positive scale factor (or one negative number, the cell volume)', scale.join(' '));
    s = [scale[0]!, scale[1]!, scale[2]!];
  }
  const m = new Float64Array(9);
  for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) m[3 * k + j] = rows[3 * k + j]! * s[j]!;
  try {
    return { cell: makeCell(m), cartesianScale: s };
  } catch (e) {
    throw new ParseError({ file, line: line + 1 }, `three independent lattice vectors (${(e as Error).message})`);
  }
}

function parseCounts(line: string, nSpecies: number | undefined, file: string, lineNo: number): number[] {
  const fields = splitFields(line);
  const counts: number[] = [];
  let col = 0;
  for (const f of fields) {
    col = line.indexOf(f, col);
    if (!/^\d+$/.test(f) || Number(f) <= 0) {
      if (nSpecies !== undefined && counts.length === nSpecies) break; // trailing remark after the counts
      throw new ParseError({ file, line: lineNo, column: col + 1 }, 'a positive whole number of atoms per species', f);
    }
    counts.push(Number(f));
    col += f.length;
  }
  if (counts.length === 0) throw new ParseError({ file, line: lineNo }, 'the number of atoms per species', line);
  if (nSpecies !== undefined && counts.length !== nSpecies) {
    throw new ParseError({ file, line: lineNo }, `${nSpecies} atom counts, one per species named on the line before`, line);
  }
  return counts;
}

/** Element symbols per species, plus the names as written when they differ from the element. */
export interface ResolvedSpecies {
  symbols: string[];
  labels?: string[];
  /** Where the names came from. */
  source: 'species-line' | 'type-map' | 'comment';
}

/**
 * Element symbol of each species of a header. Names come from `typeMap` where it names a
 * species (key = 1-based species index or the name as written), else from the species line,
 * else — for a VASP 4 header — from the comment line when it lists exactly one element
 * symbol (optionally with a count that then must match) per species. Throws ParseError
 * (E_TOPOLOGY) when none of these gives the elements.
 */
export function resolveSpecies(h: PoscarHeader, file: string, typeMap?: Record<string, string>): ResolvedSpecies {
  const n = h.counts.length;
  const written = h.speciesNames ?? commentSpecies(h);
  const symbols: string[] = [];
  const labels: string[] = [];
  let mapped = false;
  for (let k = 0; k < n; k++) {
    const raw = typeMap?.[String(k + 1)] ?? (written ? typeMap?.[written[k]!] : undefined);
    if (raw !== undefined) mapped = true;
    const name = raw ?? written?.[k];
    if (name === undefined) {
      throw new ParseError(
        { file, line: h.line + 5 },
        `a species line (VASP 5 format). This VASP 4 header names no elements and its comment ${JSON.stringify(h.comment)} does not list ${n} element symbols; ` +
          `give them in file order with --type-map 1=Li,2=Cl,… (one per count on this line)`,
        undefined,
        'E_TOPOLOGY',
      );
    }
    const sym = normaliseSymbol(name);
    if (!sym) {
      const line = h.speciesNames ? h.line + 5 : h.line;
      throw new ParseError({ file, line }, `an element symbol for species ${k + 1}`, name, raw !== undefined ? 'E_TOPOLOGY' : 'E_PARSE');
    }
    symbols.push(sym);
    labels.push(name);
  }
  const source = mapped ? 'type-map' : h.speciesNames ? 'species-line' : 'comment';
  return labels.some((l, k) => l !== symbols[k]) ? { symbols, labels, source } : { symbols, source };
}

// VASP 4 files keep the elements, if anywhere, in the comment: "Li Cl S P" or "Li192 Cl32 S160 P32".
function commentSpecies(h: PoscarHeader): string[] | undefined {
  const tokens = splitFields(h.comment);
  if (tokens.length < h.counts.length) return undefined;
  const out: string[] = [];
  for (let k = 0; k < h.counts.length; k++) {
    const m = /^([A-Z][a-z]?)(\d*)$/.exec(tokens[k]!);
    if (!m || !normaliseSymbol(m[1]!)) return undefined;
    if (m[2] !== '' && Number(m[2]) !== h.counts[k]) return undefined;
    out.push(m[1]!);
  }
  return out;
}

/** Per-atom list of `perSpecies` expanded by the header's counts. */
export function expandSpecies<T>(counts: number[], perSpecies: T[]): T[] {
  const out: T[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) out.push(perSpecies[k]!);
  });
  return out;
}
