import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, ParseError, UsageError } from '../../core/errors.js';
import { LineReader, ioError } from '../text/lines.js';
import { looksLikeHeader, parseCpHeader } from './blocks.js';
import { noteOnce } from './diag.js';
import { type CpInput, parseCpInput } from './input.js';

/** File kinds of a cp.x trajectory set (`prefix.<ext>`, each optionally gzipped). */
export const CP_EXTENSIONS = ['pos', 'cel', 'vel', 'for', 'evp'] as const;

/** The files of one cp.x run: `.pos` and `.cel` always, the rest where present. */
export interface CpFileSet {
  /** Folder and prefix (`out/lbh`), without extension. */
  stem: string;
  /** The prefix alone (`lbh`). */
  prefix: string;
  pos: string;
  cel: string;
  vel?: string;
  for?: string;
  evp?: string;
}

/** Split `dir/prefix.ext[.gz]` into stem and extension when ext is a cp.x one. */
export function cpStem(path: string): { stem: string; ext: (typeof CP_EXTENSIONS)[number] } | undefined {
  const m = /^(.*)\.(pos|cel|vel|for|evp)(\.gz)?$/i.exec(path);
  return m ? { stem: m[1]!, ext: m[2]!.toLowerCase() as (typeof CP_EXTENSIONS)[number] } : undefined;
}

/**
 * Find the sibling files of the cp.x file `path` (any of `.pos .cel .vel .for .evp`, each
 * plain or `.gz`). Throws E_IO naming what is missing when `.pos` or `.cel` is absent.
 */
export function findCpFiles(path: string, log: DiagnosticLog): CpFileSet {
  const s = cpStem(path);
  if (!s) throw new UsageError(`${path}: a cp.x trajectory is named by one of prefix.pos, .cel, .vel, .for or .evp (optionally .gz)`);
  const found: Partial<Record<(typeof CP_EXTENSIONS)[number], string>> = {};
  for (const ext of CP_EXTENSIONS) {
    const plain = `${s.stem}.${ext}`, gz = `${plain}.gz`;
    if (existsSync(plain)) {
      found[ext] = plain;
      if (existsSync(gz)) noteOnce(log, 'info', 'I_QE_BOTH_GZ', `${plain} and ${basename(gz)} both exist; reading ${basename(plain)}`, { file: plain });
    } else if (existsSync(gz)) found[ext] = gz;
  }
  const missing = (['pos', 'cel'] as const).filter((e) => !found[e]);
  if (missing.length > 0) {
    const names = missing.map((e) => `${basename(s.stem)}.${e}`).join(' and ');
    throw new PaddlewheelError('E_IO', `${path}: ${names} not found beside it (a cp.x trajectory needs prefix.pos and prefix.cel in the same folder; .vel, .for and .evp are optional)`);
  }
  return { stem: s.stem, prefix: basename(s.stem), pos: found.pos!, cel: found.cel!, vel: found.vel, for: found.for, evp: found.evp };
}

/** What the first lines of a `.pos` file say: atoms per block, and the first two headers. */
export interface PosProbe {
  nat: number;
  first: { nfi: number; time: number };
  second?: { nfi: number; time: number };
}

/**
 * Read the `.pos` file up to its second header: the number of atom lines of the first block
 * is nat. Throws ParseError when the file does not start with a header or the block is empty.
 */
export async function probePos(path: string, log: DiagnosticLog): Promise<PosProbe> {
  const r = await LineReader.open(path, log);
  try {
    const h = await r.next();
    if (h === undefined) throw new ParseError({ file: path, line: 1 }, 'cp.x position blocks', 'an empty file');
    const first = parseCpHeader(h, path, 1);
    let nat = 0;
    for (;;) {
      const s = await r.next();
      if (s === undefined || s.trim() === '') break;
      if (looksLikeHeader(s)) {
        if (nat === 0) break;
        return { nat, first, second: parseCpHeader(s, path, r.lineNumber) };
      }
      nat++;
    }
    if (nat === 0) throw new PaddlewheelError('E_PARSE', `${path}:2: expected atom lines after the first header`);
    return { nat, first };
  } finally {
    r.close();
  }
}

/** Largest file considered as a candidate cp.x input (inputs are small; this skips data files named *.in). */
const MAX_INPUT_BYTES = 1 << 20;

/** Largest file read as a cp.x input (`--qe-input`): 16 MiB holds 10⁵ atoms several times over. */
export const MAX_QE_INPUT_BYTES = 16 * 1024 * 1024;

/** Read and parse a cp.x input; unreadable files become E_IO, files over MAX_QE_INPUT_BYTES E_FORMAT (read whole, so bounded). */
export async function readCpInput(path: string): Promise<CpInput> {
  let text: string;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_QE_INPUT_BYTES) {
      throw new PaddlewheelError('E_FORMAT', `${path}: ${size} bytes, larger than any cp.x input (at most ${MAX_QE_INPUT_BYTES}); give the run's input file with --qe-input`);
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof PaddlewheelError) throw e;
    throw ioError(path, e);
  }
  return parseCpInput(text, path);
}

/**
 * Find the cp.x input of a run when `--qe-input` is not given. Candidates are the `*.in`
 * files beside the trajectory, or, when none there fits, one folder up; a candidate fits when
 * it parses, has `nat` atoms and its `prefix` is the files' prefix. One fit is used; several
 * that give the same species, order and masses are used too (the first by name, all named in
 * the diagnostic), since they cannot change the result. Otherwise throws E_USAGE asking for
 * `--qe-input`.
 */
export async function findCpInput(files: CpFileSet, nat: number, log: DiagnosticLog): Promise<CpInput> {
  const here = dirname(files.pos);
  for (const dir of [here, dirname(here)]) {
    const fits: CpInput[] = [];
    for (const p of await inputCandidates(dir)) {
      try {
        const inp = await readCpInput(p);
        if (inp.nat === nat && inp.prefix === files.prefix) fits.push(inp);
      } catch {
        // A file that is not a cp.x input is simply not a candidate.
      }
    }
    if (fits.length === 0) continue;
    const key = (i: CpInput) => JSON.stringify([i.atoms.labels, i.species.map((s) => [s.label, s.mass])]);
    if (fits.some((f) => key(f) !== key(fits[0]!))) {
      throw new UsageError(`${files.pos}: the cp.x inputs ${fits.map((f) => f.path).join(', ')} disagree on the species; give the run's input with --qe-input`);
    }
    const others = fits.length > 1 ? ` (${fits.length - 1} other input(s) there agree: ${fits.slice(1).map((f) => basename(f.path)).join(', ')})` : '';
    noteOnce(log, 'info', 'I_QE_INPUT_FOUND', `species and masses from ${fits[0]!.path}, found ${dir === here ? 'beside the trajectory' : 'one folder up from it'}${others}; give --qe-input to choose another`, { file: fits[0]!.path });
    return fits[0]!;
  }
  throw new UsageError(`${files.pos}: no cp.x input with prefix '${files.prefix}' and nat = ${nat} found in ${here} or its parent folder; give it with --qe-input (it names the species and their order)`);
}

async function inputCandidates(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.filter((x) => /\.in$/i.test(x)).sort()) {
    const p = join(dir, n);
    const s = await stat(p).catch(() => undefined);
    if (s?.isFile() && s.size <= MAX_INPUT_BYTES) out.push(p);
  }
  return out;
}
