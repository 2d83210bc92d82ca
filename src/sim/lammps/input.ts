import { type Model, pairTerm } from './model.js';

/**
 * The LAMMPS input script of `paddlewheel simulate --engine lammps` (29 Sep 2021 release and
 * later; packages KSPACE, MOLECULE, RIGID): units metal, atom_style full, Buckingham +
 * long-range Coulomb (PPPM), rigid anions, NVT.
 *
 * Thermostat protocol (a documented choice; ../shared/MODEL-NOTES.md): each anion is a rigid
 * body integrated by `fix rigid/nvt/small molecule` (Nosé–Hoover chain on the bodies'
 * translations and rotations), the cations by `fix nvt` (their own chain), same target and
 * damping time. Two chains scale the two sublattices' momenta by different factors, so the
 * total momentum is not conserved and the crystal drifts (measured here with an illustrative
 * model, 208 atoms, 800 K: anion centre of mass 1.9 Å in 5 ps). `fix momentum` on all atoms
 * every {@link MOMENTUM_EVERY} steps stops it (same run: 0.03 Å in 5 ps). The rigid fix keeps
 * its bodies' own centre-of-mass velocities, so in effect the zeroing acts on the cation
 * velocities (shifted by −P/M, P the total momentum, M the total mass, each time), which is
 * a small perturbation of the cations' dynamics; the anion sublattice stays put. The thermo
 * output carries the anion centre of mass (v_ax v_ay v_az, Å) so a run can be checked.
 * Velocities start from a Gaussian at T with zero total momentum; LAMMPS scales them with
 * the unconstrained degrees of freedom, so the run starts below T and the thermostats bring
 * it up within a few damping times: discard the first picosecond or so in analyses.
 */

/** Settings of one run (units: K, fs, steps). */
export interface LammpsRunSettings {
  model: Model;
  /** Element of each LAMMPS type (type 1 first), as in data.lmp. */
  typeOrder: readonly string[];
  /** Elements that form the anions (rigid bodies by molecule id), e.g. B, H. */
  anionElements: readonly string[];
  /** Cation element (its own group and thermostat). */
  cation: string;
  temperature: number;
  /** MD timestep (fs). */
  timestepFs: number;
  /** Number of MD steps. */
  steps: number;
  /** Steps between dump snapshots. */
  dumpEvery: number;
  /** Steps between thermo lines (progress). */
  thermoEvery: number;
  /** Positive integer seed of `velocity create` (and nothing else). */
  velocitySeed: number;
  /** Nosé–Hoover damping time (ps); default 0.1 ps (100 timesteps of 1 fs). */
  tdampPs?: number;
  /** Largest distance of an anion atom from its centre (Å), for the ghost cutoff. */
  anionRadius: number;
  /** File names inside the run folder. */
  dataFile: string;
  dumpFile: string;
  /** Comment lines at the top (provenance). */
  header: readonly string[];
}

/** Steps between two zeroings of the total linear momentum (`fix momentum`). */
export const MOMENTUM_EVERY = 10;

/** Neighbour skin (Å): LAMMPS's metal default. */
export const NEIGHBOR_SKIN = 2.0;

/**
 * Ghost-atom cutoff (Å): the pair cutoff plus skin, or a whole anion diameter plus skin when
 * that is larger, so every rigid body is complete on every process (MODEL-NOTES: small cells).
 */
export function ghostCutoff(model: Model, anionRadius: number): number {
  return Math.max(model.cutoff + NEIGHBOR_SKIN, 2 * anionRadius + NEIGHBOR_SKIN) + 0.5;
}

/** The `in.lmp` text for `s`. Every number is written with JavaScript's shortest round-trip form. */
export function lammpsInputScript(s: LammpsRunSettings): string {
  const m = s.model;
  const types = s.typeOrder;
  const typeOf = (el: string) => types.indexOf(el) + 1;
  const anionTypes = s.anionElements.map(typeOf).filter((t) => t > 0);
  const tdamp = s.tdampPs ?? 0.1;
  const T = s.temperature;
  const lines: string[] = [...s.header.map((h) => `# ${h.replace(/\n/g, ' ')}`), ''];
  lines.push('units           metal', 'atom_style      full', 'boundary        p p p', `read_data       ${s.dataFile}`, '');
  lines.push(`# types: ${types.map((el, i) => `${i + 1}=${el}`).join(' ')}`);
  lines.push(`group           anions type ${anionTypes.join(' ')}`, `group           cations type ${typeOf(s.cation)}`, '');
  lines.push(`# model ${m.name}: Buckingham A·exp(−r/rho) − C/r^6 (eV, Å) + Coulomb (charges in data.lmp)`);
  lines.push(`pair_style      buck/coul/long ${m.cutoff}`);
  for (let i = 0; i < types.length; i++) {
    for (let j = i; j < types.length; j++) {
      const p = pairTerm(m, types[i]!, types[j]!);
      lines.push(`pair_coeff      ${i + 1} ${j + 1} ${p.A} ${p.rho} ${p.C}${p.listed ? '' : '  # no short-range term'}  # ${types[i]}-${types[j]}`);
    }
  }
  lines.push(`kspace_style    ${m.kspace.style} ${m.kspace.accuracy}`, '');
  // No exclusion of intra-anion pairs: forces inside a rigid body cancel, and
  // neigh_modify exclude molecule/intra would also drop an anion's own periodic images.
  lines.push(`neighbor        ${NEIGHBOR_SKIN} bin`, 'neigh_modify    every 1 delay 0 check yes');
  lines.push(`comm_modify     cutoff ${ghostCutoff(m, s.anionRadius)}`, '');
  lines.push(`timestep        ${s.timestepFs / 1000}`);
  lines.push(`velocity        all create ${T} ${s.velocitySeed} mom yes rot no dist gaussian`, '');
  lines.push(`fix             anions anions rigid/nvt/small molecule temp ${T} ${T} ${tdamp}`);
  lines.push(`fix             cations cations nvt temp ${T} ${T} ${tdamp}`);
  lines.push(`fix             zero all momentum ${MOMENTUM_EVERY} linear 1 1 1`, '');
  lines.push(...['x', 'y', 'z'].map((d) => `variable        a${d} equal xcm(anions,${d})`));
  lines.push('thermo_style    custom step time temp pe ke etotal press v_ax v_ay v_az');
  lines.push(`thermo          ${s.thermoEvery}`, 'thermo_modify   flush yes', '');
  const elements = types.join(' ');
  lines.push(`dump            traj all custom ${s.dumpEvery} ${s.dumpFile} id type element x y z vx vy vz`);
  lines.push(`dump_modify     traj element ${elements} sort id time yes units yes format float %.15g`, '');
  lines.push(`run             ${s.steps}`, '');
  return lines.join('\n');
}
