/**
 * Velocity units met in extended-XYZ files.
 *
 * ASE itself never writes a velocity column: `ase.io.write(…, format='extxyz')` stores
 * `atoms.arrays['momenta']` as a `momenta:R:3` column in ASE units, amu·Å/t_ASE with
 * t_ASE = Å·√(amu/eV) ≈ 10.1805 fs (ASE reads velocities back as momenta / masses). The
 * `velo` name comes from libAtoms/QUIP and `vel` from GPUMD, both in Å/fs; QUIP's own
 * ASE bridge converts with √(amu→eV·fs²/Å²) for exactly this reason.
 */

/** Unified atomic mass unit (kg), CODATA 2018. */
export const AMU_KG = 1.6605390666e-27;
/** Elementary charge (C), exact since 2019. */
export const EV_J = 1.602176634e-19;

/**
 * ASE's unit of time in ps: 1 Å·√(amu/eV) = 1e-10 m · √(amu/eV) s/m = 0.0101805 ps
 * (10.1805 fs; ASE's `1/units.fs`).
 */
export const ASE_TIME_PS = 1e-10 * Math.sqrt(AMU_KG / EV_J) * 1e12;

/** ASE velocity unit (Å/t_ASE = √(eV/amu)) in Å/ps: ≈ 98.2269. */
export const ASE_VELOCITY_TO_A_PER_PS = 1 / ASE_TIME_PS;

/** Å/fs in Å/ps (the `velo`/`vel`/`velocities` columns of QUIP and GPUMD). */
export const A_PER_FS_TO_A_PER_PS = 1000;
