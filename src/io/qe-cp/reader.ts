import { PaddlewheelError } from '../../core/errors.js';
import { AU_TIME_TO_PS } from '../../core/units.js';
import type { FormatReader, ReaderOptions, TrajectoryFile } from '../types.js';
import { cpFrames } from './frames.js';
import { type CpFileSet, cpStem, findCpFiles, findCpInput, type PosProbe, probePos, readCpInput } from './files.js';
import { cpTopology } from './input.js';

/**
 * Quantum ESPRESSO cp.x trajectories: the `prefix.pos/.cel/.vel/.for/.evp` files cp.x appends
 * to, read as one trajectory.
 *
 * - Naming any one file (optionally `.gz`) finds its siblings in the same folder; `.pos` and
 *   `.cel` are required, `.vel`, `.for`, `.evp` used where present (`.nos` is not read).
 * - Species and their order come from the cp.x input (`--qe-input`): labels map to elements
 *   (`Li1` → Li), masses are the input's (a deuterated run keeps H with 2.014 amu). Without
 *   `--qe-input`, the `*.in` files beside the trajectory, else one folder up, are tried: one
 *   with the files' prefix and the right nat is used (several that agree on species, order and
 *   masses count as one) and an `I_QE_INPUT_FOUND` diagnostic names it; otherwise E_USAGE.
 * - Units: positions bohr → Å, velocities bohr/a.u. → Å/ps, forces Ha/bohr → eV/Å, the `.cel`
 *   matrix's columns (bohr) → rows of Cell.matrix (Å), `.evp` etot Ha → eV (`frame.energy`),
 *   Tion → `frame.temperature` (K), matched by nfi.
 * - Files of one set are matched frame by frame on nfi; frames missing from a companion file
 *   are skipped and counted (`W_QE_UNMATCHED_FRAMES`).
 * - Appended restarts (nfi goes back, or the `.evp` header repeats mid-run) split the file into
 *   segments (`frame.segment`), each reported; times are offset to stay increasing. All
 *   segments are kept, including cp.x ground-state records (flagged `W_QE_NOT_MD`).
 * - Frame spacing: from the first two `.pos` headers (the input's dt × Δnfi when consistent).
 */
export const qeCpReader: FormatReader = {
  id: 'qe-cp',
  description: 'Quantum ESPRESSO cp.x prefix.pos/.cel/.vel/.for/.evp (bohr, a.u.; species from --qe-input)',
  sniff,
  open,
};

/** Confidence from the extension and the content's shape (header `nfi time`, then rows of 3 numbers). */
function sniff(name: string, text: string): number {
  const s = cpStem(name);
  const shape = s?.ext === 'evp' ? looksLikeEvp(text) : looksLikeBlocks(text);
  if (s) return shape ? 0.9 : 0.3;
  return shape ? 0.4 : 0;
}

const NUM = '[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eEdD][+-]?\\d+)?';
const HEADER_RE = /^\s*\d+\s+(?:\d*\.\d+(?:[eEdD][+-]?\d+)?|\*+)\s*$/;
const ROW_RE = new RegExp(`^\\s*${NUM}\\s+${NUM}\\s+${NUM}\\s*$`);

function looksLikeBlocks(text: string): boolean {
  const lines = text.split('\n', 5).filter((l) => l.trim() !== '');
  if (lines.length < 2 || !HEADER_RE.test(lines[0]!) || !ROW_RE.test(lines[1]!)) return false;
  return lines.slice(2, 4).every((l) => ROW_RE.test(l) || HEADER_RE.test(l));
}

function looksLikeEvp(text: string): boolean {
  const rows = text.split('\n', 6).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return rows.length > 0 && rows.slice(0, 2).every((l) => /^\s*\d+(\s+[+-]?[\d.]+(?:[eEdD][+-]?\d+)?){5,}/.test(l));
}

async function open(path: string, options: ReaderOptions): Promise<TrajectoryFile> {
  const log = options.diagnostics;
  const files = findCpFiles(path, log);
  const probe = await probePos(files.pos, log);
  const input = options.qeInput ? await readCpInput(options.qeInput) : await findCpInput(files, probe.nat, log);
  if (input.nat !== probe.nat) {
    throw new PaddlewheelError('E_TOPOLOGY', `${input.path}: nat = ${input.nat}, but the frames of ${files.pos} have ${probe.nat} atoms; give the cp.x input of this run`);
  }
  const topology = cpTopology(input);
  const inputStepPs = input.dt !== undefined && input.dt > 0 ? input.dt * AU_TIME_TO_PS : undefined;
  const frameSpacing = spacingOf(probe, inputStepPs);
  const closers = new Set<() => void>();
  return {
    format: 'qe-cp',
    paths: [...setPaths(files), input.path],
    topology,
    frameSpacing,
    hasVelocities: files.vel !== undefined,
    frames: () => cpFrames(files, { nat: probe.nat, diagnostics: log, inputStepPs, frameSpacing, track: (c) => closers.add(c) }),
    close: () => {
      for (const c of closers) c();
      closers.clear();
    },
  };
}

function setPaths(f: CpFileSet): string[] {
  return [f.pos, f.cel, f.vel, f.for, f.evp].filter((p): p is string => p !== undefined);
}

/** Spacing of the first two frames (ps); the input's dt × Δnfi when it agrees with the rounded header times. */
function spacingOf(p: PosProbe, stepPs: number | undefined): number | undefined {
  const b = p.second;
  if (!b || b.nfi <= p.first.nfi) return undefined;
  const dn = b.nfi - p.first.nfi;
  const fromHeaders = b.time - p.first.time;
  if (stepPs !== undefined && (!Number.isFinite(fromHeaders) || Math.abs(fromHeaders - dn * stepPs) <= 1.5e-8)) return dn * stepPs;
  return Number.isFinite(fromHeaders) && fromHeaders > 0 ? fromHeaders : undefined;
}
