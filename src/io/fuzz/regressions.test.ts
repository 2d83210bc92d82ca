import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { parseCube } from '../cube/read.js';
import { extxyzReader } from '../extxyz/read.js';
import { lammpsDumpReader } from '../lammps-dump/reader.js';
import { qeCpReader } from '../qe-cp/reader.js';
import { readerFor } from '../registry.js';
import { LineReader } from '../text/lines.js';
import { parseNumber } from '../text/numbers.js';
import type { FormatReader, ReaderOptions } from '../types.js';
import { writeVasprun } from '../vasp/vasprun-writer.js';
import { xdatcarReader } from '../vasp/xdatcar.js';

// One test per bug the reader fuzzer found; each input is the fuzzer's minimal case, as text.
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-fuzz-regr-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const p = join(dir, `${n++}-${name}`);
  await writeFile(p, content);
  return p;
}

async function read(reader: FormatReader, path: string, extra: Partial<ReaderOptions> = {}): Promise<{ frames: Frame[]; log: DiagnosticLog; spacing?: number }> {
  const log = new DiagnosticLog();
  const tf = await reader.open(path, { diagnostics: log, ...extra });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { frames, log, spacing: tf.frameSpacing };
}

async function failure(p: Promise<unknown>): Promise<PaddlewheelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PaddlewheelError);
    return e as PaddlewheelError;
  }
  throw new Error('expected a typed error');
}

const LATTICE = 'Lattice="7.5 0 0 0 7.5 0 0 0 7.5"';

describe('reader fuzz regressions', () => {
  it('extxyz: a velocity that overflows on conversion (Å/fs → Å/ps) is a ParseError, not -Infinity', async () => {
    const p = await file('a.extxyz', `2\n${LATTICE} Properties=species:S:1:pos:R:3:velo:R:3 pbc="T T T"\nLi 0 0 0 -1.7976931348623157e308 0 0\nH 1 1 1 0 0 0\n`);
    const e = await failure(read(extxyzReader, p));
    expect(e.code).toBe('E_PARSE');
    expect(e.message).toContain(`${p}:1:`);
    expect(e.message).toContain('finite velocities of atom 1');
  });

  it('xdatcar: a lattice component that overflows the inverse cell is a ParseError', async () => {
    const p = await file('XDATCAR', 'x\n1.0\n7.5 -1.7976931348623157e308 0\n0 7.5 0\n0 0 7.5\nLi\n1\nDirect configuration= 1\n0 0 0\n');
    const e = await failure(read(xdatcarReader, p));
    expect(e.code).toBe('E_PARSE');
    expect(e.message).toMatch(/:8: expected finite cell/);
  });

  it('xdatcar: a fractional coordinate that overflows to Cartesian is a ParseError', async () => {
    const p = await file('XDATCAR', 'x\n1.0\n7.5 0 0\n0 7.5 0\n0 0 7.5\nLi\n1\nDirect configuration= 1\n1e308 0 0\n');
    const e = await failure(read(xdatcarReader, p));
    expect(e.message).toMatch(/:8: expected finite positions of atom 1/);
  });

  it('vasprun: POTIM 1e400 (overflow) is no timestep: not MD, no frame spacing (was Infinity)', async () => {
    expect(parseNumber('1e400')).toBeNaN();
    expect(parseNumber('-1e400')).toBeNaN();
    const p = join(dir, `${n++}-vasprun.xml`);
    const frame: Frame = { index: 0, segment: 0, positions: new Float64Array(6), cell: makeCell([5, 0, 0, 0, 5, 0, 0, 0, 5]), forces: new Float64Array(6), energy: -1 };
    await writeVasprun([frame, { ...frame, index: 1 }], topologyFromSymbols(['Li', 'H']), p, { extraTags: { POTIM: '1e400' } });
    const r = await read(readerFor('vasprun')!, p);
    expect(r.spacing).toBeUndefined();
    expect(r.frames).toHaveLength(2);
    expect(r.log.items.map((d) => d.code)).toContain('I_VASPRUN_NOT_MD');
  });

  it('qe-cp: an empty --qe-input and an empty .pos are ParseErrors with a line', async () => {
    const d = join(dir, `${n++}-qe`);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(d);
    await writeFile(join(d, 'x.pos'), '       1    0.00000000\n 0 0 0\n');
    await writeFile(join(d, 'x.cel'), '       1    0.00000000\n 10 0 0\n 0 10 0\n 0 0 10\n');
    await writeFile(join(d, 'x.in'), '');
    const e = await failure(read(qeCpReader, join(d, 'x.pos'), { qeInput: join(d, 'x.in') }));
    expect(e.message).toBe(`${join(d, 'x.in')}:1: expected a &system namelist (cp.x input), found "end of file"`);
    await writeFile(join(d, 'x.pos'), '');
    const e2 = await failure(read(qeCpReader, join(d, 'x.pos'), { qeInput: join(d, 'x.in') }));
    expect(e2.message).toBe(`${join(d, 'x.pos')}:1: expected cp.x position blocks, found "an empty file"`);
  });

  it('a corrupt gzip file that fails before its first read neither crashes the process nor leaks its descriptor', async () => {
    const good = gzipSync(Buffer.from('0 1 2 3\n'.repeat(50_000)));
    const bad = Buffer.from(good);
    bad[200] ^= 0x5a; // "invalid distance too far back" or similar, a few chunks in
    const p = await file('x.pos.gz', bad);
    const stray: unknown[] = [];
    const onStray = (e: unknown) => stray.push(e);
    process.on('uncaughtException', onStray);
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    try {
      // Opened and left unread across a pause, as a companion file is while another one is read.
      const readers = await Promise.all(Array.from({ length: 8 }, () => LineReader.open(p)));
      await new Promise((r) => setTimeout(r, 100));
      const e = await failure(readers[0]!.ensure(1_000_000));
      expect(e.code).toBe('E_IO');
      for (const r of readers) r.close();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('uncaughtException', onStray);
    }
    expect(stray).toEqual([]);
    expect(fds()).toBeLessThanOrEqual(before);
  });

  it('lammps-dump: an atom type beyond Int32 is refused, not wrapped onto type 1', async () => {
    const p = await file('a.lammpstrj', 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\nITEM: ATOMS id type x y z\n1 4294967297 0 0 0\n');
    const e = await failure(read(lammpsDumpReader, p, { typeMap: { 1: 'Li' } }));
    expect(e.message).toContain(`${p}:10:`);
    expect(e.message).toContain('at most 2147483647');
  });

  it('cube: grid counts the file cannot hold, and a non-positive orbital count, are ParseErrors (were RangeErrors)', () => {
    const head = 'c\nc\n    1    0.0    0.0    0.0\n';
    const atom = '    3    3.0    0.0    0.0    0.0\n';
    const big = `${head}100000    1.0 0 0\n100000    0 1.0 0\n100000    0 0 1.0\n${atom}1.0\n`;
    expect(() => parseCube(big, 'big.cube')).toThrow(/big\.cube:4: expected grid counts whose 100000×100000×100000 values fit/);
    const orbitals = `c\nc\n   -1    0.0    0.0    0.0\n1    1.0 0 0\n1    0 1.0 0\n1    0 0 1.0\n${atom}   -3\n1.0\n`;
    expect(() => parseCube(orbitals, 'o.cube')).toThrow(/o\.cube:8:1: expected a positive whole number of orbitals/);
  });
});

