import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { normaliseSymbol } from '../../core/elements.js';

/**
 * Pseudopotentials for the study's protocol: PBE ultrasoft (rrkjus) files from pslibrary, one
 * per element, found by file name in a list of folders.
 *
 * Defaults: B from Debian's quantum-espresso-data (`/usr/share/espresso/pseudo`); Li (1s
 * semicore) and H generated with ld1.x from the pslibrary 1.0.0 recipes and kept in
 * ../shared/data/qe-cp-li2b12h12-prim-800K/pseudo. The Na, K, Rb and Cs names are pslibrary
 * 1.0.0's; no package ships them, so users generate them with ld1.x and give `--pseudo-dir`.
 */
export const DEFAULT_PSEUDOPOTENTIALS: Record<string, string> = {
  H: 'H.pbe-rrkjus_psl.0.1.UPF',
  B: 'B.pbe-n-rrkjus_psl.1.0.0.UPF',
  Li: 'Li.pbe-s-rrkjus_psl.0.2.1.UPF',
  Na: 'Na.pbe-spn-rrkjus_psl.1.0.0.UPF',
  K: 'K.pbe-spn-rrkjus_psl.1.0.0.UPF',
  Rb: 'Rb.pbe-spn-rrkjus_psl.1.0.0.UPF',
  Cs: 'Cs.pbe-spn-rrkjus_psl.1.0.0.UPF',
};

/** Shared-data folder holding the Li and H files (relative to the folder beside the repository). */
const SHARED_PSEUDO = join('shared', 'data', 'qe-cp-li2b12h12-prim-800K', 'pseudo');

/**
 * Folders searched when `--pseudo-dir` is not given, in order: `$ESPRESSO_PSEUDO`, Debian's
 * `/usr/share/espresso/pseudo`, QE's default `~/espresso/pseudo`, then the shared-data folder
 * found beside the working directory or beside the installation. Only existing folders.
 */
export function defaultPseudoDirs(): string[] {
  const out: string[] = [];
  if (process.env.ESPRESSO_PSEUDO) out.push(process.env.ESPRESSO_PSEUDO);
  out.push('/usr/share/espresso/pseudo', join(homedir(), 'espresso', 'pseudo'));
  out.push(resolve('..', SHARED_PSEUDO));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    out.push(join(dir, SHARED_PSEUDO));
    dir = dirname(dir);
  }
  return [...new Set(out.map((d) => resolve(d)))].filter(isDir);
}

/** Parse `--pseudo Li=Li.UPF,B=B.UPF`: element → file name. */
export function parsePseudoMap(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const part of text.split(',').filter((s) => s.trim() !== '')) {
    const m = /^\s*([A-Za-z]{1,2})\s*=\s*(\S+)\s*$/.exec(part);
    const sym = m ? normaliseSymbol(m[1]!) : undefined;
    if (!m || !sym) throw new UsageError(`--pseudo ${text}: expected ELEMENT=FILE pairs separated by commas (e.g. Li=Li.pbe-s-rrkjus_psl.0.2.1.UPF), found ${JSON.stringify(part)}`);
    if (m[2]!.includes('/')) throw new UsageError(`--pseudo ${part}: give a file name (found in --pseudo-dir), not a path`);
    out[sym] = m[2]!;
  }
  return out;
}

/** A pseudopotential found on disk. */
export interface ResolvedPseudo {
  element: string;
  file: string;
  /** Absolute path of the file found. */
  path: string;
}

/**
 * Find the file of each element: the `--pseudo` name, else the default name, in `dirs` (the
 * first folder that has it). Throws E_IO naming every missing file and the folders searched,
 * or E_USAGE for an element without a default name.
 */
export function resolvePseudopotentials(elements: readonly string[], names: Record<string, string>, dirs: readonly string[]): ResolvedPseudo[] {
  const found: ResolvedPseudo[] = [];
  const missing: string[] = [];
  for (const el of elements) {
    const file = names[el] ?? DEFAULT_PSEUDOPOTENTIALS[el];
    if (!file) throw new UsageError(`no default pseudopotential for ${el}; give one with --pseudo ${el}=FILE`);
    const dir = dirs.find((d) => existsSync(join(d, file)));
    if (dir) found.push({ element: el, file, path: resolve(dir, file) });
    else missing.push(`${el}: ${file}`);
  }
  if (missing.length > 0) {
    const where = dirs.length > 0 ? dirs.join(', ') : '(no pseudopotential folder exists; give --pseudo-dir)';
    throw new PaddlewheelError('E_IO', `pseudopotential file(s) not found — ${missing.join('; ')} — searched ${where}. Give --pseudo-dir DIR and/or --pseudo EL=FILE (Debian's quantum-espresso-data ships B; Li and H are in ../shared/data/qe-cp-li2b12h12-prim-800K/pseudo; other cations need ld1.x recipes)`);
  }
  return found;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
