/**
 * The analysis registry: one line per analysis that `paddlewheel analyze` runs over a
 * trajectory. Each entry says when it applies, how its parameters come from the common
 * options, and how its SPEC section 10 body is made — the same object its own command prints
 * with `--json`. Order is the order of results.json and of the report.
 *
 * Not here: `templates` (no trajectory: analyze derives it from the lattice that `pauling`
 * recognised) and `arrhenius` (across `--run`s: analyze fits the runs' MSD D values).
 */
import { anglesEntry, dockingEntry } from './angles/entry.js';
import { densityEntry } from './density/entry.js';
import { distortionEntry } from './distortion/entry.js';
import { msdEntry } from './msd/entry.js';
import { paulingEntry } from './pauling/entry.js';
import { coordinationEntry, rdfEntry } from './rdf/entry.js';
import { rotationEntry } from './rotation/entry.js';
import { sitesEntry } from './sites/entry.js';
import { spectraEntry } from './spectra/entry.js';
import { vanHoveEntry } from './vanhove/entry.js';
import type { RegistryEntry } from './entry-types.js';

export type { AnalyzeOptions, EntryJob, EntryOutput, Finished, OutputFile, RegistryEntry, ShellScan } from './entry-types.js';

/** Every trajectory analysis, in results.json order. */
export const REGISTRY: readonly RegistryEntry[] = [
  paulingEntry,
  sitesEntry,
  densityEntry,
  msdEntry,
  vanHoveEntry,
  rdfEntry,
  coordinationEntry,
  anglesEntry,
  dockingEntry,
  distortionEntry,
  rotationEntry,
  spectraEntry,
];

/** Ids analyze knows: the registry's plus the derived ones. */
export const ANALYSIS_IDS: readonly string[] = [...REGISTRY.map((e) => e.id), 'templates', 'arrhenius'];

/** The entry with this id, if it is a trajectory analysis. */
export function registryEntry(id: string): RegistryEntry | undefined {
  return REGISTRY.find((e) => e.id === id);
}
