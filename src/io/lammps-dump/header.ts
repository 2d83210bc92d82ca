import { ParseError } from '../../core/errors.js';
import type { LineReader } from '../text/lines.js';
import { parseNumber, parseNumbers, splitFields } from '../text/numbers.js';
import { type BoxHeader, type LammpsBox, boxFromNumbers, parseBoxHeader } from './box.js';

/** The `ITEM:` header of one dump snapshot, up to and including the `ITEM: ATOMS` line. */
export interface DumpHeader {
  /** 1-based line of the snapshot's first `ITEM:` line. */
  startLine: number;
  /** Lines the header spans. */
  lines: number;
  step: number;
  /** `ITEM: TIME` (dump_modify time yes), in the dump's time unit. */
  time?: number;
  /** `ITEM: UNITS` (dump_modify units yes; LAMMPS writes it in the first snapshot only). */
  units?: string;
  natoms: number;
  boxHeader: BoxHeader;
  box: LammpsBox;
  /** 1-based line of the `ITEM: BOX BOUNDS` line. */
  boxLine: number;
  /** Words after `ITEM: ATOMS`. */
  columns: string[];
  /** The `ITEM: ATOMS` line as written (to reuse a layout when it repeats). */
  columnsLine: string;
  /** 1-based line of the `ITEM: ATOMS` line. */
  columnsLineNumber: number;
}

/** Result of reading a header: a whole header, the end of the file, or a header cut short. */
export type HeaderResult =
  | { kind: 'ok'; header: DumpHeader }
  | { kind: 'eof' }
  | { kind: 'truncated'; startLine: number; lines: number };

/**
 * Read the next snapshot header. Blank lines between snapshots are skipped. Items may come
 * in LAMMPS's order (UNITS, TIME, TIMESTEP, NUMBER OF ATOMS, BOX BOUNDS, ATOMS); TIMESTEP,
 * NUMBER OF ATOMS and BOX BOUNDS are required before ATOMS. Malformed items throw ParseError.
 */
export async function readHeader(r: LineReader): Promise<HeaderResult> {
  const file = r.path;
  let lines = 0;
  let startLine = 0;
  let step: number | undefined, time: number | undefined, units: string | undefined, natoms: number | undefined;
  let boxHeader: BoxHeader | undefined, box: LammpsBox | undefined;
  let boxLine = 0;
  const value = async (): Promise<string | undefined> => {
    const v = await r.next();
    if (v !== undefined) lines++;
    return v;
  };
  const cut = (): HeaderResult => ({ kind: 'truncated', startLine, lines });
  for (;;) {
    const line = await r.next();
    if (line === undefined) return lines === 0 ? { kind: 'eof' } : cut();
    if (lines === 0 && line.trim() === '') continue;
    if (lines === 0) startLine = r.lineNumber;
    lines++;
    const lineNo = r.lineNumber;
    if (!line.startsWith('ITEM:')) {
      throw new ParseError({ file, line: lineNo, column: 1 }, lines === 1 ? 'a snapshot starting with "ITEM: TIMESTEP"' : 'an "ITEM: …" line', line);
    }
    const item = line.slice(5).trim();
    if (item === 'TIMESTEP' || item === 'TIME' || item === 'NUMBER OF ATOMS') {
      const v = await value();
      if (v === undefined) return cut();
      const x = parseNumber(v);
      const what = item === 'TIMESTEP' ? 'an integer timestep' : item === 'TIME' ? 'the simulation time' : 'a positive integer number of atoms';
      const integer = item !== 'TIME';
      if (!Number.isFinite(x) || (integer && !Number.isInteger(x)) || (item === 'NUMBER OF ATOMS' && x < 1)) {
        throw new ParseError({ file, line: r.lineNumber, column: 1 }, what, v);
      }
      if (item === 'TIMESTEP') step = x;
      else if (item === 'TIME') time = x;
      else natoms = x;
    } else if (item === 'UNITS') {
      const v = await value();
      if (v === undefined) return cut();
      units = v.trim();
    } else if (item.startsWith('BOX BOUNDS')) {
      boxLine = lineNo;
      boxHeader = parseBoxHeader(item.slice('BOX BOUNDS'.length));
      if (!boxHeader) throw new ParseError({ file, line: lineNo }, 'box bounds "pp pp pp", "xy xz yz pp pp pp" or "abc origin pp pp pp"', line);
      const nums = new Float64Array(3 * boxHeader.perLine);
      for (let k = 0; k < 3; k++) {
        const v = await value();
        if (v === undefined) return cut();
        parseNumbers(v, nums, k * boxHeader.perLine, boxHeader.perLine, { file, line: r.lineNumber, what: `box bound line ${k + 1}` });
      }
      try {
        box = boxFromNumbers(boxHeader.kind, nums);
      } catch (e) {
        throw new ParseError({ file, line: boxLine }, `a box with non-zero volume (${(e as Error).message})`, line);
      }
    } else if (item.startsWith('ATOMS')) {
      const missing = [step === undefined && 'TIMESTEP', natoms === undefined && 'NUMBER OF ATOMS', box === undefined && 'BOX BOUNDS'].filter(Boolean);
      if (missing.length > 0) throw new ParseError({ file, line: lineNo }, `ITEM: ${missing.join(', ITEM: ')} before ITEM: ATOMS`, line);
      return {
        kind: 'ok',
        header: {
          startLine, lines, step: step!, time, units, natoms: natoms!, boxHeader: boxHeader!, box: box!, boxLine,
          columns: splitFields(item.slice('ATOMS'.length)), columnsLine: line, columnsLineNumber: lineNo,
        },
      };
    } else {
      throw new ParseError({ file, line: lineNo }, 'ITEM: TIMESTEP, TIME, UNITS, NUMBER OF ATOMS, BOX BOUNDS or ATOMS (a text dump custom/atom file)', line);
    }
  }
}
