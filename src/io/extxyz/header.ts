import { type Cell, makeCell } from '../../core/cell.js';
import { ParseError } from '../../core/errors.js';
import { FS_TO_PS } from '../../core/units.js';
import { type CommentEntry, type CommentLocation, entryBooleans, entryNumbers, parseComment } from './comment.js';
import { type Layout, layoutFromProperties, plainLayout } from './layout.js';

/** What a frame's comment line says, in internal units. */
export interface FrameHeader {
  /** True when the comment was read as extended XYZ (it has `Lattice=` or `Properties=`). */
  extended: boolean;
  layout: Layout;
  /** From `Lattice` (rows = a, b, c in Å); undefined when absent. */
  cell?: Cell;
  /** From `pbc`; undefined when absent. */
  pbc?: boolean[];
  /** ps, from `time_ps`, `time_fs` or `time` (fs), in that order of preference. */
  time?: number;
  /** From an integer `step`. */
  step?: number;
  /** eV, from `energy`. */
  energy?: number;
  /** eV/Å³, row-major 3×3, from `stress` (9 numbers, or 6 in Voigt order xx yy zz yz xz xy). */
  stress?: Float64Array;
}

// A plain comment is free text: only a key=value line naming one of these keys is read as
// extended XYZ (a bare `time = 0.5 ps` in free text must not be taken for fs).
const EXTENDED = /(^|\s)(lattice|properties|pbc|time_fs|time_ps)\s*=/i;

/**
 * Caches what does not change between frames (the compiled layout, the cell when the
 * `Lattice` text repeats), so that a long trajectory parses its comment lines cheaply.
 */
export class HeaderReader {
  private lastLayout?: Layout;
  private lastLattice?: { text: string; cell: Cell };
  private readonly plain = plainLayout();

  /** Interpret one comment line. Throws ParseError (with line and column) on bad values. */
  read(comment: string, loc: CommentLocation): FrameHeader {
    if (!EXTENDED.test(comment)) return { extended: false, layout: this.plain };
    const kv = parseComment(comment, loc);
    const props = kv.get('properties');
    const spec = props?.value ?? 'species:S:1:pos:R:3';
    let layout = this.lastLayout;
    if (!layout || layout.source !== spec) layout = this.lastLayout = layoutFromProperties(spec, loc, props?.column ?? 1);
    const h: FrameHeader = { extended: true, layout };
    const lattice = kv.get('lattice');
    if (lattice) h.cell = this.cell(lattice, loc);
    const pbc = kv.get('pbc');
    if (pbc) {
      h.pbc = entryBooleans(pbc, loc, 'pbc');
      if (h.pbc.length !== 3) throw new ParseError({ ...loc, column: pbc.column }, 'three T/F values for pbc', pbc.value);
    }
    const tps = kv.get('time_ps'), tfs = kv.get('time_fs'), t = kv.get('time');
    if (tps) h.time = scalar(tps, loc, 'time_ps');
    else if (tfs) h.time = scalar(tfs, loc, 'time_fs') * FS_TO_PS;
    else if (t) h.time = scalar(t, loc, 'time (fs)') * FS_TO_PS;
    const step = kv.get('step');
    if (step && /^[+-]?\d+$/.test(step.value.trim())) h.step = Number(step.value);
    const energy = kv.get('energy');
    if (energy) h.energy = scalar(energy, loc, 'energy');
    const stress = kv.get('stress');
    if (stress) h.stress = stressTensor(entryNumbers(stress, loc, 'stress', [9, 6]));
    return h;
  }

  private cell(e: CommentEntry, loc: CommentLocation): Cell {
    if (this.lastLattice?.text === e.value) return this.lastLattice.cell;
    const v = entryNumbers(e, loc, 'Lattice (a, b, c vectors, Å)', [9]);
    let cell: Cell;
    try {
      cell = makeCell(v);
    } catch {
      throw new ParseError({ ...loc, column: e.column }, 'Lattice vectors spanning a volume', e.value);
    }
    this.lastLattice = { text: e.value, cell };
    return cell;
  }
}

function scalar(e: CommentEntry, loc: CommentLocation, what: string): number {
  return entryNumbers(e, loc, what, [1])[0]!;
}

/**
 * 3×3 row-major tensor from ASE's stress value. Nine numbers are read as ASE does (Fortran
 * order, i.e. element [i][j] = v[3j+i]), which equals row-major for the symmetric tensors
 * codes write; six are Voigt xx yy zz yz xz xy.
 */
function stressTensor(v: number[]): Float64Array {
  const s = new Float64Array(9);
  if (v.length === 9) {
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s[3 * i + j] = v[3 * j + i]!;
  } else {
    const [xx, yy, zz, yz, xz, xy] = v as [number, number, number, number, number, number];
    s.set([xx, xy, xz, xy, yy, yz, xz, yz, zz]);
  }
  return s;
}
