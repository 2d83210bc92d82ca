import { rename, writeFile, unlink, realpath } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { PaddlewheelError } from './errors.js';

/**
 * Write a file atomically: the content goes to a temporary name in the same folder, which is
 * renamed over the target only when complete, so a failure or interruption never leaves a
 * partial output. Refuses to overwrite any path in `protectedInputs` (the inputs of the run).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, protectedInputs: string[] = []): Promise<void> {
  await refuseInputs(path, protectedInputs);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new PaddlewheelError('E_IO', `${path}: cannot write (${(e as Error).message})`);
  }
}

/** Throw when `path` names one of the input files (after resolving links). */
export async function refuseInputs(path: string, inputs: string[]): Promise<void> {
  const target = await canonical(path);
  for (const inp of inputs) {
    if ((await canonical(inp)) === target) {
      throw new PaddlewheelError('E_USAGE', `${path}: is an input file; refusing to overwrite it`);
    }
  }
}

async function canonical(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return resolve(p);
  }
}
