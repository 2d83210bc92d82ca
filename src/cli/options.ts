import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { makeCell, cellFromParameters, type Cell } from '../core/cell.js';
import { UsageError } from '../core/errors.js';
import { isElement, normaliseSymbol } from '../core/elements.js';
import type { OpenOptions } from '../io/open.js';
import { parseFrameSelection } from '../io/selection.js';
import { DEFAULT_CHUNK_FRAMES } from '../run/jobs.js';

/** Options every trajectory-reading command accepts (SPEC section 10), as commander gives them. */
export interface CommonFlags {
  format?: string;
  frames?: string;
  dt?: string;
  mdTimestep?: string;
  temperature?: string;
  cation?: string;
  anion?: string;
  qeInput?: string;
  typeMap?: string;
  cell?: string;
  json?: boolean;
  run?: string[];
}

/**
 * Add the common trajectory options to a command. Every command that reads a trajectory
 * accepts all of them, even where one is unused, so scripts can pass one set of flags.
 */
export function addTrajectoryOptions(cmd: Command): Command {
  return cmd
    .option('--format <id>', 'trajectory format instead of detecting it (extxyz, xyz, xdatcar, vasprun, qe-cp, lammps-dump, h5md)')
    .option('--frames <start:stop:step>', 'frames to use, 0-based, stop exclusive (e.g. 100:2000:2)')
    .option('--dt <fs>', 'frame spacing in fs when the file does not give it')
    .option('--md-timestep <fs>', 'MD integration timestep in fs (turns LAMMPS step numbers into time)')
    .option('--temperature <K>', 'temperature in K when the file does not give it')
    .option('--cation <symbol>', 'mobile cation species (e.g. Li); default: guessed, and said so')
    .option('--anion <formula|auto>', 'anion formula (B12H12, PS4, "S,Cl") or auto', 'auto')
    .option('--qe-input <file>', 'cp.x input file naming the species and their order (QE trajectories)')
    .option('--type-map <map>', 'LAMMPS type → element, e.g. 1=B,2=H,3=Li')
    .option('--cell <numbers>', 'cell for plain XYZ: "a,b,c", "a,b,c,alpha,beta,gamma" (Å, degrees) or 9 numbers (rows)')
    .addOption(new Option('--run <label:files>', 'an independent run: LABEL:FILE[,FILE…] (repeatable; a label ending in K sets its temperature)').argParser(collect).default([]))
    .option('--json', 'print one JSON object on stdout (SPEC section 10)');
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A positive finite number from a flag, or a UsageError naming the flag. */
export function positiveNumber(flag: string, text: string | undefined, unit: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || text.trim() === '') throw new UsageError(`${flag} ${text}: expected a positive number in ${unit}`);
  return v;
}

/** `--temperature` in K, validated. */
export function temperatureFrom(flags: CommonFlags): number | undefined {
  return positiveNumber('--temperature', flags.temperature, 'K');
}

/** Parse `--cell`: 3 lengths, 6 parameters, or 9 matrix elements (rows). */
export function parseCellFlag(text: string | undefined): Cell | undefined {
  if (text === undefined) return undefined;
  const nums = text.split(/[\s,]+/).filter((s) => s !== '').map(Number);
  if (nums.some((x) => !Number.isFinite(x))) throw new UsageError(`--cell ${text}: expected numbers separated by commas`);
  try {
    if (nums.length === 3) return cellFromParameters(nums[0]!, nums[1]!, nums[2]!, 90, 90, 90);
    if (nums.length === 6) return cellFromParameters(nums[0]!, nums[1]!, nums[2]!, nums[3]!, nums[4]!, nums[5]!);
    if (nums.length === 9) return makeCell(nums);
  } catch (e) {
    throw new UsageError(`--cell ${text}: ${(e as Error).message}`);
  }
  throw new UsageError(`--cell ${text}: expected 3 lengths, 6 parameters (a,b,c,alpha,beta,gamma) or 9 numbers, found ${nums.length}`);
}

/** Parse `--type-map 1=B,2=H,3=Li`. */
export function parseTypeMap(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(',').filter((s) => s.trim() !== '')) {
    const m = /^\s*(\w+)\s*=\s*([A-Za-z]{1,2})\s*$/.exec(part);
    if (!m) throw new UsageError(`--type-map ${text}: expected TYPE=ELEMENT pairs separated by commas (e.g. 1=B,2=H,3=Li), found ${JSON.stringify(part)}`);
    const sym = normaliseSymbol(m[2]!);
    if (!sym || !isElement(sym)) throw new UsageError(`--type-map ${text}: ${JSON.stringify(m[2])} is not an element symbol`);
    out[m[1]!] = sym;
  }
  return out;
}

/** Parse `--cation`: an element symbol. */
export function parseCation(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const s = normaliseSymbol(text);
  if (!s || s.length !== text.trim().length) throw new UsageError(`--cation ${text}: expected an element symbol such as Li or Na`);
  return s;
}

/** The reader options from the common flags (validated before any file is read). */
export function openOptionsFrom(flags: CommonFlags): OpenOptions {
  // Validated here even by commands that do not use them, so a typo fails before any reading.
  positiveNumber('--temperature', flags.temperature, 'K');
  parseCation(flags.cation);
  parseRuns(flags.run);
  return {
    format: flags.format,
    frames: parseFrameSelection(flags.frames),
    dt: positiveNumber('--dt', flags.dt, 'fs'),
    mdTimestep: positiveNumber('--md-timestep', flags.mdTimestep, 'fs'),
    qeInput: flags.qeInput,
    typeMap: parseTypeMap(flags.typeMap),
    cell: parseCellFlag(flags.cell),
  };
}

/** One independent run from `--run LABEL:FILE[,FILE…]`. */
export interface RunSpec {
  label: string;
  files: string[];
  /** K, when the label ends in K (e.g. `600K`). */
  temperature?: number;
}

/** Parse the repeated `--run` flags. */
export function parseRuns(values: string[] | undefined): RunSpec[] {
  return (values ?? []).map((v) => {
    const i = v.indexOf(':');
    if (i <= 0 || i === v.length - 1) throw new UsageError(`--run ${v}: expected LABEL:FILE[,FILE…] (e.g. 600K:a1.xyz,a2.xyz)`);
    const label = v.slice(0, i);
    const files = v.slice(i + 1).split(',').filter((s) => s !== '');
    const m = /^(\d+(?:\.\d+)?)\s*K$/i.exec(label);
    return { label, files, temperature: m ? Number(m[1]) : undefined };
  });
}

/** `--workers` and `--chunk-frames` as commander gives them. */
export interface ParallelFlags {
  workers?: string;
  chunkFrames?: string;
}

/** Add `--workers` and `--chunk-frames` (the chunked, parallel analysis pass of src/run/parallel.ts). */
export function addParallelOptions(cmd: Command): Command {
  return cmd
    .option('--workers <n>', `worker threads for the analyses (default: one per core, ${availableParallelism()} here; 1 = chunked on the main thread); results are bit-identical for every n`)
    .option('--chunk-frames <n>', `frames per chunk of the parallel pass (default ${DEFAULT_CHUNK_FRAMES}); for testing reproducibility: results depend on it only by rounding`);
}

/** The parsed `--workers` (default one per core) and `--chunk-frames`; UsageError naming the flag. */
export function parallelFrom(flags: ParallelFlags): { workers: number; chunkFrames?: number } {
  const whole = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !(v >= 1)) throw new UsageError(`${flag} ${text}: expected a whole number ≥ 1`);
    return v;
  };
  return { workers: whole('--workers', flags.workers) ?? availableParallelism(), chunkFrames: whole('--chunk-frames', flags.chunkFrames) };
}

/** The structure-builder flags as commander gives them (`build`, `qe-input`, `simulate`). */
export interface StructureFlags {
  cation?: string;
  lattice?: string;
  a?: string;
  supercell?: string;
  anionOrientation?: string;
  cationSites?: string;
  seed?: string;
}
