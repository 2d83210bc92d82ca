import { basename } from 'node:path';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { openTrajectory } from '../../io/open.js';
import { filterForceBlock } from './filter.js';
import { type ModelConfig, configFromFrame } from './geometry.js';

/** Training and held-out configurations of one data source. */
export interface Split {
  source: string;
  train: ModelConfig[];
  test: ModelConfig[];
}

/** What selects the ions of the data. */
export interface IonSpec {
  cation: string;
  anion: string;
}

/**
 * Born–Oppenheimer single points (extxyz with forces, optionally stress): every frame of every
 * file, in order; the last `holdout` fraction of them is held out.
 */
export async function loadPoints(files: string[], ions: IonSpec, holdout: number, useStress: boolean, diagnostics: DiagnosticLog): Promise<Split> {
  const all: ModelConfig[] = [];
  for (const file of files) {
    const traj = await openTrajectory([file], { diagnostics });
    for await (const f of traj.frames()) all.push(configFromFrame(`${basename(file)}#${f.index}`, traj.topology, f, ions.cation, ions.anion, useStress));
  }
  if (all.length < 2) throw new PaddlewheelError('E_USAGE', `--data ${files.join(',')}: need at least 2 configurations, found ${all.length}`);
  const nTrain = Math.max(1, Math.min(all.length - 1, Math.round(all.length * (1 - holdout))));
  return { source: files.map((f) => basename(f)).join(','), train: all.slice(0, nTrain), test: all.slice(nTrain) };
}

/** Settings of the Car–Parrinello data. */
export interface CpSettings {
  qeInput?: string;
  /** Low-pass cutoff (THz). */
  cutoff: number;
  /** Keep every stride-th frame after filtering (neighbouring frames are nearly identical). */
  stride: number;
  /** Frames dropped at each end of a filtered block (filter edge effects). */
  edge: number;
}

/**
 * Car–Parrinello MD (cp.x or any trajectory with forces): frames split by time into a training
 * block (first 1 − holdout) and a held-out block; each block low-pass filtered separately (so
 * no information leaks across the split), net force removed per frame, `edge` frames dropped
 * at the block ends, then thinned by `stride`. Segments count as one block when their times
 * follow without a gap.
 */
export async function loadCpFrames(files: string[], ions: IonSpec, holdout: number, s: CpSettings, diagnostics: DiagnosticLog): Promise<Split> {
  const traj = await openTrajectory(files, { qeInput: s.qeInput, diagnostics });
  const dt = traj.frameSpacing;
  if (dt === undefined) throw new PaddlewheelError('E_NO_TIME', `${files[0]}: the low-pass filter needs the frame spacing, which the file does not give`);
  const frames: Frame[] = [];
  for await (const f of traj.frames()) {
    if (!f.forces) throw new PaddlewheelError('E_TOPOLOGY', `${files[0]}: frame ${f.index} has no forces (for QE give the prefix whose .for file exists)`);
    const prev = frames[frames.length - 1];
    if (prev && prev.time !== undefined && f.time !== undefined && Math.abs(f.time - prev.time - dt) > 0.01 * dt) {
      throw new PaddlewheelError('E_USAGE', `${files.join(',')}: frames ${prev.index} and ${f.index} are not one frame spacing apart (${prev.time} → ${f.time} ps); the filter needs one contiguous block`);
    }
    frames.push({ ...f, positions: f.positions.slice(), forces: f.forces.slice() });
  }
  const nTrain = Math.round(frames.length * (1 - holdout));
  const blocks = [frames.slice(0, nTrain), frames.slice(nTrain)];
  const out: ModelConfig[][] = blocks.map((block) => {
    if (block.length <= 2 * s.edge) throw new PaddlewheelError('E_USAGE', `${files[0]}: a block of ${block.length} frames is too short for ${s.edge} edge frames at each end`);
    const filtered = filterForceBlock(block.map((f) => f.forces!), dt, s.cutoff);
    const cfgs: ModelConfig[] = [];
    for (let t = s.edge; t < block.length - s.edge; t += s.stride) {
      const f = block[t]!;
      cfgs.push(configFromFrame(`${basename(files[Math.min(f.segment, files.length - 1)]!)}#${f.index}`, traj.topology, { ...f, forces: filtered[t]! }, ions.cation, ions.anion, false));
    }
    return cfgs;
  });
  return { source: files.map((f) => basename(f)).join(','), train: out[0]!, test: out[1]! };
}
