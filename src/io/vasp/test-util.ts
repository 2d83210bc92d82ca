import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import type { FormatReader, TrajectoryFile } from '../types.js';

/**
 * Test helpers shared by the VASP reader tests (not used by the readers): a scratch folder,
 * reading every frame of a file, and capturing the thrown error.
 */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'pw-vasp-'));
  /** Path of `name` inside the scratch folder, after writing `text` there when given. */
  file(name: string, text?: string): string {
    const p = join(this.dir, name);
    if (text !== undefined) writeFileSync(p, text);
    return p;
  }
  /** Remove the folder. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Open `path` with `reader` and collect all frames plus the diagnostics. */
export async function readAll(
  reader: FormatReader,
  path: string,
  typeMap?: Record<string, string>,
): Promise<{ file: TrajectoryFile; frames: Frame[]; log: DiagnosticLog }> {
  const log = new DiagnosticLog();
  const file = await reader.open(path, { diagnostics: log, typeMap });
  const frames: Frame[] = [];
  for await (const f of file.frames()) frames.push(f);
  return { file, frames, log };
}

/** The error `fn` rejects with (fails the test when it resolves). */
export async function errorOf(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error('expected an error, but the call succeeded');
}

/** Seeded uniform random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
