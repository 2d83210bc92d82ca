import { A2_PER_PS_TO_CM2_PER_S, ELEMENTARY_CHARGE_C, KB_EV } from '../../core/units.js';

/**
 * e²/(Å·ps·eV) in S/cm. With the slope in e²·Å²/ps, V in Å³ and k_B·T in eV,
 * slope/(6·V·k_B·T) has units e²/(Å·ps·eV) = (e/V)·1/(Å·ps); e/V = 1.602176634e-19 C/V and
 * 1/(Å·ps) = 1/(1e-8 cm·1e-12 s) = 1e20 cm⁻¹s⁻¹, so 1 e²/(Å·ps·eV) = 16.02176634 C/(V·s·cm)
 * = 16.02176634 S/cm.
 */
export const E2_PER_A_PS_EV_TO_S_PER_CM = ELEMENTARY_CHARGE_C * 1e20;

/** A value with its standard error. */
export interface ValueError {
  value: number;
  stderr: number;
}

/**
 * Ionic conductivity (S/cm) from the slope of the collective MSD ⟨|Σ_i q_i Δr_i(t)|²⟩
 * (e²Å²/ps): σ = slope/(6·V·k_B·T) (Einstein–Helfand), V in Å³, T in K.
 */
export function conductivityFromSlope(slope: ValueError, volume: number, temperature: number): ValueError {
  const f = E2_PER_A_PS_EV_TO_S_PER_CM / (6 * volume * KB_EV * temperature);
  return { value: slope.value * f, stderr: slope.stderr * f };
}

/**
 * Nernst–Einstein conductivity (S/cm) from the tracer D* (Å²/ps), assuming uncorrelated
 * ions: σ_NE = (Σ_i q_i²)·D* / (V·k_B·T) — for one species n·q²·D* / (V·k_B·T).
 */
export function nernstEinstein(sumQ2: number, D: ValueError, volume: number, temperature: number): ValueError {
  const f = (sumQ2 * E2_PER_A_PS_EV_TO_S_PER_CM) / (volume * KB_EV * temperature);
  return { value: D.value * f, stderr: D.stderr * f };
}

/**
 * Ratio a/b with first-order error propagation for independent errors:
 * (σ_r/r)² = (σ_a/a)² + (σ_b/b)². (D* and σ come from one trajectory and are in truth
 * somewhat correlated; the result is then slightly conservative for positive correlation.)
 */
export function ratio(a: ValueError, b: ValueError): ValueError {
  const value = a.value / b.value;
  const rel = Math.hypot(a.stderr / a.value, b.stderr / b.value);
  return { value, stderr: Math.abs(value) * rel };
}

/** Å²/ps → cm²/s. */
export function toCm2PerS(x: number): number {
  return x * A2_PER_PS_TO_CM2_PER_S;
}
