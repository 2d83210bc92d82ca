import type { Cell } from '../../core/cell.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import { isPaddlewheelError } from '../../core/errors.js';
import type { Topology } from '../../core/topology.js';
import { selectIons } from '../../chem/select.js';

/** Mobile cations and anions found in a frame, as `info` reports them (SPEC section 10). */
export interface IonSummary {
  /** Mobile cation element (comma-joined when several), null when none was identified. */
  cation: string | null;
  /** Number of mobile cation atoms. */
  cations: number;
  /** Anions by formula, monatomic anions included (e.g. `[{formula: 'PS4', count: 32}, …]`). */
  anions: { formula: string; count: number }[];
}

/**
 * Detect the ions of a structure for `info`. With the defaults (`--cation` not given,
 * `--anion auto`) a structure without recognisable ions is not an error here: `info` still
 * describes the file and a `W_NO_IONS` warning says what was not found. An explicit
 * `--cation` or `--anion` that matches nothing is an error (E_SELECTION), as everywhere.
 */
export function detectIons(
  topology: Topology,
  frame: { positions: ArrayLike<number>; cell: Cell },
  options: { cation?: string; anion?: string },
  log: DiagnosticLog,
): IonSummary {
  const explicitAnion = options.anion !== undefined && options.anion.trim().toLowerCase() !== 'auto';
  try {
    const sel = selectIons(topology, frame, options);
    for (const d of sel.diagnostics) log.add(d);
    return {
      cation: sel.cationSymbols.join(','),
      cations: sel.cations.length,
      anions: sel.anions.map((g) => ({ formula: g.formula, count: g.count })),
    };
  } catch (e) {
    if (!isPaddlewheelError(e) || e.code !== 'E_SELECTION' || options.cation !== undefined || explicitAnion) throw e;
    log.warn('W_NO_IONS', `${e.message} (info continues without ion detection)`);
    return { cation: null, cations: 0, anions: [] };
  }
}
