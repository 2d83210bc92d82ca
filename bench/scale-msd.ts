/**
 * MSD at the study's scale (issue 9): paddlewheel next to MDAnalysis EinsteinMSD and a plain
 * NumPy FFT MSD (bench/peers_scale.py) on the same numbers.
 *
 * The frames are the benchmark trajectory's (scale-model.ts, regenerated in memory, not read),
 * unwrapped frame to frame and rounded to float32 as MDAnalysis stores them, so every tool
 * starts from identical values. paddlewheel's side is the analysis benchmark's `pwMsd`
 * (bench/analyses-pw.ts): *core* (the FFT MSD sums over the Li), *analysis* (the whole msd
 * analysis on frames in memory) and *+read* (openTrajectory + diffusionFromTrajectory on the
 * 8-decimal extxyz, so its curve differs by that rounding).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from '../src/core/frame.js';
import { unwrapStep } from '../src/math/pbc.js';
import type { Dataset } from './analyses-inputs.js';
import { writeNpy } from './analyses-npy.js';
import { type PwMsd, median, pwMsd } from './analyses-pw.js';
import { maxRelDiff } from './analyses-report.js';
import { scaleFrames, scaleSystem } from './scale-model.js';

const PYTHON = '/usr/bin/python3';

interface PeerCurve { times?: number[]; curve?: number[]; skipped?: string }
/** What the peers returned. */
export interface ScalePeers { python: string; numpy: string; versions: Record<string, string | null>; unavailable: Record<string, string>; numpy_fft: PeerCurve; mda_fft: PeerCurve; mda: PeerCurve; mda_load?: number }

/** paddlewheel's and the peers' timings with the curve agreement. */
export interface ScaleMsd {
  frames: number;
  lithium: number;
  pw: PwMsd;
  peers?: ScalePeers;
  peersError?: string;
  /** Largest relative difference from the NumPy curve at lags ≥ 1. */
  agreement: Record<string, number | undefined>;
}

/** In-memory dataset of the benchmark trajectory (float32-rounded unwrapped frames) plus its extxyz. */
export function msdDataset(frames: number, dtFs: number, extxyz: string): Dataset {
  const sys = scaleSystem();
  const n = 3 * sys.topology.symbols.length;
  const positions = new Float64Array(frames * n);
  const list: Frame[] = [];
  let u: Float64Array | undefined, prev: Float64Array | undefined;
  for (const f of scaleFrames(sys, frames, dtFs)) {
    if (!u) u = Float64Array.from(f.positions);
    else unwrapStep(u, prev!, f.positions, f.cell);
    prev = f.positions;
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = Math.fround(u[i]!);
    positions.set(p, f.index * n);
    list.push({ index: f.index, segment: 0, time: f.time, cell: f.cell, positions: p });
  }
  return { name: 'scale', label: `Li2B12H12 ${frames} fr × ${n / 3} at`, topology: sys.topology, frames: list, dt: dtFs / 1000, positions, cells: new Float64Array(0), npy: '', cellsNpy: '', files: [extxyz] };
}

/** Run the comparison; `fftFalseMaxFrames` bounds the O(T²) EinsteinMSD(fft=False). */
export async function scaleMsd(ds: Dataset, dir: string, reps: number, fftFalseMaxFrames: number): Promise<ScaleMsd> {
  const pw = await pwMsd(ds, 'Li', reps);
  const T = ds.frames.length, n = ds.topology.symbols.length;
  const li = ds.topology.symbols.flatMap((s, i) => (s === 'Li' ? [i] : []));
  const sel = new Float64Array(T * li.length * 3);
  for (let t = 0; t < T; t++) li.forEach((a, j) => sel.set(ds.positions.subarray(3 * (t * n + a), 3 * (t * n + a) + 3), 3 * (t * li.length + j)));
  const npy = join(dir, `msd-li-${T}fr.npy`), jobPath = join(dir, 'msd-job.json');
  await writeNpy(npy, sel, [T, li.length, 3]);
  await writeFile(jobPath, JSON.stringify({ npy, symbols: li.map(() => 'Li'), select: 'Li', reps, fft_false_max_frames: fftFalseMaxFrames }));
  let peers: ScalePeers | undefined, peersError: string | undefined;
  if (!existsSync(PYTHON)) peersError = `${PYTHON} not found`;
  else {
    const r = spawnSync(PYTHON, [join(import.meta.dirname, 'peers_scale.py'), jobPath], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) peersError = `peers_scale.py exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    else peers = JSON.parse(r.stdout) as ScalePeers;
  }
  const ref = peers?.numpy_fft.curve;
  const agreement = {
    core: ref && maxRelDiff(pw.curves.core, ref),
    analysis: ref && maxRelDiff(pw.curves.analysis, ref),
    withRead: ref && maxRelDiff(pw.curves.withRead, ref),
    mda: ref && peers?.mda.curve ? maxRelDiff(peers.mda.curve, ref) : undefined,
    mdaFft: ref && peers?.mda_fft.curve ? maxRelDiff(peers.mda_fft.curve, ref) : undefined,
  };
  return { frames: T, lithium: li.length, pw, peers, peersError, agreement };
}

/** Median of a peer's times, when it ran. */
export const peerMedian = (c: PeerCurve | undefined): number | undefined => (c?.times?.length ? median(c.times) : undefined);
