/**
 * H5MD `unit` attributes → factors to paddlewheel's internal units (Å, ps, eV).
 *
 * H5MD's units module writes a unit as space-separated factors with integer powers, e.g.
 * `nm`, `ps`, `nm ps-1`, `kJ mol-1 nm-1`, `Angstrom fs-1` (https://nongnu.org/h5md/modules/units.html).
 * Each factor is looked up below and raised to its power; the dimensions must add up to the
 * quantity asked for, so `nm` is refused as a time. A leading number (`0.1 nm`) is a scale.
 */

/** Dimensions as powers of [length, time, energy]; `mol` is a pure number (Avogadro). */
type Dim = [number, number, number];

// CODATA 2018 exact: e = 1.602176634e-19 C, N_A = 6.02214076e23 /mol.
const EV_PER_J = 1 / 1.602176634e-19;
const AVOGADRO = 6.02214076e23;

const BASE: Record<string, { f: number; d: Dim }> = {
  Angstrom: { f: 1, d: [1, 0, 0] }, angstrom: { f: 1, d: [1, 0, 0] }, A: { f: 1, d: [1, 0, 0] }, 'Å': { f: 1, d: [1, 0, 0] },
  nm: { f: 10, d: [1, 0, 0] }, pm: { f: 1e-2, d: [1, 0, 0] }, fm: { f: 1e-5, d: [1, 0, 0] }, um: { f: 1e4, d: [1, 0, 0] }, m: { f: 1e10, d: [1, 0, 0] },
  bohr: { f: 0.529177210903, d: [1, 0, 0] },
  ps: { f: 1, d: [0, 1, 0] }, fs: { f: 1e-3, d: [0, 1, 0] }, ns: { f: 1e3, d: [0, 1, 0] }, s: { f: 1e12, d: [0, 1, 0] },
  eV: { f: 1, d: [0, 0, 1] }, meV: { f: 1e-3, d: [0, 0, 1] }, J: { f: EV_PER_J, d: [0, 0, 1] }, kJ: { f: 1e3 * EV_PER_J, d: [0, 0, 1] },
  kcal: { f: 4184 * EV_PER_J, d: [0, 0, 1] }, cal: { f: 4.184 * EV_PER_J, d: [0, 0, 1] }, Hartree: { f: 27.211386245988, d: [0, 0, 1] },
  mol: { f: AVOGADRO, d: [0, 0, 0] },
  N: { f: EV_PER_J * 1e-10, d: [-1, 0, 1] }, Newton: { f: EV_PER_J * 1e-10, d: [-1, 0, 1] },
};

/** Physical quantities the reader converts, with their dimensions. */
export const QUANTITY: Record<'length' | 'time' | 'velocity' | 'force', Dim> = {
  length: [1, 0, 0],
  time: [0, 1, 0],
  velocity: [1, -1, 0],
  force: [-1, 0, 1],
};

/**
 * Factor that turns values in `unit` into internal units of `quantity`, or a reason why it
 * cannot (unknown factor, wrong dimensions).
 */
export function unitFactor(unit: string, quantity: keyof typeof QUANTITY): { factor: number } | { problem: string } {
  const want = QUANTITY[quantity];
  const dim: Dim = [0, 0, 0];
  let factor = 1;
  const words = unit.trim().split(/\s+/).filter((w) => w.length > 0);
  for (const [k, w] of words.entries()) {
    if (k === 0 && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(w)) {
      factor *= Number(w);
      continue;
    }
    const m = /^([A-Za-zÅ]+)(-?\d+)?$/.exec(w);
    const base = m ? BASE[m[1]!] : undefined;
    if (!m || !base) return { problem: `unknown unit ${JSON.stringify(w)} in ${JSON.stringify(unit)}` };
    const p = m[2] === undefined ? 1 : Number(m[2]);
    factor *= base.f ** p;
    for (let i = 0; i < 3; i++) dim[i] = dim[i]! + base.d[i]! * p;
  }
  if (dim.some((x, i) => x !== want[i])) return { problem: `${JSON.stringify(unit)} is not a unit of ${quantity}` };
  return { factor };
}
