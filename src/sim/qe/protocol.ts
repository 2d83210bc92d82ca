import { AU_TIME_TO_PS } from '../../core/units.js';

/**
 * The closo-borate study's Car–Parrinello protocol (SPEC header) as cp.x (QE 6.7) settings,
 * with the values of the proven inputs in ../shared/data/qe-cp-li2b12h12-prim-800K:
 *
 * - PBE (taken by cp.x from the pseudopotential files), ultrasoft (rrkjus) pseudopotentials
 *   named by file, Γ point only (cp.x always is);
 * - ecutwfc 30 Ry; ecutrho 240 Ry (8 × ecutwfc, usual for ultrasoft potentials — the study
 *   states 30 Ry only, so 240 is our choice, as in the shared runs); small-box grid
 *   nr1b = nr2b = nr3b = 20 for the augmentation charges (depends on the cutoff, not the cell);
 * - dt = 6 a.u. of time (0.1451 fs), fictitious electron mass emass = 400 a.u. with Fourier
 *   acceleration emass_cutoff = 2.5 Ry;
 * - H with the mass of deuterium (2.014 amu), which lets the 6 a.u. step resolve B–H stretches;
 * - ground state by damped electron dynamics (damping 0.2, from random wavefunctions,
 *   ampre 0.01), converged when the fictitious kinetic energy drops below ekin_conv_thr
 *   (1e-5 Ha for the 26-atom cell; scaled with nat/26 for larger cells, since ekinc is extensive);
 * - NVE from random ionic velocities at the target temperature (cp.x refuses random velocities
 *   together with a thermostat), then NVT with a Nosé–Hoover chain of 4 (nhpcl 4) at
 *   fnosep 20 THz for each link, restarted from the NVE state.
 */
export const CP_PROTOCOL = {
  dtAu: 6.0,
  ecutwfc: 30.0,
  ecutrho: 240.0,
  boxGrid: 20,
  emass: 400.0,
  emassCutoff: 2.5,
  hydrogenMass: 2.014,
  electronDamping: 0.2,
  ampre: 0.01,
  /** Ha, for 26 atoms. */
  ekinConvThr26: 1e-5,
  nhpcl: 4,
  /** THz, one per chain link. */
  fnosep: 20.0,
  /** Steps between frames in prefix.pos/.vel/.for (MD stages); the ground state prints every 20. */
  iprint: 10,
} as const;

/** One CP step in ps (6 a.u. ≈ 1.4513e-4 ps). */
export const CP_STEP_PS = CP_PROTOCOL.dtAu * AU_TIME_TO_PS;

/** NVT steps for `ps` picoseconds at the protocol's dt (50 ps → 344 511 steps). */
export function stepsForPs(ps: number): number {
  return Math.round(ps / CP_STEP_PS);
}

/** The stages of a run, in order. */
export const STAGES = ['gs', 'nve', 'nvt'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Restart units: stage k reads `prefix_<ndr>.save` and writes `prefix_<ndw>.save` (cp.x's
 * `ndr`/`ndw`). The NVT continuation reads and writes 52, so it can be repeated.
 */
export const RESTART_UNITS: Record<Stage | 'continue', { ndr: number; ndw: number }> = {
  gs: { ndr: 50, ndw: 50 },
  nve: { ndr: 50, ndw: 51 },
  nvt: { ndr: 51, ndw: 52 },
  continue: { ndr: 52, ndw: 52 },
};

/**
 * Folder and input name of each stage inside a run folder. Each stage runs with its folder as
 * working directory and `outdir = '.'`, so its prefix.pos/.evp/… never mix with another
 * stage's, and the reader finds the stage's input beside the trajectory. The NVT continuation
 * appends to the NVT folder (nfi keeps counting, so it is one trajectory).
 */
export const STAGE_FILES: Record<Stage | 'continue', { dir: string; input: string; log: string }> = {
  gs: { dir: '01_gs', input: '01_gs.in', log: '01_gs.out' },
  nve: { dir: '02_nve', input: '02_nve.in', log: '02_nve.out' },
  nvt: { dir: '03_nvt', input: '03_nvt.in', log: '03_nvt.out' },
  continue: { dir: '03_nvt', input: '03_nvt_continue.in', log: '03_nvt_continue.out' },
};

/** The line cp.x prints when damped dynamics reached ekin_conv_thr / etot_conv_thr. */
export const GS_CONVERGED = 'convergence achieved for system relaxation';
