import { ParseError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { maxAtomsIn } from '../text/files.js';
import { LineReader } from '../text/lines.js';
import type { FormatReader, ReaderOptions, TrajectoryFile } from '../types.js';
import { type DumpHeader, readHeader } from './header.js';
import { DumpStream } from './stream.js';

/**
 * LAMMPS text dumps (`dump custom` / `dump atom`, optionally gzipped).
 *
 * Units: LAMMPS `units metal` is assumed — positions Å, velocities Å/ps, forces eV/Å, which
 * are paddlewheel's internal units — unless the dump states `ITEM: UNITS real` (velocities
 * Å/fs and forces kcal/(mol·Å), converted). An info diagnostic `I_LAMMPS_UNITS` says when
 * metal is assumed for velocities or forces; other unit styles are refused (E_FORMAT).
 *
 * Time: `frame.step` is the TIMESTEP; `frame.time` is `ITEM: TIME` when the dump has it,
 * else TIMESTEP × `mdTimestep` (fs → ps) when `--md-timestep` is given, else undefined (the
 * user gives `--dt`). `frameSpacing` is the difference between the first two snapshots.
 *
 * Species: the `element` column, else `--type-map`, else a UsageError asking for it. Atoms
 * are sorted by id; their number and species must not change between snapshots. Boxes:
 * orthogonal, restricted triclinic (bounding box + tilt) and general triclinic
 * (`abc origin`), see box.ts. A last snapshot cut short is dropped with `W_TRUNCATED_FRAME`.
 */
export const lammpsDumpReader: FormatReader = {
  id: 'lammps-dump',
  description: 'LAMMPS text dump (dump custom/atom: id type|element x|xs|xu|xsu …; units metal)',
  sniff(name: string, text: string): number {
    if (/^\s*ITEM: (TIMESTEP|UNITS|TIME)\s/.test(text)) return 0.95;
    if (/\.(lammpstrj|dump|lammpsdump)$/i.test(name) || /^dump\./i.test(name)) return 0.6;
    return 0;
  },
  open: openDump,
};

/** Shortest atom line, newline included (`1 0 0 0`: id x y z). */
const MIN_ATOM_LINE = 8;

async function openDump(path: string, options: ReaderOptions): Promise<TrajectoryFile> {
  const dt = options.mdTimestep;
  if (dt !== undefined && !(dt > 0 && Number.isFinite(dt))) throw new UsageError(`--md-timestep ${dt}: expected a positive MD timestep in fs`);
  const maxAtoms = await maxAtomsIn(path, MIN_ATOM_LINE);
  const r = await LineReader.open(path, options.diagnostics);
  let spacing: number | undefined;
  let s: DumpStream;
  let hasVelocities: boolean;
  try {
    s = new DumpStream(r, options, maxAtoms);
    const first = await s.next();
    if (first.kind !== 'frame') {
      const line = first.kind === 'truncated' ? first.startLine : r.lineNumber;
      throw new ParseError({ file: path, line }, 'at least one complete snapshot (ITEM: TIMESTEP … ITEM: ATOMS and its atom lines)', first.kind === 'eof' ? 'end of file' : `a snapshot cut short after ${first.lines} lines`);
    }
    hasVelocities = first.frame.velocities !== undefined;
    const second = await readHeader(r);
    if (second.kind === 'ok') {
      const t0 = first.frame.time, t1 = s.timeOf(second.header);
      if (t0 !== undefined && t1 !== undefined && t1 > t0) spacing = t1 - t0;
    }
    describe(path, s, options, first.frame, first.header);
  } finally {
    r.close();
  }
  let active: LineReader | undefined;
  return {
    format: 'lammps-dump',
    paths: [path],
    topology: s.topology!,
    frameSpacing: spacing,
    hasVelocities,
    frames: () => stream(path, options, (x) => (active = x)),
    close: () => active?.close(),
  };
}

// Diagnostics about how the file is read, once per open.
function describe(path: string, s: DumpStream, options: ReaderOptions, f: Frame, h: DumpHeader): void {
  const log = options.diagnostics;
  const layout = s.layout!;
  if (!s.unitsStated && (f.velocities || f.forces)) {
    const what = [f.velocities && 'velocities as Å/ps', f.forces && 'forces as eV/Å'].filter(Boolean).join(' and ');
    log.info('I_LAMMPS_UNITS', `${path}: the dump does not state its units; LAMMPS units metal assumed, ${what}`, { file: path });
  }
  if (layout.image) {
    log.info('I_LAMMPS_IMAGES', `${path}: wrapped ${layout.style} coordinates unwrapped with the image flags ix iy iz`, { file: path });
  }
  if (layout.unused.length > 0) {
    log.info('I_LAMMPS_COORDINATES', `${path}: positions from the ${layout.style} columns; ${layout.unused.join(', ')} columns ignored`, { file: path });
  }
  const flags = h.boxHeader.flags;
  if (flags.some((b) => b !== 'pp')) {
    log.warn('W_NONPERIODIC_BOX', `${path}: box boundary is ${flags.join(' ')}; paddlewheel treats the cell as periodic in all directions`, { file: path });
  }
  if (options.mdTimestep !== undefined && h.time !== undefined) {
    log.info('I_LAMMPS_TIME', `${path}: times come from the dump's ITEM: TIME; --md-timestep is not used for them`, { file: path });
  }
}

async function* stream(path: string, options: ReaderOptions, track: (r: LineReader) => void): AsyncGenerator<Frame> {
  const r = await LineReader.open(path, options.diagnostics);
  track(r);
  let kept = 0;
  try {
    const s = new DumpStream(r, options);
    for (;;) {
      const res = await s.next();
      if (res.kind === 'eof') return;
      if (res.kind === 'truncated') {
        options.diagnostics.warn(
          'W_TRUNCATED_FRAME',
          `${path}:${res.startLine}: the last snapshot is incomplete (the file ends ${res.lines} lines into it); those ${res.lines} lines were dropped and the ${kept} whole snapshots kept`,
          { file: path, line: res.startLine, frame: kept },
        );
        return;
      }
      kept++;
      yield res.frame;
    }
  } finally {
    r.close();
  }
}
