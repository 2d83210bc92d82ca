import type { DiagnosticLog } from '../core/diagnostics.js';
import { makeProvenance } from '../core/provenance.js';
import type { ResultEnvelope } from '../core/result.js';
import { VERSION } from '../version.js';

/** Wrap a command's result in the SPEC section 10 envelope. */
export async function envelope(analysis: string, params: Record<string, unknown>, inputs: string[], diagnostics: DiagnosticLog, body: Record<string, unknown>): Promise<ResultEnvelope> {
  return {
    analysis,
    version: VERSION,
    params,
    provenance: await makeProvenance(inputs),
    diagnostics: diagnostics.toArray(),
    ...body,
  };
}

/** Print exactly one JSON object on stdout. */
export function printJson(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
}

/** Print diagnostics for a human on stderr (text mode). */
export function printDiagnostics(log: DiagnosticLog): void {
  for (const d of log.toArray()) {
    const where = d.file ? ` (${d.file}${d.line ? `:${d.line}` : ''})` : '';
    process.stderr.write(`${d.level === 'warning' ? 'warning' : 'note'}: ${d.message}${where}\n`);
  }
}

/** Format a number for people: 4 significant digits, no exponent for ordinary magnitudes. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}
