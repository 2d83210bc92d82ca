import { constants } from 'node:fs';
import { copyFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { releaseTemp, trackTemp } from './cleanup.js';
import { PaddlewheelError, UsageError } from './errors.js';

let sequence = 0;

/**
 * A fresh temporary name beside `path` (same folder, so the final rename stays on one file
 * system and is atomic): `.NAME.PID.N.tmp`.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
}

/**
 * Write a file atomically: the content goes to a temporary name in the same folder, which is
 * renamed over the target only when complete, so a failure or interruption never leaves a
 * partial output (the temporary is registered with the interruption cleanup while it exists).
 * Refuses (UsageError naming `flag`) to write over any of `protectedInputs`, the inputs of the
 * run, links to them included.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, protectedInputs: string[] = [], flag?: string): Promise<void> {
  if (protectedInputs.length > 0) await refuseInputs(path, protectedInputs, flag);
  const tmp = tempPathFor(path);
  trackTemp(tmp);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    releaseTemp(tmp);
    throw new PaddlewheelError('E_IO', `${path}: cannot write (${(e as Error).message})`);
  }
  releaseTemp(tmp, path);
}

/**
 * Copy `src` to `dest` atomically (temporary copy renamed into place). When `dest` already is
 * `src` (the same path, a link to it, or a hard link), nothing is done and `false` is returned:
 * the content is already there and the input is left untouched.
 */
export async function copyFileAtomic(src: string, dest: string): Promise<boolean> {
  if (await sameFile(src, dest)) return false;
  const tmp = tempPathFor(dest);
  trackTemp(tmp);
  try {
    await copyFile(src, tmp, constants.COPYFILE_EXCL);
    await rename(tmp, dest);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    releaseTemp(tmp);
    throw new PaddlewheelError('E_IO', `${dest}: cannot copy ${src} (${(e as Error).message})`);
  }
  releaseTemp(tmp, dest);
  return true;
}

/**
 * Throw a UsageError when `path` (an output about to be written or created) names one of
 * `inputs`: the same path after resolving symbolic links, or the same file through a hard link
 * (same device and inode). `flag` (e.g. `--out`) is named in the message. A path that does not
 * exist yet cannot be an input and passes.
 */
export async function refuseInputs(path: string, inputs: readonly string[], flag?: string): Promise<void> {
  if (inputs.length === 0) return;
  const target = await identify(path);
  for (const inp of inputs) {
    const i = await identify(inp);
    if (target.real === i.real || (target.ino !== undefined && target.ino === i.ino && target.dev === i.dev)) {
      const how = resolve(path) === resolve(inp) ? '' : ` (the same file as the input ${inp})`;
      throw new UsageError(`${flag ? `${flag} ` : ''}${path}: is an input file${how}; refusing to overwrite it — choose another name`);
    }
  }
}

/** Check several outputs at once (each with its flag) against the inputs, before any is written. */
export async function refuseOutputs(outputs: readonly { flag: string; path: string | undefined }[], inputs: readonly string[]): Promise<void> {
  for (const o of outputs) if (o.path !== undefined) await refuseInputs(o.path, inputs, o.flag);
}

/** Whether `a` and `b` are the same existing file (path, symbolic link or hard link). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = [await identify(a), await identify(b)];
  return x.real === y.real || (x.ino !== undefined && x.ino === y.ino && x.dev === y.dev);
}

interface Identity {
  real: string;
  dev?: bigint;
  ino?: bigint;
}

// bigint: inode numbers can exceed 2^53 on some file systems.
async function identify(p: string): Promise<Identity> {
  const real = await realpath(p).catch(() => resolve(p));
  const s = await stat(p, { bigint: true }).catch(() => undefined);
  return { real, dev: s?.dev, ino: s?.ino };
}
