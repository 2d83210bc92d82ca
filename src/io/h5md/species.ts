import { elementInfo, isElement, normaliseSymbol, symbolOfZ } from '../../core/elements.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import type { ReaderOptions } from '../types.js';
import { type H5, type H5File, type H5Group, attr, dataset, group, toFloat64 } from './h5.js';
import { series } from './series.js';

/**
 * Element of each particle from the H5MD `species` element ("atomic or chemical identity,
 * as a scalar of Enumeration or Integer type", H5MD 1.1 § Particles group), which the
 * specification leaves without a fixed meaning:
 * 1. an Enumeration: its member names are the element symbols;
 * 2. integers with `--type-map` (LAMMPS's `dump h5md` writes its atom types);
 * 3. integers from a file whose creator is LAMMPS and no map: a UsageError asking for one;
 * 4. other integers: atomic numbers Z (info diagnostic `I_H5MD_SPECIES_Z`).
 * A time-dependent species element is read from its first frame. Optional `mass` (amu) and
 * `charge` (e) elements of shape [N] fill the topology's masses and charges.
 */
export function h5mdTopology(h5: H5, f: H5File, g: H5Group, file: string, n: number, options: ReaderOptions): Topology {
  const ds = dataset(h5, g, 'species');
  const s = ds ? undefined : series(h5, g, 'species');
  const source = ds ?? s?.value;
  if (!source) throw new PaddlewheelError('E_FORMAT', `${file}: the particle group has no species element, so the atoms' elements are unknown`);
  // Compare shapes before reading: a resized dataset may claim far more entries than were written.
  const count = (ds ? ds.shape ?? [] : (s!.shape ?? []).slice(1)).reduce((a, b) => a * b, 1);
  if (count !== n) throw new PaddlewheelError('E_FORMAT', `${file}: species has ${count} entries for ${n} particles`);
  const values = ds ? toFloat64(ds.value) : s!.row(0);
  if (values.length !== n) throw new PaddlewheelError('E_FORMAT', `${file}: species has ${values.length} entries for ${n} particles`);
  const members = source.metadata.enum_type?.members;
  let symbols: string[];
  if (members) {
    const byValue = new Map(Object.entries(members).map(([name, v]) => [v, name]));
    symbols = Array.from(values, (v) => {
      const name = byValue.get(v) ?? String(v);
      const sym = elementInfo(name) ? name : normaliseSymbol(name);
      if (!sym) throw new PaddlewheelError('E_FORMAT', `${file}: species name ${JSON.stringify(name)} is not an element symbol`);
      return sym;
    });
  } else {
    const distinct = [...new Set(values)].sort((a, b) => a - b);
    const map = options.typeMap;
    if (map) {
      const missing = distinct.filter((t) => map[String(t)] === undefined);
      if (missing.length > 0) throw new UsageError(`--type-map has no element for species ${missing.join(', ')} (species in ${file}: ${distinct.join(', ')})`);
      for (const t of distinct) if (!isElement(map[String(t)]!)) throw new UsageError(`--type-map ${t}=${map[String(t)]}: not an element symbol`);
      symbols = Array.from(values, (v) => map[String(v)]!);
    } else {
      const creator = group(h5, f, 'h5md/creator');
      const name = creator ? String(attr(creator, 'name') ?? '') : '';
      const ask = `give --type-map ${distinct.map((t) => `${t}=ELEMENT`).join(',')}`;
      if (/lammps/i.test(name)) throw new UsageError(`${file}: written by LAMMPS, whose species are atom types ${distinct.join(', ')}; ${ask}`);
      const bad = distinct.find((z) => !Number.isInteger(z) || symbolOfZ(z) === undefined);
      if (bad !== undefined) throw new UsageError(`${file}: species ${bad} is not an atomic number; ${ask}`);
      symbols = Array.from(values, (z) => symbolOfZ(z)!);
      options.diagnostics.info('I_H5MD_SPECIES_Z', `${file}: species read as atomic numbers (${distinct.map((z) => `${z}=${symbolOfZ(z)}`).join(', ')}); give --type-map if they are types`, { file });
    }
  }
  const perAtom = (d: ReturnType<typeof dataset>) => (d && (d.shape ?? []).reduce((a, b) => a * b, 1) === n ? d : undefined);
  const massDs = perAtom(dataset(h5, g, 'mass'));
  const masses = massDs ? toFloat64(massDs.value) : undefined;
  const topology = topologyFromSymbols(symbols, masses && masses.length === n ? masses : undefined);
  const chargeDs = perAtom(dataset(h5, g, 'charge'));
  const charges = chargeDs ? toFloat64(chargeDs.value) : undefined;
  if (charges && charges.length === n) topology.charges = charges;
  if (!members) topology.labels = Array.from(values, String);
  return topology;
}
