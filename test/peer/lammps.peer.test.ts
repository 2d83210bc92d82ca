import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellParameters, makeCell } from '../../src/core/cell.js';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { h5mdReader } from '../../src/io/h5md/reader.js';
import { writeH5md } from '../../src/io/h5md/writer.js';
import { writeLammpsData } from '../../src/io/lammps-dump/data-writer.js';
import { lammpsDumpReader } from '../../src/io/lammps-dump/reader.js';
import { syntheticFrames } from '../../src/io/lammps-dump/test-helpers.js';
import { writeLammpsDump } from '../../src/io/lammps-dump/writer.js';
import type { FormatReader } from '../../src/io/types.js';
import { MinimumImage } from '../../src/math/pbc.js';
import { peerAvailable, runPythonJson } from './python.js';

const peer = peerAvailable('ase', 'MDAnalysis', 'h5py');
const dir = mkdtempSync(join(tmpdir(), 'pw-peer-lammps-'));

// ASE: cell rows, box origin (celldisp), Cartesian positions, velocities in Å/ps.
const ASE_DUMP = `
import json, sys, warnings
warnings.filterwarnings('ignore')
import ase.io, ase.units
out = {'cells': [], 'origins': [], 'positions': [], 'velocities': []}
for a in ase.io.read(sys.argv[1], index=':', format='lammps-dump-text'):
    out['cells'].append(a.cell.array.reshape(-1).tolist())
    out['origins'].append(a.get_celldisp().reshape(-1).tolist())
    out['positions'].append(a.positions.reshape(-1).tolist())
    out['velocities'].append((a.get_velocities() * 1000 * ase.units.fs).reshape(-1).tolist())
print(json.dumps(out))
`;

// MDAnalysis (float32 coordinates): box lengths and angles, positions (already origin-shifted), velocities.
const MDA_DUMP = `
import json, sys, warnings
warnings.filterwarnings('ignore')
import MDAnalysis as mda
u = mda.Universe(sys.argv[1], format='LAMMPSDUMP')
out = {'dims': [], 'positions': []}
for ts in u.trajectory:
    out['dims'].append([float(x) for x in ts.dimensions])
    out['positions'].append(ts.positions.astype(float).reshape(-1).tolist())
print(json.dumps(out))
`;

const MDA_H5MD = `
import json, sys, warnings
warnings.filterwarnings('ignore')
from MDAnalysis.coordinates.H5MD import H5MDReader
out = {'dims': [], 'positions': [], 'velocities': [], 'times': []}
for ts in H5MDReader(sys.argv[1]):
    out['dims'].append([float(x) for x in ts.dimensions])
    out['positions'].append(ts.positions.astype(float).reshape(-1).tolist())
    out['velocities'].append(ts.velocities.astype(float).reshape(-1).tolist())
    out['times'].append(float(ts.time))
print(json.dumps(out))
`;

const ASE_DATA = `
import json, sys, warnings
warnings.filterwarnings('ignore')
import ase.io
a = ase.io.read(sys.argv[1], format='lammps-data', style='charge', units='metal')
print(json.dumps({'cell': a.cell.array.reshape(-1).tolist(), 'positions': a.positions.reshape(-1).tolist(), 'charges': a.get_initial_charges().tolist()}))
`;

async function ours(reader: FormatReader, path: string, typeMap?: Record<string, string>) {
  const tf = await reader.open(path, { diagnostics: new DiagnosticLog(), typeMap });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const params = (f: Frame) => {
  const p = cellParameters(f.cell);
  return [p.a, p.b, p.c, p.alpha, p.beta, p.gamma];
};

// A general (non-LAMMPS-oriented) triclinic cell, so the writer's rotation is exercised too.
const general = makeCell([9.5, 0.4, -0.3, -2.1, 8.7, 0.2, 1.3, -0.9, 10.2]);
const symbols = ['Li', 'B', 'H', 'H', 'B', 'Li', 'Li', 'H'];
const gen = syntheticFrames([general], symbols, 3, 5);

// Atoms in a scrambled order, and the box moved to origin (3, −2, 7) as LAMMPS boxes often are.
async function shuffledDump(columns: string[]): Promise<string> {
  const p = join(dir, `${columns[2]}.lammpstrj`);
  await writeLammpsDump(gen.frames, gen.topology, p, { columns });
  const lines = readFileSync(p, 'utf8').split('\n');
  const origin = [3, -2, 7];
  const shift = (line: string, at: number[], o: number[]) => line.split(' ').map((w, c) => (at.includes(c) ? String(Number(w) + o[at.indexOf(c)]!) : w)).join(' ');
  const cartesian = columns.indexOf('x');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('ITEM: BOX BOUNDS')) for (let k = 0; k < 3; k++) lines[i + 1 + k] = shift(lines[i + 1 + k]!, [0, 1], [origin[k]!, origin[k]!]);
    if (lines[i]!.startsWith('ITEM: ATOMS')) {
      const atoms = [5, 2, 7, 0, 3, 6, 1, 4].map((k) => lines[i + 1 + k]!);
      lines.splice(i + 1, 8, ...atoms.map((l) => (cartesian >= 0 ? shift(l, [cartesian, cartesian + 1, cartesian + 2], origin) : l)));
    }
  }
  writeFileSync(p, lines.join('\n'));
  return p;
}

describe('LAMMPS dump vs ASE and MDAnalysis', () => {
  for (const coords of [['x', 'y', 'z'], ['xs', 'ys', 'zs']]) {
    it.skipIf(!peer.ok)(`triclinic ${coords.join(' ')} dump with shuffled ids: cells and positions agree ${peer.reason}`, async () => {
      const path = await shuffledDump(['id', 'type', ...coords, 'vx', 'vy', 'vz']);
      const typeMap = { 1: 'Li', 2: 'B', 3: 'H' };
      const { frames } = await ours(lammpsDumpReader, path, typeMap);
      const ase = runPythonJson<{ cells: number[][]; origins: number[][]; positions: number[][]; velocities: number[][] }>(ASE_DUMP, [path]);
      const mda = runPythonJson<{ dims: number[][]; positions: number[][] }>(MDA_DUMP, [path]);
      expect(frames).toHaveLength(3);
      // paddlewheel puts the box origin at 0. Scaled coordinates are relative to the box
      // (x = xlo + xs·lx), so: ASE gives x−origin for x but f·M for xs (its positions omit
      // celldisp then); MDAnalysis 2.4 gives f·M − origin for xs (MDAnalysis issue #4788).
      const scaled = coords[0] === 'xs';
      const shifted = (p: number[], o: number[], sign: number) => p.map((x, i) => x + sign * o[i % 3]!);
      let cellA = 0, posA = 0, velA = 0, dimM = 0, posM = 0;
      frames.forEach((f, k) => {
        const o = ase.origins[k]!;
        expect(o).toEqual([3, -2, 7]);
        cellA = Math.max(cellA, maxDiff(f.cell.matrix, ase.cells[k]!));
        posA = Math.max(posA, maxDiff(f.positions, scaled ? ase.positions[k]! : shifted(ase.positions[k]!, o, -1)));
        velA = Math.max(velA, maxDiff(f.velocities!, ase.velocities[k]!));
        dimM = Math.max(dimM, maxDiff(params(f), mda.dims[k]!));
        posM = Math.max(posM, maxDiff(f.positions, scaled ? shifted(mda.positions[k]!, o, 1) : mda.positions[k]!));
      });
      console.log(`lammps-dump ${coords[0]}: max |Δ| vs ASE cell ${cellA.toExponential(2)} Å, positions ${posA.toExponential(2)} Å, velocities ${velA.toExponential(2)} Å/ps; vs MDAnalysis (float32) box ${dimM.toExponential(2)}, positions ${posM.toExponential(2)} Å`);
      expect(cellA).toBeLessThan(1e-6);
      expect(posA).toBeLessThan(1e-6);
      expect(velA).toBeLessThan(1e-6);
      expect(dimM).toBeLessThan(1e-4); // float32 lengths (~10 Å) and angles (~100°)
      expect(posM).toBeLessThan(2e-5);
    });
  }

  it.skipIf(!peer.ok)(`data file read by ASE (lammps-data, charge style) has the same lattice and interatomic distances ${peer.reason}`, async () => {
    const p = join(dir, 'struct.data');
    const charges = symbols.map((s) => (s === 'Li' ? 1 : s === 'B' ? -0.25 : 0.125));
    const frame = gen.frames[1]!;
    await writeLammpsData(frame, gen.topology, p, { atomStyle: 'charge', charges });
    const ase = runPythonJson<{ cell: number[]; positions: number[]; charges: number[] }>(ASE_DATA, [p]);
    const cell = makeCell(ase.cell);
    expect(Math.abs(cell.volume - general.volume)).toBeLessThan(1e-9);
    expect(ase.charges).toEqual(charges);
    const mi0 = new MinimumImage(general), mi1 = new MinimumImage(cell);
    let worst = 0;
    for (let i = 0; i < symbols.length; i++) {
      for (let j = 0; j < i; j++) {
        const d0 = Float64Array.from([0, 1, 2].map((k) => frame.positions[3 * i + k]! - frame.positions[3 * j + k]!));
        const d1 = Float64Array.from([0, 1, 2].map((k) => ase.positions[3 * i + k]! - ase.positions[3 * j + k]!));
        worst = Math.max(worst, Math.abs(Math.sqrt(mi0.apply(d0)) - Math.sqrt(mi1.apply(d1))));
      }
    }
    console.log(`lammps data: max |Δ| of minimum-image distances vs ASE ${worst.toExponential(2)} Å`);
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('H5MD written by writeH5md vs MDAnalysis H5MDReader', () => {
  it.skipIf(!peer.ok)(`positions, velocities, boxes and times agree (float32 in MDAnalysis) ${peer.reason}`, async () => {
    // MDAnalysis 2.4 refuses the force unit "eV Angstrom-1", so this file carries no forces.
    const frames = gen.frames.map((f, k) => ({ ...f, forces: undefined, time: 0.05 * k }));
    const p = join(dir, 'peer.h5md');
    await writeH5md(frames, gen.topology, p);
    const { frames: back } = await ours(h5mdReader, p);
    const mda = runPythonJson<{ dims: number[][]; positions: number[][]; velocities: number[][]; times: number[] }>(MDA_H5MD, [p]);
    expect(mda.times).toEqual(back.map((f) => f.time));
    back.forEach((f, k) => {
      expect(maxDiff(params(f), mda.dims[k]!)).toBeLessThan(1e-4);
      expect(maxDiff(f.positions, mda.positions[k]!)).toBeLessThan(2e-5);
      expect(maxDiff(f.velocities!, mda.velocities[k]!)).toBeLessThan(1e-6);
    });
  });
});
