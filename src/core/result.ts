import type { Diagnostic } from './diagnostics.js';

/**
 * A physical scalar as SPEC section 10 writes it: value with unit, and for statistical
 * quantities a standard error with the method that produced it.
 */
export interface Quantity {
  value: number;
  unit: string;
  stderr?: number;
  /** How `stderr` was estimated (e.g. "block averaging, 5 blocks"). */
  method?: string;
  [extra: string]: unknown;
}

/** Make a Quantity; omits stderr/method when not given. */
export function quantity(value: number, unit: string, extra: Omit<Partial<Quantity>, 'value' | 'unit'> = {}): Quantity {
  return { value, unit, ...extra };
}

/** One input file as provenance records it. */
export interface InputRecord {
  path: string;
  bytes: number;
  sha256: string;
}

/** Where a result came from. */
export interface Provenance {
  tool: 'paddlewheel';
  version: string;
  /** ISO-8601 time the result was made (the only field that differs between identical runs). */
  created: string;
  inputs: InputRecord[];
  node: string;
}

/** The envelope every JSON result has (SPEC section 10). */
export interface ResultEnvelope {
  analysis: string;
  version: string;
  params: Record<string, unknown>;
  provenance: Provenance;
  diagnostics: Diagnostic[];
  [key: string]: unknown;
}
