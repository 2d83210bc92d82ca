import { ELEMENTARY_CHARGE_C, KB_EV } from '../../core/units.js';
import { quantity, type Quantity } from '../../core/result.js';

/** The mobile carriers: number density and charge, and where those numbers came from. */
export interface CarrierComposition {
  /** Carrier number density n, Å⁻³. */
  density: number;
  /** Carrier charge q in units of e (its sign does not matter: σ ∝ q²). */
  charge: number;
  /** How n and q were obtained, in words (goes into the result's `method`). */
  source: string;
}

/** Å⁻³ → cm⁻³. */
const PER_A3_TO_PER_CM3 = 1e24;

/**
 * Nernst–Einstein conductivity from the tracer diffusion coefficient:
 * σ = n q² e² D / (k_B T). With n in cm⁻³, D in cm²/s and k_B T = KB_EV·T·e joules this is
 * σ = n·q²·e·D/(KB_EV·T) in S/cm. It assumes uncorrelated hops (Haven ratio 1) and the given
 * n at temperature T (no thermal expansion). The error is D's, relative (n and q are exact);
 * `interval68` carries over from D's lognormal interval.
 */
export function nernstEinstein(D: Quantity, T: number, c: CarrierComposition): Quantity {
  const factor = (c.density * PER_A3_TO_PER_CM3 * c.charge * c.charge * ELEMENTARY_CHARGE_C) / (KB_EV * T);
  const extra: Record<string, unknown> = {
    stderr: D.stderr === undefined ? undefined : D.stderr * factor,
    method: `Nernst–Einstein σ = n q² e² D/(k_B T) at ${T} K from the extrapolated D (Haven ratio 1, n fixed); ${c.source}; n = ${c.density.toPrecision(4)} Å⁻³, q = ${c.charge} e`,
    carrierDensity: quantity(c.density, 'Å^-3'),
    carrierCharge: c.charge,
  };
  const iv = D['interval68'];
  if (Array.isArray(iv)) extra['interval68'] = iv.map((v: number) => v * factor);
  if (extra['stderr'] === undefined) delete extra['stderr'];
  return quantity(D.value * factor, 'S/cm', extra);
}

/** Parse a carrier density: a number in Å⁻³, or with a unit suffix `Å^-3`, `A^-3`, `/A3`, `cm^-3`, `/cm3`. Returns Å⁻³, NaN when unreadable. */
export function parseCarrierDensity(text: string): number {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(text);
  if (!m) return NaN;
  const v = Number(m[1]);
  const unit = m[2]!.replace(/\s+/g, '').toLowerCase();
  if (unit === '' || /^(?:(?:å|a|ang|angstrom)\^?-3|\/(?:å|a|ang|angstrom)\^?3)$/.test(unit)) return v;
  if (/^(?:cm\^?-3|\/cm\^?3)$/.test(unit)) return v / PER_A3_TO_PER_CM3;
  return NaN;
}
