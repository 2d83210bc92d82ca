import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { oscillatorSystem } from '../../src/analysis/spectra/testing.js';
import { spectraParamsFrom } from '../../src/cli/commands/spectra.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { sharedData } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-spectra-'));
const traj = join(dir, 'spin.extxyz');
const broken = join(dir, 'spin-broken-last-frame.extxyz');
const f = 7.5;

beforeAll(async () => {
  // 400 frames 2 fs apart: Li oscillating at 7.5 THz, the B12H12 spinning at 5 THz about z.
  const sys = oscillatorSystem({ frames: 400, dt: 0.002, spin: 2 * Math.PI * 5, modes: [{ amplitude: 0.3, frequency: f, axis: 0, phaseStep: 1 }] });
  await writeExtxyz(sys.frames, sys.topology, traj, { decimals: 'exact' });
  await writeExtxyz(sys.frames, sys.topology, broken, { decimals: 'exact' });
  // A whole last frame with a bad number: an error when read, not a truncation warning.
  const bad = ['B x 0 0', ...Array<string>(25).fill('B 0 0 0')];
  appendFileSync(broken, `26\nLattice="20 0 0 0 20 0 0 0 20" Properties=species:S:1:pos:R:3\n${bad.join('\n')}\n`);
});

describe('paddlewheel spectra (CLI)', () => {
  it('--json: SPEC section 10 keys, one array per group, the Li peak at 7.5 THz, per-atom ω peak at 5 THz', () => {
    const r = cli(['spectra', traj, '--cation', 'Li', '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('spectra');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'frequency', 'Li', 'B', 'H', 'anionOmegaAtoms', 'anionOmegaRigid', 'bands', 'velocitySource', 'units']) expect(o, k).toHaveProperty(k);
    expect(o.velocitySource).toBe('file');
    expect(o.units).toMatchObject({ frequency: 'THz', Li: '1/THz', anionOmegaRigid: '1/THz' });
    expect(o.frequency).toHaveLength(o.Li.length);
    expect(o.nyquist.value).toBeCloseTo(250, 9);
    expect(o.bands.map((b: { name: string }) => b.name)).toEqual(['libration', 'BB-internal', 'BH-stretch-bend']);
    expect(o.bands[1].weights.Li).toBeGreaterThan(0.9);
    const li = o.groups.find((g: { name: string }) => g.name === 'Li');
    expect(Math.abs(li.peaks[0].frequency - f)).toBeLessThan(o.resolution.value / 4);
    const omega = o.groups.find((g: { name: string }) => g.name === 'anionOmegaAtoms');
    expect(omega.peaks.some((p: { frequency: number }) => Math.abs(p.frequency - 5) < o.resolution.value / 4)).toBe(true);
    expect(o.params.bands).toBeUndefined();
  });

  it('finite differences give the same peak; --bands and text mode', () => {
    const r = cli(['spectra', traj, '--cation', 'Li', '--velocities', 'finite-difference', '--bands', 'low:0-4,mid:4-11,rest:11-', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.velocitySource).toBe('finite-difference');
    expect(o.frames).toBe(400);
    expect(o.seriesFrames).toBe(398);
    const li = o.groups.find((g: { name: string }) => g.name === 'Li');
    expect(Math.abs(li.peaks[0].frequency - f)).toBeLessThan(o.resolution.value / 4);
    expect(o.bands[1]).toMatchObject({ name: 'mid', from: 4, to: 11 });
    expect(o.bands[1].weights.Li).toBeGreaterThan(0.95);
    expect(o.params.bands[2].to).toBeNull();
    const t = cli(['spectra', traj, '--cation', 'Li']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/Nyquist 250 THz; velocities: file/);
    expect(t.stdout).toMatch(/^Li\s+2\s+\S+\s+7\.[45]\d*\n/m);
  });

  it('coarse frames, bad flags and missing velocities fail before any frame is read (the broken last frame is never reached)', () => {
    const coarse = cli(['spectra', broken, '--cation', 'Li', '--frames', '::6']);
    expect(coarse.code).toBe(2);
    expect(coarse.stderr).toMatch(/E_USAGE: .*12\.00 fs apart, so the Nyquist frequency 1\/\(2Δt\) is 41\.7 THz; vibrational spectra need frames ≤ 10 fs/);
    const bands = cli(['spectra', broken, '--bands', 'x:5-1']);
    expect(bands.code).toBe(2);
    expect(bands.stderr).toMatch(/--bands x:5-1: expected name:from-to/);
    expect(() => spectraParamsFrom({ velocities: 'magic' })).toThrow(/--velocities magic: expected auto, file or finite-difference/);
    expect(spectraParamsFrom({ velocities: 'FD', maxLag: '0.5' })).toMatchObject({ velocities: 'finite-difference', maxLag: 0.5 });
    const parse = cli(['spectra', broken, '--cation', 'Li']);
    expect(parse.code).toBe(1);
    expect(parse.stderr).toMatch(/spin-broken-last-frame\.extxyz:\d+/);
  });
});

describe('spectra on the cp.x β-Li2B12H12 data', () => {
  const qe = sharedData('qe-cp-li2b12h12-prim-800K');
  it.skipIf(!qe.available)(`1000 frames 1.451 fs apart, velocities from .vel: B–D stretch near 55 THz, Li rattling below 6 THz ${qe.reason}`, () => {
    const r = cli(['spectra', join(qe.path, 'md-segment/lbh.pos'), join(qe.path, 'continuation/lbh.pos'), '--qe-input', join(qe.path, 'run_02b.in'), '--cation', 'Li', '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.velocitySource).toBe('file');
    expect(o.frames).toBe(1000);
    expect(o.nyquist.value).toBeCloseTo(344.5, 1);
    const g = (n: string) => o.groups.find((x: { name: string }) => x.name === n);
    // Equipartition at 800 K (NVT): the 24 anion atoms' kinetic temperatures.
    expect(g('B').kineticTemperature.value).toBeGreaterThan(700);
    expect(g('B').kineticTemperature.value).toBeLessThan(900);
    expect(g('H').kineticTemperature.value).toBeGreaterThan(650);
    expect(g('H').kineticTemperature.value).toBeLessThan(900);
    const stretch = g('H').peaks.find((p: { frequency: number }) => p.frequency > 40);
    expect(stretch.frequency).toBeGreaterThan(53);
    expect(stretch.frequency).toBeLessThan(57);
    expect(o.bands[0].weights.Li).toBeGreaterThan(0.75);
    expect(g('Li').peaks[0].frequency).toBeLessThan(4);
    expect(o.bands[1].weights.B).toBeGreaterThan(0.8);
    expect(o.unbanded.H).toBeGreaterThan(0.25);
    expect(o.overlap[0]).toMatchObject({ cation: 'Li', anion: 'anionOmegaRigid', from: 0, to: 6 });
    expect(o.overlap[0].value).toBeGreaterThan(0.5);
  });
});
