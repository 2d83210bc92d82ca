import { describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { createRng } from '../../math/rng.js';
import { atomicPositionsCard, cellParametersCard, cpSpecies, cpStructureCards } from './cards.js';
import { cpTopology, parseCpInput } from './input.js';

function randomStructure(seed: number) {
  const rng = createRng(seed);
  const symbols = ['B', 'H', 'Li', 'B', 'H', 'Li', 'Li'];
  const topology = topologyFromSymbols(symbols, symbols.map((s) => (s === 'H' ? 2.014 : NaN)));
  const cell = makeCell([10.05, 0.3, 0, -1.2, 9.8, 0, 0.4, -0.7, 11.1]);
  const positions = Float64Array.from({ length: 3 * symbols.length }, () => 20 * rng.nextFloat() - 5);
  const frame: Frame = { index: 0, segment: 0, positions, cell };
  return { topology, frame };
}

const header = (nat: number, ntyp: number) => `&control\n  calculation = 'cp'\n/\n&system\n  ibrav = 0, nat = ${nat}, ntyp = ${ntyp}\n/\n`;

describe('cp.x structure cards', () => {
  it('round trip through parseCpInput: species, masses (D for H), labels, Cartesian Å positions', () => {
    const { topology, frame } = randomStructure(3);
    const text = header(7, 3) + cpStructureCards(frame, topology, { pseudopotentials: { Li: 'Li.pbe-s-rrkjus_psl.0.2.1.UPF' } });
    const inp = parseCpInput(text, 'gen.in');
    expect(inp.species.map((s) => [s.label, s.mass, s.pseudo])).toEqual([
      ['B', 10.81, 'B.UPF'],
      ['H', 2.014, 'H.UPF'],
      ['Li', 6.94, 'Li.pbe-s-rrkjus_psl.0.2.1.UPF'],
    ]);
    expect(inp.atoms.units).toBe('angstrom');
    expect(inp.atoms.labels).toEqual(topology.symbols);
    expect(cpTopology(inp).masses).toEqual(topology.masses);
    inp.atoms.coordinates.forEach((x, i) => expect(Math.abs(x - frame.positions[i]!)).toBeLessThanOrEqual(5e-11));
  });

  it('CELL_PARAMETERS angstrom holds the cell rows (10 decimals)', () => {
    const { frame } = randomStructure(1);
    const lines = cellParametersCard(frame.cell).trimEnd().split('\n');
    expect(lines[0]).toBe('CELL_PARAMETERS angstrom');
    const rows = lines.slice(1).flatMap((l) => l.trim().split(/\s+/).map(Number));
    expect(rows).toEqual(Array.from(frame.cell.matrix));
  });

  it('labels (e.g. Li1/Li2) become separate species with their own masses; -0 prints as 0', () => {
    const t = topologyFromSymbols(['Li', 'Li']);
    t.labels = ['Li1', 'Li2'];
    expect(cpSpecies(t).map((s) => s.label)).toEqual(['Li1', 'Li2']);
    expect(atomicPositionsCard(['Li'], [-0, -1e-12, 1])).toBe('ATOMIC_POSITIONS angstrom\n Li    0.0000000000    0.0000000000    1.0000000000\n');
  });

  it('a frame that does not match the topology, or a non-finite number, is refused', () => {
    const { topology, frame } = randomStructure(2);
    expect(() => cpStructureCards({ ...frame, positions: frame.positions.subarray(3) }, topology)).toThrow(expect.objectContaining({ code: 'E_TOPOLOGY' }));
    const bad = Float64Array.from(frame.positions);
    bad[4] = NaN;
    expect(() => cpStructureCards({ ...frame, positions: bad }, topology)).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });
});
