import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { KB_EV } from '../../core/units.js';
import { KBAR_TO_EV_PER_A3 } from './vasprun.js';
import { directLines, fmt, speciesBlocks, writeAtomically } from './write-util.js';

/** Settings written into the `<incar>` and `<parameters>` of {@link writeVasprun}. */
export interface VasprunWriteOptions {
  /** MD timestep (fs). Default 2. */
  potim?: number;
  /** IBRION (0 = MD). Default 0. */
  ibrion?: number;
  /** NBLOCK (does not thin vasprun.xml; written so readers can be checked to ignore it). Default 1. */
  nblock?: number;
  /** Thermostat start/end temperatures (K). Default 300 / TEBEG. */
  tebeg?: number;
  teend?: number;
  /** VASP version in `<generator>`. Default `6.3.2`. */
  version?: string;
  /** Extra scalar tags for `<incar>` (and `<parameters>`), e.g. `{ML_MODE: 'run', ML_OUTBLOCK: 10}`. */
  extraTags?: Record<string, string | number>;
  /** Which energies each `<energy>` block holds. Default all three. */
  energyKinds?: Array<'e_fr_energy' | 'e_wo_entrp' | 'e_0_energy'>;
  /** SCF steps written before each ionic step's structure (exercise the reader's skipping). Default 2. */
  scsteps?: number;
  /** Decimals of all numbers. VASP writes 8; default 8. */
  decimals?: number;
  /** Stop the file after this many characters of the last `<calculation>` (truncation tests). */
  truncateLastCalculationAt?: number;
  /** Omit the closing `</modeling>` (a run still going). */
  unfinished?: boolean;
}

/**
 * Write frames as a small but VASP-shaped vasprun.xml (generator, incar, kpoints,
 * parameters with separators and a multi-line vector, atominfo, initialpos, one
 * `<calculation>` per frame with SCF steps, structure, forces, stress, energies, and
 * finalpos), atomically. Units are converted back to VASP's: stress eV/Å³ → kBar with the
 * sign flipped (σ_VASP = −σ / KBAR_TO_EV_PER_A3), `e_wo_entrp` = energy − 0.001 eV and
 * `e_0_energy` = energy − 0.0005 eV (so the kinds are distinguishable), `kinetic` =
 * T·(3N − 3)·k_B/2 when the frame has a temperature. For tests and examples; frames are
 * streamed.
 */
export async function writeVasprun(
  frames: Iterable<Frame> | AsyncIterable<Frame>,
  topology: Topology,
  path: string,
  o: VasprunWriteOptions = {},
): Promise<void> {
  const d = o.decimals ?? 8;
  const n = topology.symbols.length;
  const kinds = o.energyKinds ?? ['e_fr_energy', 'e_wo_entrp', 'e_0_energy'];
  const tags: Record<string, string | number> = {
    IBRION: o.ibrion ?? 0, POTIM: o.potim ?? 2, NBLOCK: o.nblock ?? 1, TEBEG: o.tebeg ?? 300, TEEND: o.teend ?? o.tebeg ?? 300,
    SMASS: 0, MDALGO: 2, ISIF: 2, NELM: 60, ...o.extraTags,
  };
  await writeAtomically(path, async (w) => {
    await w.write(header(topology, tags, o.version ?? '6.3.2'));
    let count = 0;
    let last: Frame | undefined;
    for await (const f of frames) {
      if (f.positions.length !== 3 * n) throw new PaddlewheelError('E_TOPOLOGY', `writeVasprun ${path}: frame ${count} has ${f.positions.length / 3} atoms, the topology ${n}`);
      if (count === 0) await w.write(structure(f, d, ' name="initialpos" ', 1));
      if (last) await w.write(calculation(last, n, d, kinds, o.scsteps ?? 2));
      last = f;
      count++;
    }
    if (!last) throw new PaddlewheelError('E_USAGE', `writeVasprun ${path}: no frames to write`);
    const lastCalc = calculation(last, n, d, kinds, o.scsteps ?? 2);
    if (o.truncateLastCalculationAt !== undefined) {
      await w.write(lastCalc.slice(0, o.truncateLastCalculationAt));
      return;
    }
    await w.write(lastCalc);
    await w.write(structure(last, d, ' name="finalpos" ', 1));
    if (!o.unfinished) await w.write('</modeling>\n');
  });
}

function header(t: Topology, tags: Record<string, string | number>, version: string): string {
  const { names, counts } = speciesBlocks(t);
  const iTag = (k: string, v: string | number, ind: string) =>
    typeof v === 'string' ? `${ind}<i type="string" name="${k}">${v}</i>\n` : Number.isInteger(v) && k !== 'POTIM' && !k.startsWith('TE') ? `${ind}<i type="int" name="${k}">${String(v).padStart(6)}</i>\n` : `${ind}<i name="${k}">${fmt(v, 8, 17)}</i>\n`;
  let s = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<modeling>\n <generator>\n  <i name="program" type="string">vasp </i>\n';
  s += `  <i name="version" type="string">${version}  </i>\n </generator>\n <incar>\n`;
  for (const [k, v] of Object.entries(tags)) s += iTag(k, v, '  ');
  s += ' </incar>\n <kpoints>\n  <varray name="kpointlist" >\n   <v>       0.00000000       0.00000000       0.00000000 </v>\n  </varray>\n';
  s += '  <varray name="weights" >\n   <v>       1.00000000 </v>\n  </varray>\n </kpoints>\n';
  s += ' <parameters>\n  <separator name="electronic spin" >\n   <v name="MAGMOM">';
  for (let i = 0; i < t.symbols.length; i++) s += `${i > 0 && i % 20 === 0 ? '\n' : ''}      1.00000000`;
  s += '</v>\n  </separator>\n  <separator name="ionic" >\n';
  for (const [k, v] of Object.entries(tags)) s += iTag(k, v, '   ');
  s += '  </separator>\n </parameters>\n <atominfo>\n';
  s += `  <atoms>${String(t.symbols.length).padStart(8)} </atoms>\n  <types>${String(names.length).padStart(8)} </types>\n`;
  s += '  <array name="atoms" >\n   <dimension dim="1">ion</dimension>\n   <field type="string">element</field>\n   <field type="int">atomtype</field>\n   <set>\n';
  const label = (i: number) => (t.labels?.[i] ?? t.symbols[i]!).padEnd(2);
  let i = 0;
  counts.forEach((c, k) => {
    for (let j = 0; j < c; j++, i++) s += `    <rc><c>${label(i)}</c><c>${String(k + 1).padStart(4)}</c></rc>\n`;
  });
  s += '   </set>\n  </array>\n  <array name="atomtypes" >\n   <dimension dim="1">type</dimension>\n   <field type="int">atomspertype</field>\n';
  s += '   <field type="string">element</field>\n   <field>mass</field>\n   <field>valence</field>\n   <field type="string">pseudopotential</field>\n   <set>\n';
  let first = 0;
  counts.forEach((c, k) => {
    s += `    <rc><c>${String(c).padStart(4)}</c><c>${names[k]!.padEnd(2)}</c><c>${fmt(t.masses[first]!, 8, 16)}</c><c>${fmt(1, 8, 16)}</c><c>  PAW_PBE ${names[k]} 01Jan2000 </c></rc>\n`;
    first += c;
  });
  return `${s}   </set>\n  </array>\n </atominfo>\n`;
}

function vLines(a: ArrayLike<number>, d: number, ind: string): string {
  let s = '';
  for (let k = 0; k < a.length; k += 3) s += `${ind}<v>${fmt(a[k]!, d, d + 9)}${fmt(a[k + 1]!, d, d + 9)}${fmt(a[k + 2]!, d, d + 9)} </v>\n`;
  return s;
}

function structure(f: Frame, d: number, nameAttr: string, depth: number): string {
  const p = ' '.repeat(depth);
  const frac = directLines(f.cell, f.positions, d)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `${p}  <v>${l} </v>\n`)
    .join('');
  const inv = f.cell.inverse;
  return (
    `${p}<structure${nameAttr}>\n${p} <crystal>\n${p}  <varray name="basis" >\n${vLines(f.cell.matrix, d, `${p}   `)}${p}  </varray>\n` +
    `${p}  <i name="volume">${fmt(f.cell.volume, d, d + 9)} </i>\n${p}  <varray name="rec_basis" >\n` +
    `${vLines([inv[0]!, inv[3]!, inv[6]!, inv[1]!, inv[4]!, inv[7]!, inv[2]!, inv[5]!, inv[8]!], d, `${p}   `)}${p}  </varray>\n${p} </crystal>\n` +
    `${p} <varray name="positions" >\n${frac}${p} </varray>\n${p}</structure>\n`
  );
}

function calculation(f: Frame, n: number, d: number, kinds: string[], scsteps: number): string {
  const e = f.energy ?? 0;
  const value: Record<string, number> = { e_fr_energy: e, e_wo_entrp: e - 0.001, e_0_energy: e - 0.0005 };
  let s = ' <calculation>\n';
  for (let k = 0; k < scsteps; k++) {
    s += '  <scstep>\n   <time name="dav">    0.72    0.72</time>\n   <energy>\n';
    for (const kind of kinds) s += `    <i name="${kind}">${fmt(value[kind]! + 1 / (k + 1), d, d + 9)} </i>\n`;
    s += '   </energy>\n  </scstep>\n';
  }
  s += structure(f, d, '', 2);
  if (f.forces) s += `  <varray name="forces" >\n${vLines(f.forces, d, '   ')}  </varray>\n`;
  if (f.stress) s += `  <varray name="stress" >\n${vLines(Array.from(f.stress, (x) => -x / KBAR_TO_EV_PER_A3), d, '   ')}  </varray>\n`;
  s += '  <energy>\n';
  for (const kind of kinds) s += `   <i name="${kind}">${fmt(value[kind]!, d, d + 9)} </i>\n`;
  if (f.temperature !== undefined) s += `   <i name="kinetic">${fmt((f.temperature * (3 * n - 3) * KB_EV) / 2, d, d + 9)} </i>\n`;
  s += '  </energy>\n  <time name="totalsc">   12.07   12.68</time>\n';
  return `${s} </calculation>\n`;
}
