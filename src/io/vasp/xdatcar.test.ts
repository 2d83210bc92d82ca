import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { errorOf, readAll, rng, Scratch } from './test-util.js';
import { sniffXdatcar, xdatcarReader } from './xdatcar.js';
import { writePoscar, writeXdatcar } from './xdatcar-writer.js';

const tmp = new Scratch();
afterAll(() => tmp.dispose());

const topo = topologyFromSymbols(['Li', 'Li', 'O', 'Li', 'P']);
const tri = makeCell([5.1, 0, 0, 0.7, 4.9, 0, -0.4, 0.9, 6.2]);

function frames(count: number, cellOf: (k: number) => typeof tri = () => tri, seed = 1): Frame[] {
  const rand = rng(seed);
  return Array.from({ length: count }, (_, k) => ({
    index: k,
    segment: 0,
    step: 10 * (k + 1),
    cell: cellOf(k),
    positions: Float64Array.from({ length: 15 }, () => rand() * 12 - 3), // some outside the cell
  }));
}

const HEADER = 'Li2 O\n1.0\n4.0 0.0 0.0\n0.0 4.0 0.0\n0.0 0.0 4.0\nLi O\n2 1\n';
const block = (n: number, ...rows: string[]) => `Direct configuration=     ${n}\n${rows.join('\n')}\n`;
const B1 = block(1, '0.0 0.0 0.0', '0.5 0.5 0.5', '0.25 0.5 0.75');
const B2 = block(2, '0.1 0.0 0.0', '0.5 0.6 0.5', '0.25 0.5 0.85');

describe('XDATCAR round trips (writeXdatcar → xdatcarReader)', () => {
  it('fixed triclinic cell: positions (unwrapped), steps, species order and cell come back', async () => {
    const fs = frames(3);
    const p = tmp.file('fixed_XDATCAR');
    await writeXdatcar(fs, topo, p, { decimals: 14 });
    const { file, frames: got, log } = await readAll(xdatcarReader, p);
    expect(file.topology.symbols).toEqual(['Li', 'Li', 'O', 'Li', 'P']);
    expect(file.frameSpacing).toBeUndefined();
    expect(got.map((f) => f.step)).toEqual([10, 20, 30]);
    expect(got.map((f) => f.index)).toEqual([0, 1, 2]);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 15; i++) expect(got[k]!.positions[i]).toBeCloseTo(fs[k]!.positions[i]!, 9);
      expect(Array.from(got[k]!.cell.matrix)).toEqual(Array.from(tri.matrix));
    }
    expect(readFileSync(p, 'utf8').split('\n')[5]!.trim().split(/\s+/)).toEqual(['Li', 'O', 'Li', 'P']);
    expect(log.toArray().find((d) => d.code === 'I_XDATCAR_STRIDE')?.message).toMatch(/10 MD steps apart/);
  });

  it('variable cell (NPT): the header is repeated and each frame gets its own cell', async () => {
    const cells = [tri, makeCell([5.3, 0, 0, 0.7, 5.0, 0, -0.4, 0.9, 6.0]), makeCell([5.0, 0.1, 0, 0.7, 4.8, 0, -0.4, 0.9, 6.4])];
    const fs = frames(3, (k) => cells[k]!);
    const p = tmp.file('npt_XDATCAR');
    await expect(writeXdatcar(fs, topo, p)).rejects.toMatchObject({ code: 'E_USAGE' });
    expect(existsSync(p)).toBe(false); // no partial file
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await writeXdatcar(fs, topo, p, { variableCell: true, decimals: 14 });
    expect(readFileSync(p, 'utf8').split('\n').filter((l) => l.includes('configuration')).length).toBe(3);
    const { frames: got } = await readAll(xdatcarReader, p);
    expect(got).toHaveLength(3);
    for (let k = 0; k < 3; k++) {
      expect(Array.from(got[k]!.cell.matrix)).toEqual(Array.from(cells[k]!.matrix));
      for (let i = 0; i < 15; i++) expect(got[k]!.positions[i]).toBeCloseTo(fs[k]!.positions[i]!, 9);
    }
  });

  it('writePoscar → a one-frame trajectory (bare "Direct" line)', async () => {
    const [f] = frames(1);
    const p = tmp.file('POSCAR');
    await writePoscar(f!, topo, p, { decimals: 14 });
    const { frames: got } = await readAll(xdatcarReader, p);
    expect(got).toHaveLength(1);
    expect(got[0]!.step).toBeUndefined();
    for (let i = 0; i < 15; i++) expect(got[0]!.positions[i]).toBeCloseTo(f!.positions[i]!, 9);
  });
});

describe('XDATCAR variants', () => {
  it('Direct → Cartesian Å with exact values', async () => {
    const { frames: got, file } = await readAll(xdatcarReader, tmp.file('a_XDATCAR', HEADER + B1 + B2));
    expect(file.topology.symbols).toEqual(['Li', 'Li', 'O']);
    expect(Array.from(got[0]!.positions)).toEqual([0, 0, 0, 2, 2, 2, 1, 2, 3]);
    expect(Array.from(got[1]!.positions)).toEqual([0.4, 0, 0, 2, 2.4, 2, 1, 2, 3.4]);
    expect(got.map((f) => f.step)).toEqual([1, 2]);
  });

  it('scale factor, negative scale (= volume), three scale factors, Cartesian blocks', async () => {
    const h = (scale: string) => `x\n${scale}\n2.0 0.0 0.0\n0.0 2.0 0.0\n0.0 0.0 2.0\nLi O\n2 1\n`;
    const cart = 'Cartesian configuration=     1\n1.0 1.0 1.0\n0.5 0 0\n0 0 0.25\n';
    let r = await readAll(xdatcarReader, tmp.file('s1_XDATCAR', h('2.0') + B1));
    expect(r.frames[0]!.cell.volume).toBeCloseTo(64, 12);
    expect(Array.from(r.frames[0]!.positions)).toEqual([0, 0, 0, 2, 2, 2, 1, 2, 3]);
    r = await readAll(xdatcarReader, tmp.file('s2_XDATCAR', h('-125.0') + cart));
    expect(r.frames[0]!.cell.volume).toBeCloseTo(125, 10);
    expect(r.frames[0]!.cell.matrix[0]).toBeCloseTo(5, 12);
    expect(r.frames[0]!.positions[0]).toBeCloseTo(2.5, 12); // Cartesian coordinates are scaled like the lattice
    r = await readAll(xdatcarReader, tmp.file('s3_XDATCAR', h('1.0 2.0 3.0') + cart));
    expect(Array.from(r.frames[0]!.cell.matrix)).toEqual([2, 0, 0, 0, 4, 0, 0, 0, 6]);
    expect(Array.from(r.frames[0]!.positions.slice(0, 3))).toEqual([1, 2, 3]);
  });

  it('VASP 4 header: elements from the comment (with a warning), else --type-map, else E_TOPOLOGY', async () => {
    const v4 = (comment: string) => `${comment}\n1.0\n4.0 0.0 0.0\n0.0 4.0 0.0\n0.0 0.0 4.0\n2 1\n${B1}`;
    let r = await readAll(xdatcarReader, tmp.file('v4a_XDATCAR', v4('Li O')));
    expect(r.file.topology.symbols).toEqual(['Li', 'Li', 'O']);
    expect(r.log.toArray().map((d) => d.code)).toContain('W_SPECIES_FROM_COMMENT');
    r = await readAll(xdatcarReader, tmp.file('v4b_XDATCAR', v4('Li2 O1 at 300 K')));
    expect(r.file.topology.symbols).toEqual(['Li', 'Li', 'O']);
    const e = await errorOf(() => readAll(xdatcarReader, tmp.file('v4c_XDATCAR', v4('my run'))));
    expect(e).toMatchObject({ code: 'E_TOPOLOGY', line: 6 });
    expect(String(e.message)).toMatch(/--type-map 1=Li,2=Cl/);
    r = await readAll(xdatcarReader, tmp.file('v4d_XDATCAR', v4('my run')), { '1': 'Na', '2': 'S' });
    expect(r.file.topology.symbols).toEqual(['Na', 'Na', 'S']);
    expect(r.frames).toHaveLength(1);
  });

  it('POTCAR-style names become labels; blank line at the end is fine; CRLF line ends', async () => {
    const text = (HEADER.replace('Li O\n', 'Li_sv O_h\n') + B1 + '\n\n').replace(/\n/g, '\r\n');
    const r = await readAll(xdatcarReader, tmp.file('lab_XDATCAR', text));
    expect(r.file.topology.symbols).toEqual(['Li', 'Li', 'O']);
    expect(r.file.topology.labels).toEqual(['Li_sv', 'Li_sv', 'O_h']);
    expect(r.frames).toHaveLength(1);
  });
});

describe('XDATCAR truncation and errors', () => {
  it('a block cut short keeps the whole frames and warns with the line', async () => {
    const cut = HEADER + B1 + 'Direct configuration=     2\n0.1 0.0 0.0\n';
    const r = await readAll(xdatcarReader, tmp.file('t1_XDATCAR', cut));
    expect(r.frames).toHaveLength(1);
    const w = r.log.toArray().find((d) => d.code === 'W_TRUNCATED_FRAME');
    expect(w).toMatchObject({ line: 12, level: 'warning' });
    expect(w!.message).toMatch(/2 line\(s\) were dropped/);
  });

  it('a last line cut inside a number is truncation; the same line mid-file is an error', async () => {
    const r = await readAll(xdatcarReader, tmp.file('t2_XDATCAR', HEADER + B1 + 'Direct configuration=     2\n0.1 0.0 0.0\n0.5 0.6 0.5\n0.25 0.'));
    expect(r.frames).toHaveLength(1);
    expect(r.log.toArray().map((d) => d.code)).toContain('W_TRUNCATED_FRAME');
    const e = await errorOf(() => readAll(xdatcarReader, tmp.file('t3_XDATCAR', HEADER + block(1, '0 0 0', '0.5 0.5', '0 0 0') + B2)));
    expect(e).toMatchObject({ code: 'E_PARSE', line: 10 });
  });

  it('a gzip stream cut short gives the whole frames before the cut', async () => {
    const p = tmp.file('gz_XDATCAR');
    await writeXdatcar(frames(40, undefined, 7), topo, p);
    const gz = gzipSync(readFileSync(p));
    const cut = tmp.file('cut_XDATCAR.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await readAll(xdatcarReader, cut);
    expect(r.frames.length).toBeGreaterThan(5);
    expect(r.frames.length).toBeLessThan(40);
    const codes = r.log.toArray().map((d) => d.code);
    expect(codes).toContain('W_TRUNCATED_GZIP');
    expect(r.frames.every((f) => f.positions.every(Number.isFinite))).toBe(true);
  });

  it('a repeated header cut short is truncation', async () => {
    const r = await readAll(xdatcarReader, tmp.file('t4_XDATCAR', HEADER + B1 + HEADER.split('\n').slice(0, 4).join('\n') + '\n'));
    expect(r.frames).toHaveLength(1);
    expect(r.log.toArray().find((d) => d.code === 'W_TRUNCATED_FRAME')).toMatchObject({ line: 12 });
  });

  it.each([
    ['non-numeric coordinate', 'E_PARSE', 10, 5, HEADER + block(1, '0 0 0', '0.5 abc 0.5', '0 0 0')],
    ['non-finite coordinate', 'E_PARSE', 10, 5, HEADER + block(1, '0 0 0', '0.5 NaN 0.5', '0 0 0')],
    ['counts do not match species', 'E_PARSE', 7, undefined, HEADER.replace('2 1\n', '2 1 3\n') + B1],
    ['unknown element', 'E_PARSE', 6, undefined, HEADER.replace('Li O\n', 'Li Xq\n') + B1],
    ['bad lattice number', 'E_PARSE', 4, 5, HEADER.replace('0.0 4.0 0.0', '0.0 4,0 0.0') + B1],
    ['degenerate lattice', 'E_PARSE', 3, undefined, HEADER.replace('0.0 0.0 4.0', '0.0 0.0 0.0') + B1],
    ['no configuration line', 'E_PARSE', 8, undefined, HEADER + '0 0 0\n'],
    ['NPT header with other counts', 'E_TOPOLOGY', 18, undefined, HEADER + B1 + HEADER.replace('2 1\n', '1 2\n') + B2],
    ['fewer coordinate lines than atoms', 'E_PARSE', 11, undefined, HEADER + block(1, '0 0 0', '0.5 0.5 0.5') + B2],
    ['more coordinate lines than atoms', 'E_PARSE', 12, undefined, HEADER + block(1, '0 0 0', '0.5 0.5 0.5', '0 0 0', '0.1 0.1 0.1') + B2],
    ['VASP 4.x XDATCAR (no lattice)', 'E_FORMAT', 2, undefined, '  3  3  1\n  0.1E+02  0.4E-09  0.4E-09  0.4E-09  0.1E-14\n  300\n  CAR\n Li2O\n\n0 0 0\n'],
  ] as const)('%s → %s at line %i', async (_name, code, line, column, text) => {
    const e = await errorOf(() => readAll(xdatcarReader, tmp.file('bad_XDATCAR', text)));
    expect(e).toMatchObject({ code, line });
    if (column !== undefined) expect(e.column).toBe(column);
  });

  it('a header-only file is an error naming the missing part; an empty file too', async () => {
    expect(await errorOf(() => readAll(xdatcarReader, tmp.file('e1_XDATCAR', 'x\n1.0\n')))).toMatchObject({ code: 'E_PARSE' });
    const r = await readAll(xdatcarReader, tmp.file('e2_XDATCAR', HEADER));
    expect(r.frames).toHaveLength(0);
  });
});

describe('sniffXdatcar', () => {
  it('recognises the name and the content, and not other text', () => {
    const text = HEADER + B1;
    expect(sniffXdatcar('XDATCAR', text)).toBe(1);
    expect(sniffXdatcar('run.txt', text)).toBeGreaterThanOrEqual(0.9);
    expect(sniffXdatcar('actual_XDATCAR', '')).toBeGreaterThanOrEqual(0.5);
    expect(sniffXdatcar('traj.xyz', '3\nLattice="1 0 0 0 1 0 0 0 1"\nLi 0 0 0\n')).toBe(0);
    const v4 = 'Li O\n1.0\n4 0 0\n0 4 0\n0 0 4\n2 1\n' + B1;
    expect(sniffXdatcar('whatever', v4)).toBeGreaterThanOrEqual(0.9);
  });
});

it('writes nothing and fails cleanly when the topology does not fit the frames', async () => {
  const p = tmp.file('bad_topo_XDATCAR');
  await expect(writeXdatcar(frames(1), topologyFromSymbols(['Li']), p)).rejects.toMatchObject({ code: 'E_TOPOLOGY' });
  expect(existsSync(p)).toBe(false);
  writeFileSync(p, 'keep');
  await expect(writeXdatcar([], topo, p)).rejects.toMatchObject({ code: 'E_USAGE' });
  expect(readFileSync(p, 'utf8')).toBe('keep');
});
