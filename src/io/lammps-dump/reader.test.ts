import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cartToFrac, cellFromParameters, cellParameters, makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import type { ReaderOptions } from '../types.js';
import { lammpsDumpReader } from './reader.js';
import { syntheticFrames } from './test-helpers.js';
import { writeLammpsDump } from './writer.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-lammps-'));
let fileNo = 0;
const tmp = (text?: string) => {
  const p = join(dir, `t${fileNo++}.lammpstrj`);
  if (text !== undefined) writeFileSync(p, text);
  return p;
};

async function readAll(path: string, extra: Partial<ReaderOptions> = {}) {
  const diagnostics = new DiagnosticLog();
  const tf = await lammpsDumpReader.open(path, { diagnostics, ...extra });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames, diagnostics };
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; line?: number; column?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; line?: number; column?: number; message: string };
  }
  throw new Error('expected a failure');
}

const restricted = makeCell([9.5, 0, 0, -2.1, 8.7, 0, 1.3, -0.9, 10.2]);
const tri = cellFromParameters(8.1, 9.3, 10.7, 71, 96, 113); // a along x, b in xy: restricted already
const symbols = ['Li', 'Li', 'B', 'H', 'H', 'B', 'Li'];

describe('lammps-dump round trips', () => {
  const { topology, frames } = syntheticFrames([restricted, tri], symbols, 4);
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThanOrEqual(tol);
  };

  for (const [style, cols] of [['x', 'x y z'], ['xs', 'xs ys zs'], ['xu', 'xu yu zu'], ['xsu', 'xsu ysu zsu']] as const) {
    it(`reads back ${style} coordinates, triclinic boxes, velocities and forces`, async () => {
      const p = tmp();
      await writeLammpsDump(frames, topology, p, { columns: ['id', 'type', 'element', ...cols.split(' '), 'vx', 'vy', 'vz', 'fx', 'fy', 'fz'] });
      const { tf, frames: back, diagnostics } = await readAll(p, { mdTimestep: 2 });
      expect(tf.topology.symbols).toEqual(symbols);
      expect(tf.topology.labels).toEqual(['1', '1', '2', '3', '3', '2', '1']);
      expect(tf.hasVelocities).toBe(true);
      expect(tf.frameSpacing).toBeCloseTo(0.02, 15); // 10 steps × 2 fs
      expect(back.map((f) => [f.step, f.time])).toEqual([[0, 0], [10, 0.02], [20, 0.04], [30, 0.06]]);
      expect(diagnostics.items.map((d) => d.code)).toContain('I_LAMMPS_UNITS');
      back.forEach((f, k) => {
        close(f.cell.matrix, frames[k]!.cell.matrix, 1e-12);
        close(f.positions, frames[k]!.positions, style.includes('s') ? 1e-12 : 0);
        close(f.velocities!, frames[k]!.velocities!, 0);
        close(f.forces!, frames[k]!.forces!, 0);
      });
    });
  }

  it('rotates a general cell into LAMMPS orientation, keeping lengths, angles and fractions', async () => {
    const general = makeCell([6, 5, 0.5, -1, 7, 2, 1, -2, 9]);
    const g = syntheticFrames([general], symbols, 2, 7);
    const p = tmp();
    await writeLammpsDump(g.frames, g.topology, p, { columns: ['id', 'element', 'x', 'y', 'z', 'vx', 'vy', 'vz'] });
    const { frames: back } = await readAll(p);
    const want = cellParameters(general), got = cellParameters(back[0]!.cell);
    for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma', 'volume'] as const) expect(got[k]).toBeCloseTo(want[k], 10);
    const m = back[0]!.cell.matrix;
    expect([m[1], m[2], m[5]]).toEqual([0, 0, 0]);
    close(cartToFrac(back[1]!.cell, back[1]!.positions), cartToFrac(general, g.frames[1]!.positions), 1e-12);
    const speed = (v: ArrayLike<number>) => Math.hypot(v[0]!, v[1]!, v[2]!);
    expect(speed(back[1]!.velocities!)).toBeCloseTo(speed(g.frames[1]!.velocities!), 12);
  });

  it('sorts atoms by id when a parallel run wrote them in any order', async () => {
    const p = tmp();
    await writeLammpsDump(frames, topology, p, { columns: ['id', 'type', 'x', 'y', 'z'] });
    const lines = readFileSync(p, 'utf8').split('\n');
    // Reverse the atom lines of every snapshot (each ATOMS item is followed by 7 atom lines).
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.startsWith('ITEM: ATOMS')) lines.splice(i + 1, 7, ...lines.slice(i + 1, i + 8).reverse());
    }
    const shuffled = tmp(lines.join('\n'));
    const { frames: back, tf } = await readAll(shuffled, { typeMap: { 1: 'Li', 2: 'B', 3: 'H' } });
    expect(tf.topology.symbols).toEqual(symbols);
    back.forEach((f, k) => close(f.positions, frames[k]!.positions, 0));
  });

  it('reads gzipped dumps', async () => {
    const p = tmp();
    await writeLammpsDump(frames, topology, p, {});
    const gz = join(dir, 'dump.gz.lammpstrj.gz');
    writeFileSync(gz, gzipSync(readFileSync(p)));
    const { frames: back } = await readAll(gz);
    expect(back).toHaveLength(4);
    close(back[3]!.positions, frames[3]!.positions, 0);
  });
});

const HEAD = 'ITEM: TIMESTEP\n100\nITEM: NUMBER OF ATOMS\n2\n';

describe('lammps-dump boxes and units from hand-written files', () => {
  it('turns a triclinic bounding box back into the cell (LAMMPS mailing-list example, γ = 60°)', async () => {
    // xhi_bound = xhi + xy for the data file "0 9.838049 xlo xhi / 4.919020 0 0 xy xz yz".
    const text = `${HEAD}ITEM: BOX BOUNDS xy xz yz pp pp pp\n0 14.757069 4.91902\n0 8.52 0\n0 15 0\nITEM: ATOMS id element x y z\n2 Li 1 2 3\n1 B 4.91902 8.52 15\n`;
    const { frames, tf } = await readAll(tmp(text));
    expect(Array.from(frames[0]!.cell.matrix)).toEqual([14.757069 - 4.91902, 0, 0, 4.91902, 8.52, 0, 0, 0, 15]);
    expect(tf.topology.symbols).toEqual(['B', 'Li']);
    expect(cellParameters(frames[0]!.cell).gamma).toBeCloseTo(60, 4);
    expect(Array.from(frames[0]!.positions)).toEqual([4.91902, 8.52, 15, 1, 2, 3]);
    expect(frames[0]!.time).toBeUndefined();
    expect(tf.frameSpacing).toBeUndefined();
  });

  it('handles negative tilts and shifts positions by the box origin', async () => {
    const text = `${HEAD}ITEM: BOX BOUNDS xy xz yz pp pp pp\n-6.9141 10.8282 -5.9141\n1 11.2435 0\n-2 26.9731 0\nITEM: ATOMS id type xs ys zs\n1 1 0.5 0.5 0.5\n2 2 0 0 0\nITEM: TIMESTEP\n110\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS xy xz yz pp pp pp\n-6.9141 10.8282 -5.9141\n1 11.2435 0\n-2 26.9731 0\nITEM: ATOMS id type x y z\n1 1 -1 1 -2\n2 2 0 0 0\n`;
    const { frames, tf } = await readAll(tmp(text), { typeMap: { 1: 'S', 2: 'P' }, mdTimestep: 0.5 });
    const want = [11.8282, 0, 0, -5.9141, 10.2435, 0, 0, 0, 28.9731];
    frames[0]!.cell.matrix.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 12));
    expect(frames[0]!.positions[0]).toBeCloseTo((11.8282 - 5.9141) / 2, 12);
    // (−1, 1, −2) minus the origin (xlo, ylo, zlo) = (−1, 1, −2).
    frames[1]!.positions.slice(0, 3).forEach((x) => expect(x).toBeCloseTo(0, 12));
    expect(frames[1]!.time).toBeCloseTo(0.055, 15);
    expect(tf.frameSpacing).toBeCloseTo(0.005, 15);
  });

  it('reads general triclinic "abc origin" boxes', async () => {
    const text = `${HEAD}ITEM: BOX BOUNDS abc origin pp pp pp\n4 0 0 -2\n1 5 0 -3\n0.5 0.25 6 -4\nITEM: ATOMS id element xs ys zs\n1 O 0.5 0.5 0.5\n2 O 0 0 1\n`;
    const { frames } = await readAll(tmp(text));
    expect(Array.from(frames[0]!.cell.matrix)).toEqual([4, 0, 0, 1, 5, 0, 0.5, 0.25, 6]);
    expect(Array.from(frames[0]!.positions)).toEqual([2.75, 2.625, 3, 0.5, 0.25, 6]);
  });

  it('converts units real (Å/fs, kcal/mol/Å) and takes time from ITEM: TIME', async () => {
    const text = `ITEM: UNITS\nreal\nITEM: TIME\n50\n${HEAD}ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id element x y z vx vy vz fx fy fz\n1 Na 1 1 1 0.01 0 0 1 0 0\n2 Cl 2 2 2 0 0 0 0 0 0\nITEM: TIME\n60\n${HEAD.replace('100', '120')}ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id element x y z vx vy vz fx fy fz\n1 Na 1 1 1 0.01 0 0 1 0 0\n2 Cl 2 2 2 0 0 0 0 0 0\n`;
    const { frames, tf, diagnostics } = await readAll(tmp(text));
    expect(frames[0]!.velocities![0]).toBeCloseTo(10, 12); // 0.01 Å/fs = 10 Å/ps
    expect(frames[0]!.forces![0]).toBeCloseTo(0.0433641043, 9);
    expect(frames[0]!.time).toBeCloseTo(0.05, 15);
    expect(frames[1]!.time).toBeCloseTo(0.06, 15);
    expect(tf.frameSpacing).toBeCloseTo(0.01, 15);
    expect(diagnostics.items.map((d) => d.code)).not.toContain('I_LAMMPS_UNITS');
  });

  it('refuses unit styles whose lengths are not Å', async () => {
    const e = await failure(readAll(tmp(`ITEM: UNITS\nlj\n${HEAD}ITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0 0 0\n`)));
    expect(e.code).toBe('E_FORMAT');
  });

  it('unwraps wrapped coordinates with image flags (x and xs), and ignores flags beside xu', async () => {
    const box = 'ITEM: BOX BOUNDS xy xz yz pp pp pp\n-1 10 -1\n0 10 0.5\n0 10 0.5\n';
    const text = `${HEAD}${box}ITEM: ATOMS id element x y z ix iy iz\n1 Li 1 1 1 1 -1 2\n2 Li 2 2 2 0 0 0\n`
      + `${HEAD}${box}ITEM: ATOMS id element xs ys zs ix iy iz\n1 Li 0.5 0 0 1 -1 2\n2 Li 0 0 0 0 0 0\n`
      + `${HEAD}${box}ITEM: ATOMS id element xu yu zu ix iy iz\n1 Li 1 1 1 1 -1 2\n2 Li 2 2 2 0 0 0\n`;
    const { frames, diagnostics } = await readAll(tmp(text));
    // Bounds → a = (9.5, 0, 0), b = (−1, 9.5, 0), c = (0.5, 0.5, 10), origin 0: r + a − b + 2c.
    expect(Array.from(frames[0]!.positions.slice(0, 3))).toEqual([12.5, -7.5, 21]);
    // f = (0.5 + 1, 0 − 1, 0 + 2) → f·M.
    expect(Array.from(frames[1]!.positions.slice(0, 3))).toEqual([16.25, -8.5, 20]);
    expect(Array.from(frames[2]!.positions.slice(0, 3))).toEqual([1, 1, 1]);
    expect(diagnostics.items.map((d) => d.code)).toContain('I_LAMMPS_IMAGES');
  });

  it('warns when the box is not periodic in every direction', async () => {
    const text = `${HEAD}ITEM: BOX BOUNDS pp pp fm\n0 10\n0 10\n-5 25\nITEM: ATOMS id element xu yu zu\n1 Li 1 1 1\n2 Li 2 2 2\n`;
    const { diagnostics, frames } = await readAll(tmp(text));
    expect(diagnostics.items.map((d) => d.code)).toEqual(['W_NONPERIODIC_BOX']);
    expect(frames[0]!.positions[2]).toBe(6);
  });

  it('sniffs content and names', () => {
    expect(lammpsDumpReader.sniff('anything.txt', 'ITEM: TIMESTEP\n0\n')).toBe(0.95);
    expect(lammpsDumpReader.sniff('run.lammpstrj', '')).toBe(0.6);
    expect(lammpsDumpReader.sniff('dump.lbh', '')).toBe(0.6);
    expect(lammpsDumpReader.sniff('x.xyz', '3\n\nLi 0 0 0\n')).toBe(0);
  });
});
