/**
 * The measurements of the parsing benchmark, one function per tool. Each runs child
 * processes (so every measurement starts from a fresh interpreter) and returns plain data;
 * printing is in report.ts.
 */
import { statSync } from 'node:fs';
import { median, runChild, runJsonChild } from './proc.js';

/** Python with Debian's python3-ase / python3-pymatgen (the `python3` on PATH may lack them). */
export const PYTHON = '/usr/bin/python3';

/** Format of a benchmark input. */
export type Kind = 'xdatcar' | 'extxyz';

/** One benchmark input file. */
export interface Input {
  label: string;
  kind: Kind;
  path: string;
  bytes: number;
}

/** Timings of one tool on one input. */
export interface Timing {
  /** Every repetition (s). */
  seconds: number[];
  median: number;
  /** Uncompressed text bytes / median time, in MB/s (MB = 10⁶ bytes). */
  mbPerSecond: number;
  frames?: number;
  /** Sum of all Cartesian positions of all frames (Å), to check the tools read the same numbers. */
  checksum?: number;
  /** The untimed first read before the repetitions (s): cold caches, unoptimised JIT code, lazy imports. */
  firstSeconds?: number;
  /** Why the tool was not timed on this input. */
  na?: string;
  note?: string;
}

/** An input file with its size. */
export function input(label: string, kind: Kind, path: string): Input {
  return { label, kind, path, bytes: statSync(path).size };
}

function timing(bytes: number, seconds: number[], extra: Partial<Timing> = {}): Timing {
  const m = median(seconds);
  return { seconds, median: m, mbPerSecond: bytes / 1e6 / m, ...extra };
}

/** What a paddlewheel child (bench/pw-read.ts) prints. */
interface PwChild {
  seconds: number[];
  warmupSeconds?: number;
  importSeconds: number;
  frames: number;
  atoms: number;
  checksum: number;
  maxRssKiB: number;
  peakLiveBytes?: number;
}

/**
 * paddlewheel in-process parse time (Node start-up and module loading excluded): one
 * untimed warm-up read, then `reps` timed repetitions, in one child.
 */
export function paddlewheelParse(root: string, inp: Input, reps: number): Timing & { importSeconds: number; atoms: number } {
  const { json } = runJsonChild<PwChild>(process.execPath, ['--import', 'tsx', 'bench/pw-read.ts', inp.path, inp.kind, String(reps), '--warmup'], root);
  const t = timing(inp.bytes, json.seconds, { frames: json.frames, checksum: json.checksum, firstSeconds: json.warmupSeconds });
  return { ...t, importSeconds: json.importSeconds, atoms: json.atoms };
}

/** Whole-CLI wall time of `node bin/paddlewheel.js info FILE --json` (start-up, sniffing, the info analysis and JSON output included). */
export function paddlewheelCli(root: string, inp: Input, reps: number): Timing {
  const seconds: number[] = [];
  let frames: number | undefined;
  for (let r = 0; r < reps; r++) {
    const c = runChild(process.execPath, ['bin/paddlewheel.js', 'info', inp.path, '--json'], root);
    if (c.status !== 0) {
      const why = c.stderr.trim().split('\n').find((l) => /error|Error/.test(l)) ?? `exit ${c.status}`;
      return { seconds: [], median: NaN, mbPerSecond: NaN, na: `CLI failed: ${why.trim().slice(0, 160)}` };
    }
    seconds.push(c.wallSeconds);
    try {
      const out = JSON.parse(c.stdout) as { frames?: number; result?: { frames?: number } };
      frames = out.result?.frames ?? out.frames;
    } catch {
      /* the frame count is only a cross-check */
    }
  }
  return timing(inp.bytes, seconds, { frames });
}

/** Whether /usr/bin/python3 can import the modules a peer needs; the reason when not. */
export function peerMissing(peer: 'ase' | 'pymatgen'): string | undefined {
  const mods = peer === 'ase' ? 'import ase.io' : 'import pymatgen.io.vasp.outputs, pymatgen.io.xyz';
  const c = runChild(PYTHON, ['-c', mods], process.cwd());
  if (c.status === 0) return undefined;
  const last = c.stderr.trim().split('\n').pop() ?? `exit ${c.status}`;
  return `${PYTHON} cannot ${mods} (${last}); apt-get install python3-${peer}`;
}

interface PeerChild {
  version: string;
  importSeconds: number;
  maxRssKiB: number;
  files: { kind: Kind; path: string; seconds: number[]; warmupSeconds?: number; frames?: number; checksum?: number; na?: string }[];
}

/** A peer's read times on all inputs (one Python process; a warm-up read, then `reps` repetitions each) and its import time. */
export function peerParse(root: string, peer: 'ase' | 'pymatgen', inputs: Input[], reps: number): { version: string; importSeconds: number; timings: Timing[] } {
  const { json } = runJsonChild<PeerChild>(PYTHON, ['bench/peers.py', peer, String(reps), '1', ...inputs.map((i) => `${i.kind}:${i.path}`)], root);
  const timings = json.files.map((f, k) => {
    if (f.na) return { seconds: [], median: NaN, mbPerSecond: NaN, na: f.na };
    const note = peer === 'pymatgen' && f.kind === 'extxyz' ? 'pymatgen.io.xyz.XYZ (reads positions as Molecules; Lattice ignored)' : undefined;
    return timing(inputs[k]!.bytes, f.seconds, { frames: f.frames, checksum: f.checksum, note, firstSeconds: f.warmupSeconds });
  });
  return { version: json.version, importSeconds: json.importSeconds, timings };
}

/** Peak RSS (KiB) of one child reading one file once: /usr/bin/time's figure, else the child's own. */
export function peakRss(root: string, tool: 'paddlewheel' | 'ase' | 'pymatgen', inp: Input): { kib: number; frames?: number } {
  if (tool === 'paddlewheel') {
    const { json, child } = runJsonChild<PwChild>(process.execPath, ['--import', 'tsx', 'bench/pw-read.ts', inp.path, inp.kind, '1'], root);
    return { kib: child.peakRssKiB ?? json.maxRssKiB, frames: json.frames };
  }
  const { json, child } = runJsonChild<PeerChild>(PYTHON, ['bench/peers.py', tool, '1', '0', `${inp.kind}:${inp.path}`], root);
  return { kib: child.peakRssKiB ?? json.maxRssKiB, frames: json.files[0]?.frames };
}

/** paddlewheel's peak live heap (bytes; V8 heap + external, sampled after a forced GC every 25 frames) reading one file once. */
export function peakLive(root: string, inp: Input): number {
  const { json } = runJsonChild<PwChild>(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/pw-read.ts', inp.path, inp.kind, '1', '--live'], root);
  return json.peakLiveBytes ?? NaN;
}
