import { makeCell } from '../../core/cell.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { findClusters } from '../../chem/clusters.js';
import { type Rng, createRng } from '../../math/rng.js';
import type { PwStructure } from './pw-input.js';

/** A single point to compute: a structure and where it came from. */
export interface PointSpec extends PwStructure {
  /** Folder name in the work folder (`p0000`, …). */
  name: string;
  /** How it was made (source, frame or builder seed, strain, rattle), stored in point.json. */
  origin: Record<string, unknown>;
}

/** Per-element Gaussian displacement σ (Å); `*` is the default for other elements. */
export type RattleSpec = Record<string, number>;

/**
 * Parse `--rattle`: a number (σ in Å for every atom) and/or `El=σ` pairs, comma separated,
 * e.g. `0.05` or `0.04,Li=0.25,H=0.06`. Each Cartesian component gets an independent N(0, σ²).
 */
export function parseRattle(text: string | undefined): RattleSpec | undefined {
  if (text === undefined) return undefined;
  const out: RattleSpec = {};
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^(?:([A-Z][a-z]?)\s*=\s*)?([0-9.eE+-]+)$/.exec(part);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v) || v < 0) throw new UsageError(`--rattle ${text}: expected σ in Å (≥ 0) or El=σ pairs, found ${JSON.stringify(part)}`);
    out[m[1] ?? '*'] = v;
  }
  return out;
}

/** Displace every atom by a Gaussian of the element's σ (in place). */
export function rattle(p: PwStructure, spec: RattleSpec, rng: Rng): void {
  const pos = p.positions as Float64Array;
  p.symbols.forEach((el, i) => {
    const s = spec[el] ?? spec['*'] ?? 0;
    for (let c = 0; c < 3; c++) pos[3 * i + c] = pos[3 * i + c]! + s * rng.nextNormal();
  });
}

/** A random symmetric strain ε (row-major 3×3): its 6 independent components uniform in [−amp, amp]. */
export function randomStrain(amp: number, rng: Rng): Float64Array {
  const e = new Float64Array(9);
  for (const [i, j] of [[0, 0], [1, 1], [2, 2], [0, 1], [0, 2], [1, 2]] as const) {
    const v = amp * (2 * rng.nextFloat() - 1);
    e[3 * i + j] = v;
    e[3 * j + i] = v;
  }
  return e;
}

/** Apply x' = x·(I + ε) to the cell rows and the positions (homogeneous deformation; in place). */
export function applyStrain(p: PwStructure, eps: ArrayLike<number>): void {
  const f = (v: Float64Array, off: number) => {
    const x = v[off]!, y = v[off + 1]!, z = v[off + 2]!;
    for (let c = 0; c < 3; c++) v[off + c] = x * ((c === 0 ? 1 : 0) + eps[c]!) + y * ((c === 1 ? 1 : 0) + eps[3 + c]!) + z * ((c === 2 ? 1 : 0) + eps[6 + c]!);
  };
  for (let r = 0; r < 3; r++) f(p.cell as Float64Array, 3 * r);
  for (let i = 0; i < p.symbols.length; i++) f(p.positions as Float64Array, 3 * i);
}

/**
 * Strain a molecular crystal: cell rows x' = x·(I + ε), each bonded molecule (cluster of more
 * than one atom, found with chem/clusters) moved rigidly so that its centroid follows the strain,
 * single atoms (ions) moved affinely. Bond lengths inside the anions stay as they were, so the
 * stress reflects the packing rather than stretched B–B/B–H bonds (the pilot set did the same
 * by scaling anion centres). In place.
 */
export function applyMolecularStrain(p: PwStructure, eps: ArrayLike<number>): void {
  const pos = p.positions as Float64Array;
  const before = makeCell(Float64Array.from(p.cell));
  const set = findClusters(topologyFromSymbols(p.symbols), { positions: pos, cell: before });
  const m = before.matrix;
  const moved = new Uint8Array(p.symbols.length);
  for (const c of set.clusters) {
    if (c.atoms.length < 2 || c.periodic) continue;
    // Whole molecule from the image offsets, then its centroid.
    const whole = c.atoms.map((a, k) => [0, 1, 2].map((d) => pos[3 * a + d]! + c.images[3 * k]! * m[d]! + c.images[3 * k + 1]! * m[3 + d]! + c.images[3 * k + 2]! * m[6 + d]!));
    const centre = [0, 1, 2].map((d) => whole.reduce((s, r) => s + r[d]!, 0) / whole.length);
    const shifted = Float64Array.from(centre);
    applyStrain({ symbols: ['X'], cell: new Float64Array(9), positions: shifted }, eps);
    c.atoms.forEach((a, k) => {
      for (let d = 0; d < 3; d++) pos[3 * a + d] = whole[k]![d]! - centre[d]! + shifted[d]!;
      moved[a] = 1;
    });
  }
  const cell = p.cell as Float64Array;
  applyStrain({ symbols: [], cell, positions: new Float64Array(0) }, eps);
  p.symbols.forEach((_, i) => {
    if (moved[i]) return;
    const one = pos.subarray(3 * i, 3 * i + 3);
    applyStrain({ symbols: ['X'], cell: new Float64Array(9), positions: one }, eps);
  });
}

/** Independent random stream of point `index` for purpose `stream` (same seed → same points). */
export function pointRng(seed: number, index: number, stream: number): Rng {
  return createRng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)) >>> 0);
}

/** Elements counted as M⁺ cations (neutrality check, cation clash check). */
export const MONOVALENT: ReadonlySet<string> = new Set(['Li', 'Na', 'K', 'Rb', 'Cs', 'Ag', 'Cu']);

/**
 * Refuse cells that are not neutral and stoichiometric (MODEL-NOTES: an electron-deficient
 * Li6(B12H12)4 cell did not converge in 100 SCF iterations without smearing). Counts nominal
 * charges for the M–B–H systems paddlewheel targets: M⁺ (alkali, Ag, Cu), B12H12²⁻ (B in
 * multiples of 12, one H per B) and H⁻ for any extra H; any other element is refused unless
 * `allowOther`. Throws PaddlewheelError `E_TOPOLOGY` with the counts.
 */
export function checkStoichiometry(symbols: string[], label: string, allowOther = false): void {
  const n: Record<string, number> = {};
  for (const s of symbols) n[s] = (n[s] ?? 0) + 1;
  const other = Object.keys(n).filter((el) => el !== 'B' && el !== 'H' && !MONOVALENT.has(el));
  if (other.length > 0) {
    if (allowOther) return;
    throw new PaddlewheelError('E_TOPOLOGY', `${label}: cannot check neutrality for ${other.join(', ')} (only M⁺ + B12H12²⁻ / H⁻ cells are checked); pass --no-stoichiometry-check if the cell is neutral and closed-shell`);
  }
  const nB = n.B ?? 0, nH = n.H ?? 0;
  const cations = Object.entries(n).filter(([el]) => MONOVALENT.has(el)).reduce((a, [, c]) => a + c, 0);
  const comp = Object.entries(n).map(([el, c]) => `${el}${c}`).join('');
  if (nB % 12 !== 0) throw new PaddlewheelError('E_TOPOLOGY', `${label}: ${comp} has ${nB} B, not whole B12H12 anions`);
  if (nH < nB) throw new PaddlewheelError('E_TOPOLOGY', `${label}: ${comp} has fewer H than B (B12H12 needs one H per B)`);
  const charge = cations - (2 * nB) / 12 - (nH - nB);
  if (charge !== 0) {
    throw new PaddlewheelError('E_TOPOLOGY', `${label}: ${comp} is not neutral (nominal charge ${charge > 0 ? '+' : ''}${charge} e: ${cations} M⁺, ${nB / 12} B12H12²⁻, ${nH - nB} H⁻); non-stoichiometric cells do not converge without smearing — keep 2 cations per anion`);
  }
}
