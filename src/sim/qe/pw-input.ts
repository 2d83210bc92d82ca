import { elementInfo } from '../../core/elements.js';

/**
 * The study's electronic settings for Born–Oppenheimer single points (pw.x SCF, QE 6.7):
 * PBE, ecutwfc 30 Ry, ecutrho 240 Ry, Γ only (`K_POINTS gamma`), forces and stress.
 * conv_thr 1e-7 Ry, mixing_beta 0.4 and electron_maxstep 80 are the pilot set's values
 * (../shared/data/pw-li2b12h12-104-pilot), which converge 104-atom cells in 10–13 iterations.
 */
export const PW_STUDY_SETTINGS = {
  inputDft: 'PBE',
  ecutwfc: 30,
  ecutrho: 240,
  convThr: 1e-7,
  mixingBeta: 0.4,
  electronMaxstep: 80,
} as const;

/** Electronic settings of a pw.x single point (Ry for cutoffs and conv_thr). */
export type PwSettings = { -readonly [K in keyof typeof PW_STUDY_SETTINGS]: (typeof PW_STUDY_SETTINGS)[K] extends string ? string : number };

/** One structure for a single point. */
export interface PwStructure {
  symbols: string[];
  /** Cell rows (Å), row-major 3×3. */
  cell: ArrayLike<number>;
  /** Cartesian positions (Å), atom-major 3N. */
  positions: ArrayLike<number>;
}

/** Options of {@link pwInputText}. */
export interface PwInputOptions {
  prefix: string;
  /** pw.x `outdir`, relative to where pw.x runs. */
  outdir: string;
  /** Absolute pseudopotential folder. */
  pseudoDir: string;
  /** Pseudopotential file per element. */
  pseudopotentials: Record<string, string>;
  settings?: PwSettings;
}

/** Decimals of positions and cell in the input: the extxyz stores these same rounded numbers. */
export const PW_COORD_DECIMALS = 10;

/**
 * Text of a pw.x SCF input: &control (scf, `tprnfor`, `tstress`), &system (ibrav 0, cutoffs,
 * `input_dft`), &electrons, ATOMIC_SPECIES (species in order of first appearance; H gets the
 * deuterium mass 2.014 as in the study — irrelevant for a single point), CELL_PARAMETERS and
 * ATOMIC_POSITIONS in Å, `K_POINTS gamma`.
 */
export function pwInputText(s: PwStructure, o: PwInputOptions): string {
  const st = o.settings ?? { ...PW_STUDY_SETTINGS };
  const species = [...new Set(s.symbols)];
  const q = (t: string) => `'${t.replace(/'/g, '')}'`;
  const d = (x: number) => x.toFixed(PW_COORD_DECIMALS);
  const lines = [
    '&control',
    `  calculation='scf', prefix=${q(o.prefix)}, outdir=${q(o.outdir)}, pseudo_dir=${q(o.pseudoDir)}`,
    "  tprnfor=.true., tstress=.true., disk_io='low'",
    '/',
    '&system',
    `  ibrav=0, nat=${s.symbols.length}, ntyp=${species.length}, ecutwfc=${fortranReal(st.ecutwfc)}, ecutrho=${fortranReal(st.ecutrho)}, input_dft=${q(st.inputDft)}`,
    '/',
    '&electrons',
    `  conv_thr=${fortranReal(st.convThr)}, mixing_beta=${fortranReal(st.mixingBeta)}, electron_maxstep=${st.electronMaxstep}`,
    '/',
    'ATOMIC_SPECIES',
    ...species.map((el) => ` ${el} ${el === 'H' ? 2.014 : (elementInfo(el)?.mass ?? 1)} ${o.pseudopotentials[el]}`),
    'CELL_PARAMETERS angstrom',
    ...[0, 1, 2].map((r) => ` ${d(s.cell[3 * r]!)} ${d(s.cell[3 * r + 1]!)} ${d(s.cell[3 * r + 2]!)}`),
    'ATOMIC_POSITIONS angstrom',
    ...s.symbols.map((el, i) => `${el} ${d(s.positions[3 * i]!)} ${d(s.positions[3 * i + 1]!)} ${d(s.positions[3 * i + 2]!)}`),
    'K_POINTS gamma',
    '',
  ];
  return lines.join('\n');
}

/** Round coordinates to what {@link pwInputText} writes, so stored structures equal pw.x's. */
export function roundCoords(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => Number(v.toFixed(PW_COORD_DECIMALS)));
}

function fortranReal(x: number): string {
  if (Number.isInteger(x)) return `${x}.0`;
  const e = x.toExponential();
  return Math.abs(x) < 1e-3 ? e.replace('e', 'd') : String(x);
}
