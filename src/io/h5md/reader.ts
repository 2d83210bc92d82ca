import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, ParseError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { FS_TO_PS } from '../../core/units.js';
import { isGzipFile, readHead } from '../text/lines.js';
import { requireFiniteFrame } from '../finite.js';
import type { FormatReader, ReaderOptions, TrajectoryFile } from '../types.js';
import { type H5, type H5File, h5Error, loadH5, openH5 } from './h5.js';
import { type H5mdLayout, cellFromEdges, h5mdLayout } from './layout.js';

/** The 8-byte HDF5 file signature (at offset 0 unless the file has a user block). */
export const HDF5_MAGIC = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * H5MD trajectories (HDF5, https://nongnu.org/h5md/, versions 1.0 and 1.1), as written by
 * MDAnalysis's H5MDWriter, LAMMPS's `dump h5md`, ESPResSo, GROMACS and {@link writeH5md}.
 *
 * Reads `/particles/<group>/position/value` [frames][N][3] one frame per slice, with
 * `box/edges` (fixed vector or matrix, or time-dependent `edges/value`), optional `image`
 * (absolute position = position + image·edges), `velocity`, `force`, `species` (see
 * species.ts), `mass`, `charge`. `unit` attributes are honoured (nm, Å, ps, fs, kJ mol-1 nm-1 …).
 * `frame.time` is `position/time` (or step × `--md-timestep` when the file has no time).
 */
export const h5mdReader: FormatReader = {
  id: 'h5md',
  description: 'H5MD (HDF5) trajectory: /particles/<group>/position, box/edges, species',
  sniff(name: string, text: string): number {
    // Sniffing sees the bytes decoded as UTF-8, where 0x89 becomes U+FFFD.
    const magic = text.slice(0, 16).includes('HDF\r\n\u001a\n');
    const named = /\.h5md$/i.test(name);
    if (magic && named) return 0.95;
    if (magic || named) return 0.9;
    return /\.(h5|hdf5|hdf)$/i.test(name) ? 0.3 : 0;
  },
  open: openH5md,
};

async function openH5md(path: string, options: ReaderOptions): Promise<TrajectoryFile> {
  const dt = options.mdTimestep;
  if (dt !== undefined && !(dt > 0 && Number.isFinite(dt))) throw new UsageError(`--md-timestep ${dt}: expected a positive MD timestep in fs`);
  if (await isGzipFile(path)) throw new PaddlewheelError('E_FORMAT', `${path}: is gzip-compressed; HDF5 files must be decompressed first (HDF5 compresses inside the file)`);
  const head = await readHead(path, 8);
  if (!head.equals(HDF5_MAGIC)) throw new PaddlewheelError('E_FORMAT', `${path}: not an HDF5 file (no HDF5 signature at the start)`);
  const h5 = await loadH5();
  const f = await openH5(path, 'r');
  let layout: H5mdLayout;
  let spacing: number | undefined;
  try {
    layout = h5mdLayout(h5, f, path, options);
    if (layout.frames >= 2) {
      const t0 = timeOf(layout, 0, dt), t1 = timeOf(layout, 1, dt);
      if (t0 !== undefined && t1 !== undefined && t1 > t0) spacing = t1 - t0;
    }
  } catch (e) {
    throw h5Error(path, e);
  } finally {
    f.close();
  }
  let active: H5File | undefined;
  return {
    format: 'h5md',
    paths: [path],
    topology: layout.topology,
    frameSpacing: spacing,
    hasVelocities: layout.velocity !== undefined,
    frames: () => stream(h5, path, options, (x) => (active = x)),
    close: () => {
      if (active) closeQuietly(active);
      active = undefined;
    },
  };
}

function timeOf(l: H5mdLayout, i: number, dt: number | undefined): number | undefined {
  const t = l.position.time(i);
  if (t !== undefined) return t * l.timeFactor;
  const s = l.position.step(i);
  return s !== undefined && dt !== undefined ? s * dt * FS_TO_PS : undefined;
}

async function* stream(h5: H5, path: string, options: ReaderOptions, track: (f: H5File) => void): AsyncGenerator<Frame> {
  const f = await openH5(path, 'r');
  track(f);
  try {
    // open() already reported how the file is read; a scratch log keeps that from repeating.
    let l: H5mdLayout;
    try {
      l = h5mdLayout(h5, f, path, { ...options, diagnostics: new DiagnosticLog() });
    } catch (e) {
      throw h5Error(path, e);
    }
    for (let i = 0; i < l.frames; i++) {
      let frame: Frame;
      try {
        frame = readFrame(l, path, i, options.mdTimestep);
      } catch (e) {
        throw h5Error(path, e);
      }
      yield frame;
    }
  } finally {
    closeQuietly(f);
  }
}

function readFrame(l: H5mdLayout, path: string, i: number, dt: number | undefined): Frame {
  const pos = scaled(l.position.row(i), l.length);
  checkFinite(path, pos, i, 'positions');
  const cell = l.cell ?? cellFromEdges(path, l.edges!.row(i), l.edgeLength);
  if (l.image) {
    const img = l.image.row(i);
    const m = cell.matrix;
    for (let a = 0; a < pos.length; a += 3) {
      const n0 = img[a]!, n1 = img[a + 1]!, n2 = img[a + 2]!;
      pos[a] = pos[a]! + n0 * m[0]! + n1 * m[3]! + n2 * m[6]!;
      pos[a + 1] = pos[a + 1]! + n0 * m[1]! + n1 * m[4]! + n2 * m[7]!;
      pos[a + 2] = pos[a + 2]! + n0 * m[2]! + n1 * m[5]! + n2 * m[8]!;
    }
  }
  const velocities = l.velocity ? scaled(l.velocity.row(i), l.velocityFactor) : undefined;
  if (velocities) checkFinite(path, velocities, i, 'velocities');
  const forces = l.force ? scaled(l.force.row(i), l.forceFactor) : undefined;
  const step = l.position.step(i);
  return requireFiniteFrame({ index: i, step, time: timeOf(l, i, dt), segment: 0, positions: pos, cell, velocities, forces }, path);
}

function scaled(v: Float64Array, k: number): Float64Array {
  if (k !== 1) for (let j = 0; j < v.length; j++) v[j] = v[j]! * k;
  return v;
}

function checkFinite(path: string, v: Float64Array, frame: number, what: string): void {
  for (let j = 0; j < v.length; j++) {
    if (!Number.isFinite(v[j]!)) throw new ParseError({ file: path }, `finite ${what} (frame ${frame}, atom ${Math.floor(j / 3) + 1})`, String(v[j]));
  }
}

function closeQuietly(f: H5File): void {
  try {
    f.close();
  } catch {
    // already closed
  }
}
