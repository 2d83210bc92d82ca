import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOHR_TO_ANGSTROM } from '../../core/units.js';
import { createRng } from '../../math/rng.js';
import { parseCube, readCube } from './read.js';
import type { CubeData } from './types.js';
import { e13, formatCube } from './write.js';

function sample(): CubeData {
  const rng = createRng(11);
  const shape: [number, number, number] = [3, 4, 7];
  const values = Float64Array.from({ length: 84 }, () => (rng.nextFloat() < 0.3 ? 0 : rng.nextFloat() * 10 ** (rng.nextInt(6) - 4)));
  // Triclinic voxel vectors (Å), as a/3, b/4, c/7 of a sheared cell.
  const axes = Float64Array.from([10.05 / 3, 0, 0, -1.2 / 4, 9.1 / 4, 0, 0.7 / 7, -0.4 / 7, 8.3 / 7]);
  return {
    comments: ['paddlewheel test', 'VALUES IN ANGSTROM^-3'],
    origin: [0.5 * (axes[0]! + axes[3]! + axes[6]!), 0.5 * (axes[4]! + axes[7]!), 0.5 * axes[8]!],
    shape,
    axes,
    atoms: [
      { z: 5, charge: 5, position: [1.25, -0.5, 4.125] },
      { z: 17, charge: 17, position: [10.05, 9.1, 0] },
      { z: 0, charge: 0, position: [0, 0, 0] },
    ],
    values,
  };
}

describe('Gaussian cube writer and reader', () => {
  it('writes the header in Bohr with the CODATA factor and the values six per line, z innermost', () => {
    const text = formatCube(sample());
    const lines = text.split('\n');
    expect(lines[0]).toBe('paddlewheel test');
    expect(lines[2]!.trim().split(/\s+/)[0]).toBe('3');
    // 10.05 Å / 3 = 3.35 Å = 6.330582… Bohr (and 10.05 Å is the cp.x run's celldm(1) = 18.991748 Bohr).
    expect(lines[3]).toBe(`    3${(3.35 / BOHR_TO_ANGSTROM).toFixed(6).padStart(12)}    0.000000    0.000000`);
    expect((10.05 / BOHR_TO_ANGSTROM).toFixed(6)).toBe('18.991748');
    expect(lines[6]).toBe(`    5    5.000000${[1.25, -0.5, 4.125].map((x) => (x / BOHR_TO_ANGSTROM).toFixed(6).padStart(12)).join('')}`);
    const data = lines.slice(9, -1);
    // 12 runs of n3 = 7 values → 6 + 1 per run.
    expect(data).toHaveLength(24);
    expect(data.map((l) => l.trim().split(/\s+/).length)).toEqual(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 6 : 1)));
    expect(data.every((l) => l.length === 13 * l.trim().split(/\s+/).length)).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('round trip: same grid, axes, origin and atoms (to the printed 1e-6 Bohr), values to 6 digits', async () => {
    const d = sample();
    const dir = mkdtempSync(join(tmpdir(), 'pw-cube-'));
    const p = join(dir, 'x.cube');
    writeFileSync(p, formatCube(d));
    const r = await readCube(p);
    expect(r.shape).toEqual(d.shape);
    expect(r.comments).toEqual(d.comments);
    expect(r.valuesPerPoint).toBe(1);
    const tol = 0.5e-6 * BOHR_TO_ANGSTROM * (1 + 1e-9);
    for (let i = 0; i < 9; i++) expect(Math.abs(r.axes[i]! - d.axes[i]!)).toBeLessThanOrEqual(tol);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.origin[i]! - d.origin[i]!)).toBeLessThanOrEqual(tol);
    expect(r.atoms.map((a) => [a.z, a.charge])).toEqual(d.atoms.map((a) => [a.z, a.charge]));
    r.atoms.forEach((a, k) => a.position.forEach((x, c) => expect(Math.abs(x - d.atoms[k]!.position[c]!)).toBeLessThanOrEqual(tol)));
    for (let i = 0; i < d.values.length; i++) {
      const want = d.values[i]!;
      expect(Math.abs(r.values[i]! - want)).toBeLessThanOrEqual(5e-6 * Math.abs(want));
    }
    // Writing what was read reproduces the file byte for byte.
    expect(formatCube(r)).toBe(formatCube(d));
  });

  it('E13.5 as Fortran writes it', () => {
    expect(e13(0.0012345)).toBe('  1.23450E-03');
    expect(e13(0)).toBe('  0.00000E+00');
    expect(e13(-271.828)).toBe(' -2.71828E+02');
    expect(e13(1.5e-120)).toBe(' 1.50000E-120');
    expect(() => e13(NaN)).toThrow(RangeError);
  });

  it('reads Å headers (negative counts) and multi-value files (negative atom count)', () => {
    const text = [
      'c1', 'c2',
      '   -1    0.0 0.0 0.0',
      '   -2    0.5 0.0 0.0',
      '   -1    0.0 0.5 0.0',
      '   -1    0.0 0.0 0.5',
      '    3    3.0 1.0 2.0 3.0',
      '    2    7 8',
      ' 1 2 3 4',
      '',
    ].join('\n');
    const r = parseCube(text);
    expect(r.shape).toEqual([2, 1, 1]);
    expect(r.axes[0]).toBe(0.5);
    expect(r.atoms[0]!.position).toEqual([1, 2, 3]);
    expect(r.valuesPerPoint).toBe(2);
    expect(Array.from(r.values)).toEqual([1, 2, 3, 4]);
  });

  it('malformed input: E_PARSE with the line (and column)', () => {
    const good = formatCube(sample()).split('\n');
    const bad = (mutate: (l: string[]) => void) => {
      const l = [...good];
      mutate(l);
      try {
        parseCube(l.join('\n'), 'bad.cube');
      } catch (e) {
        return e as { code: string; line?: number; column?: number; message: string };
      }
      throw new Error('no error');
    };
    expect(bad((l) => { l[4] = '    4   0.1  0.2'; })).toMatchObject({ code: 'E_PARSE', line: 5 });
    expect(bad((l) => { l[3] = '  2.5   1 0 0'; })).toMatchObject({ code: 'E_PARSE', line: 4, column: 1 });
    expect(bad((l) => { l[7] = '   17   17.0 1.0 x 2.0'; })).toMatchObject({ code: 'E_PARSE', line: 8 });
    const v = bad((l) => { l[12] = l[12]!.replace(/E/, 'Q'); });
    expect(v).toMatchObject({ code: 'E_PARSE', line: 13, column: 3 });
    expect(bad((l) => { l.splice(20, 1); })).toMatchObject({ code: 'E_PARSE', message: expect.stringMatching(/84 grid values .*found only 83/) });
    expect(bad((l) => { l.splice(-1, 0, '  1.0'); })).toMatchObject({ code: 'E_PARSE', line: good.length });
    expect(bad((l) => { l.length = 4; })).toMatchObject({ code: 'E_PARSE' });
  });
});
