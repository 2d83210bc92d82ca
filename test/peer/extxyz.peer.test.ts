import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { extxyzReader } from '../../src/io/extxyz/read.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { sharedData } from '../helpers/data.js';
import { peerAvailable, runPythonJson } from './python.js';

const peer = peerAvailable('ase');
const na = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');

// ASE's own reader: cell rows and Cartesian positions of every frame, plus the symbols.
const READ_ALL = `
import json, sys
import ase.io
frames = ase.io.read(sys.argv[1], index=':', format='extxyz')
out = {'symbols': frames[0].get_chemical_symbols(), 'cells': [], 'positions': [], 'stress': [], 'energy': []}
for a in frames:
    out['cells'].append(a.cell.array.reshape(-1).tolist())
    out['positions'].append(a.positions.reshape(-1).tolist())
    if a.calc is not None and 'stress' in a.calc.results:
        out['stress'].append(a.calc.results['stress'].tolist())
        out['energy'].append(float(a.calc.results['energy']))
print(json.dumps(out))
`;

interface AseFrames {
  symbols: string[];
  cells: number[][];
  positions: number[][];
  stress: number[][];
  energy: number[];
}

async function ours(path: string) {
  const tf = await extxyzReader.open(path, { diagnostics: new DiagnosticLog() });
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

describe('extxyz vs ASE (ase.io.read)', () => {
  const skip = !peer.ok ? peer.reason : !na.available ? na.reason : '';
  it.skipIf(skip !== '')(`Na3PS4: positions and cells of all frames agree to 1e-9 Å ${skip}`, async () => {
    const ase = runPythonJson<AseFrames>(READ_ALL, [na.path]);
    const { tf, frames } = await ours(na.path);
    expect(tf.topology.symbols).toEqual(ase.symbols);
    expect(frames).toHaveLength(ase.positions.length);
    let worst = 0;
    frames.forEach((f, k) => {
      worst = Math.max(worst, maxDiff(f.positions, ase.positions[k]!), maxDiff(f.cell.matrix, ase.cells[k]!));
    });
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it.skipIf(skip !== '')(`ASE reads what writeExtxyz writes (sheared cells, stress, energy) ${skip}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-extxyz-peer-'));
    try {
      const { frames: src, tf } = await ours(na.path);
      const path = join(dir, 'w.extxyz');
      const shear = [0, 0.8, 0, -0.5, 0, 0, 0, 0.3, 0];
      const out = src.slice(0, 5).map((f, k) => ({
        ...f,
        cell: { ...f.cell, matrix: f.cell.matrix.map((x, i) => x + shear[i]! * (k + 1)) },
        energy: -100 - k,
        stress: Float64Array.from([1, 4, 5, 4, 2, 6, 5, 6, 3], (x) => x * 1e-3 * (k + 1)),
      }));
      await writeExtxyz(out, topologyFromSymbols(tf.topology.symbols), path);
      const ase = runPythonJson<AseFrames>(READ_ALL, [path]);
      expect(ase.positions).toHaveLength(5);
      out.forEach((f, k) => {
        expect(maxDiff(f.positions, ase.positions[k]!)).toBeLessThanOrEqual(1e-9);
        expect(maxDiff(f.cell.matrix, ase.cells[k]!)).toBeLessThanOrEqual(1e-9);
        const s = f.stress;
        // ASE Voigt order: xx yy zz yz xz xy.
        expect(maxDiff([s[0]!, s[4]!, s[8]!, s[5]!, s[2]!, s[1]!], ase.stress[k]!)).toBe(0);
        expect(ase.energy[k]).toBe(f.energy);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!peer.ok)(`ASE momenta columns give ASE's velocities in Å/ps ${peer.reason}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-extxyz-peer-'));
    try {
      const path = join(dir, 'md.extxyz');
      const script = `
import json, sys
import numpy as np
import ase.io
from ase import Atoms, units
rng = np.random.default_rng(4)
frames = []
for k in range(2):
    a = Atoms('Li2B3H', positions=rng.uniform(0, 5, (6, 3)), cell=[[6, 0, 0], [1, 7, 0], [0.5, 0.2, 8]], pbc=True)
    a.set_velocities(rng.normal(0, 0.05, (6, 3)))
    frames.append(a)
ase.io.write(sys.argv[1], frames, format='extxyz')
# ASE velocity unit -> Å/fs is units.fs; x1000 -> Å/ps.
print(json.dumps([(a.get_velocities() * units.fs * 1000).reshape(-1).tolist() for a in frames]))
`;
      const want = runPythonJson<number[][]>(script, [path]);
      const { tf, frames } = await ours(path);
      expect(tf.hasVelocities).toBe(true);
      // ASE writes momenta with 8 decimals: ≤ 5e-9 amu·√(eV/amu), i.e. ≤ 5e-9 × 98.23 / 1.008 Å/ps for H.
      let worst = 0;
      frames.forEach((f, k) => {
        worst = Math.max(worst, maxDiff(f.velocities!, want[k]!));
      });
      expect(worst).toBeLessThanOrEqual(4.9e-7);
      expect(Math.max(...want[0]!.map(Math.abs))).toBeGreaterThan(5); // ≈ 0.05 ASE units ≈ 5 Å/ps
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
