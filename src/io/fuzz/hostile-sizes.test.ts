import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import { readCube } from '../cube/read.js';
import { loadH5 } from '../h5md/h5.js';
import { writeH5md } from '../h5md/writer.js';
import { syntheticFrames } from '../lammps-dump/test-helpers.js';
import { readerFor } from '../registry.js';
import { MAX_LINE_LENGTH } from '../text/lines.js';
import type { ReaderOptions } from '../types.js';

/**
 * Hostile sizes: headers that claim 10⁸ atoms or frames over a few bytes of data, and a
 * 100 MB line without a newline. Each must end in a typed error quickly, with memory bounded
 * far below what the claim would take: ArrayBuffer memory (where typed arrays and file
 * buffers live) may grow by at most 64 MiB for a count claim and 8 × the line limit (128 MiB:
 * the line buffer doubles, and the old one lives until collected) for the long line; RSS by at
 * most 384 MiB (V8 and the wasm heap are noisy). A 10⁸-atom frame is 2.4 GB; buffering the
 * 100 MB line whole would take ≥ 192 MiB of ArrayBuffers.
 */
const MiB = 2 ** 20;
const ARRAY_BUFFER_BOUND = 64 * MiB;
const LONG_LINE_BOUND = 8 * MAX_LINE_LENGTH;
const RSS_BOUND = 384 * MiB;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-hostile-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Run `f`, sampling memory every few ms; returns its error and the peak growth over the start. */
async function bounded(f: () => Promise<unknown>): Promise<{ error: PaddlewheelError; arrayBuffers: number; rss: number }> {
  const m0 = process.memoryUsage();
  let ab = 0, rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    ab = Math.max(ab, m.arrayBuffers - m0.arrayBuffers);
    rss = Math.max(rss, m.rss - m0.rss);
  };
  const timer = setInterval(sample, 5);
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  } finally {
    clearInterval(timer);
    sample();
  }
  if (!(error instanceof PaddlewheelError)) throw new Error(`expected a typed error, got ${String((error as Error)?.stack ?? error)}`);
  return { error, arrayBuffers: ab, rss };
}

async function readAll(format: string, path: string, extra: Partial<ReaderOptions> = {}): Promise<void> {
  const tf = await readerFor(format)!.open(path, { diagnostics: new DiagnosticLog(), ...extra });
  for await (const f of tf.frames()) void f;
}

async function expectBounded(format: string, path: string, extra: Partial<ReaderOptions>, message: RegExp, bound = ARRAY_BUFFER_BOUND): Promise<void> {
  const r = await bounded(() => readAll(format, path, extra));
  expect(r.error.message).toMatch(message);
  expect(r.arrayBuffers).toBeLessThan(bound);
  expect(r.rss).toBeLessThan(RSS_BOUND);
}

const CELL = makeCell([7.5, 0, 0, 0, 7.5, 0, 0, 0, 7.5]);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('headers claiming 10^8 atoms over a few lines', () => {
  const CLAIMS: [string, string, string, Partial<ReaderOptions>, number][] = [
    ['extxyz', 'a.extxyz', '100000000\nLattice="7.5 0 0 0 7.5 0 0 0 7.5" Properties=species:S:1:pos:R:3\nLi 0 0 0\nH 1 1 1\n', {}, 1],
    ['xyz', 'a.xyz', '100000000\nplain\nLi 0 0 0\nH 1 1 1\n', { cell: CELL }, 1],
    ['xdatcar', 'XDATCAR', 'x\n1.0\n7.5 0 0\n0 7.5 0\n0 0 7.5\nLi\n100000000\nDirect configuration= 1\n0 0 0\n', {}, 7],
    ['lammps-dump', 'a.lammpstrj', 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n100000000\nITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\nITEM: ATOMS id type x y z\n1 1 0 0 0\n', { typeMap: { 1: 'Li' } }, 1],
  ];
  for (const [format, name, text, extra, line] of CLAIMS) {
    it(`${format}: a typed error at line ${line}, nothing allocated for the atoms (plain and gzipped)`, async () => {
      const p = join(dir, name);
      await writeFile(p, text);
      await expectBounded(format, p, extra, new RegExp(`^${esc(p)}:${line}(:\\d+)?: expected .*at most \\d+`));
      const gz = join(dir, `${name}.gz`);
      await writeFile(gz, gzipSync(text));
      await expectBounded(format, gz, extra, new RegExp(`^${esc(gz)}:${line}(:\\d+)?: expected .*at most \\d+`));
    });
  }

  it('vasprun: <atoms> 100000000 over one <rc> row is a typed error', async () => {
    const p = join(dir, 'vasprun.xml');
    await writeFile(p, '<?xml version="1.0"?>\n<modeling>\n <atominfo>\n  <atoms> 100000000 </atoms>\n  <array name="atoms">\n   <set>\n    <rc><c>Li</c><c>   1</c></rc>\n   </set>\n  </array>\n </atominfo>\n <calculation>\n');
    await expectBounded('vasprun', p, {}, new RegExp(`^${esc(p)}:10: expected one <rc> row per atom .*says 100000000`));
  });

  it('qe-cp: nat = 100000000 in the cp.x input over one atom line is a typed error', async () => {
    const d = join(dir, 'qe');
    await mkdir(d, { recursive: true });
    await writeFile(join(d, 'x.pos'), '       1    0.00000000\n 0 0 0\n');
    await writeFile(join(d, 'x.cel'), '       1    0.00000000\n 10 0 0\n 0 10 0\n 0 0 10\n');
    await writeFile(join(d, 'x.in'), "&control\n prefix = 'x'\n/\n&system\n ibrav = 0, nat = 100000000, ntyp = 1\n/\nATOMIC_SPECIES\n Li 6.94 Li.UPF\nATOMIC_POSITIONS (bohr)\n Li 0 0 0\n");
    await expectBounded('qe-cp', join(d, 'x.pos'), { qeInput: join(d, 'x.in') }, /x\.in:9: expected nat = 100000000 atom lines/);
  });

  it('cube: a 100000³ grid over one value is a typed error', async () => {
    const p = join(dir, 'big.cube');
    await writeFile(p, 'c\nc\n    1    0.0    0.0    0.0\n100000    1.0 0 0\n100000    0 1.0 0\n100000    0 0 1.0\n    3    3.0    0.0    0.0    0.0\n1.0\n');
    const r = await bounded(() => readCube(p));
    expect(r.error.message).toMatch(/big\.cube:4: expected grid counts/);
    expect(r.arrayBuffers).toBeLessThan(ARRAY_BUFFER_BOUND);
  });
});

describe('H5MD datasets resized far beyond the data written', () => {
  const N = 100_000_000;

  it('position/value [2][10^8][3] and species [10^8] in a small file: E_FORMAT before any read', async () => {
    const h5 = await loadH5();
    const p = join(dir, 'atoms-lie.h5md');
    const f = new h5.File(p, 'w');
    const g = f.create_group('particles').create_group('all');
    const pos = g.create_group('position');
    pos.create_dataset({ name: 'value', data: new Float64Array(0), shape: [0, N, 3], maxshape: [null, N, 3], chunks: [1, 4096, 3], dtype: '<d' }).resize([2, N, 3]);
    pos.create_dataset({ name: 'step', data: BigInt64Array.of(0n, 1n), dtype: '<q' });
    g.create_dataset({ name: 'species', data: new Int32Array(0), shape: [0], maxshape: [null], chunks: [4096], dtype: '<i' }).resize([N]);
    g.create_group('box').create_dataset({ name: 'edges', data: Float64Array.of(7.5, 7.5, 7.5), dtype: '<d' });
    f.close();
    await expectBounded('h5md', p, {}, /atoms-lie\.h5md: \/particles\/all\/position\/value has shape \[2, 100000000, 3\].*more than this/);
  });

  it('position/value resized to 10^8 frames over 2 written frames: E_FORMAT, not 10^8 frames of fill values', async () => {
    const p = join(dir, 'frames-lie.h5md');
    const { topology, frames } = syntheticFrames([CELL], ['Li', 'H', 'H'], 2, 3);
    await writeH5md(frames, topology, p, { box: 'fixed' });
    const h5 = await loadH5();
    const f = new h5.File(p, 'a');
    for (const name of ['value', 'step']) {
      const d = f.get(`particles/all/position/${name}`) as import('h5wasm/node').Dataset;
      d.resize([N, ...d.shape!.slice(1)]);
    }
    f.close();
    await expectBounded('h5md', p, {}, /frames-lie\.h5md: \/particles\/all\/position\/value has shape \[100000000, 3, 3\]/);
  });
});

describe(`a 100 MB line without a newline (the line limit is ${MAX_LINE_LENGTH / MiB} MiB)`, () => {
  let long: string;
  let longGz: string;
  beforeAll(async () => {
    // Streamed to disk: no 100 MB string is ever held.
    const chunk = Buffer.from('1234567 '.repeat(MiB / 8));
    const blocks = function* () {
      for (let k = 0; k < 100; k++) yield chunk;
    };
    long = join(dir, 'long.txt');
    await pipeline(Readable.from(blocks()), createWriteStream(long));
    longGz = join(dir, 'long.txt.gz');
    await pipeline(Readable.from(blocks()), createGzip(), createWriteStream(longGz));
  }, 120_000);

  const FORMATS: [string, string, Partial<ReaderOptions>][] = [
    ['extxyz', 'a.extxyz', {}],
    ['xyz', 'a.xyz', { cell: CELL }],
    ['xdatcar', 'XDATCAR', {}],
    ['vasprun', 'vasprun.xml', {}],
    ['lammps-dump', 'a.lammpstrj', { typeMap: { 1: 'Li' } }],
  ];
  for (const [format, name, extra] of FORMATS) {
    it(`${format}: E_PARSE at line 1 with bounded memory (plain and gzipped)`, async () => {
      for (const [target, suffix] of [[long, ''], [longGz, '.gz']] as const) {
        const p = join(dir, `long-${name}${suffix}`);
        await symlink(target, p);
        await expectBounded(format, p, extra, new RegExp(`^${esc(p)}:1: line longer than ${MAX_LINE_LENGTH} characters`), LONG_LINE_BOUND);
      }
    }, 60_000);
  }

  it('qe-cp (.pos) and an extxyz comment line: E_PARSE at the long line', async () => {
    const d = join(dir, 'qe-long');
    await mkdir(d);
    await symlink(long, join(d, 'x.pos'));
    await writeFile(join(d, 'x.cel'), '       1    0.00000000\n 10 0 0\n 0 10 0\n 0 0 10\n');
    await writeFile(join(d, 'x.in'), "&control\n prefix = 'x'\n/\n&system\n ibrav = 0, nat = 1, ntyp = 1\n/\nATOMIC_SPECIES\n Li 6.94 Li.UPF\nATOMIC_POSITIONS (bohr)\n Li 0 0 0\n");
    await expectBounded('qe-cp', join(d, 'x.pos'), { qeInput: join(d, 'x.in') }, /x\.pos:1: line longer than/, LONG_LINE_BOUND);
    // The 100 MB line given as the cp.x input: refused by its size, never read whole.
    await rm(join(d, 'x.pos')); // the symlink, not its target
    await writeFile(join(d, 'x.pos'), '       1    0.00000000\n 0 0 0\n');
    await expectBounded('qe-cp', join(d, 'x.pos'), { qeInput: long }, /long\.txt: 104857600 bytes, larger than any cp\.x input/);
    // A valid count line, then the 100 MB line as the comment.
    const p = join(dir, 'comment.extxyz');
    const out = createWriteStream(p);
    await pipeline(Readable.from((function* () {
      yield Buffer.from('1\n');
      const chunk = Buffer.from('x'.repeat(MiB));
      for (let k = 0; k < 100; k++) yield chunk;
    })()), out);
    await expectBounded('extxyz', p, {}, new RegExp(`^${esc(p)}:2: line longer than`), LONG_LINE_BOUND);
  }, 60_000);
});
