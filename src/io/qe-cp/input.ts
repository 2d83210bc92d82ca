import { normaliseSymbol } from '../../core/elements.js';
import { ParseError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import { parseNumbers, splitFields } from '../text/numbers.js';
import { type Namelist, type NamelistValue, parseNamelist } from './namelist.js';

/** One line of ATOMIC_SPECIES: `label mass pseudopotential`. */
export interface CpSpecies {
  /** Label as written (`Li`, `Li1`, `H_d`). */
  label: string;
  /** Element symbol from the label (`normaliseSymbol`). */
  symbol: string;
  /** Mass as written (amu; cp.x takes it literally, so a deuterated run says 2.014 for H). */
  mass: number;
  /** Pseudopotential file name. */
  pseudo: string;
  /** 1-based line in the input. */
  line: number;
}

/** The ATOMIC_POSITIONS card. */
export interface CpAtoms {
  /** Unit option as written, lower case without brackets (`angstrom`, `bohr`, `alat`, `crystal`); `alat` when absent, as cp.x assumes. */
  units: string;
  /** Species label of each atom, in file order (length nat). */
  labels: string[];
  /** Index into `CpInput.species` of each atom (length nat). */
  species: Int32Array;
  /** Coordinates as written, in `units`, flat 3·nat, atom-major. Not converted. */
  coordinates: Float64Array;
  /** 1-based line of the card header. */
  line: number;
}

/** What paddlewheel needs from a cp.x input: the namelists as parsed, plus checked essentials. */
export interface CpInput {
  path: string;
  /** All namelists by lower-case name (`control`, `system`, `electrons`, `ions`, `cell`, …). */
  namelists: Record<string, Namelist>;
  /** `&control prefix`; cp.x's default is `cp`. */
  prefix: string;
  /** `&control outdir` when given. */
  outdir?: string;
  /** `&control dt`: the integration step in Hartree atomic units of time, when given. */
  dt?: number;
  /** `&control iprint` when given: steps between the frames written to .pos/.vel/.cel. */
  iprint?: number;
  /** `&system nat`: number of atoms. */
  nat: number;
  /** `&system ntyp`: number of species. */
  ntyp: number;
  /** `&system ibrav`: Bravais-lattice index. */
  ibrav: number;
  /** `celldm(1…6)` as `[celldm(1), …, celldm(6)]` (celldm(1) in bohr); 0 where absent. */
  celldm: number[];
  /** ATOMIC_SPECIES, in the order given (length ntyp). */
  species: CpSpecies[];
  atoms: CpAtoms;
}

/** Card names of pw.x/cp.x inputs; a line starting with one of them ends the previous card. */
const CARDS = new Set([
  'ATOMIC_SPECIES', 'ATOMIC_POSITIONS', 'ATOMIC_VELOCITIES', 'ATOMIC_FORCES', 'CELL_PARAMETERS',
  'REF_CELL_PARAMETERS', 'K_POINTS', 'ADDITIONAL_K_POINTS', 'CONSTRAINTS', 'OCCUPATIONS',
  'AUTOPILOT', 'ENDRULES', 'PLOT_WANNIER', 'WANNIER_GENERATE', 'SOLVENTS', 'HUBBARD', 'TOTAL_CHARGE',
]);

/**
 * Parse a Quantum ESPRESSO cp.x input (`path` is for messages only). Reads every namelist and
 * the ATOMIC_SPECIES and ATOMIC_POSITIONS cards, and checks that `nat` and `ntyp` agree with the
 * cards, that every atom's label is a declared species and that every species label names an
 * element. Other cards are skipped. Throws ParseError (E_PARSE) with the line on any of these.
 */
export function parseCpInput(text: string, path: string): CpInput {
  const lines = text.split('\n');
  const namelists: Record<string, Namelist> = {};
  let speciesAt = -1, positionsAt = -1;
  for (let i = 0; i < lines.length; ) {
    const t = lines[i]!.trim();
    if (t.startsWith('&')) {
      const { namelist, next } = parseNamelist(lines, i, path);
      namelists[namelist.name] = namelist;
      i = next;
      continue;
    }
    const card = cardName(t);
    if (card === 'ATOMIC_SPECIES') speciesAt = i;
    if (card === 'ATOMIC_POSITIONS') positionsAt = i;
    i++;
  }
  const system = namelists['system'];
  // Whole-file requirements are reported at the last line: where the reader gave up looking.
  const end = { file: path, line: lines.length };
  if (!system) throw new ParseError(end, 'a &system namelist (cp.x input)', 'end of file');
  const control = namelists['control']?.entries ?? {};
  const nat = intEntry(system, 'nat', path);
  const ntyp = intEntry(system, 'ntyp', path);
  const ibrav = intEntry(system, 'ibrav', path);
  const celldm = [1, 2, 3, 4, 5, 6].map((k) => numberOf(system.entries[`celldm(${k})`]) ?? 0);
  if (speciesAt < 0) throw new ParseError(end, 'an ATOMIC_SPECIES card', 'end of file');
  if (positionsAt < 0) throw new ParseError(end, 'an ATOMIC_POSITIONS card', 'end of file');
  const species = readSpecies(lines, speciesAt, ntyp, path);
  const atoms = readPositions(lines, positionsAt, nat, species, path);
  return {
    path,
    namelists,
    prefix: typeof control['prefix'] === 'string' ? control['prefix'] : 'cp',
    outdir: typeof control['outdir'] === 'string' ? control['outdir'] : undefined,
    dt: numberOf(control['dt']),
    iprint: numberOf(control['iprint']),
    nat,
    ntyp,
    ibrav,
    celldm,
    species,
    atoms,
  };
}

/**
 * Topology of a cp.x run: symbols from the species labels, masses as the input gives them
 * (amu), and the labels when any differs from its element symbol.
 */
export function cpTopology(input: CpInput): Topology {
  const { species, labels } = input.atoms;
  const symbols = Array.from(species, (s) => input.species[s]!.symbol);
  const masses = Float64Array.from(species, (s) => input.species[s]!.mass);
  const topology: Topology = { symbols, masses };
  if (labels.some((l, i) => l !== symbols[i])) topology.labels = [...labels];
  return topology;
}

function cardName(trimmed: string): string | undefined {
  const m = /^([A-Za-z_]+)/.exec(trimmed);
  const name = m?.[1]!.toUpperCase();
  return name !== undefined && CARDS.has(name) ? name : undefined;
}

// Lines of a card: from the line after its header to the next card, namelist or end of file,
// skipping blank and comment lines. Returns [line index, trimmed text] pairs.
function cardLines(lines: string[], header: number): [number, string][] {
  const out: [number, string][] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith('&') || cardName(t)) break;
    if (t === '' || t.startsWith('!') || t.startsWith('#')) continue;
    out.push([i, t]);
  }
  return out;
}

function readSpecies(lines: string[], header: number, ntyp: number, path: string): CpSpecies[] {
  const rows = cardLines(lines, header);
  if (rows.length !== ntyp) {
    throw new ParseError({ file: path, line: header + 1 }, `ntyp = ${ntyp} species lines in ATOMIC_SPECIES`, `${rows.length} lines`);
  }
  const mass = [0];
  return rows.map(([i, t]) => {
    const f = splitFields(t);
    if (f.length < 3) throw new ParseError({ file: path, line: i + 1 }, 'a species line "label mass pseudopotential"', t);
    const symbol = normaliseSymbol(f[0]!);
    if (!symbol) throw new ParseError({ file: path, line: i + 1, column: 1 }, 'a species label that starts with an element symbol', f[0]);
    parseNumbers(lines[i]!, mass, 0, 1, { file: path, line: i + 1, what: `the mass of species ${f[0]}` }, 1);
    if (!(mass[0]! > 0)) throw new ParseError({ file: path, line: i + 1 }, `a positive mass (amu) for species ${f[0]}`, f[1]);
    return { label: f[0]!, symbol, mass: mass[0]!, pseudo: f[2]!, line: i + 1 };
  });
}

function readPositions(lines: string[], header: number, nat: number, species: CpSpecies[], path: string): CpAtoms {
  const opt = /^ATOMIC_POSITIONS\s*[({]?\s*([A-Za-z_]*)/i.exec(lines[header]!.trim());
  const units = opt?.[1] ? opt[1].toLowerCase() : 'alat';
  const rows = cardLines(lines, header);
  if (rows.length !== nat) {
    throw new ParseError({ file: path, line: header + 1 }, `nat = ${nat} atom lines in ATOMIC_POSITIONS`, `${rows.length} lines`);
  }
  const index = new Map(species.map((s, k) => [s.label, k]));
  const labels: string[] = [];
  const which = new Int32Array(nat);
  const coordinates = new Float64Array(3 * nat);
  rows.forEach(([i, t], a) => {
    const label = splitFields(t)[0]!;
    const k = index.get(label);
    if (k === undefined) {
      throw new ParseError({ file: path, line: i + 1, column: 1 }, `a species label declared in ATOMIC_SPECIES (${species.map((s) => s.label).join(', ')})`, label);
    }
    labels.push(label);
    which[a] = k;
    parseNumbers(lines[i]!, coordinates, 3 * a, 3, { file: path, line: i + 1, what: `the coordinates of atom ${a + 1}` }, 1);
  });
  return { units, labels, species: which, coordinates, line: header + 1 };
}

function numberOf(v: NamelistValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function intEntry(nl: Namelist, key: string, path: string): number {
  const v = nl.entries[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || (key !== 'ibrav' && v <= 0)) {
    throw new ParseError({ file: path, line: nl.line }, `${key} in &${nl.name} as ${key === 'ibrav' ? 'an' : 'a positive'} integer`, v === undefined ? 'nothing' : String(v));
  }
  return v;
}
