import { fracToCart } from '../../core/cell.js';
import { PaddlewheelError, ParseError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { FS_TO_PS } from '../../core/units.js';
import { requireFiniteFrame } from '../finite.js';
import type { LineReader } from '../text/lines.js';
import type { ReaderOptions } from '../types.js';
import { type AtomIdentity, AtomLineParser, countFields, identityFromLines } from './atoms.js';
import { type ColumnLayout, LayoutProblem, columnLayout } from './columns.js';
import { type DumpHeader, readHeader } from './header.js';
import { dumpTopology } from './species.js';
import { type LammpsUnits, lammpsUnits } from './units.js';

/** One step of reading a dump: a whole snapshot, the end of the file, or a snapshot cut short. */
export type SnapshotResult =
  | { kind: 'frame'; frame: Frame; header: DumpHeader }
  | { kind: 'eof' }
  | { kind: 'truncated'; startLine: number; lines: number };

/**
 * Reads the snapshots of one text dump in order, converting each to a Frame in internal
 * units: atoms sorted by id; Cartesian coordinates shifted by −(xlo, ylo, zlo) so the cell
 * starts at the origin (as MDAnalysis does); scaled coordinates turned Cartesian with the
 * snapshot's cell (r = f·M); wrapped coordinates with image flags (`ix iy iz`) unwrapped by
 * adding n·M; velocities and forces scaled from the dump's unit style
 * (`metal` unless `ITEM: UNITS` says otherwise). The first snapshot fixes atom ids, types and
 * elements; later snapshots must keep them (ParseError E_TOPOLOGY otherwise).
 */
export class DumpStream {
  identity?: AtomIdentity;
  topology?: Topology;
  units: LammpsUnits = lammpsUnits('metal')!;
  unitsStated = false;
  layout?: ColumnLayout;
  private layoutLine?: string;
  private parser?: AtomLineParser;
  private index = 0;

  /**
   * `maxAtoms`: the most atoms the file can hold (see maxAtomsIn); a first snapshot claiming
   * more is a ParseError before anything is buffered or allocated for it.
   */
  constructor(private readonly r: LineReader, private readonly options: ReaderOptions, private readonly maxAtoms = Infinity) {}

  /** Read the next snapshot. */
  async next(): Promise<SnapshotResult> {
    const r = this.r;
    const file = r.path;
    const res = await readHeader(r);
    if (res.kind !== 'ok') return res;
    const h = res.header;
    if (h.units !== undefined) this.setUnits(h.units, h.startLine);
    if (h.columnsLine !== this.layoutLine) {
      const layout = columnLayout(h.columns);
      if (layout instanceof LayoutProblem) throw new ParseError({ file, line: h.columnsLineNumber }, layout.expected, h.columnsLine);
      this.layout = layout;
      this.layoutLine = h.columnsLine;
      this.parser = this.identity ? new AtomLineParser(file, layout, this.identity) : undefined;
    }
    const layout = this.layout!;
    const n = h.natoms;
    if (!this.identity && n > this.maxAtoms) {
      throw new ParseError({ file, line: h.startLine }, `ITEM: NUMBER OF ATOMS of at most ${this.maxAtoms} (the file is too short to hold more atom lines)`, String(n));
    }
    if (this.identity && n !== this.identity.ids.length) {
      throw new ParseError({ file, line: h.startLine }, `${this.identity.ids.length} atoms as in the first snapshot (NUMBER OF ATOMS must not change)`, String(n), 'E_TOPOLOGY');
    }
    const avail = await r.ensure(n + 1);
    if (avail < n) {
      for (let k = 0; k < avail; k++) r.advance();
      return { kind: 'truncated', startLine: h.startLine, lines: h.lines + avail };
    }
    // A file cut inside its very last line leaves that line short of fields.
    const lastIsEnd = avail === n;
    const short = (line: string) => countFields(line) < layout.names.length;
    let arrays;
    if (!this.identity) {
      const first = r.lineNumber + 1;
      const lines = new Array<string>(n);
      for (let k = 0; k < n; k++) lines[k] = r.shift()!;
      if (lastIsEnd && short(lines[n - 1]!)) return { kind: 'truncated', startLine: h.startLine, lines: h.lines + n };
      this.identity = identityFromLines(file, lines, first, layout);
      this.topology = dumpTopology(file, this.identity, this.options.typeMap, this.options.diagnostics);
      this.parser = new AtomLineParser(file, layout, this.identity);
      arrays = this.parser.begin();
      for (let k = 0; k < n; k++) this.parser.line(lines[k]!, first + k, arrays);
    } else {
      const parser = this.parser!;
      arrays = parser.begin();
      for (let k = 0; k < n; k++) {
        r.advance();
        if (k === n - 1 && lastIsEnd && short(r.text())) return { kind: 'truncated', startLine: h.startLine, lines: h.lines + n };
        parser.lineFrom(r, arrays);
      }
    }
    const { cell, origin } = h.box;
    const pos = arrays.positions;
    // Image flags count whole cells crossed: add them to the fractions (xs) or n·M to r (x).
    const img = arrays.images;
    if (img && layout.scaled) for (let i = 0; i < pos.length; i++) pos[i] = pos[i]! + img[i]!;
    if (layout.scaled) fracToCart(cell, pos, pos);
    else if (img) {
      const m = cell.matrix;
      for (let i = 0; i < pos.length; i += 3) {
        const a = img[i]!, b = img[i + 1]!, c = img[i + 2]!;
        pos[i] = pos[i]! + a * m[0]! + b * m[3]! + c * m[6]!;
        pos[i + 1] = pos[i + 1]! + a * m[1]! + b * m[4]! + c * m[7]!;
        pos[i + 2] = pos[i + 2]! + a * m[2]! + b * m[5]! + c * m[8]!;
      }
    }
    if (!layout.scaled && (origin[0] !== 0 || origin[1] !== 0 || origin[2] !== 0)) {
      for (let i = 0; i < pos.length; i += 3) {
        pos[i] = pos[i]! - origin[0];
        pos[i + 1] = pos[i + 1]! - origin[1];
        pos[i + 2] = pos[i + 2]! - origin[2];
      }
    }
    scale(arrays.velocities, this.units.velocity);
    scale(arrays.forces, this.units.force);
    const frame: Frame = {
      index: this.index++,
      step: h.step,
      time: this.timeOf(h),
      segment: 0,
      positions: pos,
      cell,
      velocities: arrays.velocities,
      forces: arrays.forces,
    };
    return { kind: 'frame', frame: requireFiniteFrame(frame, file, h.startLine), header: h };
  }

  /** Time of a snapshot (ps): `ITEM: TIME` when written, else TIMESTEP × --md-timestep. */
  timeOf(h: DumpHeader): number | undefined {
    if (h.time !== undefined) return h.time * this.units.time;
    const dt = this.options.mdTimestep;
    return dt !== undefined ? h.step * dt * FS_TO_PS : undefined;
  }

  private setUnits(style: string, line: number): void {
    const u = lammpsUnits(style);
    if (!u) {
      throw new PaddlewheelError('E_FORMAT', `${this.r.path}:${line}: LAMMPS units ${JSON.stringify(style)} are not supported; paddlewheel reads dumps in units metal or real (lengths in Å)`);
    }
    this.units = u;
    this.unitsStated = true;
  }
}

function scale(v: Float64Array | undefined, f: number): void {
  if (!v || f === 1) return;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * f;
}
