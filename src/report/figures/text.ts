/** Number formatting for figure labels (plain text, Unicode superscripts; no markup). */

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '+': '', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** x in scientific notation with Unicode powers of ten, e.g. 5.2×10⁻⁷; plain for 0.01 ≤ |x| < 1e4. */
export function sci(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0 || (Math.abs(x) >= 0.01 && Math.abs(x) < 1e4)) return String(Number(x.toPrecision(digits)));
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${m}×10${[...String(Number(e))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/**
 * "value ± error" with the error rounded to two significant digits when its leading digit is
 * 1 or 2, else one (the Particle Data Group's rounding), and the value to the same decimal
 * place: 136.2 ± 8.3 → "136 ± 8", 136.2 ± 16.6 → "136 ± 17".
 */
export function valueWithError(value: number, error: number | undefined): string {
  if (error === undefined || !Number.isFinite(error) || error <= 0) return String(Number(value.toPrecision(4)));
  const p = Math.floor(Math.log10(error));
  const lead = Math.floor(error / 10 ** p);
  const place = lead <= 2 ? p - 1 : p;
  const dec = Math.max(0, -place);
  const round = (v: number): string => (Math.round(v / 10 ** place) * 10 ** place).toFixed(dec);
  return `${round(value)} ± ${round(error)}`;
}
