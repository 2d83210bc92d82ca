import type { Cell } from '../core/cell.js';
import type { DiagnosticLog } from '../core/diagnostics.js';
import type { Frame } from '../core/frame.js';
import type { Topology } from '../core/topology.js';

/** Identifiers of the supported trajectory formats (`--format`). */
export type FormatId = 'extxyz' | 'xyz' | 'xdatcar' | 'vasprun' | 'qe-cp' | 'lammps-dump' | 'h5md';

/**
 * Options a reader may need. Every reader accepts all of them and ignores what does not
 * apply (a diagnostic may say so).
 */
export interface ReaderOptions {
  /** Where recoverable problems are reported. */
  diagnostics: DiagnosticLog;
  /** QE cp.x input file naming species and their order (`--qe-input`). */
  qeInput?: string;
  /** LAMMPS type id → element symbol (`--type-map 1=B,2=H,3=Li`). */
  typeMap?: Record<string, string>;
  /** Cell for formats that carry none (plain XYZ; `--cell`). */
  cell?: Cell;
  /** MD integration timestep in fs, to turn LAMMPS step counters into time (`--md-timestep`). */
  mdTimestep?: number;
}

/**
 * One opened trajectory file (or file set, for QE's prefix.pos/.cel/…), positioned before
 * the first frame. `frames()` streams; it may be called once.
 */
export interface TrajectoryFile {
  format: FormatId;
  /** Paths actually read (for QE the sibling files found). */
  paths: string[];
  topology: Topology;
  /**
   * Spacing between stored frames in ps, when the file says (QE time column, vasprun
   * POTIM × NBLOCK, extxyz time keys, LAMMPS step × --md-timestep, H5MD time).
   */
  frameSpacing?: number;
  /** True when the file stores velocities. */
  hasVelocities: boolean;
  /**
   * Stream frames in file order. `index` counts from 0 within this file, `segment` from 0
   * within this file (an appended QE file may hold several segments); the opener renumbers
   * both. `time` is set when the file gives it.
   */
  frames(): AsyncIterable<Frame>;
  /** Release file handles early (iteration to the end also releases them). */
  close(): Promise<void> | void;
}

/** A trajectory format: how to recognise it and how to open it. */
export interface FormatReader {
  id: FormatId;
  /** One line for `--help` and errors. */
  description: string;
  /**
   * Confidence (0–1) that the file is in this format, from its name (path without `.gz`) and
   * the first ≤ 64 KiB of its decompressed text (empty for binary formats such as H5MD,
   * whose readers look at `head` bytes themselves via `nameHint`).
   */
  sniff(name: string, text: string): number;
  /** Open a file; reads the header and topology, not the frames. */
  open(path: string, options: ReaderOptions): Promise<TrajectoryFile>;
}
