import type { FormatId, FormatReader } from './types.js';

/**
 * All trajectory formats, in order of preference when two sniff equally well.
 * One line per format; each reader lives in its own folder under src/io/.
 */
export const READERS: FormatReader[] = [
];

/** The reader for a format id, or undefined. */
export function readerFor(id: string): FormatReader | undefined {
  return READERS.find((r) => r.id === (id as FormatId));
}

/** Ids of all registered formats, for help texts and errors. */
export function formatIds(): FormatId[] {
  return READERS.map((r) => r.id);
}
