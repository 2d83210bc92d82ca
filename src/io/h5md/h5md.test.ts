import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { syntheticFrames } from '../lammps-dump/test-helpers.js';
import type { ReaderOptions } from '../types.js';
import { h5mdReader } from './reader.js';
import { unitFactor } from './units.js';
import { writeH5md } from './writer.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-h5md-'));

async function readAll(path: string, extra: Partial<ReaderOptions> = {}) {
  const diagnostics = new DiagnosticLog();
  const tf = await h5mdReader.open(path, { diagnostics, ...extra });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames, diagnostics };
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a failure');
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('h5md round trip through writeH5md', () => {
  const cells = [makeCell([9.5, 0.2, -0.1, -2.1, 8.7, 0.3, 1.3, -0.9, 10.2]), makeCell([9.6, 0.2, -0.1, -2.1, 8.8, 0.3, 1.3, -0.9, 10.1])];
  const { topology, frames } = syntheticFrames(cells, ['Li', 'B', 'H', 'H', 'B', 'Li'], 5, 11);
  frames.forEach((f, k) => (f.time = 0.025 * k));

  it('reads back positions, time-dependent triclinic cells, velocities, forces, steps and times', async () => {
    const p = join(dir, 'rt.h5md');
    expect(await writeH5md(frames, topology, p)).toEqual({ frames: 5 });
    const { tf, frames: back, diagnostics } = await readAll(p);
    expect(tf.format).toBe('h5md');
    expect(tf.topology.symbols).toEqual(topology.symbols);
    expect(Array.from(tf.topology.masses)).toEqual(Array.from(topology.masses));
    expect(tf.hasVelocities).toBe(true);
    expect(tf.frameSpacing).toBeCloseTo(0.025, 15);
    expect(back.map((f) => f.step)).toEqual([0, 10, 20, 30, 40]);
    expect(back.map((f) => f.time)).toEqual(frames.map((f) => f.time));
    back.forEach((f, k) => {
      expect(maxDiff(f.positions, frames[k]!.positions)).toBe(0);
      expect(maxDiff(f.cell.matrix, frames[k]!.cell.matrix)).toBe(0);
      expect(maxDiff(f.velocities!, frames[k]!.velocities!)).toBe(0);
      expect(maxDiff(f.forces!, frames[k]!.forces!)).toBe(0);
    });
    expect(diagnostics.items.map((d) => d.code)).toEqual(['I_H5MD_SPECIES_Z']);
  });

  it('writes and reads a fixed box, and refuses a fixed box that changes', async () => {
    const p = join(dir, 'fixed.h5');
    const one = syntheticFrames([cells[0]!], ['Na', 'Cl'], 3, 2);
    await writeH5md(one.frames, one.topology, p, { box: 'fixed' });
    const { frames: back } = await readAll(p);
    expect(back).toHaveLength(3);
    expect(maxDiff(back[2]!.cell.matrix, cells[0]!.matrix)).toBe(0);
    const e = await failure(writeH5md(frames, topology, join(dir, 'bad.h5'), { box: 'fixed' }));
    expect(e.code).toBe('E_USAGE');
    expect(existsSync(join(dir, 'bad.h5'))).toBe(false);
  });

  it('sniffs HDF5 content and names, and rejects files that are not HDF5', async () => {
    const p = join(dir, 'rt.h5md');
    const text = readFileSync(p).subarray(0, 64).toString('utf8');
    expect(h5mdReader.sniff('traj.bin', text)).toBe(0.9);
    expect(h5mdReader.sniff('traj.h5md', text)).toBe(0.95);
    expect(h5mdReader.sniff('traj.h5', 'hello')).toBe(0.3);
    expect(h5mdReader.sniff('traj.xyz', '3\n')).toBe(0);
    const notH5 = join(dir, 'x.h5md');
    writeFileSync(notH5, 'ITEM: TIMESTEP\n0\n');
    expect((await failure(readAll(notH5))).code).toBe('E_FORMAT');
    const gz = join(dir, 'y.h5md');
    writeFileSync(gz, gzipSync(readFileSync(p)));
    expect((await failure(readAll(gz))).code).toBe('E_FORMAT');
    expect((await failure(readAll(join(dir, 'missing.h5md')))).code).toBe('E_IO');
  });
});

describe('h5md unit attributes', () => {
  it('turns H5MD unit strings into factors to Å, ps, Å/ps and eV/Å, and refuses wrong dimensions', () => {
    const f = (u: string, q: 'length' | 'time' | 'velocity' | 'force') => {
      const r = unitFactor(u, q);
      return 'factor' in r ? r.factor : r.problem;
    };
    expect(f('nm', 'length')).toBe(10);
    expect(f('fs', 'time')).toBe(1e-3);
    expect(f('nm ps-1', 'velocity')).toBe(10);
    expect(f('kJ mol-1 nm-1', 'force')).toBeCloseTo(1 / 964.8533212, 12);
    expect(f('kcal mol-1 Angstrom-1', 'force')).toBeCloseTo(4.184 / 96.48533212, 11);
    expect(f('eV Angstrom-1', 'force')).toBe(1);
    expect(f('0.1 nm', 'length')).toBeCloseTo(1, 15);
    expect(f('nm', 'time')).toContain('not a unit of time');
    expect(f('furlong', 'length')).toContain('unknown unit');
  });
});

// An H5MD file from an independent writer (h5py): nm / fs units, fixed-mode step and time,
// a cuboid box vector, image flags and an enumerated species.
const PY = '/usr/bin/python3';
const h5py = existsSync(PY) && spawnSync(PY, ['-c', 'import h5py, numpy'], { encoding: 'utf8' }).status === 0;
const SCRIPT = String.raw`
import sys, h5py, numpy as np
path, mode = sys.argv[1], sys.argv[2]
with h5py.File(path, 'w') as f:
    f.create_group('h5md').attrs['version'] = np.array([1, 1])
    f['h5md'].create_group('creator').attrs['name'] = 'LAMMPS' if mode == 'lammps' else 'h5py test'
    g = f.create_group('particles/ions')
    box = g.create_group('box')
    box.attrs['dimension'] = 3
    box.attrs['boundary'] = np.array([b'periodic'] * 3)
    box.create_dataset('edges', data=np.array([2.0, 2.5, 3.0])).attrs['unit'] = 'nm'
    pos = g.create_group('position')
    v = np.array([[[1.0, 2.0, 3.0], [19.0, 0.5, 0.25]], [[1.5, 2.0, 3.0], [0.5, 0.5, 0.25]]], dtype='f4') / 10
    pos.create_dataset('value', data=v, maxshape=(None, 2, 3), chunks=(1, 2, 3)).attrs['unit'] = 'nm'
    s = pos.create_dataset('step', data=50); s.attrs['offset'] = 1000
    t = pos.create_dataset('time', data=100.0); t.attrs['offset'] = 2000.0; t.attrs['unit'] = 'fs'
    img = g.create_group('image')
    img.create_dataset('value', data=np.array([[[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [1, 0, -1]]], dtype='i4'))
    img['step'] = pos['step']
    vel = g.create_group('velocity')
    vel.create_dataset('value', data=np.ones((2, 2, 3))).attrs['unit'] = 'nm ps-1'
    vel['step'] = pos['step']
    if mode == 'enum':
        dt = h5py.enum_dtype({'Li': 3, 'Cl': 17}, basetype='i1')
        g.create_dataset('species', data=np.array([3, 17], dtype='i1'), dtype=dt)
    else:
        g.create_dataset('species', data=np.array([1, 2], dtype='i4'))
`;

describe.skipIf(!h5py)(`h5md files written by h5py${h5py ? '' : ` (skipped: ${PY} cannot import h5py)`}`, () => {
  const make = (mode: string) => {
    const p = join(dir, `py-${mode}.h5`);
    const r = spawnSync(PY, ['-c', SCRIPT, p, mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return p;
  };

  it('converts nm, fs and nm/ps, applies image flags, reads fixed-mode steps and enum species', async () => {
    const { tf, frames, diagnostics } = await readAll(make('enum'));
    expect(tf.topology.symbols).toEqual(['Li', 'Cl']);
    expect(Array.from(frames[0]!.cell.matrix)).toEqual([20, 0, 0, 0, 25, 0, 0, 0, 30]);
    expect(frames.map((f) => f.step)).toEqual([1000, 1050]);
    expect(frames[0]!.time).toBeCloseTo(2, 12);
    expect(tf.frameSpacing).toBeCloseTo(0.1, 12);
    expect(frames[0]!.positions[0]).toBeCloseTo(1, 6);
    // Second frame, atom 2: 0.05 nm + 1 box (20 Å) in x, 0.025 nm − 1 box (30 Å) in z.
    expect(frames[1]!.positions[3]).toBeCloseTo(20.5, 5);
    expect(frames[1]!.positions[5]).toBeCloseTo(0.25 - 30, 5);
    expect(frames[1]!.velocities![0]).toBeCloseTo(10, 12);
    expect(diagnostics.items.map((d) => d.code)).toEqual([]);
  });

  it('asks for --type-map for LAMMPS species and uses it', async () => {
    const p = make('lammps');
    expect((await failure(readAll(p))).code).toBe('E_USAGE');
    const { tf } = await readAll(p, { typeMap: { 1: 'Na', 2: 'S' } });
    expect(tf.topology.symbols).toEqual(['Na', 'S']);
    expect(tf.topology.labels).toEqual(['1', '2']);
  });
});
