import { fracToCart } from '../../core/cell.js';
import { ParseError, PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import { requireFiniteFrame } from '../finite.js';
import { maxAtomsIn } from '../text/files.js';
import { LineReader } from '../text/lines.js';
import { parseNumber, parseNumbers, splitFields } from '../text/numbers.js';
import type { FormatReader, ReaderOptions, TrajectoryFile } from '../types.js';
import { type PoscarHeader, expandSpecies, readPoscarHeader, resolveSpecies } from './poscar-header.js';

/**
 * VASP XDATCAR reader (VASP 5 and later; VASP 4 headers without a species line too).
 *
 * Layout: a POSCAR-style header (see PoscarHeader), then one block per stored configuration:
 * `Direct configuration=     N` followed by one line of fractional coordinates per atom.
 * Variable-cell runs (ISIF ≥ 3) repeat the header before every block. VASP writes N = the
 * ionic step (NSTEP), so N advances by NBLOCK; files rewritten by pymatgen or ASE number
 * blocks 1, 2, 3, … instead. `Cartesian configuration=` blocks (and the bare `Direct` /
 * `Cartesian` line of a POSCAR or CONTCAR, read as a one-frame trajectory) are accepted.
 *
 * Output: Cartesian positions in Å (r = f·M for Direct blocks; Cartesian blocks times the
 * scale), `step` = N, no time (XDATCAR stores none: the frame spacing is NBLOCK × POTIM,
 * given by the user as --dt), `segment` 0. A block cut short at the end of the file is
 * dropped with a `W_TRUNCATED_FRAME` warning.
 */
export const xdatcarReader: FormatReader = {
  id: 'xdatcar',
  description: 'VASP XDATCAR (VASP 5+; fixed or variable cell; Direct or Cartesian blocks)',
  sniff: sniffXdatcar,
  open: openXdatcar,
};

/** Name and content score for XDATCAR (0–1). */
export function sniffXdatcar(name: string, text: string): number {
  const byName = /XDATCAR/i.test(name);
  const lines = text.split('\n', 12);
  // Line 2 is the scale; the first "Direct configuration=" sits on line 7 (VASP 4 header) or 8.
  const byContent = /^\s*[-+]?[\d.]/.test(lines[1] ?? '') && lines.slice(6, 9).some((l) => CONFIG_RE.test(l));
  return byName && byContent ? 1 : byContent ? 0.9 : byName ? 0.6 : 0;
}

const CONFIG_RE = /^\s*(direct|cartesian)\s+configuration\s*=?\s*(\S*)/i;

interface ConfigLine {
  cartesian: boolean;
  step?: number;
}

// `Direct configuration=    12`; for the first block also POSCAR's bare `Direct`/`Cartesian` (VASP reads only the first letter).
function parseConfigLine(line: string, allowBare: boolean): ConfigLine | undefined {
  const m = CONFIG_RE.exec(line);
  if (m) {
    const n = /^\d+$/.test(m[2]!) ? Number(m[2]) : undefined;
    return { cartesian: m[1]!.toLowerCase() === 'cartesian', step: n };
  }
  if (allowBare && /^\s*[DdCcKk]\S*\s*$/.test(line)) return { cartesian: !/^\s*[Dd]/.test(line) };
  return undefined;
}

/** Error context that builds its message only when an error is thrown (the hot loop reuses it). */
class AtomContext {
  line = 0;
  atom = 0;
  constructor(readonly file: string) {}
  get what(): string {
    return `the x, y, z coordinates of atom ${this.atom + 1}`;
  }
}

/** Shortest coordinate line, newline included (`0 0 0`): counts summing above file size / this are a lie. */
const MIN_ATOM_LINE = 6;

async function openXdatcar(path: string, options: ReaderOptions): Promise<TrajectoryFile> {
  const maxAtoms = await maxAtomsIn(path, MIN_ATOM_LINE);
  const r = await LineReader.open(path, options.diagnostics);
  let header: PoscarHeader;
  let topology: Topology;
  let speciesWarning: string | undefined;
  try {
    const h = await readPoscarHeader(r);
    if ('truncated' in h) throw new ParseError({ file: path, line: h.line + h.lines }, 'a complete XDATCAR header (comment, scale, 3 lattice vectors, species, counts)', 'end of file');
    header = h;
    if (h.atoms > maxAtoms) {
      throw new ParseError({ file: path, line: h.line + h.lineCount - 1 }, `atom counts summing to at most ${maxAtoms} (the file is too short to hold more coordinate lines)`, h.counts.join(' '));
    }
    const species = resolveSpecies(h, path, options.typeMap);
    // Warned when streaming, so that opening a file twice (header check, then frames) warns once.
    if (species.source === 'comment') {
      speciesWarning = `${path}: no species line (VASP 4 header); elements ${species.symbols.join(' ')} were taken from the comment line ${JSON.stringify(h.comment)} — check them, or give --type-map`;
    }
    try {
      topology = topologyFromSymbols(expandSpecies(h.counts, species.symbols));
    } catch (e) {
      throw new ParseError({ file: path, line: h.line + 5 }, 'known element symbols', (e as Error).message);
    }
    if (species.labels) topology.labels = expandSpecies(h.counts, species.labels);
  } catch (e) {
    r.close();
    throw e;
  }
  let used = false;
  return {
    format: 'xdatcar',
    paths: [path],
    topology,
    frameSpacing: undefined,
    hasVelocities: false,
    frames: () => {
      if (used) throw new PaddlewheelError('E_INTERNAL', `${path}: frames() may be called once per opened file`);
      used = true;
      if (speciesWarning) options.diagnostics.warn('W_SPECIES_FROM_COMMENT', speciesWarning, { file: path, line: header.line });
      return streamFrames(r, header, options);
    },
    close: () => r.close(),
  };
}

async function* streamFrames(r: LineReader, first: PoscarHeader, options: ReaderOptions): AsyncGenerator<Frame> {
  const file = r.path;
  const n = first.atoms;
  const ctx = new AtomContext(file);
  let header = first;
  let pendingHeaderLines = 0; // lines of a repeated (NPT) header read for the coming block
  let index = 0;
  let prevStep: number | undefined;
  let bare = true;
  try {
    for (;;) {
      if (r.available < 1 && (await r.ensure(1)) < 1) return;
      const line = r.shift()!;
      if (line.trim() === '') continue;
      let cfg = parseConfigLine(line, bare && index === 0);
      if (!cfg && index === 0 && /^\s*[Ss]/.test(line)) {
        // POSCAR "Selective dynamics": the coordinate-mode line follows.
        if ((await r.ensure(1)) >= 1) cfg = parseConfigLine(r.shift()!, true);
      }
      bare = false;
      if (!cfg) {
        if (index === 0) {
          throw new ParseError({ file, line: r.lineNumber }, '"Direct configuration= N" after the header', line);
        }
        if (looksLikeCoordinates(line)) {
          throw new ParseError({ file, line: r.lineNumber }, `"Direct configuration= N" or a repeated header after the ${n} coordinate lines of the previous block (the counts line says ${n} atoms)`, line);
        }
        // A variable-cell XDATCAR repeats the header before every block; this line is its comment.
        const startLine = r.lineNumber;
        const h = await readRepeatedHeader(r, line, first);
        if ('truncated' in h) return warnTruncated(options, file, startLine, h.lines);
        header = h;
        pendingHeaderLines = h.lineCount;
        const after = await r.ensure(1);
        if (after < 1) return warnTruncated(options, file, startLine, pendingHeaderLines);
        const cl = r.shift()!;
        cfg = parseConfigLine(cl, false);
        if (!cfg) throw new ParseError({ file, line: r.lineNumber }, '"Direct configuration= N" after the repeated header', cl);
      }
      const configLine = r.lineNumber;
      const avail = r.available >= n + 1 ? r.available : await r.ensure(n + 1);
      if (avail < n) {
        for (let i = 0; i < avail; i++) r.advance();
        return warnTruncated(options, file, configLine - pendingHeaderLines, pendingHeaderLines + 1 + avail);
      }
      const positions = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) {
        r.advance();
        // Parsed from the bytes; only a line the fast path cannot take is decoded (and may throw).
        if (r.tryNumbers(positions, 3 * i, 3)) continue;
        const l = r.text();
        ctx.line = r.lineNumber;
        ctx.atom = i;
        try {
          parseNumbers(l, positions, 3 * i, 3, ctx);
        } catch (e) {
          // A last line cut in the middle of a number is truncation, not corruption.
          if (i === n - 1 && avail === n && e instanceof ParseError) return warnTruncated(options, file, configLine - pendingHeaderLines, pendingHeaderLines + 1 + n);
          if (CONFIG_RE.test(l)) {
            throw new ParseError({ file, line: r.lineNumber }, `${n} coordinate lines after line ${configLine} (the counts line says ${n} atoms), found only ${i}`, l);
          }
          throw e;
        }
      }
      if (cfg.cartesian) {
        const [sx, sy, sz] = header.cartesianScale;
        if (sx !== 1 || sy !== 1 || sz !== 1) {
          for (let i = 0; i < 3 * n; i += 3) {
            positions[i] *= sx;
            positions[i + 1] *= sy;
            positions[i + 2] *= sz;
          }
        }
      } else fracToCart(header.cell, positions, positions);
      if (index === 1 && prevStep !== undefined && cfg.step !== undefined && cfg.step - prevStep > 1) {
        options.diagnostics.info('I_XDATCAR_STRIDE', `${file}: configurations are ${cfg.step - prevStep} MD steps apart (NBLOCK); the frame spacing is NBLOCK × POTIM — give it as --dt in fs`, { file });
      }
      prevStep = cfg.step;
      pendingHeaderLines = 0;
      const frame: Frame = { index: index++, segment: 0, positions, cell: header.cell };
      if (cfg.step !== undefined) frame.step = cfg.step;
      yield requireFiniteFrame(frame, file, configLine);
    }
  } finally {
    r.close();
  }
}

// The comment line was already consumed (it told us a header follows); read the rest and check the atoms match.
async function readRepeatedHeader(r: LineReader, comment: string, first: PoscarHeader) {
  const h = await readPoscarHeader(r, comment);
  if ('truncated' in h) return h;
  const same = h.counts.length === first.counts.length && h.counts.every((c, k) => c === first.counts[k]);
  const sameNames = !h.speciesNames || !first.speciesNames || h.speciesNames.every((s, k) => s === first.speciesNames![k]);
  if (!same || !sameNames) {
    throw new ParseError(
      { file: r.path, line: h.line + h.lineCount - 1 },
      `the same species and counts as the first header (${(first.speciesNames ?? []).join(' ')} ${first.counts.join(' ')})`,
      `${(h.speciesNames ?? []).join(' ')} ${h.counts.join(' ')}`.trim(),
      'E_TOPOLOGY',
    );
  }
  return h;
}

function looksLikeCoordinates(line: string): boolean {
  const f = splitFields(line);
  return f.length >= 3 && f.slice(0, 3).every((x) => Number.isFinite(parseNumber(x)));
}

function warnTruncated(options: ReaderOptions, file: string, line: number, dropped: number): void {
  options.diagnostics.warn('W_TRUNCATED_FRAME', `${file}: the last configuration (from line ${line}) is incomplete; its ${dropped} line(s) were dropped`, { file, line });
}
