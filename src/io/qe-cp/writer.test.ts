import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellFromParameters } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { BOHR_TO_ANGSTROM } from '../../core/units.js';
import { sharedData } from '../../../test/helpers/data.js';
import { qeCpReader } from './reader.js';
import { fortranE, fortranF, fortranI, writeQeCp } from './writer.js';

const root = mkdtempSync(join(tmpdir(), 'pw-qecp-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYMBOLS = ['B', 'B', 'H', 'Li', 'Li'];

function generated(n: number): Frame[] {
  const r = rng(7);
  return Array.from({ length: n }, (_, k) => {
    const cell = cellFromParameters(9 + r(), 9.5 + r(), 10 + r(), 80 + 10 * r(), 85 + 10 * r(), 95 + 10 * r());
    const v = () => Float64Array.from({ length: 15 }, () => (r() - 0.5) * 40);
    return {
      index: k,
      time: 0.00145133 * (k + 1),
      step: 10 * (k + 1),
      segment: 0,
      positions: Float64Array.from({ length: 15 }, () => r() * 9 - 1),
      cell,
      velocities: v(),
      forces: v(),
      temperature: 600 + 400 * r(),
      energy: -1630 + r(),
    };
  });
}

const INPUT = `&control\n prefix='gen', dt = 6.0\n/\n&system\n ibrav = 0, nat = 5, ntyp = 3\n/\nATOMIC_SPECIES\n B 10.811 B.UPF\n H 2.014 H.UPF\n Li 6.94 Li.UPF\nATOMIC_POSITIONS (bohr)\n${SYMBOLS.map((s) => `${s} 0 0 0`).join('\n')}\n`;

describe('writeQeCp', () => {
  it('round-trips generated frames (triclinic, changing cell) through the reader', async () => {
    const frames = generated(6);
    const dir = mkdtempSync(join(root, 'rt-'));
    const paths = await writeQeCp(join(dir, 'gen'), frames, topologyFromSymbols(SYMBOLS));
    expect(paths.map((p) => p.slice(-3))).toEqual(['pos', 'cel', 'vel', 'for', 'evp']);
    writeFileSync(join(dir, 'gen.in'), INPUT);
    const log = new DiagnosticLog();
    const tf = await qeCpReader.open(join(dir, 'gen.for'), { diagnostics: log });
    const back: Frame[] = [];
    for await (const f of tf.frames()) back.push(f);
    expect(back).toHaveLength(6);
    expect(tf.topology.symbols).toEqual(SYMBOLS);
    const rel = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
    };
    back.forEach((f, k) => {
      const g = frames[k]!;
      expect([f.step, f.segment]).toEqual([g.step, 0]);
      expect(f.time).toBeCloseTo(g.time!, 8);
      rel(f.positions, g.positions, 1e-13);
      rel(f.velocities!, g.velocities!, 1e-13);
      rel(f.forces!, g.forces!, 1e-13);
      rel(f.cell.matrix, g.cell.matrix, 5e-9 * BOHR_TO_ANGSTROM); // F14.8 in bohr
      expect(Math.abs(f.temperature! - g.temperature!) / g.temperature!).toBeLessThan(1e-6);
      expect(f.energy).toBeCloseTo(g.energy!, 6);
    });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  const md = sharedData('qe-cp-li2b12h12-prim-800K/md-segment/lbh.pos');
  it.skipIf(!md.available)(`rewrites the cp.x md-segment byte for byte (.pos .cel .vel .for) ${md.reason}`, async () => {
    const tf = await qeCpReader.open(md.path, { diagnostics: new DiagnosticLog(), qeInput: join(md.path, '../../run_02b.in') });
    const out = join(mkdtempSync(join(root, 'md-')), 'lbh');
    await writeQeCp(out, tf.frames(), tf.topology);
    for (const ext of ['pos', 'cel', 'vel', 'for']) {
      expect(readFileSync(`${out}.${ext}`, 'utf8'), ext).toBe(readFileSync(md.path.replace(/pos$/, ext), 'utf8'));
    }
  });

  it('fails cleanly: wrong atom count, no frames, an input path; leaves no temporary files', async () => {
    const dir = mkdtempSync(join(root, 'bad-'));
    const top = topologyFromSymbols(['Li', 'Li']);
    await expect(writeQeCp(join(dir, 'a'), generated(2), top)).rejects.toMatchObject({ code: 'E_TOPOLOGY' });
    await expect(writeQeCp(join(dir, 'b'), [], top)).rejects.toMatchObject({ code: 'E_USAGE' });
    writeFileSync(join(dir, 'c.pos'), 'input');
    await expect(writeQeCp(join(dir, 'c'), generated(1), topologyFromSymbols(SYMBOLS), { protectedInputs: [join(dir, 'c.pos')] })).rejects.toMatchObject({ code: 'E_USAGE' });
    expect(readdirSync(dir)).toEqual(['c.pos']);
    expect(readFileSync(join(dir, 'c.pos'), 'utf8')).toBe('input');
  });
});

describe('Fortran edit descriptors', () => {
  it('E25.14, F13.8 and I8 as cp.x prints them, with asterisks on overflow', () => {
    expect(fortranE(-0.043734604969348)).toBe('    -0.43734604969348E-01');
    expect(fortranE(14.263428390726)).toBe('     0.14263428390726E+02');
    expect(fortranE(0)).toBe('     0.00000000000000E+00');
    expect(fortranE(0.99999999999999999)).toBe('     0.10000000000000E+01');
    expect(fortranE(1.5e-120).trim()).toBe('0.15000000000000-119');
    expect(fortranF(0.00145133, 13, 8)).toBe('   0.00145133');
    expect(fortranF(12345.6, 13, 8)).toBe('*************');
    expect(fortranF(99.5, 11, 8)).toBe('99.50000000');
    expect(fortranF(100, 11, 8)).toBe('***********');
    expect(fortranI(3200, 8)).toBe('    3200');
    expect(fortranI(123456789, 8)).toBe('********');
  });
});
