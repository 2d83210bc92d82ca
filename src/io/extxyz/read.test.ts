import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { orthorhombicCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { detectFormat, openTrajectory } from '../open.js';
import type { ReaderOptions } from '../types.js';
import { extxyzReader, xyzReader } from './read.js';
import { ASE_VELOCITY_TO_A_PER_PS } from './units.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-extxyz-'));
let serial = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(text: string, name = `t${serial++}.extxyz`, gz = false): string {
  const p = join(dir, name);
  writeFileSync(p, gz ? gzipSync(text) : text);
  return p;
}

async function readAll(path: string, extra: Partial<ReaderOptions> = {}) {
  const diagnostics = new DiagnosticLog();
  const tf = await extxyzReader.open(path, { diagnostics, ...extra });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames, diagnostics: diagnostics.toArray() };
}

async function failure(p: Promise<unknown>): Promise<PaddlewheelError & { line?: number; column?: number }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PaddlewheelError) return e;
    throw e;
  }
  throw new Error('expected a PaddlewheelError');
}

const LAT = 'Lattice="10 0 0 0 11 0 0 0 12"';
const frame = (t: number, dx = 0, props = 'species:S:1:pos:R:3') =>
  `3\n${LAT} Properties=${props} time_fs=${t} pbc="T T T"\nLi ${1 + dx} 2 3\nB 4 5 6\nH 7 8 ${9 + dx}\n`;

describe('extxyz reader', () => {
  it('reads frames, cell, times and the frame spacing', async () => {
    const { tf, frames, diagnostics } = await readAll(file(frame(0) + frame(2.5, 0.5) + frame(5, 1)));
    expect(tf.topology.symbols).toEqual(['Li', 'B', 'H']);
    expect(Array.from(tf.topology.masses)).toEqual([6.94, 10.81, 1.008]);
    expect(tf.frameSpacing).toBeCloseTo(0.0025, 15);
    expect(frames.map((f) => f.time)).toEqual([0, 0.0025, 0.005]);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(Array.from(frames[2]!.positions)).toEqual([2, 2, 3, 4, 5, 6, 7, 8, 10]);
    expect(frames[1]!.cell.volume).toBeCloseTo(1320, 9);
    expect(tf.hasVelocities).toBe(false);
    expect(diagnostics).toEqual([]);
  });

  it('skips undeclared-use columns of every type by their widths and reads velo, forces, masses', async () => {
    const text = `2\n${LAT} Properties=species:S:1:name:S:1:pos:R:3:fix:L:3:velo:R:3:tags:I:2:forces:R:3:masses:R:1 energy=-3.25 stress="1 2 3 4 5 6" time_ps=0.5 step=7\n` +
      'Na a1 1 2 3 T F T 0.01 0.02 0.03 4 5 0.1 0.2 0.3 23.5\nCl b2 4 5 6 F F F -0.01 0 0.5 6 7 -1 -2 -3 35\n';
    const { tf, frames } = await readAll(file(text));
    const f = frames[0]!;
    expect(Array.from(f.positions)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(f.velocities!)).toEqual([10, 20, 30, -10, 0, 500]);
    expect(Array.from(f.forces!)).toEqual([0.1, 0.2, 0.3, -1, -2, -3]);
    expect(Array.from(tf.topology.masses)).toEqual([23.5, 35]);
    expect(f.energy).toBe(-3.25);
    expect(Array.from(f.stress!)).toEqual([1, 6, 5, 6, 2, 4, 5, 4, 3]);
    expect(f.time).toBe(0.5);
    expect(f.step).toBe(7);
    expect(tf.hasVelocities).toBe(true);
  });

  it('converts ASE momenta to Å/ps with the masses, and reads Z instead of species', async () => {
    const m = 6.94;
    const text = `1\n${LAT} Properties=Z:I:1:pos:R:3:momenta:R:3\n3 1 1 1 ${m} 0 ${-2 * m}\n`;
    const { tf, frames } = await readAll(file(text));
    expect(tf.topology.symbols).toEqual(['Li']);
    const v = frames[0]!.velocities!;
    expect(v[0]).toBeCloseTo(ASE_VELOCITY_TO_A_PER_PS, 12);
    expect(v[2]).toBeCloseTo(-2 * ASE_VELOCITY_TO_A_PER_PS, 12);
    // ASE: 1/units.fs = 10.180505671156725 fs per ASE time unit (CODATA 2014; 2018 differs by < 1e-8).
    expect(ASE_VELOCITY_TO_A_PER_PS).toBeCloseTo(1000 / 10.180505671156725, 4);
  });

  it('normalises labels and keeps them when they differ', async () => {
    const text = `2\n${LAT} Properties=species:S:1:pos:R:3\nLI1 0 0 0\nb_sv 1 1 1\n2\n${LAT} Properties=species:S:1:pos:R:3\nLi 0 0 0\nB 1 1 1\n`;
    const { tf, frames } = await readAll(file(text));
    expect(tf.topology.symbols).toEqual(['Li', 'B']);
    expect(tf.topology.labels).toEqual(['LI1', 'b_sv']);
    expect(frames).toHaveLength(2);
  });

  it('reads plain XYZ with --cell, gzipped, and refuses it without', async () => {
    const plain = '2\nframe 0 time = 5\nLi 0 0 0\nB 1 2 3 extra\n2\n\nLi 0 0 1\nB 1 2 4\n';
    const p = file(plain, 'plain.xyz.gz', true);
    const cell = orthorhombicCell(5, 6, 7);
    const { frames, tf } = await readAll(p, { cell });
    expect(frames).toHaveLength(2);
    expect(frames[1]!.cell).toBe(cell);
    expect(frames[0]!.time).toBeUndefined();
    expect(tf.frameSpacing).toBeUndefined();
    const e = await failure(readAll(p));
    expect(e.code).toBe('E_USAGE');
    expect(e.message).toContain('plain XYZ carries no cell; give --cell');
  });

  it('refuses an extxyz without Lattice and pbc F F F unless --cell is given', async () => {
    const p = file('1\nProperties=species:S:1:pos:R:3 pbc="F F F"\nH 0 0 0\n');
    const e = await failure(readAll(p));
    expect(e.code).toBe('E_USAGE');
    expect(e.message).toContain('give --cell');
    expect((await readAll(p, { cell: orthorhombicCell(3, 3, 3) })).frames).toHaveLength(1);
  });

  it('warns when --cell is ignored or pbc is partial', async () => {
    const p = file(`1\n${LAT} pbc="T T F"\nH 0 0 0\n`);
    const { diagnostics } = await readAll(p, { cell: orthorhombicCell(3, 3, 3) });
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['W_CELL_IGNORED', 'W_PBC_PARTIAL']);
  });
});

describe('extxyz reader: malformed input', () => {
  it('rejects a changed atom count with its line', async () => {
    const text = frame(0) + frame(1).replace(/^3\n/, '2\n').replace('H 7 8 9\n', '');
    const e = await failure(readAll(file(text)));
    expect(e.code).toBe('E_PARSE');
    expect(e.line).toBe(6);
  });

  it('rejects a count line that is not an integer', async () => {
    const e = await failure(readAll(file(frame(0) + 'three\n' + frame(1).slice(2))));
    expect([e.code, e.line, e.column]).toEqual(['E_PARSE', 6, 1]);
  });

  it('names line and column of a bad number', async () => {
    const text = frame(0) + frame(1).replace('B 4 5 6', 'B 4 5.0.1 6') + frame(2);
    const e = await failure(readAll(file(text)));
    expect([e.code, e.line, e.column]).toEqual(['E_PARSE', 9, 5]);
    expect(e.message).toContain('atom 2');
    expect(e.message).toContain('5.0.1');
  });

  it('rejects an unknown element and a species change with the line', async () => {
    const e1 = await failure(readAll(file(frame(0).replace('B 4', 'Qq 4'))));
    expect([e1.code, e1.line, e1.column]).toEqual(['E_PARSE', 4, 1]);
    const e2 = await failure(readAll(file(frame(0) + frame(1).replace('B 4', 'C 4') + frame(2))));
    expect([e2.code, e2.line]).toEqual(['E_PARSE', 9]);
  });

  it('keeps whole frames of a truncated file and warns with the line', async () => {
    const text = frame(0) + frame(1) + frame(2).split('\n').slice(0, 3).join('\n') + '\n';
    const { frames, diagnostics } = await readAll(file(text));
    expect(frames).toHaveLength(2);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'W_TRUNCATED_FRAME', level: 'warning', line: 11 });
    expect(diagnostics[0]!.message).toContain('3 line(s)');
    // Cut in the second frame: found while opening, reported once when streaming.
    const two = await readAll(file(frame(0) + frame(1).slice(0, 20)));
    expect(two.frames).toHaveLength(1);
    expect(two.diagnostics.map((d) => [d.code, d.line])).toEqual([['W_TRUNCATED_FRAME', 6]]);
  });

  it('treats a last line cut mid-number as truncation, but not in the first frame', async () => {
    const cut = frame(0) + frame(1) + frame(2).slice(0, -5);
    const { frames, diagnostics } = await readAll(file(cut));
    expect(frames).toHaveLength(2);
    expect(diagnostics.map((d) => d.code)).toEqual(['W_TRUNCATED_FRAME']);
    const e = await failure(readAll(file(frame(0).slice(0, -5))));
    expect([e.code, e.line]).toEqual(['E_PARSE', 5]);
    const e2 = await failure(readAll(file(frame(0).split('\n').slice(0, 3).join('\n'))));
    expect([e2.code, e2.line]).toEqual(['E_PARSE', 1]);
  });

  it('rejects a frame that drops Lattice or velocities', async () => {
    const noLat = frame(0) + frame(1).replace(`${LAT} `, '');
    expect(await failure(readAll(file(noLat)))).toMatchObject({ code: 'E_PARSE', line: 7 });
    const vel = `1\n${LAT} Properties=species:S:1:pos:R:3:vel:R:3\nH 0 0 0 1 1 1\n1\n${LAT}\nH 0 0 0\n`;
    expect(await failure(readAll(file(vel)))).toMatchObject({ code: 'E_PARSE', line: 5 });
  });

  it('rejects a degenerate Lattice and a bad time value at their columns', async () => {
    const e = await failure(readAll(file('1\nLattice="1 0 0 2 0 0 0 0 1"\nH 0 0 0\n')));
    expect([e.code, e.line, e.column]).toEqual(['E_PARSE', 2, 9]);
    const e2 = await failure(readAll(file(`1\n${LAT} time_fs=soon\nH 0 0 0\n`)));
    expect([e2.code, e2.line]).toEqual(['E_PARSE', 2]);
  });
});

describe('sniff and registry', () => {
  it('scores names and content', () => {
    const ext = frame(0);
    expect(extxyzReader.sniff('a.dat', ext)).toBe(0.95);
    expect(xyzReader.sniff('a.xyz', ext)).toBe(0);
    expect(extxyzReader.sniff('a.extxyz', '')).toBe(0.6);
    expect(xyzReader.sniff('a.xyz', '')).toBe(0.6);
    expect(xyzReader.sniff('a.txt', '2\nhello\nLi 0.0 1 -2e-3\n')).toBe(0.5);
    expect(xyzReader.sniff('a.txt', 'hello\n')).toBe(0);
    expect(extxyzReader.sniff('POSCAR', 'Si\n1.0\n')).toBe(0);
  });

  it('is found by detectFormat and streamed by openTrajectory', async () => {
    const p = file(frame(0) + frame(20) + frame(40), 'traj.dat');
    expect((await detectFormat(p)).id).toBe('extxyz');
    const t = await openTrajectory([p], { frames: '1:' });
    expect(t.frameSpacing).toBeCloseTo(0.02, 15);
    const got: number[] = [];
    for await (const f of t.frames()) got.push(f.time!);
    expect(got).toEqual([0.02, 0.04]);
  });
});
