import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orthorhombicCell } from '../../src/core/cell.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { createRng } from '../../src/math/rng.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { randomWalk } from '../../src/analysis/vanhove/testing.js';
import { sharedData } from '../helpers/data.js';
import { cli } from './cli.js';
import { buildProgram } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-vanhove-'));
const unwrapped = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');
const wrapped = sharedData('na3ps4-800K/cNa3PS4_800K_pda_XDATCAR.gz');
// pymatgen-analysis-diffusion test_van_hove.py l.42–43 (PROVENANCE.md of na3ps4-800K).
const PYMATGEN = ['--cation', 'Na', '--avg-nsteps', '5', '--ngrid', '101', '--rmax', '10', '--step-skip', '5', '--sigma', '0.1'];
const GSRT_00 = 3.98942280401, GDRT_10_0 = 9.68574868168;

const json = (args: string[]) => {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('paddlewheel vanhove (CLI)', () => {
  it.skipIf(!unwrapped.available)(`reproduces pymatgen's VanHoveAnalysis on the Na3PS4 file and writes both heat maps ${unwrapped.reason}`, () => {
    const out = join(dir, 'na');
    const o = json(['vanhove', unwrapped.path, ...PYMATGEN, '--out', out, '--json']);
    expect(o.analysis).toBe('vanhove');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'r', 't', 'self', 'distinct', 'units']) expect(o, k).toHaveProperty(k);
    expect(o.units).toEqual({ r: 'Å', t: 'ps', self: 'Å^-1', distinct: '1' });
    expect([o.self.length, o.self[0].length]).toEqual([20, 101]);
    expect([o.distinct.length, o.distinct[0].length]).toEqual([20, 101]);
    expect(o.self[0][0]).toBeCloseTo(GSRT_00, 10);
    expect(Math.abs(o.distinct[10][0] / GDRT_10_0 - 1)).toBeLessThan(1e-8);
    expect(o.t[1]).toBeCloseTo(0.1, 12);
    expect(o.t[19]).toBeCloseTo(1.9, 12);
    expect(o.r[100]).toBe(10);
    expect(o.cations).toBe(48);
    expect(o.rowOrigins.every((n: number) => n === 5)).toBe(true);
    expect(o.images).toBe('every periodic image within rmax');
    expect(o.diagnostics.map((d: { code: string }) => d.code)).toContain('I_VANHOVE_IMAGES');
    for (const part of ['self', 'distinct']) {
      expect(readFileSync(o.figures[part].svg, 'utf8')).toMatch(/^<svg [\s\S]*t \(ps\)[\s\S]*r \(Å\)/);
      expect(Array.from(readFileSync(o.figures[part].png).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    // The physical spelling of the same grid (0.1 ps = 5 frames of 20 fs) gives the same numbers.
    const p = json(['vanhove', unwrapped.path, '--cation', 'Na', '--origins', '5', '--t-step', '0.1', '--out', join(dir, 'na-ps'), '--json']);
    expect(p.distinct).toEqual(o.distinct);
    expect(p.self).toEqual(o.self);
  });

  it.skipIf(!wrapped.available)(`unwraps the wrapped XDATCAR to the same result; without --dt it stops before reading ${wrapped.reason}`, async () => {
    const o = json(['vanhove', wrapped.path, ...PYMATGEN, '--dt', '20', '--out', join(dir, 'xdat'), '--json']);
    expect(o.self[0][0]).toBeCloseTo(GSRT_00, 10);
    // The XDATCAR lattice has 6 decimals, so ρ = N/V differs by ~1e-8 relative.
    expect(Math.abs(o.distinct[10][0] / GDRT_10_0 - 1)).toBeLessThan(1e-7);
    const out = join(dir, 'no-dt');
    await expect(buildProgram().parseAsync(['node', 'paddlewheel', 'vanhove', wrapped.path, ...PYMATGEN, '--out', out])).rejects.toMatchObject({ code: 'E_NO_TIME', message: expect.stringMatching(/--dt/) });
    expect(existsSync(out)).toBe(false);
  });

  it('every frame as an origin with a bounded lag, text summary, and usage errors', async () => {
    const cell = orthorhombicCell(12, 12, 12);
    const frames = randomWalk(createRng(9), cell, 24, 30, 0.2);
    const file = join(dir, 'walk.extxyz');
    await writeExtxyz(frames, topologyFromSymbols([...Array<string>(12).fill('Li'), ...Array<string>(12).fill('Cl')]), file);
    const o = json(['vanhove', file, '--cation', 'Li', '--anion', 'Cl', '--origins', 'all', '--t-step', '0.03', '--tmax', '0.12', '--rmax', '5', '--ngrid', '51', '--sigma', '0', '--out', join(dir, 'walk'), '--json']);
    expect(o.lagFrames).toEqual([0, 3, 6, 9, 12]);
    expect(o.rowOrigins).toEqual([30, 27, 24, 21, 18]);
    expect(o.images).toBe('minimum image');
    expect(o.heldOrigins.bound).toBe(13);
    for (const row of o.self) expect(row.reduce((a: number, b: number) => a + b, 0) * o.dr.value).toBeCloseTo(1, 10);
    const text = cli(['vanhove', file, '--cation', 'Li', '--anion', 'Cl', '--avg-nsteps', '4', '--step-skip', '2', '--out', join(dir, 'walk-text')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/grid\s+14 times × 101 radii/);
    // Usage errors in-process (a process per case would be slow); the CLI maps E_USAGE to exit code 2.
    for (const bad of [
      ['--origins', 'all'],
      ['--t-step', '0.02', '--step-skip', '2'],
      ['--avg-nsteps', '4', '--origins', '3'],
      ['--ngrid', '1'],
      ['--sigma', '-1'],
      ['--drift', 'anions'],
      ['--t-step', '0.001'],
    ]) {
      await expect(buildProgram().parseAsync(['node', 'paddlewheel', 'vanhove', file, '--cation', 'Li', '--out', join(dir, 'bad'), ...bad]), bad.join(' ')).rejects.toMatchObject({ code: 'E_USAGE' });
    }
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
