import type { Cell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import { atomicPositionsCard, atomicSpeciesCard, cpSpecies, cellParametersCard } from '../../io/qe-cp/cards.js';
import { CP_PROTOCOL, RESTART_UNITS, type Stage } from './protocol.js';

/**
 * cp.x input text for each stage of the study's protocol (see protocol.ts). The namelists
 * follow the proven inputs in ../shared/data/qe-cp-li2b12h12-prim-800K (01_gs.in, run_02a.in,
 * run_02b.in, run_03_continuation.in) key for key; what changes per run is the structure, the
 * temperature, the step counts, `isave`, `max_seconds`, the prefix and the paths.
 */

/** A structure ready for cp.x: Cartesian positions (Å) and either ibrav 0 or a cubic ibrav. */
export interface QeStructure {
  topology: Topology;
  /** Cartesian Å, flat 3·nat, in the topology's order (written as ATOMIC_POSITIONS angstrom). */
  positions: Float64Array;
  cell: Cell;
  /**
   * Bravais lattice for primitive cells: ibrav 2 (fcc) or 3 (bcc) with celldm(1) = a in bohr;
   * absent → ibrav 0 with CELL_PARAMETERS angstrom.
   */
  bravais?: { ibrav: 2 | 3; celldm1: number };
  /** One line saying what this is (goes into `title`). */
  description: string;
}

/** Run-wide settings of {@link cpStageInput}. */
export interface CpRunSettings {
  prefix: string;
  /** Target temperature (K) of the NVE start velocities and of the thermostat. */
  temperature: number;
  /** Maximum damped steps of the ground state (cp.x stops earlier when converged). */
  gsSteps: number;
  nveSteps: number;
  nvtSteps: number;
  /** Steps between restart saves in the MD stages. */
  isave: number;
  /** cp.x stops cleanly (writing its restart) after this many seconds of wall time. */
  maxSeconds: number;
  /** pseudo_dir as written, relative to the stage folder (cp.x runs there). */
  pseudoDir: string;
  /** Pseudopotential file per element symbol. */
  pseudopotentials: Record<string, string>;
}

type Value = string | number | boolean | number[];

/** The cp.x input of one stage (`continue` = NVT continuation from the NVT restart). */
export function cpStageInput(stage: Stage | 'continue', s: QeStructure, r: CpRunSettings): string {
  const nat = s.topology.symbols.length;
  const ntyp = cpSpecies(s.topology).length;
  const u = RESTART_UNITS[stage];
  const md = stage !== 'gs';
  const control: [string, Value][] = [
    ['calculation', 'cp'],
    ['title', `${s.description} ${stage}`.replace(/['"\n]/g, ' ')],
    ['prefix', r.prefix],
    ['outdir', '.'],
    ['pseudo_dir', r.pseudoDir],
    ['dt', CP_PROTOCOL.dtAu],
    ['restart_mode', stage === 'gs' ? 'from_scratch' : stage === 'nve' ? 'reset_counters' : 'restart'],
    ['nstep', stage === 'gs' ? r.gsSteps : stage === 'nve' ? r.nveSteps : r.nvtSteps],
    ['iprint', md ? CP_PROTOCOL.iprint : 20],
    ['isave', md ? r.isave : r.gsSteps],
    ['max_seconds', r.maxSeconds],
    ['ndr', u.ndr],
    ['ndw', u.ndw],
    ['tprnfor', true],
  ];
  if (stage === 'gs') control.push(['ekin_conv_thr', ekinConvThr(nat)]);
  const system: [string, Value][] = s.bravais
    ? [['ibrav', s.bravais.ibrav], ['celldm(1)', s.bravais.celldm1]]
    : [['ibrav', 0]];
  system.push(['nat', nat], ['ntyp', ntyp], ['ecutwfc', CP_PROTOCOL.ecutwfc], ['ecutrho', CP_PROTOCOL.ecutrho]);
  system.push(['nr1b', CP_PROTOCOL.boxGrid], ['nr2b', CP_PROTOCOL.boxGrid], ['nr3b', CP_PROTOCOL.boxGrid]);
  const electrons: [string, Value][] = stage === 'gs'
    ? [['electron_dynamics', 'damp'], ['electron_damping', CP_PROTOCOL.electronDamping], ['emass', CP_PROTOCOL.emass], ['emass_cutoff', CP_PROTOCOL.emassCutoff], ['startingwfc', 'random'], ['ampre', CP_PROTOCOL.ampre]]
    : [['electron_dynamics', 'verlet'], ...(stage === 'nve' ? [['electron_velocities', 'zero'] as [string, Value]] : []), ['emass', CP_PROTOCOL.emass], ['emass_cutoff', CP_PROTOCOL.emassCutoff]];
  const ions: [string, Value][] = stage === 'gs'
    ? [['ion_dynamics', 'none']]
    : stage === 'nve'
      ? [['ion_dynamics', 'verlet'], ['ion_velocities', 'random'], ['tempw', r.temperature], ['ion_temperature', 'not_controlled']]
      : [['ion_dynamics', 'verlet'], ['ion_velocities', 'default'], ['tempw', r.temperature], ['ion_temperature', 'nose'], ['fnosep', Array(CP_PROTOCOL.nhpcl).fill(CP_PROTOCOL.fnosep)], ['nhpcl', CP_PROTOCOL.nhpcl]];
  const species = cpSpecies(s.topology, r.pseudopotentials);
  const labels = s.topology.labels ?? s.topology.symbols;
  return [
    namelist('control', control),
    namelist('system', system),
    namelist('electrons', electrons),
    namelist('ions', ions),
    atomicSpeciesCard(species),
    s.bravais ? '' : cellParametersCard(s.cell),
    atomicPositionsCard(labels, s.positions),
  ].join('');
}

/** ekin_conv_thr (Ha): 1e-5 for 26 atoms (the proven value), proportional to nat above that. */
export function ekinConvThr(nat: number): number {
  return Number((CP_PROTOCOL.ekinConvThr26 * Math.max(1, nat / 26)).toPrecision(3));
}

function namelist(name: string, entries: [string, Value][]): string {
  return `&${name}\n${entries.map(([k, v]) => `  ${k} = ${value(v, REAL_KEYS.has(k))}\n`).join('')}/\n`;
}

/** Keys cp.x declares REAL(DP): written with a decimal point (Fortran reads 30 as 30.0 too, but the point documents the type). */
const REAL_KEYS = new Set(['dt', 'max_seconds', 'ekin_conv_thr', 'celldm(1)', 'ecutwfc', 'ecutrho', 'electron_damping', 'emass', 'emass_cutoff', 'ampre', 'tempw', 'fnosep']);

function value(v: Value, real: boolean): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? '.true.' : '.false.';
  if (Array.isArray(v)) return v.map((x) => num(x, real)).join(' ');
  return num(v, real);
}

// Exponents in Fortran's D form.
function num(x: number, real: boolean): string {
  if (!Number.isFinite(x)) throw new PaddlewheelError('E_INTERNAL', `cp.x input: cannot write ${x}`);
  const s = String(x);
  if (s.includes('e')) return s.replace('e', 'd');
  return real && Number.isInteger(x) ? `${s}.0` : s;
}
