import type { Cell } from '../../core/cell.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { normaliseSymbol, symbolOfZ } from '../../core/elements.js';
import { ParseError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import { requireFiniteFrame } from '../finite.js';
import type { LineReader } from '../text/lines.js';
import { type NumberContext, parseNumbers } from '../text/numbers.js';
import { HeaderReader } from './header.js';
import type { Layout } from './layout.js';
import { ASE_VELOCITY_TO_A_PER_PS, A_PER_FS_TO_A_PER_PS } from './units.js';

/**
 * Streams the frames of an XYZ or extended-XYZ file from a LineReader, one frame's lines in
 * memory at a time. The first frame fixes the atoms (count, species, masses); every later
 * frame must repeat them. Units on output: Å, ps, Å/ps, eV/Å, eV, eV/Å³.
 */
export class XyzFrameParser {
  /** Set once the first frame has been read. */
  topology?: Topology;
  private natoms = -1;
  private labels: string[] = [];
  private index = 0;
  private done = false;
  private firstHadLattice = false;
  private hasVelocities = false;
  private scratch = new Float64Array(0);
  private readonly headers = new HeaderReader();
  private held: (() => void)[] | undefined = [];

  constructor(
    private readonly r: LineReader,
    private readonly file: string,
    private readonly options: { diagnostics: DiagnosticLog; cell?: Cell; maxAtoms?: number },
  ) {}

  /**
   * Diagnostics raised while the file is only being opened are held back until the frames
   * are streamed, because the opener opens each file twice (header check, then streaming).
   */
  releaseDiagnostics(): void {
    const h = this.held;
    this.held = undefined;
    for (const f of h ?? []) f();
  }

  private warn(code: string, message: string, line: number): void {
    const f = () => this.options.diagnostics.warn(code, message, { file: this.file, line, frame: this.index });
    if (this.held) this.held.push(f);
    else f();
  }

  /** The next whole frame, or undefined at the end (a truncated last frame ends the stream). */
  async next(): Promise<Frame | undefined> {
    if (this.done) return undefined;
    const r = this.r;
    let countText: string;
    for (;;) {
      if ((await r.ensure(1)) === 0) return this.finish();
      countText = r.shift()!;
      if (countText.trim().length > 0) break;
    }
    const countLine = r.lineNumber;
    const t = countText.trim();
    if (!/^\d+$/.test(t) || /^0+$/.test(t)) {
      throw new ParseError({ file: this.file, line: countLine, column: 1 }, 'the atom count of a frame (a positive integer alone on its line)', countText);
    }
    const n = Number(t);
    const max = this.options.maxAtoms;
    if (this.natoms < 0 && max !== undefined && n > max) {
      throw new ParseError({ file: this.file, line: countLine, column: 1 }, `an atom count of at most ${max} (the file is too short to hold more atom lines)`, t);
    }
    if (this.natoms >= 0 && n !== this.natoms) {
      throw new ParseError({ file: this.file, line: countLine }, `${this.natoms} atoms as in the first frame (a trajectory keeps its atoms)`, t);
    }
    const avail = await r.ensure(n + 2);
    if (avail < n + 1) {
      this.truncated(countLine, n, avail + 1);
      return this.finish();
    }
    const isLast = avail === n + 1;
    try {
      return this.parseFrame(n);
    } catch (e) {
      // A file cut inside its final line leaves a short last line: a truncation, not corruption.
      if (isLast && this.index > 0 && e instanceof ParseError && e.line === countLine + n + 1) {
        this.truncated(countLine, n, n + 2);
        return this.finish();
      }
      throw e;
    }
  }

  private finish(): undefined {
    this.done = true;
    return undefined;
  }

  private truncated(countLine: number, n: number, lines: number): void {
    if (this.index === 0) {
      throw new ParseError({ file: this.file, line: countLine }, `a whole first frame (${n + 2} lines: count, comment, ${n} atoms)`, `${lines} lines before the end of the file`);
    }
    this.warn('W_TRUNCATED_FRAME', `${this.file}:${countLine}: the last frame is incomplete; its ${lines} line(s) are dropped and the ${this.index} whole frame(s) before it are kept`, countLine);
  }

  private parseFrame(n: number): Frame {
    const r = this.r;
    const comment = r.shift()!;
    const loc = { file: this.file, line: r.lineNumber };
    const h = this.headers.read(comment, loc);
    const layout = h.layout;
    const first = this.index === 0;
    const cell = this.frameCell(h.cell, h.extended, h.pbc, loc.line);
    if (first) this.hasVelocities = layout.velOffset >= 0;
    else if ((layout.velOffset >= 0) !== this.hasVelocities) {
      throw new ParseError(loc, `Properties ${this.hasVelocities ? 'with' : 'without'} velocities, as in the first frame`, layout.source);
    }
    if (this.scratch.length < layout.scratchSize) this.scratch = new Float64Array(layout.scratchSize);
    const scratch = this.scratch;
    const positions = new Float64Array(3 * n);
    const velocities = layout.velOffset >= 0 ? new Float64Array(3 * n) : undefined;
    const forces = layout.forceOffset >= 0 ? new Float64Array(3 * n) : undefined;
    const fileMasses = first && layout.massOffset >= 0 ? new Float64Array(n) : undefined;
    const runs = layout.runs, nr = runs.length;
    const po = layout.posOffset, vo = layout.velOffset, fo = layout.forceOffset, mo = layout.massOffset, zo = layout.zOffset;
    const sf = layout.speciesField;
    const ctx: NumberContext = { file: this.file, line: 0, what: layout.what };
    const symbols: string[] = first ? new Array<string>(n) : [];
    let i = 0;
    let inNumbers = false;
    try {
      for (; i < n; i++) {
        // The atom line stays bytes: the species is compared and the numbers parsed in place,
        // and only the first frame's species or a line the fast path cannot take is decoded.
        r.advance();
        ctx.line = r.lineNumber;
        if (sf >= 0) {
          if (first) symbols[i] = this.addSpecies(r.text(), i, sf, ctx.line);
          else if (!r.fieldEquals(sf, this.labels[i]!)) this.checkSpecies(r.text(), i, sf, ctx.line);
        }
        inNumbers = true;
        for (let k = 0; k < nr; k++) {
          const run = runs[k]!;
          if (!r.tryNumbers(scratch, run.offset, run.count, run.field)) parseNumbers(r.text(), scratch, run.offset, run.count, ctx, run.field);
        }
        inNumbers = false;
        const j = 3 * i;
        positions[j] = scratch[po]!;
        positions[j + 1] = scratch[po + 1]!;
        positions[j + 2] = scratch[po + 2]!;
        if (velocities) {
          velocities[j] = scratch[vo]!;
          velocities[j + 1] = scratch[vo + 1]!;
          velocities[j + 2] = scratch[vo + 2]!;
        }
        if (forces) {
          forces[j] = scratch[fo]!;
          forces[j + 1] = scratch[fo + 1]!;
          forces[j + 2] = scratch[fo + 2]!;
        }
        if (fileMasses) {
          fileMasses[i] = scratch[mo]!;
          if (!(fileMasses[i]! > 0)) throw new ParseError({ file: this.file, line: ctx.line }, `a positive mass (amu) for atom ${i + 1}`, String(fileMasses[i]));
        }
        if (zo >= 0) this.atomicNumber(scratch[zo]!, i, first, symbols, ctx.line);
      }
    } catch (e) {
      if (inNumbers && e instanceof ParseError) {
        throw new ParseError({ file: this.file, line: e.line, column: e.column }, `${e.expected} on the line of atom ${i + 1}`, e.found);
      }
      throw e;
    }
    if (first) this.setTopology(symbols, fileMasses);
    if (velocities) this.convertVelocities(velocities, layout);
    const frame: Frame = { index: this.index++, segment: 0, positions, cell };
    if (velocities) frame.velocities = velocities;
    if (forces) frame.forces = forces;
    if (h.time !== undefined) frame.time = h.time;
    if (h.step !== undefined) frame.step = h.step;
    if (h.energy !== undefined) frame.energy = h.energy;
    if (h.stress !== undefined) frame.stress = h.stress;
    return requireFiniteFrame(frame, this.file, loc.line - 1);
  }

  private frameCell(fileCell: Cell | undefined, extended: boolean, pbc: boolean[] | undefined, line: number): Cell {
    const given = this.options.cell;
    if (this.index === 0) {
      this.firstHadLattice = fileCell !== undefined;
      if (fileCell && given) this.warn('W_CELL_IGNORED', `${this.file}: --cell ignored: the file gives a Lattice on every frame`, line);
      if (fileCell && pbc && !pbc.every((p) => p)) {
        this.warn('W_PBC_PARTIAL', `${this.file}:${line}: pbc="${pbc.map((p) => (p ? 'T' : 'F')).join(' ')}"; the cell is treated as periodic in all three directions`, line);
      }
      if (!fileCell && !given) {
        throw new UsageError(`${this.file}: ${extended ? 'this extended XYZ has no Lattice (pbc false or absent); like ' : ''}plain XYZ carries no cell; give --cell`);
      }
    }
    if (this.firstHadLattice) {
      if (!fileCell) throw new ParseError({ file: this.file, line }, 'a Lattice= on every frame, as on the first', 'none');
      return fileCell;
    }
    return given!;
  }

  private addSpecies(line: string, i: number, sf: number, ln: number): string {
    const start = fieldStart(line, sf);
    const token = line.slice(start, fieldEnd);
    const symbol = token.length > 0 ? normaliseSymbol(token) : undefined;
    if (!symbol) throw new ParseError({ file: this.file, line: ln, column: start + 1 }, `an element symbol for atom ${i + 1}`, token || line);
    this.labels[i] = token;
    return symbol;
  }

  private checkSpecies(line: string, i: number, sf: number, ln: number): void {
    const start = fieldStart(line, sf);
    const label = this.labels[i]!;
    if (fieldEnd - start === label.length && line.startsWith(label, start)) return;
    const token = line.slice(start, fieldEnd);
    const want = this.topology!.symbols[i]!;
    if (normaliseSymbol(token) !== want) {
      throw new ParseError({ file: this.file, line: ln, column: start + 1 }, `species ${want} for atom ${i + 1}, as in the first frame`, token || line);
    }
  }

  private atomicNumber(z: number, i: number, first: boolean, symbols: string[], ln: number): void {
    const s = Number.isInteger(z) ? symbolOfZ(z) : undefined;
    if (first) {
      if (!s) throw new ParseError({ file: this.file, line: ln }, `an atomic number for atom ${i + 1}`, String(z));
      symbols[i] = s;
      this.labels[i] = s;
    } else if (s !== this.topology!.symbols[i]) {
      throw new ParseError({ file: this.file, line: ln }, `atomic number of ${this.topology!.symbols[i]} for atom ${i + 1}, as in the first frame`, String(z));
    }
  }

  /** Symbols are known elements and file masses positive here (checked per line). */
  private setTopology(symbols: string[], fileMasses: Float64Array | undefined): void {
    this.natoms = symbols.length;
    const topology = topologyFromSymbols(symbols, fileMasses);
    if (this.labels.some((l, k) => l !== symbols[k])) topology.labels = this.labels.slice();
    this.topology = topology;
  }

  /** Å/fs (velo, vel, velocities) or ASE momenta (amu·√(eV/amu)) → Å/ps. */
  private convertVelocities(v: Float64Array, layout: Layout): void {
    if (layout.velocityKind === 'ase-momenta') {
      const m = this.topology!.masses;
      for (let a = 0; a < m.length; a++) {
        const f = ASE_VELOCITY_TO_A_PER_PS / m[a]!;
        v[3 * a] *= f;
        v[3 * a + 1] *= f;
        v[3 * a + 2] *= f;
      }
    } else {
      for (let k = 0; k < v.length; k++) v[k] *= A_PER_FS_TO_A_PER_PS;
    }
  }
}

// End of the field found by the last fieldStart call (module state keeps the hot path allocation-free).
let fieldEnd = 0;

/** Start index of whitespace-separated field `k` of `line`, or line.length when it has fewer fields; sets fieldEnd. */
function fieldStart(line: string, k: number): number {
  const n = line.length;
  let i = 0;
  for (let f = 0; f <= k; f++) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    const s = i;
    while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
    if (s === i) break;
    if (f === k) {
      fieldEnd = i;
      return s;
    }
  }
  fieldEnd = n;
  return n;
}
