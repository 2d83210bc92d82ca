/**
 * Inputs of the analysis benchmark, held in memory for paddlewheel's in-process timings and
 * written once to bench/out/analyses/ for the peers (.npy). paddlewheel's timings that
 * include reading read the original files (argyrodite, Na3PS4) or an 8-decimal extxyz
 * (random walk).
 *
 * MDAnalysis stores coordinates as float32, so every MSD input is rounded to float32 values
 * first (Math.fround) and those exact values are written for everyone: the tools then start
 * from identical numbers and the curves can be compared to 1e-6 and better.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Cell, orthorhombicCell } from '../src/core/cell.js';
import { DiagnosticLog } from '../src/core/diagnostics.js';
import type { Frame } from '../src/core/frame.js';
import { type Topology, topologyFromSymbols } from '../src/core/topology.js';
import { writeExtxyz } from '../src/io/extxyz/write.js';
import { openTrajectory } from '../src/io/open.js';
import { unwrapStep } from '../src/math/pbc.js';
import { createRng } from '../src/math/rng.js';
import { writeNpy } from './analyses-npy.js';

/** One benchmark input: frames in memory plus the files the other tools read. */
export interface Dataset {
  name: string;
  label: string;
  topology: Topology;
  frames: Frame[];
  /** Frame spacing (ps). */
  dt: number;
  /** All positions, frame-major (T × atoms × 3, Å): the .npy's content. */
  positions: Float64Array;
  /** Cell rows per frame (T × 9, Å). */
  cells: Float64Array;
  npy: string;
  cellsNpy: string;
  /** What paddlewheel reads in the timings that include reading, and the --dt (fs) they need. */
  files: string[];
  openDt?: number;
}

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'data');
export const ARGYRODITE_RUNS = [1, 2, 3, 4, 5].map((i) => join(SHARED, 'argyrodite-Li6PS5X-500K', 'Li6PS5Cl', '0p', `run${i}`, 'actual_XDATCAR.gz'));
export const NA3PS4 = join(SHARED, 'na3ps4-800K', 'cNa3PS4_800K_pda_unwrapped.extxyz.gz');

/** Whether the shared trajectories are present (else those rows are skipped with this reason). */
export function sharedMissing(paths: string[]): string | undefined {
  const gone = paths.filter((p) => !existsSync(p));
  return gone.length ? `not found: ${gone[0]}${gone.length > 1 ? ` (+${gone.length - 1} more)` : ''}` : undefined;
}

async function readAll(files: string[], dt?: number): Promise<{ topology: Topology; frames: Frame[]; dt: number }> {
  const traj = await openTrajectory(files, { dt, diagnostics: new DiagnosticLog() });
  const frames: Frame[] = [];
  for await (const f of traj.frames()) frames.push(f);
  return { topology: traj.topology, frames, dt: traj.frameSpacing! };
}

function pack(frames: Frame[]): { positions: Float64Array; cells: Float64Array } {
  const n = frames[0]!.positions.length;
  const positions = new Float64Array(frames.length * n), cells = new Float64Array(frames.length * 9);
  frames.forEach((f, t) => { positions.set(f.positions, t * n); cells.set(f.cell.matrix, 9 * t); });
  return { positions, cells };
}

async function dataset(dir: string, name: string, label: string, topology: Topology, frames: Frame[], dt: number, files: string[], openDt?: number): Promise<Dataset> {
  const { positions, cells } = pack(frames);
  const npy = join(dir, `${name}.npy`), cellsNpy = join(dir, `${name}-cells.npy`);
  const T = frames.length, n = topology.symbols.length;
  if (!existsSync(npy)) await writeNpy(npy, positions, [T, n, 3]);
  if (!existsSync(cellsNpy)) await writeNpy(cellsNpy, cells, [T, 3, 3]);
  return { name, label, topology, frames, dt, positions, cells, npy, cellsNpy, files, openDt };
}

/** The argyrodite Li6PS5Cl 0p runs 1–5 as read (wrapped), 700 frames × 416 atoms, 100 fs apart. */
export async function argyroditeWrapped(dir: string): Promise<Dataset> {
  const r = await readAll(ARGYRODITE_RUNS, 100);
  return dataset(dir, 'argyrodite-wrapped', 'Li6PS5Cl 0p run1–5 (700 fr × 416 at)', r.topology, r.frames, r.dt, ARGYRODITE_RUNS, 100);
}

/**
 * The same frames unwrapped once (frame to frame, as paddlewheel's MSD does) and rounded to
 * float32: the peers' input (.npy) and paddlewheel's in-memory input. paddlewheel's timing
 * with reading reads the original XDATCAR.gz files (what a user runs; its curve then differs
 * from these float32 values by their rounding).
 */
export async function argyroditeUnwrapped(dir: string, wrapped: Dataset): Promise<Dataset> {
  const n = wrapped.topology.symbols.length * 3;
  const u = Float64Array.from(wrapped.frames[0]!.positions);
  const frames: Frame[] = wrapped.frames.map((f, t) => {
    if (t > 0) unwrapStep(u, wrapped.frames[t - 1]!.positions, f.positions, f.cell);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = Math.fround(u[i]!);
    return { index: t, segment: 0, time: t * wrapped.dt, cell: f.cell, positions: p };
  });
  return dataset(dir, 'argyrodite-unwrapped-f32', 'Li6PS5Cl 0p unwrapped (700 fr, 192 Li)', wrapped.topology, frames, wrapped.dt, ARGYRODITE_RUNS, 100);
}

/**
 * Seeded random walk: `atoms` Li in a 40 Å cubic cell, Gaussian steps of 0.15 Å per
 * component per frame, 50 fs apart, unwrapped, float32 values; plus 216 Cl rattling (0.1 Å)
 * on a 6×6×6 simple-cubic lattice, because paddlewheel's ion selection needs an anion
 * even with --drift none (a Li-only file is refused with E_SELECTION).
 */
export async function randomWalk(dir: string, atoms: number, nFrames: number): Promise<Dataset> {
  const rng = createRng(20261125);
  const L = 40, cell: Cell = orthorhombicCell(L, L, L);
  const dt = 0.05;
  const x = Float64Array.from({ length: 3 * atoms }, () => L * rng.nextFloat());
  const sites: number[] = [];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) for (let k = 0; k < 6; k++) sites.push((i + 0.5) * L / 6, (j + 0.5) * L / 6, (k + 0.5) * L / 6);
  const frames: Frame[] = [];
  for (let t = 0; t < nFrames; t++) {
    if (t > 0) for (let i = 0; i < x.length; i++) x[i] = x[i]! + 0.15 * rng.nextNormal();
    const p = new Float64Array(x.length + sites.length);
    for (let i = 0; i < x.length; i++) p[i] = Math.fround(x[i]!);
    for (let i = 0; i < sites.length; i++) p[x.length + i] = Math.fround(sites[i]! + 0.1 * rng.nextNormal());
    frames.push({ index: t, segment: 0, time: t * dt, cell, positions: p });
  }
  const topology = topologyFromSymbols([...Array<string>(atoms).fill('Li'), ...Array<string>(216).fill('Cl')]);
  const name = `randomwalk-v3-${atoms}x${nFrames}`;
  // 8 decimals, as VASP and ASE write: exact decimals (up to 17 digits) would time the
  // parser's slow path for long numbers rather than a file anyone reads.
  const file = join(dir, `${name}.extxyz`);
  if (!existsSync(file)) await writeExtxyz(frames, topology, file, { decimals: 8 });
  return dataset(dir, name, `random walk (${nFrames} fr × ${atoms} Li + 216 Cl)`, topology, frames, dt, [file]);
}

/** Na3PS4 at 800 K (100 frames × 128 atoms, monoclinic cell), as read. */
export async function na3ps4(dir: string): Promise<Dataset> {
  const r = await readAll([NA3PS4]);
  return dataset(dir, 'na3ps4', 'Na3PS4 800 K (100 fr × 128 at)', r.topology, r.frames, r.dt, [NA3PS4]);
}

/** bench/out/analyses, created when missing. */
export function inputDir(root: string): string {
  const d = join(root, 'bench', 'out', 'analyses');
  mkdirSync(d, { recursive: true });
  return d;
}
