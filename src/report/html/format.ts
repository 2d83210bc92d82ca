/** HTML text helpers for the report: escaping, units, quantities with their errors. */
import { valueWithError } from '../figures/text.js';

/** Escape text for HTML element content and double-quoted attributes. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: `<` is written as \u003c so that no
 * "</script>" or "<!--" inside the data can end the block early; U+2028/9 likewise. Numbers
 * that are not integers keep 6 significant digits (far below what a figure can show; it
 * halves the size of the report's data).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(6)) : v)).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A JSON unit string for people: "cm^2/s" → "cm²/s", "Å^-3" → "Å⁻³", "1" → "" (dimensionless), "k_B" → "k_B" as k<sub>B</sub>. */
export function unitText(unit: string | undefined): string {
  if (!unit || unit === '1') return '';
  return unit.replace(/\^(-?\d+)/g, (_, p: string) => [...p].map((c) => SUP[c] ?? c).join('')).replace(/degree/g, '°');
}

/** {@link unitText} as HTML (k_B with a subscript). */
export function unitHtml(unit: string | undefined): string {
  return esc(unitText(unit)).replace(/k_B/g, 'k<sub>B</sub>');
}

/** A quantity-like object of the JSON contract. */
export interface QuantityLike {
  value: number;
  unit?: string;
  stderr?: number | null;
  method?: string;
}

/** True when `x` looks like `{value: number, …}`. */
export function isQuantity(x: unknown): x is QuantityLike {
  return typeof x === 'object' && x !== null && typeof (x as QuantityLike).value === 'number';
}

/** A number for people: 4 significant digits, scientific with a Unicode power of ten when tiny or huge. */
export function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) {
    const [m, e] = x.toExponential(digits - 1).split('e') as [string, string];
    return `${Number(m)}×10${[...String(Number(e))].map((c) => SUP[c] ?? c).join('')}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/**
 * "value ± error unit" as HTML, the error rounded to one or two significant digits and the
 * value to the same place; values far from 1 share one power of ten: (3.0 ± 0.9)×10⁻⁴ cm²/s.
 * The method, when given, goes into a tooltip.
 */
export function qty(q: QuantityLike | null | undefined, opts: { unit?: string; scale?: number } = {}): string {
  if (!q || !Number.isFinite(q.value)) return '<span class="na">—</span>';
  const scale = opts.scale ?? 1;
  const v = q.value * scale, e = q.stderr != null && Number.isFinite(q.stderr) && q.stderr > 0 ? q.stderr * scale : undefined;
  const unit = unitHtml(opts.unit ?? q.unit);
  const mag = Math.abs(v) > 0 ? Math.floor(Math.log10(Math.abs(v))) : 0;
  let text: string;
  if (mag <= -3 || mag >= 5) {
    const p = 10 ** mag;
    const pow = `×10${[...String(mag)].map((c) => SUP[c] ?? c).join('')}`;
    text = e !== undefined ? `(${valueWithError(v / p, e / p)})${pow}` : `${num(v / p)}${pow}`;
  } else {
    text = e !== undefined ? valueWithError(v, e) : num(v);
  }
  const title = q.method ? ` title="${esc(q.method)}"` : '';
  return `<span class="q"${title}>${esc(text)}${unit ? `&#8239;${unit}` : ''}</span>`;
}
