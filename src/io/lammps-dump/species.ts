import type { DiagnosticLog } from '../../core/diagnostics.js';
import { elementInfo, isElement, normaliseSymbol } from '../../core/elements.js';
import { PaddlewheelError, ParseError, UsageError } from '../../core/errors.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import type { AtomIdentity } from './atoms.js';

/**
 * Element symbols of the atoms of a dump: from the `element` column (dump_modify element)
 * when there is one, else from `--type-map` (LAMMPS type → element). A dump with only types
 * and no map is a UsageError that names the types found, since guessing would silently give
 * wrong chemistry. Type ids become the topology's `labels`.
 */
export function dumpTopology(file: string, identity: AtomIdentity, typeMap: Record<string, string> | undefined, log: DiagnosticLog): Topology {
  const n = identity.ids.length;
  const distinctTypes = identity.types ? [...new Set(identity.types)].sort((a, b) => a - b) : [];
  let symbols: string[];
  if (identity.elements) {
    symbols = identity.elements.map((raw, i) => {
      const s = elementInfo(raw) ? raw : normaliseSymbol(raw);
      if (!s) throw new ParseError({ file, line: identity.lines[i] }, 'an element symbol in the element column', raw);
      return s;
    });
    if (typeMap && identity.types) {
      const clash = distinctTypes.find((t) => {
        const mapped = typeMap[String(t)];
        const i = identity.types!.indexOf(t);
        return mapped !== undefined && mapped !== symbols[i];
      });
      if (clash !== undefined) {
        log.warn('W_TYPE_MAP_IGNORED', `${file}: --type-map says type ${clash} is ${typeMap[String(clash)]}, but the dump's element column says ${symbols[identity.types.indexOf(clash)]}; the element column is used`, { file });
      }
    }
  } else if (!identity.types) {
    throw new PaddlewheelError('E_FORMAT', `${file}: the dump has neither a type nor an element column, so its atoms' elements are unknown; dump with "dump custom … id type x y z" or "id element x y z"`);
  } else if (!typeMap) {
    throw new UsageError(`${file}: the dump has atom types ${distinctTypes.join(', ')} but no element column; give --type-map ${distinctTypes.map((t) => `${t}=ELEMENT`).join(',')} (e.g. --type-map 1=B,2=H,3=Li)`);
  } else {
    const missing = distinctTypes.filter((t) => typeMap[String(t)] === undefined);
    if (missing.length > 0) throw new UsageError(`--type-map has no element for LAMMPS type ${missing.join(', ')} (types in ${file}: ${distinctTypes.join(', ')})`);
    for (const t of distinctTypes) {
      const s = typeMap[String(t)]!;
      if (!isElement(s)) throw new UsageError(`--type-map ${t}=${s}: ${JSON.stringify(s)} is not an element symbol`);
    }
    symbols = Array.from(identity.types, (t) => typeMap[String(t)]!);
  }
  const topology = topologyFromSymbols(symbols);
  if (identity.types) topology.labels = Array.from(identity.types, String);
  if (topology.symbols.length !== n) throw new PaddlewheelError('E_INTERNAL', 'topology size mismatch');
  return topology;
}
