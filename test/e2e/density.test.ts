import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { li2b12h12Cell } from '../../src/chem/testing.js';
import { cartToFrac, det3, makeCell } from '../../src/core/cell.js';
import { createRng } from '../../src/math/rng.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { readCube } from '../../src/io/cube/read.js';
import { cli } from './cli.js';
import { sharedData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-density-'));

/** Six frames of a generated β-Li2B12H12 cell with the Li rattling by up to ±0.3 Å. */
async function borate(): Promise<string> {
  const rng = createRng(5);
  const g = li2b12h12Cell(rng);
  const frames: Frame[] = Array.from({ length: 6 }, (_, t) => {
    const p = Float64Array.from(g.positions);
    for (let i = 192 * 3; i < p.length; i++) p[i] += 0.6 * (rng.nextFloat() - 0.5);
    return { index: t, segment: 0, time: 0.01 * t, positions: p, cell: g.cell };
  });
  const path = join(dir, 'lbh.extxyz');
  await writeExtxyz(frames, topologyFromSymbols(g.symbols), path);
  return path;
}

function cubeIntegral(c: Awaited<ReturnType<typeof readCube>>): number {
  let s = 0;
  for (const x of c.values) s += x;
  return s * Math.abs(det3(c.axes));
}

describe('paddlewheel density (CLI)', () => {
  it('writes the cube and slices and prints the SPEC section 10 keys', async () => {
    const file = await borate();
    const out = join(dir, 'out1');
    const r = cli(['density', file, '--cation', 'Li', '--anion', 'B12H12', '--out', out, '--spacing', '0.5', '--slice', 'z=0.5', '--slice', 'x=0.25', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('density');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'grid', 'spacing', 'cubeFile', 'slices', 'cations']) expect(o, k).toHaveProperty(k);
    // √2×√2×1 cell of a = 10.05: |a| = |b| = 14.213 Å, |c| = 10.05 Å.
    expect(o.grid).toEqual([28, 28, 20]);
    expect(o.spacing).toEqual({ value: 0.5, unit: 'Å' });
    expect(o.cations).toBe(16);
    expect(o.frames).toBe(6);
    expect(o.integratedCations).toBeCloseTo(16, 9);
    expect(o.slices.map((s: { plane: string }) => s.plane)).toEqual(['z=0.5', 'x=0.25']);
    expect(o.cubeFile).toBe(join(out, 'density.cube'));
    const cube = await readCube(o.cubeFile);
    expect(cube.shape).toEqual([28, 28, 20]);
    expect(cube.atoms).toHaveLength(8);
    expect(cube.atoms.every((a) => a.z === 5)).toBe(true);
    expect(cube.comments[1]).toMatch(/ANGSTROM\^-3/);
    expect(cubeIntegral(cube)).toBeCloseTo(16, 3);
    for (const s of o.slices) {
      expect(readFileSync(s.file, 'utf8')).toMatch(/^<svg /);
      expect(Array.from(readFileSync(s.png).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    // Human-readable summary names the grid, the integral and the maximum.
    const text = cli(['density', file, '--cation', 'Li', '--out', join(dir, 'out2'), '--spacing', '0.5']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/grid\s+28 × 28 × 20/);
    expect(text.stdout).toMatch(/Σ ρ·ΔV = 16\.0000 cations/);
    expect(existsSync(join(dir, 'out2', 'slice-z0.25.png'))).toBe(true);
  });

  it('a fixed Li appears in the cube at its own position (origin, voxel vectors and value order agree)', async () => {
    const cell = makeCell([9, 0, 0, -2.5, 8, 0, 1.5, -1, 7.5]);
    const li: [number, number, number] = [3.3, 5.1, 2.2];
    const frames: Frame[] = [0, 1, 2].map((t) => ({ index: t, segment: 0, time: 0.01 * t, cell, positions: Float64Array.from([0, 0, 0, ...li]) }));
    const path = join(dir, 'fixed.extxyz');
    await writeExtxyz(frames, topologyFromSymbols(['Cl', 'Li']), path);
    const r = cli(['density', path, '--cation', 'Li', '--out', join(dir, 'fixed'), '--spacing', '0.3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const cube = await readCube(JSON.parse(r.stdout).cubeFile);
    const [n1, n2, n3] = cube.shape;
    let best = 0;
    cube.values.forEach((x, i) => { if (x > cube.values[best]!) best = i; });
    expect(cube.values.filter((x) => x !== 0)).toHaveLength(1);
    const k = best % n3, j = ((best - k) / n3) % n2, i = (best - k - j * n3) / (n2 * n3);
    expect(i).toBeLessThan(n1);
    const p = [0, 1, 2].map((c) => cube.origin[c]! + i * cube.axes[c]! + j * cube.axes[3 + c]! + k * cube.axes[6 + c]!);
    // The grid point is the centre of the Li's voxel: within half a voxel along each vector.
    const frac = cartToFrac(makeCell(cube.axes), [p[0]! - li[0], p[1]! - li[1], p[2]! - li[2]]);
    for (const f of frac) expect(Math.abs(f)).toBeLessThanOrEqual(0.5 + 1e-5);
    expect(cube.atoms).toHaveLength(1);
    expect(cube.atoms[0]!.z).toBe(17);
    cube.atoms[0]!.position.forEach((x) => expect(Math.abs(x)).toBeLessThan(1e-5));
  });

  it('bad usage exits 2 and a bad selection exits 1, both before writing anything', async () => {
    const file = await borate();
    const out = join(dir, 'never');
    const slice = cli(['density', file, '--out', out, '--slice', 'q=2']);
    expect(slice.code).toBe(2);
    expect(slice.stderr).toMatch(/--slice q=2/);
    expect(cli(['density', file]).code).toBe(2);
    expect(cli(['density', file, '--out', out, '--spacing', '-1']).code).toBe(2);
    const na = cli(['density', file, '--cation', 'Na', '--out', out]);
    expect(na.code).toBe(1);
    expect(na.stderr).toMatch(/E_SELECTION/);
    expect(existsSync(out)).toBe(false);
  });

  const arg = sharedData('argyrodite-Li6PS5X-500K/Li6PS5Cl/0p/run1/actual_XDATCAR.gz');
  it.skipIf(!arg.available)(`argyrodite Li6PS5Cl: 192 Li on a 102³ grid, 96 anion centres ${arg.reason}`, async () => {
    const r = cli(['density', arg.path, '--cation', 'Li', '--out', join(dir, 'arg'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.grid).toEqual([102, 102, 102]);
    expect(o.frames).toBe(140);
    expect(o.cations).toBe(192);
    expect(o.integratedCations).toBeCloseTo(192, 9);
    expect(o.anionCentres).toBe(96);
    const cube = await readCube(o.cubeFile);
    // Z of each anion's central atom: P for PS4, S for S²⁻, Cl for Cl⁻ (32 each).
    const byZ: Record<number, number> = {};
    for (const a of cube.atoms) byZ[a.z] = (byZ[a.z] ?? 0) + 1;
    expect(byZ).toEqual({ 15: 32, 16: 32, 17: 32 });
    expect(cubeIntegral(cube)).toBeCloseTo(192, 2);
  });

  const qe = sharedData('qe-cp-li2b12h12-prim-800K/md-segment/lbh.pos');
  it.skipIf(!qe.available)(`cp.x Li2B12H12 primitive cell: 2 Li, one B12H12 centre ${qe.reason}`, async () => {
    const r = cli(['density', qe.path, '--qe-input', join(qe.path, '..', '..', 'run_02b.in'), '--cation', 'Li', '--out', join(dir, 'qe'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.grid).toEqual([36, 36, 36]);
    expect(o.frames).toBe(320);
    expect(o.cations).toBe(2);
    const cube = await readCube(o.cubeFile);
    expect(cube.atoms.map((a) => a.z)).toEqual([5]);
    // fcc primitive vectors of celldm(1) = 18.991748 Bohr: a/36 = (−½, 0, ½)·18.991748/36 Bohr.
    expect(cube.axes[0]! / 0.529177210903).toBeCloseTo(-18.991748 / 72, 5);
  });
});
