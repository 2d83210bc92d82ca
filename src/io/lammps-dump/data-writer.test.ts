import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cartToFrac, cellParameters, makeCell } from '../../core/cell.js';
import { MinimumImage } from '../../math/pbc.js';
import { writeLammpsData } from './data-writer.js';
import { syntheticFrames } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-lammps-data-'));

/** Minimal read_data parse of what writeLammpsData writes (header, Masses, Atoms, Velocities). */
function parseData(text: string) {
  const lines = text.split('\n');
  const num = (re: RegExp) => Number(re.exec(text)![1]);
  const natoms = num(/^(\d+) atoms$/m);
  const box = (axis: string) => Number(new RegExp(`^0 (\\S+) ${axis}lo ${axis}hi$`, 'm').exec(text)![1]);
  const tilt = /^(\S+) (\S+) (\S+) xy xz yz$/m.exec(text);
  const [xy, xz, yz] = tilt ? [Number(tilt[1]), Number(tilt[2]), Number(tilt[3])] : [0, 0, 0];
  const matrix = [box('x'), 0, 0, xy, box('y'), 0, xz, yz, box('z')];
  const section = (name: string) => {
    const i = lines.findIndex((l) => l.startsWith(name));
    return lines.slice(i + 2, i + 2 + natoms).map((l) => l.split(' ').map(Number));
  };
  return { natoms, matrix, atoms: section('Atoms'), velocities: text.includes('Velocities') ? section('Velocities') : undefined, masses: section('Masses').slice(0, 3) };
}

describe('writeLammpsData', () => {
  // b·â ≈ 8.4 Å > |a|/2: LAMMPS-style tilt reduction must kick in.
  const general = makeCell([6, 5, 0.5, 5, 7, 2, 1, -2, 9]);
  const { topology, frames } = syntheticFrames([general], ['Li', 'B', 'H', 'H', 'B'], 1, 3);
  const frame = frames[0]!;

  it('writes a restricted triclinic box with the same lattice and atoms wrapped into it (charge style)', async () => {
    const p = join(dir, 'a.data');
    const charges = [1, -0.5, 0.1, 0.1, -0.7];
    const res = await writeLammpsData(frame, topology, p, { atomStyle: 'charge', typeOrder: ['B', 'H', 'Li'], charges });
    expect(res.typeOrder).toEqual(['B', 'H', 'Li']);
    const d = parseData(readFileSync(p, 'utf8'));
    expect(d.natoms).toBe(5);
    const cell = makeCell(d.matrix);
    const want = cellParameters(general), got = cellParameters(cell);
    expect(got.volume).toBeCloseTo(want.volume, 9);
    // Same lattice (tilts may be reduced): every written atom sits on an image of the original atom.
    const pos = Float64Array.from(d.atoms.flatMap((a) => a.slice(3, 6)));
    expect(d.atoms.map((a) => a[1])).toEqual([3, 1, 2, 2, 1]);
    expect(d.atoms.map((a) => a[2])).toEqual(charges);
    const frac = cartToFrac(cell, pos);
    for (const f of frac) expect(f >= 0 && f < 1).toBe(true);
    // Compare all interatomic minimum-image distances, which a rotation and wrapping keep.
    const mi0 = new MinimumImage(general), mi1 = new MinimumImage(cell);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < i; j++) {
        const d0 = Float64Array.from([0, 1, 2].map((k) => frame.positions[3 * i + k]! - frame.positions[3 * j + k]!));
        const d1 = Float64Array.from([0, 1, 2].map((k) => pos[3 * i + k]! - pos[3 * j + k]!));
        expect(Math.sqrt(mi1.apply(d1))).toBeCloseTo(Math.sqrt(mi0.apply(d0)), 9);
      }
    }
    expect(Math.abs(d.matrix[3]!)).toBeLessThanOrEqual(d.matrix[0]! / 2);
    expect(Math.abs(d.matrix[7]!)).toBeLessThanOrEqual(d.matrix[4]! / 2);
    expect(d.masses.map((m) => m[1])).toEqual([10.81, 1.008, 6.94]);
    const speed = (v: ArrayLike<number>) => Math.hypot(v[0]!, v[1]!, v[2]!);
    expect(speed(d.velocities![0]!.slice(1))).toBeCloseTo(speed(frame.velocities!.slice(0, 3)), 12);
  });

  it('writes atomic and full styles', async () => {
    const p = join(dir, 'b.data');
    await writeLammpsData(frame, topology, p, { atomStyle: 'full', moleculeIds: [0, 1, 1, 1, 2], velocities: false });
    const d = parseData(readFileSync(p, 'utf8'));
    expect(d.atoms.map((a) => a.slice(0, 4))).toEqual([[1, 0, 1, 0], [2, 1, 2, 0], [3, 1, 3, 0], [4, 1, 3, 0], [5, 2, 2, 0]]);
    expect(d.velocities).toBeUndefined();
    await writeLammpsData(frame, topology, p, { atomStyle: 'atomic' });
    expect(parseData(readFileSync(p, 'utf8')).atoms[0]).toHaveLength(5);
  });
});
