import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCell } from '../../src/core/cell.js';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { cubicLatticePoints } from '../../src/chem/lattice.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { sharedData } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-rdf-'));
const qe = sharedData('qe-cp-li2b12h12-prim-800K/md-segment/lbh.pos');
const qeCont = sharedData('qe-cp-li2b12h12-prim-800K/continuation/lbh.pos');
const qeIn = sharedData('qe-cp-li2b12h12-prim-800K/run_02b.in');
const na = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');

/**
 * A bcc lattice of Cl (a = 7.98 Å) in its 1-point primitive cell, 3 identical frames, plus one
 * spectator Li (the driver selects ions even when the groups are plain elements).
 */
async function bccPrimitive(): Promise<string> {
  const a = 7.98;
  const cell = makeCell([-a / 2, a / 2, a / 2, a / 2, -a / 2, a / 2, a / 2, a / 2, -a / 2]);
  const pts = cubicLatticePoints('bcc', a, cell);
  const frames: Frame[] = [0, 1, 2].map((t) => ({ index: t, segment: 0, time: 0.01 * t, positions: Float64Array.from([...pts, 0.1, 0.2, 3.3]), cell }));
  const path = join(dir, 'bcc.extxyz');
  await writeExtxyz(frames, topologyFromSymbols(['Cl', 'Li']), path);
  return path;
}

describe('paddlewheel rdf / coordination (CLI)', () => {
  it('bcc in a 1-point triclinic cell: explicit images give 8 neighbours in the first shell', async () => {
    const file = await bccPrimitive();
    const r = cli(['rdf', file, '--pair', 'Cl:Cl', '--rmax', '12', '--bin', '0.02', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    for (const k of ['analysis', 'version', 'params', 'provenance', 'diagnostics', 'r', 'g', 'n', 'r1', 'meanCoordination', 'units']) expect(o, k).toHaveProperty(k);
    expect(o.analysis).toBe('rdf');
    expect(o.units).toEqual({ r: 'Å', rEdge: 'Å', g: '1', n: '1' });
    expect(o.r).toHaveLength(600);
    expect(o.meanCoordination.value).toBeCloseTo(8, 12);
    expect(o.r1.value).toBeGreaterThan(6.95);
    expect(o.r1.value).toBeLessThan(7.95);
    expect(o.n[Math.round(9.5 / 0.02) - 1]).toBeCloseTo(14, 12);
    expect(o.diagnostics.map((d: { code: string }) => d.code)).toContain('I_RDF_IMAGES');
    const c = cli(['coordination', file, '--pair', 'Cl:Cl', '--rmax', '12', '--json']);
    expect(c.code, c.stderr).toBe(0);
    const co = JSON.parse(c.stdout);
    expect(co.analysis).toBe('coordination');
    expect(co.histogram.filter((h: { count: number }) => h.count > 0)).toEqual([{ n: 8, count: 3, fraction: 1 }]);
    expect(co.mean.value).toBe(8);
    expect(co.r1.value).toBeCloseTo(o.r1.value, 12);
  });

  it('bad input fails before any file is read', () => {
    const missing = join(dir, 'does-not-exist.xyz');
    const far = cli(['rdf', missing, '--rmax', '6', '--r1', '7']);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/E_USAGE: --r1 7 Å lies beyond the g\(r\) range \(rmax = 6 Å\)/);
    const bad = cli(['coordination', missing, '--pair', 'anions']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/E_USAGE: --pair anions: expected A:B/);
  });

  it('a group that selects nothing is E_SELECTION (exit 1) naming the elements present', async () => {
    const r = cli(['rdf', await bccPrimitive(), '--pair', 'Cl:Na']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_SELECTION: group Na: no Na atoms; elements present: Cl, Li/);
  });

  const qeSkip = !qe.available ? qe.reason : '';
  it.skipIf(qeSkip !== '')(`QE cp.x β-Li2B12H12 (26 atoms, 1000 frames): B12H12 centre–Li g(r), r₁ and coordination ${qeSkip}`, () => {
    const files = [qe.path, qeCont.path, '--qe-input', qeIn.path, '--cation', 'Li', '--anion', 'B12H12'];
    const r = cli(['rdf', ...files, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.pair).toEqual({ a: 'anions', b: 'cations' });
    expect([o.centres, o.neighbours, o.frames]).toEqual([1, 2, 1000]);
    // Values of this run (not the study's 5.5 Å / 6.3: a 26-atom cell with Li on its two tetrahedral sites).
    expect(o.r1.value).toBeCloseTo(5.951, 3);
    expect(o.r1.peak).toBeCloseTo(3.975, 3);
    expect(o.meanCoordination.value).toBeCloseTo(7.82, 2);
    // One pass with r₁ given (the two-pass default is covered by the bcc case above).
    const c = cli(['coordination', ...files, '--r1', String(o.r1.value), '--json']);
    expect(c.code, c.stderr).toBe(0);
    const co = JSON.parse(c.stdout);
    expect(co.histogram.filter((h: { count: number }) => h.count > 0).map((h: { n: number; fraction: number }) => [h.n, h.fraction])).toEqual([[7, 0.18], [8, 0.82]]);
    expect(co.mean.value).toBeCloseTo(7.82, 12);
    expect(co.mean.stderr).toBeGreaterThan(0);
  });

  const naSkip = !na.available ? na.reason : '';
  it.skipIf(naSkip !== '')(`Na3PS4 (128 atoms, 100 frames): S–Na and PS4 centre–Na ${naSkip}`, () => {
    const s = JSON.parse(cli(['rdf', na.path, '--pair', 'S:Na', '--rmax', '7', '--bin', '0.02', '--json']).stdout);
    expect([s.centres, s.neighbours]).toEqual([64, 48]);
    expect(s.r1.peak).toBeCloseTo(2.83, 2);
    expect(s.r1.value).toBeCloseTo(4.183, 3);
    expect(s.meanCoordination.value).toBeCloseTo(5.55, 2);
    expect(s.diagnostics.map((d: { code: string }) => d.code)).not.toContain('I_RDF_IMAGES');
    const p = JSON.parse(cli(['rdf', na.path, '--pair', 'PS4:Na', '--json']).stdout);
    expect(p.centres).toBe(16);
    expect(p.r1.value).toBeCloseTo(4.137, 3);
    expect(p.meanCoordination.value).toBeCloseTo(6.31, 2);
  });
});
