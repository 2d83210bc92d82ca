/**
 * Physical constants and unit conversions. Internal units everywhere: Å, ps, K, amu, e, eV.
 * Conversions happen only in io/ and report/. Values: CODATA 2018 (SPEC "Units").
 */

/** 1 Bohr in Å. */
export const BOHR_TO_ANGSTROM = 0.529177210903;
/** 1 Hartree atomic unit of time in ps. */
export const AU_TIME_TO_PS = 2.4188843265857e-5;
/** 1 Hartree in eV. */
export const HARTREE_TO_EV = 27.211386245988;
/** Boltzmann constant in eV/K. */
export const KB_EV = 8.617333262e-5;
/** 1 fs in ps. */
export const FS_TO_PS = 1e-3;
/** Bohr per a.u. of time → Å/ps. */
export const AU_VELOCITY_TO_A_PER_PS = BOHR_TO_ANGSTROM / AU_TIME_TO_PS;
/** Hartree/Bohr → eV/Å. */
export const AU_FORCE_TO_EV_PER_A = HARTREE_TO_EV / BOHR_TO_ANGSTROM;
/** Elementary charge in C. */
export const ELEMENTARY_CHARGE_C = 1.602176634e-19;
/** 1 Å²/ps in cm²/s (1e-16 cm² / 1e-12 s). */
export const A2_PER_PS_TO_CM2_PER_S = 1e-4;
