import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PaddlewheelError } from '../../core/errors.js';

/**
 * The study's ultrasoft PBE pseudopotentials by element (file names as in
 * ../shared/data/qe-cp-li2b12h12-prim-800K/pseudo: B from Debian's quantum-espresso-data, Li with
 * 1s semicore and H generated with ld1.x from pslibrary 1.0.0 recipes).
 */
export const STUDY_PSEUDOPOTENTIALS: Readonly<Record<string, string>> = {
  Li: 'Li.pbe-s-rrkjus_psl.0.2.1.UPF',
  B: 'B.pbe-n-rrkjus_psl.1.0.0.UPF',
  H: 'H.pbe-rrkjus_psl.0.1.UPF',
};

/** Pseudopotentials found for a set of elements. */
export interface PseudoSet {
  /** Absolute folder (pw.x `pseudo_dir`). */
  dir: string;
  /** File name per element. */
  files: Record<string, string>;
  /** Elements whose file was picked by name pattern rather than given or the study's. */
  guessed: string[];
}

/**
 * Find one pseudopotential file per element in `dir`: the `explicit` map first, then the
 * study's file name ({@link STUDY_PSEUDOPOTENTIALS}), then the single file named
 * `<El>.*.upf` / `<El>_*.upf` (any case). Throws PaddlewheelError `E_IO` naming every element
 * without a file (and what was looked for) — before anything is written.
 */
export function resolvePseudopotentials(elements: string[], dir: string | undefined, explicit: Record<string, string> = {}): PseudoSet {
  if (dir === undefined || dir === '') throw new PaddlewheelError('E_USAGE', 'no pseudopotential folder: give --pseudo-dir DIR (or set ESPRESSO_PSEUDO)');
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new PaddlewheelError('E_IO', `--pseudo-dir ${dir}: not a folder`);
  const names = readdirSync(abs);
  const files: Record<string, string> = {};
  const guessed: string[] = [];
  const missing: string[] = [];
  for (const el of elements) {
    const wanted = explicit[el] ?? STUDY_PSEUDOPOTENTIALS[el];
    if (wanted !== undefined && existsSync(join(abs, wanted))) {
      files[el] = wanted;
      continue;
    }
    if (explicit[el] !== undefined) {
      missing.push(`${el} (${explicit[el]} given, not in the folder)`);
      continue;
    }
    const re = new RegExp(`^${el}[._].*\\.upf$`, 'i');
    const hits = names.filter((n) => re.test(n));
    if (hits.length === 1) {
      files[el] = hits[0]!;
      guessed.push(el);
    } else if (hits.length > 1) {
      missing.push(`${el} (several candidates: ${hits.join(', ')}; choose one with --pseudo ${el}=FILE)`);
    } else {
      missing.push(`${el} (${wanted ?? `${el}.*.UPF`} not found)`);
    }
  }
  if (missing.length > 0) throw new PaddlewheelError('E_IO', `missing pseudopotential${missing.length > 1 ? 's' : ''} in ${abs}: ${missing.join('; ')}`);
  return { dir: abs, files, guessed };
}
