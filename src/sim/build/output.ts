import { basename } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import { composition } from '../../core/topology.js';
import { writeExtxyz } from '../../io/extxyz/write.js';
import { writeLammpsData } from '../../io/lammps-dump/data-writer.js';
import { cpStructureCards } from '../../io/qe-cp/cards.js';
import { writePoscar } from '../../io/vasp/xdatcar-writer.js';
import type { BuiltStructure } from './build.js';

/**
 * Writing a built structure in the formats of the engines the study and its follow-ups use.
 * Every writer is atomic (temporary file renamed over the target).
 *
 * - `extxyz`: one frame, positions in Å (10 decimals).
 * - `poscar`: VASP 5 POSCAR, Direct coordinates, species blocks B, H, M.
 * - `lammps-data`: `atom_style full` (id mol type q x y z), units metal: molecule id k + 1 for
 *   the 24 atoms of anion k and 0 for the cations, so `fix rigid … molecule` applied to the
 *   anion group (e.g. `group anions type 1 2`) makes each B12H12 one rigid body (LAMMPS treats
 *   all mol-0 atoms of the fix group as one body, so keep cations out of that group). Charges
 *   are written as 0: the builder assumes no force field. The cell is rotated into LAMMPS's
 *   restricted orientation (see writeLammpsData).
 * - `qe`: a cp.x input skeleton: &control (calculation 'cp', prefix), &system (ibrav = 0, nat,
 *   ntyp, the study's ecutwfc 30 / ecutrho 240 Ry), empty &electrons and &ions, then the
 *   ATOMIC_SPECIES, CELL_PARAMETERS angstrom and ATOMIC_POSITIONS angstrom cards. Set the
 *   dynamics (dt, nstep, emass, thermostats) and pseudopotential files for the run.
 */
export const BUILD_FORMATS = ['extxyz', 'poscar', 'lammps-data', 'qe'] as const;
export type BuildFormat = (typeof BUILD_FORMATS)[number];

/** Format from the output name: .xyz/.extxyz(.gz), POSCAR…, CONTCAR…, .vasp, .poscar, .data/.lmp/.lammps, .in/.pwi/.cpi. */
export function formatFromPath(path: string): BuildFormat | undefined {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (/\.(ext)?xyz$/.test(name)) return 'extxyz';
  if (/^(poscar|contcar)/.test(name) || /\.(vasp|poscar)$/.test(name)) return 'poscar';
  if (/\.(data|lmp|lammps)$/.test(name)) return 'lammps-data';
  if (/\.(in|pwi|cpi)$/.test(name)) return 'qe';
  return undefined;
}

/** `--format` if given (validated), else from the file name; UsageError when neither says. */
export function resolveFormat(path: string, forced?: string): BuildFormat {
  if (forced !== undefined) {
    if (!(BUILD_FORMATS as readonly string[]).includes(forced)) throw new UsageError(`--format ${forced}: expected one of ${BUILD_FORMATS.join(', ')}`);
    return forced as BuildFormat;
  }
  const f = formatFromPath(path);
  if (!f) throw new UsageError(`--out ${path}: cannot tell the format from the name; give --format ${BUILD_FORMATS.join('|')}`);
  if (/\.gz$/i.test(path) && f !== 'extxyz') throw new UsageError(`--out ${path}: only extxyz output can be gzipped`);
  return f;
}

/** Options of {@link writeBuilt}. */
export interface WriteBuiltOptions {
  /** Comment / title line. */
  comment?: string;
  /** Pseudopotential files per element for `qe`. */
  pseudopotentials?: Record<string, string>;
  /** cp.x prefix for `qe` (default `cp`, cp.x's own default). */
  prefix?: string;
}

/** Write `b` to `path` as `format`, atomically. */
export async function writeBuilt(b: BuiltStructure, path: string, format: BuildFormat, options: WriteBuiltOptions = {}): Promise<void> {
  const comment = options.comment ?? 'written by paddlewheel build';
  switch (format) {
    case 'extxyz':
      await writeExtxyz([b.frame], b.topology, path);
      return;
    case 'poscar':
      await writePoscar(b.frame, b.topology, path, { comment, decimals: 10 });
      return;
    case 'lammps-data':
      await writeLammpsData(b.frame, b.topology, path, { atomStyle: 'full', moleculeIds: b.moleculeIds, charges: new Float64Array(b.topology.symbols.length), comment: `${comment} (units metal, atom_style full)` });
      return;
    case 'qe':
      await writeFileAtomic(path, cpInputText(b, options));
      return;
  }
}

/** Text of the cp.x input skeleton (see BUILD_FORMATS). */
export function cpInputText(b: BuiltStructure, options: WriteBuiltOptions = {}): string {
  const ntyp = Object.keys(composition(b.topology)).length;
  const prefix = (options.prefix ?? 'cp').replace(/'/g, '');
  const title = (options.comment ?? 'written by paddlewheel build').replace(/['\n]/g, ' ');
  return [
    '&control',
    `  ! ${title}`,
    "  ! skeleton: set dt, nstep, iprint, outdir, pseudo_dir and the &electrons/&ions dynamics for your run",
    "  calculation = 'cp'",
    `  prefix = '${prefix}'`,
    '/',
    '&system',
    '  ibrav = 0',
    `  nat = ${b.topology.symbols.length}, ntyp = ${ntyp}`,
    '  ecutwfc = 30.0, ecutrho = 240.0',
    '/',
    '&electrons',
    '/',
    '&ions',
    '/',
    cpStructureCards(b.frame, b.topology, { pseudopotentials: options.pseudopotentials }),
  ].join('\n');
}
