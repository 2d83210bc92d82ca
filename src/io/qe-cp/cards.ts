import type { Cell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';

/**
 * Structure cards of a Quantum ESPRESSO pw.x/cp.x input (INPUT_CP / INPUT_PW, "Cards"):
 *
 *     ATOMIC_SPECIES
 *      label mass(amu) pseudopotential-file
 *     CELL_PARAMETERS angstrom
 *      a₁x a₁y a₁z        (rows = lattice vectors, Å; needs ibrav = 0 in &system)
 *     ATOMIC_POSITIONS angstrom
 *      label x y z        (Cartesian, Å, atom order kept)
 *
 * cp.x takes the masses literally, so a deuterated run writes 2.014 for H (give it in the
 * topology's masses). Species are the distinct labels (`topology.labels`, else the symbols)
 * in order of first appearance; a label's mass is that of its first atom.
 */

/** One ATOMIC_SPECIES line. */
export interface CpSpeciesCard {
  label: string;
  /** amu */
  mass: number;
  pseudo: string;
}

/** Options of {@link cpStructureCards}. */
export interface CpCardsOptions {
  /** Pseudopotential file per element symbol or label; default `<symbol>.UPF` (a placeholder to edit). */
  pseudopotentials?: Record<string, string>;
  /** Decimal places of positions and cell vectors (Å); default 10. */
  decimals?: number;
}

/** The species of a topology: distinct labels in order of first appearance, with masses and pseudopotentials. */
export function cpSpecies(topology: Topology, pseudopotentials: Record<string, string> = {}): CpSpeciesCard[] {
  const labels = topology.labels ?? topology.symbols;
  const out: CpSpeciesCard[] = [];
  const seen = new Set<string>();
  labels.forEach((label, i) => {
    if (seen.has(label)) return;
    seen.add(label);
    const symbol = topology.symbols[i]!;
    out.push({ label, mass: topology.masses[i]!, pseudo: pseudopotentials[label] ?? pseudopotentials[symbol] ?? `${symbol}.UPF` });
  });
  return out;
}

/** `ATOMIC_SPECIES` card (ends with a newline). */
export function atomicSpeciesCard(species: readonly CpSpeciesCard[]): string {
  const w = Math.max(...species.map((s) => s.label.length));
  return `ATOMIC_SPECIES\n${species.map((s) => ` ${s.label.padEnd(w)}  ${num(s.mass)}  ${s.pseudo}\n`).join('')}`;
}

/** `CELL_PARAMETERS angstrom` card: the cell rows (Å). */
export function cellParametersCard(cell: Cell, decimals = 10): string {
  const m = cell.matrix;
  let s = 'CELL_PARAMETERS angstrom\n';
  for (let r = 0; r < 3; r++) s += ` ${fixed(m[3 * r]!, decimals)} ${fixed(m[3 * r + 1]!, decimals)} ${fixed(m[3 * r + 2]!, decimals)}\n`;
  return s;
}

/** `ATOMIC_POSITIONS angstrom` card: one `label x y z` line per atom (Cartesian Å). */
export function atomicPositionsCard(labels: readonly string[], positions: ArrayLike<number>, decimals = 10): string {
  if (positions.length !== 3 * labels.length) throw new PaddlewheelError('E_INTERNAL', `atomicPositionsCard: ${labels.length} labels but ${positions.length / 3} positions`);
  const w = Math.max(...labels.map((l) => l.length));
  const parts = ['ATOMIC_POSITIONS angstrom\n'];
  for (let i = 0; i < labels.length; i++) {
    parts.push(` ${labels[i]!.padEnd(w)} ${fixed(positions[3 * i]!, decimals)} ${fixed(positions[3 * i + 1]!, decimals)} ${fixed(positions[3 * i + 2]!, decimals)}\n`);
  }
  return parts.join('');
}

/** The three structure cards of one frame: ATOMIC_SPECIES, CELL_PARAMETERS, ATOMIC_POSITIONS. */
export function cpStructureCards(frame: Frame, topology: Topology, options: CpCardsOptions = {}): string {
  const labels = topology.labels ?? topology.symbols;
  if (frame.positions.length !== 3 * labels.length) {
    throw new PaddlewheelError('E_TOPOLOGY', `cp.x cards: the frame has ${frame.positions.length / 3} atoms, the topology ${labels.length}`);
  }
  const d = options.decimals ?? 10;
  return atomicSpeciesCard(cpSpecies(topology, options.pseudopotentials)) + cellParametersCard(frame.cell, d) + atomicPositionsCard(labels, frame.positions, d);
}

function fixed(x: number, d: number): string {
  if (!Number.isFinite(x)) throw new PaddlewheelError('E_INTERNAL', `cp.x cards: cannot write the non-finite number ${x}`);
  const s = x.toFixed(d);
  return (/^-0\.0*$/.test(s) ? s.slice(1) : s).padStart(d + 5);
}

function num(x: number): string {
  if (!(x > 0 && Number.isFinite(x))) throw new PaddlewheelError('E_INTERNAL', `cp.x cards: mass ${x} is not a positive number`);
  return String(x);
}
