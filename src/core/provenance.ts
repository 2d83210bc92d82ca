import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { VERSION } from '../version.js';
import type { InputRecord, Provenance } from './result.js';

/** Size and SHA-256 of a file, streamed (constant memory). */
export async function fileRecord(path: string): Promise<InputRecord> {
  const s = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { flags: 'r' })) hash.update(chunk as Buffer);
  return { path, bytes: s.size, sha256: hash.digest('hex') };
}

/** Provenance for a result computed from `paths`. */
export async function makeProvenance(paths: string[]): Promise<Provenance> {
  const inputs = await Promise.all(paths.map(fileRecord));
  return { tool: 'paddlewheel', version: VERSION, created: new Date().toISOString(), inputs, node: process.version };
}
