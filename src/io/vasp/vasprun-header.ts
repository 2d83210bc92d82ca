import { normaliseSymbol } from '../../core/elements.js';
import { ParseError } from '../../core/errors.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import type { LineReader } from '../text/lines.js';
import { parseNumber } from '../text/numbers.js';
import { EndOfFile, attr, innerText, nextLine, rcCells, tagName } from './vasprun-xml.js';

/** What vasprun.xml says before its first `<calculation>`. */
export interface VasprunHeader {
  /** VASP version (`<generator>`), e.g. `6.3.2`. */
  version?: string;
  /** Scalar `<i>` values of `<incar>` (as written in the INCAR), by tag name. */
  incar: Map<string, string>;
  /** Scalar `<i>` values of `<parameters>` (every tag as VASP used it, defaults included). */
  parameters: Map<string, string>;
  topology: Topology;
  /** True when the first `<calculation>` line has been consumed (false: the file has none). */
  atCalculation: boolean;
}

/**
 * Read from the start of the file up to and including the first `<calculation>` line:
 * generator, incar, parameters and atominfo (element per atom; masses from `atomtypes`,
 * i.e. the POTCAR or INCAR POMASS). Throws ParseError when atominfo is missing or malformed.
 */
export async function readVasprunHeader(r: LineReader): Promise<VasprunHeader> {
  const file = r.path;
  const incar = new Map<string, string>();
  const parameters = new Map<string, string>();
  let version: string | undefined;
  let section = '';
  let topology: Topology | undefined;
  let sawModeling = false;
  try {
    for (;;) {
      const line = await nextLine(r);
      const tag = tagName(line);
      if (tag === 'calculation') break;
      if (tag === 'modeling') sawModeling = true;
      else if (tag === 'incar' || tag === 'parameters' || tag === 'generator') section = tag;
      else if (tag === '/incar' || tag === '/parameters' || tag === '/generator') section = '';
      else if (tag === 'atominfo') topology = await readAtominfo(r);
      else if (tag === 'i' && section !== '') {
        const name = attr(line, 'name');
        if (name === undefined) continue;
        if (section === 'generator' && name === 'version') version = innerText(line);
        else if (section === 'incar') incar.set(name, innerText(line));
        else if (section === 'parameters') parameters.set(name, innerText(line));
      }
    }
  } catch (e) {
    if (!(e instanceof EndOfFile)) throw e;
    if (!sawModeling) throw new ParseError({ file, line: r.lineNumber }, 'a vasprun.xml (<modeling> root element)', 'end of file');
    if (!topology) throw new ParseError({ file, line: r.lineNumber }, 'an <atominfo> block (the file ends before it)', 'end of file');
    return { version, incar, parameters, topology, atCalculation: false };
  }
  if (!topology) throw new ParseError({ file, line: r.lineNumber }, 'an <atominfo> block before the first <calculation>');
  return { version, incar, parameters, topology, atCalculation: true };
}

async function readAtominfo(r: LineReader): Promise<Topology> {
  const file = r.path;
  let atoms = -1;
  let array = '';
  const elements: string[] = [];
  const typeOf: number[] = [];
  const typeMass: number[] = [];
  const atomLines: number[] = [];
  for (;;) {
    const line = await nextLine(r);
    const tag = tagName(line);
    if (tag === '/atominfo') break;
    if (tag === 'atoms') atoms = Number(innerText(line));
    else if (tag === 'array') array = attr(line, 'name') ?? '';
    else if (tag === 'rc') {
      const c = rcCells(line);
      if (array === 'atoms') {
        const t = Number(c[1]);
        if (c.length < 2 || !Number.isInteger(t) || t < 1) throw new ParseError({ file, line: r.lineNumber }, '<rc><c>element</c><c>type</c></rc>', line);
        elements.push(c[0]!);
        typeOf.push(t);
        atomLines.push(r.lineNumber);
      } else if (array === 'atomtypes') {
        // Fields: atomspertype, element, mass, valence, pseudopotential.
        typeMass.push(c.length >= 3 ? parseNumber(c[2]!) : NaN);
      }
    }
  }
  if (elements.length === 0 || (atoms >= 0 && atoms !== elements.length)) {
    throw new ParseError({ file, line: r.lineNumber }, `one <rc> row per atom in <array name="atoms"> (<atoms> says ${atoms})`, String(elements.length));
  }
  const symbols: string[] = [];
  const labels: string[] = [];
  const masses = new Float64Array(elements.length);
  elements.forEach((el, i) => {
    const s = normaliseSymbol(el);
    if (!s) throw new ParseError({ file, line: atomLines[i] }, `an element symbol for atom ${i + 1} in <atominfo>`, el);
    symbols.push(s);
    labels.push(el);
    masses[i] = typeMass[typeOf[i]! - 1] ?? NaN;
  });
  const topology = topologyFromSymbols(symbols, masses);
  if (labels.some((l, i) => l !== symbols[i])) topology.labels = labels;
  return topology;
}

/**
 * Look up a tag's value: `<parameters>` (what VASP used) first, then `<incar>`.
 * Returns NaN when absent or not a finite number.
 */
export function headerNumber(h: VasprunHeader, name: string): number {
  const v = h.parameters.get(name) ?? h.incar.get(name);
  const x = v === undefined ? NaN : parseNumber(v);
  return Number.isFinite(x) ? x : NaN;
}
