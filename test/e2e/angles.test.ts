import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { li2b12h12Cell } from '../../src/chem/testing.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { createRng } from '../../src/math/rng.js';
import { sharedData } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-angles-'));
const prim = join(dir, 'lbh-prim.extxyz');

beforeAll(async () => {
  // 26-atom primitive β-Li2B12H12 cell, Li on the two tetrahedral sites, 6 frames of 0.03 Å noise.
  const g = li2b12h12Cell(createRng(3), { primitive: true });
  const rng = createRng(4);
  const frames: Frame[] = Array.from({ length: 6 }, (_, f) => ({
    index: f, segment: 0, time: 0.01 * f, cell: g.cell,
    positions: g.positions.map((x) => x + 0.03 * rng.nextNormal()),
  }));
  await writeExtxyz(frames, topologyFromSymbols(g.symbols), prim);
});

describe('paddlewheel angles / docking (CLI)', () => {
  it('angles --json: SPEC keys; the anion sees 8 Li images (28 pairs a frame) at icosahedral angles', () => {
    const r = cli(['angles', prim, '--cation', 'Li', '--anion', 'B12H12', '--r1', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('angles');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'theta', 'ranges', 'baseline', 'templates', 'units']) expect(o, k).toHaveProperty(k);
    expect(o.theta).toHaveLength(180);
    expect(o.ranges).toHaveLength(3);
    for (const g of o.ranges) for (const k of ['rMin', 'rMax', 'density', 'icosahedralOverlap', 'latticeOverlap']) expect(g, k).toHaveProperty(k);
    expect(o.meanCoordination).toBe(8);
    expect(o.ranges.reduce((a: number, g: { pairs: number }) => a + g.pairs, 0)).toBe(6 * 28);
    expect(o.ranges[0].rMin).toBeCloseTo(o.closest.value, 12);
    expect(o.rMinSource).toMatch(/over the selected frames/);
    expect(o.templates.lattice).toMatchObject({ lattice: 'fcc', site: 'trigonal' });
    expect(o.baseline.icosahedral).toBeCloseTo(0.2825, 3);
    const all = o.ranges.filter((g: { pairs: number }) => g.pairs > 0);
    for (const g of all) expect(g.icosahedralOverlap).toBe(1);
  });

  it('angles finds r₁ itself from g(r) when --r1 is not given', () => {
    const a = cli(['angles', prim, '--cation', 'Li', '--anion', 'B12H12', '--ranges', '1', '--json']);
    expect(a.code, a.stderr).toBe(0);
    const o = JSON.parse(a.stdout);
    // Shells at 4.35 Å (8 images) and 8.33 Å: the minimum is the empty gap between them.
    expect(o.r1.value).toBeGreaterThan(5);
    expect(o.r1.value).toBeLessThan(8);
    expect(o.r1.method).toMatch(/first minimum of the anion-centre–cation g\(r\)/);
    expect(o.ranges[0].pairs).toBe(6 * 28);
  });

  it('docking --json: SPEC keys; Li at 4.35 Å are not docked (r_dock 3.7 Å) until --r-dock 4.6', () => {
    const r = cli(['docking', prim, '--cation', 'Li', '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('docking');
    for (const k of ['rDock', 'dockedFraction', 'triadAngle', 'triadAngleDensity', 'triadAngleIsotropicDensity']) expect(o, k).toHaveProperty(k);
    expect(o.rDock.value).toBeCloseTo(3.7, 12);
    expect(o.rDock.source).toMatch(/binding distance 3\.2 Å/);
    expect(o.r1.method).toMatch(/first minimum/);
    expect(o.dockedFraction).toBe(0);
    expect(o.diagnostics.map((x: { code: string }) => x.code)).toContain('W_NONE_DOCKED');
    const wide = JSON.parse(cli(['docking', prim, '--cation', 'Li', '--anion', 'B12H12', '--r1', '5', '--r-dock', '4.6', '--json']).stdout);
    expect(wide.dockedFraction).toBe(1);
    expect(wide.triadAngleDensity.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('bad usage fails before reading frames, with exit code 2 and a reason', () => {
    const ranges = cli(['angles', prim, '--cation', 'Li', '--r1', '5', '--ranges', '4-3']);
    expect(ranges.code).toBe(2);
    expect(ranges.stderr).toMatch(/--ranges 4-3: range 4-3 is empty/);
    const dock = cli(['docking', prim, '--cation', 'Li', '--anion', 'B12H12', '--r1', '5', '--r-dock', '6']);
    expect(dock.code).toBe(2);
    expect(dock.stderr).toMatch(/r_dock = 6 Å must .* not beyond r₁ = 5 Å/);
  });

  const pos = sharedData('qe-cp-li2b12h12-prim-800K/md-segment/lbh.pos');
  const cont = sharedData('qe-cp-li2b12h12-prim-800K/continuation/lbh.pos');
  const input = sharedData('qe-cp-li2b12h12-prim-800K/run_02b.in');
  it.skipIf(!pos.available || !cont.available)(`cp.x β-Li2B12H12 800 K (md-segment + continuation, 1000 frames) ${pos.reason}`, () => {
    const args = [pos.path, cont.path, '--qe-input', input.path, '--cation', 'Li', '--anion', 'B12H12', '--json'];
    const a = JSON.parse(cli(['angles', ...args]).stdout);
    expect(a.frames).toBe(1000);
    expect(a.r1.value).toBeCloseTo(5.95, 1);
    expect(a.closest.value).toBeCloseTo(3.292, 3);
    expect(a.meanCoordination).toBeCloseTo(7.82, 2);
    expect(a.templates.lattice).toMatchObject({ lattice: 'fcc', site: 'trigonal' });
    const d = JSON.parse(cli(['docking', ...args, '--r1', '5.95']).stdout);
    expect(d.frames).toBe(1000);
    expect(d.meanDocked).toBeCloseTo(0.597, 3);
    expect(d.meanTriadAngle.value).toBeLessThan(d.isotropicMeanTriadAngle.value);
  });
});
