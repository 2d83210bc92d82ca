import { PaddlewheelError, ParseError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { LineReader } from '../text/lines.js';
import { maxAtomsIn } from '../text/files.js';
import type { FormatReader, ReaderOptions, TrajectoryFile } from '../types.js';
import { XyzFrameParser } from './parse.js';

/** What the head of a file looks like: extended XYZ, plain XYZ, or neither. */
export function sniffXyzContent(text: string): 'extended' | 'plain' | undefined {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < 3 && at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    lines.push(text.slice(at, end).replace(/\r$/, ''));
    at = end + 1;
  }
  if (!/^\s*\d+\s*$/.test(lines[0] ?? '')) return undefined;
  if (/(^|\s)(lattice|properties)\s*=/i.test(lines[1] ?? '')) return 'extended';
  const num = '[-+]?(\\d+\\.?\\d*|\\.\\d+)([eEdD][-+]?\\d+)?';
  const atom = new RegExp(`^\\s*[A-Za-z]{1,2}[A-Za-z0-9_+-]*\\s+${num}\\s+${num}\\s+${num}(\\s|$)`);
  return atom.test(lines[2] ?? '') ? 'plain' : undefined;
}

/** Shortest atom line, newline included (`H 0 0 0`): a count above file size / this is a lie. */
const MIN_ATOM_LINE = 8;

const hasExt = (name: string, ext: string) => name.toLowerCase().endsWith(ext);

/**
 * Open an XYZ or extended-XYZ file: reads the first two frames (atoms, cell, the time keys
 * that give the frame spacing) and keeps them for `frames()`, so memory stays at two frames.
 */
async function openXyz(path: string, options: ReaderOptions, format: 'extxyz' | 'xyz'): Promise<TrajectoryFile> {
  const maxAtoms = await maxAtomsIn(path, MIN_ATOM_LINE);
  const r = await LineReader.open(path, options.diagnostics);
  let parser: XyzFrameParser;
  let pending: Frame[];
  try {
    parser = new XyzFrameParser(r, path, { ...options, maxAtoms });
    const f0 = await parser.next();
    if (!f0) throw new ParseError({ file: path, line: 1 }, 'an XYZ frame (atom count, comment, one line per atom)', 'an empty file');
    const f1 = await parser.next();
    pending = f1 ? [f0, f1] : [f0];
  } catch (e) {
    r.close();
    throw e;
  }
  const [f0, f1] = pending as [Frame, Frame | undefined];
  // Spacing from the first two frames' time keys; later irregularities show up in frame.time.
  const frameSpacing = f0.time !== undefined && f1?.time !== undefined && f1.time > f0.time ? f1.time - f0.time : undefined;
  let used = false;
  return {
    format,
    paths: [path],
    topology: parser.topology!,
    frameSpacing,
    hasVelocities: f0.velocities !== undefined,
    frames: async function* () {
      if (used) throw new PaddlewheelError('E_INTERNAL', `${path}: frames() may be called once per opened file`);
      used = true;
      try {
        parser.releaseDiagnostics();
        const held = pending;
        pending = [];
        yield* held;
        for (;;) {
          const f = await parser.next();
          if (!f) break;
          yield f;
        }
      } finally {
        r.close();
      }
    },
    close: () => r.close(),
  };
}

/**
 * Extended XYZ (ASE/libAtoms conventions). Per frame: `Lattice="ax ay az bx by bz cx cy cz"`
 * (Å, rows = a, b, c), `Properties=species:S:1:pos:R:3[:velo:R:3][:forces:R:3]…` (other
 * columns skipped by their declared widths), `pbc`, `energy` (eV), `stress` (eV/Å³, 9 or 6
 * Voigt numbers), `time_ps`, `time_fs` or `time` (fs), `step`. Velocities: `velo`, `vel`,
 * `velocities` are read as Å/fs (QUIP, GPUMD) and `momenta` as ASE momenta (amu·√(eV/amu)),
 * all converted to Å/ps (see ./units.ts). Masses: a `masses`/`mass` column, else standard.
 */
export const extxyzReader: FormatReader = {
  id: 'extxyz',
  description: 'extended XYZ (ASE/libAtoms: Lattice, Properties, velo/momenta, forces, energy, stress, time_fs)',
  sniff(name, text) {
    const kind = sniffXyzContent(text);
    if (kind === 'extended') return 0.95;
    return hasExt(name, '.extxyz') ? 0.6 : 0;
  },
  open: (path, options) => openXyz(path, options, 'extxyz'),
};

/**
 * Plain XYZ: count, free-text comment, `Sym x y z` lines (Å; extra columns ignored). It
 * carries no cell: `options.cell` (`--cell`) is required. Same parser as extended XYZ.
 */
export const xyzReader: FormatReader = {
  id: 'xyz',
  description: 'plain XYZ (symbol x y z in Å; needs --cell)',
  sniff(name, text) {
    const kind = sniffXyzContent(text);
    if (kind === 'extended') return 0;
    return Math.max(hasExt(name, '.xyz') ? 0.6 : 0, kind === 'plain' ? 0.5 : 0);
  },
  open: (path, options) => openXyz(path, options, 'xyz'),
};
