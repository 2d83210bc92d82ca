import type { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { composition } from '../../core/topology.js';
import { type CubicLattice, pauling } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import { type BuiltStructure, CATION_SITE_CHOICES, buildStructure } from '../build/build.js';
import { type StructureRequest, cliqueSiteFor, resolveLattice } from '../build/reference.js';
import { parseSupercell } from '../build/supercell.js';
import type { Model } from './model.js';

/**
 * Checking a LAMMPS run request before anything is written: durations in whole timesteps,
 * the structure from the builder (defaults as `paddlewheel build`, each said as an info
 * diagnostic), and the model's coverage of the cell (a charge for every element, a neutral
 * cell, rigid anions).
 */

/** Structure and protocol options of a LAMMPS run (strings as the CLI gives them, checked here). */
export interface LammpsRunRequest extends StructureRequest {
  /** K */
  temperature: number;
  /** Run length, e.g. `50ps`, `500fs`, `50` (ps). */
  time: string;
  /** MD timestep in fs, e.g. `1`, `0.5fs`. */
  timestep: string;
  /** Dump interval, e.g. `10fs`, `0.1ps`, `10` (fs). */
  dumpEvery: string;
}

/** A checked request: the built cell and the step counts. */
export interface PreparedLammpsRun {
  built: BuiltStructure;
  cation: string;
  lattice: CubicLattice;
  a: number;
  cationSites: CliqueSiteType | 'random';
  timestepFs: number;
  steps: number;
  dumpEvery: number;
  /** Charge (e) of each atom, from the model. */
  charges: Float64Array;
}

const UNIT_FS: Record<string, number> = { fs: 1, ps: 1000, ns: 1e6 };

/** A duration flag in fs: a positive number with an optional unit fs, ps or ns (`defaultUnit` when bare). */
export function parseDurationFs(flag: string, text: string, defaultUnit: 'fs' | 'ps'): number {
  const m = /^\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)\s*(fs|ps|ns)?\s*$/i.exec(text);
  const v = m ? Number(m[1]) * UNIT_FS[(m[2] ?? defaultUnit).toLowerCase()]! : NaN;
  if (!(v > 0) || !Number.isFinite(v)) throw new UsageError(`${flag} ${text}: expected a positive duration such as 10${defaultUnit} (units fs, ps, ns; bare numbers are ${defaultUnit})`);
  return v;
}

/** `total / step` when it is a whole number (to 1e-9 relative), else a UsageError naming both flags. */
function wholeSteps(what: string, total: number, step: number): number {
  const n = Math.round(total / step);
  if (n < 1 || Math.abs(n * step - total) > 1e-9 * total) throw new UsageError(`${what} (${total} fs) is not a whole number of --timestep ${step} fs`);
  return n;
}

/** Validate the request against `model`, build the cell; nothing is written. */
export function prepareLammpsRun(q: LammpsRunRequest, model: Model, log: DiagnosticLog): PreparedLammpsRun {
  const timestepFs = parseDurationFs('--timestep', q.timestep, 'fs');
  const steps = wholeSteps('--time', parseDurationFs('--time', q.time, 'ps'), timestepFs);
  const dumpEvery = wholeSteps('--dump-every', parseDurationFs('--dump-every', q.dumpEvery, 'fs'), timestepFs);
  if (dumpEvery > steps) throw new UsageError(`--dump-every ${q.dumpEvery} is longer than --time ${q.time}: the run would leave one frame`);
  if (steps % dumpEvery !== 0) log.warn('W_LAMMPS_LAST_FRAME', `--time is not a multiple of --dump-every: the last ${steps % dumpEvery} steps leave no frame`);
  if (model.anions !== 'rigid') throw new UsageError(`model ${model.name}: flexible anions are not supported by simulate yet (bond topology in data.lmp); use a rigid-anion model`);

  const { cation } = q;
  const { lattice, a } = resolveLattice(cation, q.lattice, q.a, log);
  if (q.supercell.trim().toLowerCase() === 'primitive') throw new UsageError('--supercell primitive is for cp.x; LAMMPS runs use builder cells (paper or NxNxN)');
  let cationSites = q.cationSites;
  if (cationSites === undefined) {
    const predicted = pauling({ lattice, a, cation }).predictedSite;
    cationSites = cliqueSiteFor(predicted);
    log.info('I_DEFAULT_SITES', `cations on ${cationSites} sites (Pauling predicts ${predicted} for ${cation} in ${lattice} at a = ${a} Å)`);
  } else if (!(CATION_SITE_CHOICES as readonly string[]).includes(cationSites)) {
    throw new UsageError(`--cation-sites ${cationSites}: expected ${CATION_SITE_CHOICES.join(', ')}`);
  }
  const built = buildStructure({ cation, lattice, a, supercell: parseSupercell(q.supercell), orientation: q.orientation, cationSites, seed: q.seed });

  const missing = Object.keys(composition(built.topology)).filter((el) => !(el in model.charges));
  if (missing.length > 0) throw new UsageError(`model ${model.name} has no charge for ${missing.join(', ')} (charges: ${Object.keys(model.charges).join(', ')}); fit or transfer terms for ${cation} first`);
  const charges = Float64Array.from(built.topology.symbols, (s) => model.charges[s]!);
  const total = charges.reduce((s, q) => s + q, 0);
  if (Math.abs(total) > 1e-6) throw new UsageError(`model ${model.name}: the cell's total charge is ${total.toPrecision(6)} e, not 0 (charges must satisfy 12 q_B + 12 q_H = −2 q_${cation}); PPPM needs a neutral cell`);
  if (!model.pairs.some((p) => [p.a, p.b].includes(cation))) log.warn('W_MODEL_NO_CATION_TERMS', `model ${model.name} has no short-range term for ${cation}: only Coulomb keeps it off the anions`);
  return { built, cation, lattice, a, cationSites, timestepFs, steps, dumpEvery, charges };
}
