import type { FormatId, FormatReader } from './types.js';
import { extxyzReader, xyzReader } from './extxyz/read.js';
import { qeCpReader } from './qe-cp/reader.js';
import { vasprunReader } from './vasp/vasprun.js';
import { xdatcarReader } from './vasp/xdatcar.js';
import { lammpsDumpReader } from './lammps-dump/reader.js';
import { h5mdReader } from './h5md/reader.js';

/**
 * All trajectory formats, in order of preference when two sniff equally well.
 * One line per format; each reader lives in its own folder under src/io/.
 */
export const READERS: FormatReader[] = [
  extxyzReader, xyzReader,
  qeCpReader,
  xdatcarReader, vasprunReader,
  lammpsDumpReader, h5mdReader,
];

/** The reader for a format id, or undefined. */
export function readerFor(id: string): FormatReader | undefined {
  return READERS.find((r) => r.id === (id as FormatId));
}

/** Ids of all registered formats, for help texts and errors. */
export function formatIds(): FormatId[] {
  return READERS.map((r) => r.id);
}
