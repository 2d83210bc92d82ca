import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared/data beside the repository (CI puts shared/ there). */
export const SHARED_DATA = resolve(ROOT, '..', 'shared', 'data');

/**
 * Path of a file under ../shared/data, and the reason to skip when it is not there.
 * Use: `const d = sharedData('na3ps4-800K/x.xyz.gz'); it.skipIf(!d.available)(…)` and put
 * `d.reason` in the test name so the skip says why.
 */
export function sharedData(rel: string): { path: string; available: boolean; reason: string } {
  const path = join(SHARED_DATA, rel);
  const available = existsSync(path);
  return { path, available, reason: available ? '' : `skipped: ${path} not present (../shared/data is absent)` };
}
