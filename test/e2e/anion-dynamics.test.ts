import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { idealB12H12, quaternionToMatrix } from '../../src/chem/icosahedron.js';
import { makeCell } from '../../src/core/cell.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { sharedData } from '../helpers/data.js';
import { cli } from './cli.js';
import { rotationParamsFrom } from '../../src/cli/commands/rotation.js';
import { distortionParamsFrom } from '../../src/cli/commands/distortion.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-anion-dyn-'));
const spin = join(dir, 'spin.extxyz');
const OMEGA = 10; // rad/ps about z

beforeAll(async () => {
  // One ideal B12H12 turning about z at ω (no time in the file: --dt gives 10 fs), and a Li.
  const cell = makeCell([20, 0, 0, 0, 20, 0, 0, 0, 20]);
  const frames: Frame[] = Array.from({ length: 40 }, (_, t) => {
    const phi = OMEGA * 0.01 * t;
    const { positions } = idealB12H12([10, 10, 10], quaternionToMatrix(Math.cos(phi / 2), 0, 0, Math.sin(phi / 2)));
    return { index: t, segment: 0, cell, positions: Float64Array.from([...positions, 1, 1, 1]) };
  });
  const symbols = [...Array<string>(12).fill('B'), ...Array<string>(12).fill('H'), 'Li'];
  await writeExtxyz(frames, topologyFromSymbols(symbols), spin);
});

describe('paddlewheel distortion / rotation (CLI)', () => {
  it('distortion --json of a rigid spinning icosahedron: per-element keys, zero radialStd and kabschRmsd, fitted radii 1.7/2.9', () => {
    const r = cli(['distortion', spin, '--anion', 'B12H12', '--cation', 'Li', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('distortion');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'B', 'H', 'histogram', 'units', 'frames']) expect(o, k).toHaveProperty(k);
    expect(o.B.radialStd.value).toBeLessThan(1e-9);
    expect(o.B.kabschRmsd.value).toBeLessThan(1e-9);
    expect(o.H.kabschRmsd.value).toBeLessThan(1e-9);
    expect(o.B.radius.value).toBeCloseTo(1.7, 6);
    expect(o.H.radius.value).toBeCloseTo(2.9, 6);
    expect(o.B.kabschRmsd.unit).toBe('Å');
  });

  it('rotation --json: C1(t) = ⟨cos²θ + sin²θ cos ωt⟩ about z; needs --dt', () => {
    const noDt = cli(['rotation', spin, '--anion', 'B12H12', '--cation', 'Li']);
    expect(noDt.code).toBe(1);
    expect(noDt.stderr).toMatch(/E_NO_TIME/);
    const r = cli(['rotation', spin, '--anion', 'B12H12', '--cation', 'Li', '--element', 'B', '--dt', '10', '--max-lag', '0.3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    for (const k of ['lag', 'C1', 'C2', 'tau1', 'tau2', 'units']) expect(o, k).toHaveProperty(k);
    expect(o.lag).toHaveLength(31);
    expect(o.units.lag).toBe('ps');
    // Vertices (0, ±1, ±φ)/√(1+φ²) and cyclic: cos²θ to z is φ²/(1+φ²) for 4, 0 for 4, 1/(1+φ²) for 4.
    const phi = (1 + Math.sqrt(5)) / 2, n2 = 1 + phi * phi;
    const c2 = [phi * phi / n2, 0, 1 / n2];
    o.lag.forEach((t: number, m: number) => {
      const c = c2.map((x) => x + (1 - x) * Math.cos(OMEGA * t));
      expect(o.C1[m]).toBeCloseTo(c.reduce((a, b) => a + b, 0) / 3, 8);
      expect(o.C2[m]).toBeCloseTo(c.reduce((a, b) => a + 1.5 * b * b - 0.5, 0) / 3, 8);
    });
  });

  it('bad input fails before frames are read: an element not in the anion (CLI), a negative --max-lag, zero bins, an unknown model (flag parsing)', () => {
    const el = cli(['rotation', spin, '--anion', 'B12H12', '--cation', 'Li', '--element', 'S', '--dt', '10']);
    expect(el.code).toBe(1);
    expect(el.stderr).toMatch(/--element S: B12H12 has no S; its elements are B, H/);
    expect(() => rotationParamsFrom({ maxLag: '-1' })).toThrow(/--max-lag -1: expected a positive number in ps/);
    expect(() => rotationParamsFrom({ model: 'gaussian' })).toThrow(/--model gaussian: expected stretched or exponential/);
    expect(() => distortionParamsFrom({ bins: '0' })).toThrow(/--bins 0: expected a positive integer/);
    expect(() => rotationParamsFrom({ fitStart: 'x' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  const qe = sharedData('qe-cp-li2b12h12-prim-800K/md-segment/lbh.pos');
  const qeArgs = () => {
    const d = join(qe.path, '..', '..');
    return [join(d, 'md-segment', 'lbh.pos'), join(d, 'continuation', 'lbh.pos'), '--qe-input', join(d, 'run_02b.in'), '--anion', 'B12H12', '--json'];
  };
  it.skipIf(!qe.available)(`cp.x β-Li2B12H12 800 K (1000 frames): B/H radialStd near the study's 0.060/0.081 Å ${qe.reason}`, () => {
    const r = cli(['distortion', ...qeArgs()]);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.frames).toBe(1000);
    expect(o.B.radialStd.value).toBeCloseTo(0.0546, 3);
    expect(o.H.radialStd.value).toBeCloseTo(0.0743, 3);
    expect(o.B.radius.value).toBeCloseTo(1.701, 2);
    expect(o.H.radius.value).toBeCloseTo(2.894, 2);
    expect(o.B.kabschRmsd.value).toBeCloseTo(0.110, 2);
    expect(o.B.radialStd.method).toMatch(/10 blocks of 100 frames/);
  });

  it.skipIf(!qe.available)(`cp.x β-Li2B12H12: the anion only librates in 1.45 ps — C1 stays ≈ 0.98, τ not fitted (W_NO_DECAY) ${qe.reason}`, () => {
    const r = cli(['rotation', ...qeArgs(), '--element', 'B']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.lag).toHaveLength(500);
    expect(o.C1[0]).toBeCloseTo(1, 12);
    expect(Math.min(...o.C1)).toBeGreaterThan(0.97);
    expect(o.tau1).toBeNull();
    expect(o.diagnostics.map((d: { code: string }) => d.code)).toContain('W_NO_DECAY');
  });

  const arg = sharedData('argyrodite-Li6PS5X-500K/Li6PS5Cl/0p/run1/actual_XDATCAR.gz');
  it.skipIf(!arg.available)(`argyrodite Li6PS5Cl run1 (14 ps, 100 fs frames): PS4 S vectors librate about a plateau C1 ≈ 0.985 ${arg.reason}`, () => {
    const r = cli(['rotation', arg.path, '--dt', '100', '--anion', 'PS4', '--element', 'S', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.anions).toBe(32);
    expect(o.vectors).toBe(128);
    expect(o.C1[10]).toBeGreaterThan(0.97);
    expect(o.C1[10]).toBeLessThan(0.995);
  });
});
