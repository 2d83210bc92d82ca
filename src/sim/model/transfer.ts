import { SHANNON_RADII } from '../../analysis/pauling/pauling.js';
import { UsageError } from '../../core/errors.js';
import type { Model, ModelPair } from '../lammps/model.js';

/**
 * Transfer of a fitted cation–anion model to another alkali cation by the Shannon radius
 * shift — a transfer, not a fit: no first-principles data of the new cation enters.
 *
 * A larger cation is modelled as the same repulsive wall moved outward by
 * ΔR = R⁺(to) − R⁺(from) (SPEC section 1 radii, Å): a Born–Mayer term A·exp(−r/ρ) shifted to
 * A·exp(−(r − ΔR)/ρ) is again Born–Mayer with A' = A·exp(ΔR/ρ) and the same ρ. The cation
 * charge, the dispersion C (kept as is; the fitted models have C = 0) and all anion–anion
 * terms are carried over unchanged, so the anion keeps total charge −2·q(cation).
 */

/** What {@link transferCation} did, for reports. */
export interface CationTransfer {
  /** The model for the new cation (provenance extended by the transfer note). */
  model: Model;
  /** R⁺(to) − R⁺(from) in Å. */
  shift: number;
  /** Each transferred pair: element pair, old and new A (eV), ρ (Å). */
  pairs: { a: string; b: string; fromA: number; toA: number; rho: number }[];
}

/** Shannon radius (Å) of `cation`, or a UsageError naming the tabulated cations. */
function radius(cation: string, override?: number): number {
  const r = override ?? SHANNON_RADII[cation]?.radius;
  if (r === undefined) throw new UsageError(`no Shannon radius for ${cation} (known: ${Object.keys(SHANNON_RADII).join(', ')})`);
  return r;
}

/**
 * Copy `model` (fitted for cation `from`) to cation `to`: every pair term involving `from`
 * gets A' = A·exp(ΔR/ρ) with ΔR = R⁺(to) − R⁺(from), and the element is renamed; charges of
 * `from` move to `to`. `radii` overrides the Shannon table (Å). Throws UsageError when the
 * model has no charge for `from` or already lists `to`.
 */
export function transferCation(model: Model, from: string, to: string, radii: Partial<Record<string, number>> = {}): CationTransfer {
  if (!(from in model.charges)) throw new UsageError(`model ${model.name} has no charge for ${from}: nothing to transfer`);
  if (to !== from && to in model.charges) throw new UsageError(`model ${model.name} already has ${to}`);
  const shift = radius(to, radii[to]) - radius(from, radii[from]);
  const charges: Record<string, number> = {};
  for (const [el, q] of Object.entries(model.charges)) charges[el === from ? to : el] = q;
  const report: CationTransfer['pairs'] = [];
  const pairs: ModelPair[] = model.pairs.map((p) => {
    if (p.a !== from && p.b !== from) return { ...p };
    const A = p.A * Math.exp(shift / p.rho);
    const a = p.a === from ? to : p.a;
    const b = p.b === from ? to : p.b;
    report.push({ a, b, fromA: p.A, toA: A, rho: p.rho });
    return { ...p, a, b, A };
  });
  const note =
    ` TRANSFERRED (not fitted) from ${from} to ${to} by the Shannon radius shift ΔR = R⁺(${to}) − R⁺(${from}) = ${shift.toFixed(3)} Å: ` +
    `A_${to} = A_${from}·exp(ΔR/ρ), same ρ, same charge; anion–anion terms unchanged. No first-principles data of ${to} was used.`;
  const name = model.name.toLowerCase().includes(from.toLowerCase()) ? model.name.replace(new RegExp(from, 'i'), to.toLowerCase()) : `${model.name}-${to.toLowerCase()}`;
  return { model: { ...model, name, provenance: model.provenance + note, charges, pairs }, shift, pairs: report };
}
