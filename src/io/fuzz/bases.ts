import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { formatCube } from '../cube/write.js';
import { writeExtxyz } from '../extxyz/write.js';
import { writeH5md } from '../h5md/writer.js';
import { syntheticFrames } from '../lammps-dump/test-helpers.js';
import { writeLammpsDump } from '../lammps-dump/writer.js';
import { writeQeCp } from '../qe-cp/writer.js';
import { writeVasprun } from '../vasp/vasprun-writer.js';
import { writeXdatcar } from '../vasp/xdatcar-writer.js';
import type { ReaderOptions } from '../types.js';

/**
 * A valid input for a reader, as bytes, that the fuzzer mutates: one or more named files
 * (a cp.x set has several), the one to open, and where its frames start (for truncation
 * "between frames").
 */
export interface Base {
  /** Short name for messages (`extxyz-vel`, `xdatcar-npt` …). */
  name: string;
  /** File name → content. */
  files: Record<string, Buffer>;
  /** File the reader opens (a key of `files`). */
  open: string;
  /** Files a mutation may target (keys of `files`); a gzip variant renames them to `name.gz` unless listed in `noGzName`. */
  mutable: string[];
  /** Files whose name stays the same when gzipped (a cp.x input is read as text whatever its name). */
  noGzName?: string[];
  /** Line (as text) that starts a frame, per file. */
  frameStart: RegExp;
  /** Lines of the header before the first frame's data. */
  headerLines: number;
  /** True for a binary format (mutated bytewise, not by lines and numbers). */
  binary?: boolean;
  /** Reader options besides diagnostics; `qeInput` is a file name resolved in the case folder. */
  options: Omit<ReaderOptions, 'diagnostics'>;
}

const CUBIC = makeCell([7.5, 0, 0, 0, 7.5, 0, 0, 0, 7.5]);
const TRI = makeCell([8.1, 0, 0, -1.2, 7.7, 0, 0.6, -0.4, 8.9]);
const SYMBOLS = ['Li', 'B', 'H', 'H', 'Li'];

// Frames with everything the writers can store: velocities, forces, energy, stress, time, temperature.
function richFrames(cells = [CUBIC], n = 3, seed = 7): { frames: Frame[]; topology: ReturnType<typeof syntheticFrames>['topology'] } {
  const { topology, frames } = syntheticFrames(cells, SYMBOLS, n, seed);
  frames.forEach((f, k) => {
    f.time = 0.002 * (k + 1);
    f.step = 2 * (k + 1);
    f.energy = -12.5 + 0.01 * k;
    f.temperature = 300 + k;
    f.stress = Float64Array.from([0.01, 0.002, 0.003, 0.002, 0.02, 0.001, 0.003, 0.001, 0.015]);
  });
  return { frames, topology };
}

const QE_INPUT = `&control\n  calculation = 'cp', prefix = 'x', dt = 4.0, iprint = 2\n/\n&system\n  ibrav = 1, celldm(1) = 14.17, nat = 5, ntyp = 3\n/\n&electrons\n/\n&ions\n/\nATOMIC_SPECIES\n Li 6.94 Li.UPF\n B 10.81 B.UPF\n H 2.014 H.UPF\nATOMIC_POSITIONS (bohr)\n Li 0 0 0\n B 1 1 1\n H 2 2 2\n H 3 3 3\n Li 4 4 4\n`;

// A small triclinic grid with two atoms (the layout formatCube writes, values six per line).
function cube(): Parameters<typeof formatCube>[0] {
  const values = Float64Array.from({ length: 3 * 4 * 5 }, (_, i) => (i % 7 === 0 ? 0 : Math.sin(i) * 10 ** ((i % 5) - 3)));
  const axes = Float64Array.from([2.5, 0, 0, -0.3, 2.2, 0, 0.1, -0.1, 1.7]);
  return { comments: ['paddlewheel fuzz', 'VALUES IN ANGSTROM^-3'], origin: [0.1, 0.2, 0.3], shape: [3, 4, 5], axes, atoms: [{ z: 3, charge: 3, position: [1, 2, 3] }, { z: 5, charge: 5, position: [0, 0, 0] }], values };
}

/**
 * Run `f` with Date.now frozen: HDF5 stamps object headers with the time (through the wasm
 * runtime's clock, which is Date.now), and a replayed fuzz case needs the same bytes.
 */
async function frozenClock(f: () => Promise<void>): Promise<void> {
  const now = Date.now;
  Date.now = () => 1_700_000_000_000;
  try {
    await f();
  } finally {
    Date.now = now;
  }
}

/** Write the bases of every fuzzed format into a scratch folder and read them back as bytes. */
export async function makeBases(): Promise<Record<string, Base[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-fuzz-base-'));
  try {
    const rich = richFrames();
    const npt = richFrames([CUBIC, TRI], 3, 11);
    const at = (name: string) => join(dir, name);
    const bytes = (name: string) => readFile(at(name));

    await writeExtxyz(rich.frames, rich.topology, at('a.extxyz'), { decimals: 6 });
    const plain = syntheticFrames([CUBIC], SYMBOLS, 3, 5).frames.map((f, k) => `5\nframe ${k} of a plain xyz\n${SYMBOLS.map((s, i) => `${s} ${f.positions[3 * i]!.toFixed(5)} ${f.positions[3 * i + 1]!.toFixed(5)} ${f.positions[3 * i + 2]!.toFixed(5)}`).join('\n')}\n`).join('');
    await writeXdatcar(rich.frames, rich.topology, at('XDATCAR'));
    await writeXdatcar(npt.frames, npt.topology, at('XDATCAR-npt'), { variableCell: true });
    await writeVasprun(rich.frames, rich.topology, at('vasprun.xml'), { scsteps: 1, decimals: 6 });
    await writeLammpsDump(rich.frames, rich.topology, at('a.lammpstrj'), { columns: ['id', 'type', 'element', 'x', 'y', 'z', 'vx', 'vy', 'vz', 'fx', 'fy', 'fz'], time: true, precision: 7 });
    await writeLammpsDump(npt.frames, npt.topology, at('b.lammpstrj'), { columns: ['id', 'type', 'xs', 'ys', 'zs'], precision: 7 });
    const qe = await writeQeCp(at('x'), rich.frames, rich.topology);
    await frozenClock(async () => {
      await writeH5md(rich.frames, rich.topology, at('a.h5md'));
      await writeH5md(npt.frames.slice(0, 2).map((f) => ({ ...f, cell: CUBIC })), npt.topology, at('b.h5md'), { box: 'fixed' });
    });

    const one = (name: string, file: string, content: Buffer, frameStart: RegExp, headerLines: number, options: Base['options'] = {}): Base => ({
      name, files: { [file]: content }, open: file, mutable: [file], frameStart, headerLines, options,
    });
    const qeFiles: Record<string, Buffer> = { 'x.in': Buffer.from(QE_INPUT) };
    for (const p of qe) qeFiles[p.slice(dir.length + 1)] = await bytes(p.slice(dir.length + 1));
    const h5 = (name: string, file: string, content: Buffer): Base => ({ ...one(name, file, content, /$^/, 0), binary: true });
    return {
      extxyz: [one('extxyz-rich', 'a.extxyz', await bytes('a.extxyz'), /^\s*\d+\s*$/, 2)],
      xyz: [one('xyz-plain', 'a.xyz', Buffer.from(plain), /^\s*\d+\s*$/, 2, { cell: CUBIC })],
      xdatcar: [
        one('xdatcar-fixed', 'XDATCAR', await bytes('XDATCAR'), /configuration/, 7),
        one('xdatcar-npt', 'XDATCAR', await bytes('XDATCAR-npt'), /configuration|^\S/, 7),
      ],
      vasprun: [one('vasprun', 'vasprun.xml', await bytes('vasprun.xml'), /<calculation>/, 40)],
      'lammps-dump': [
        one('lammps-element', 'a.lammpstrj', await bytes('a.lammpstrj'), /^ITEM: (TIMESTEP|TIME)/, 10),
        one('lammps-scaled', 'b.lammpstrj', await bytes('b.lammpstrj'), /^ITEM: TIMESTEP/, 9, { typeMap: { 1: 'Li', 2: 'B', 3: 'H' } }),
      ],
      'qe-cp': [{
        name: 'qe-cp', files: qeFiles, open: 'x.pos', mutable: Object.keys(qeFiles), noGzName: ['x.in'],
        frameStart: /^\s*\d+\s+[\d.]+\s*$|^\s*\d+\s+[-\d.]/, headerLines: 1, options: { qeInput: 'x.in' },
      }],
      h5md: [h5('h5md-time-box', 'a.h5md', await bytes('a.h5md')), h5('h5md-fixed-box', 'b.h5md', await bytes('b.h5md'))],
      cube: [one('cube', 'a.cube', Buffer.from(formatCube(cube())), /$^/, 6)],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
