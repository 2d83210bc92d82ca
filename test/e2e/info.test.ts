import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';
import { sharedData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-'));

/** A tiny extxyz: 2 frames of a 4-atom cell with a time key. */
function tinyExtxyz(): string {
  const p = join(dir, 'tiny.extxyz');
  const frame = (t: number, dx: number) =>
    [
      '4',
      `Lattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:3 pbc="T T T" time_fs=${t}`,
      `Li ${0.5 + dx} 0.5 0.5`,
      'Cl 2.5 2.5 2.5',
      `Li ${2.5 + dx} 0.5 2.5`,
      'Cl 0.5 2.5 0.5',
    ].join('\n');
  writeFileSync(p, `${frame(0, 0)}\n${frame(2, 0.1)}\n${frame(4, 0.2)}\n`);
  return p;
}

describe('paddlewheel info (CLI)', () => {
  it('--json prints exactly one object with the SPEC section 10 keys', () => {
    const r = cli(['info', tinyExtxyz(), '--cation', 'Li', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('info');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'format', 'atoms', 'frames', 'composition', 'frameSpacing', 'timeSpan', 'cell', 'anions', 'hasVelocities']) {
      expect(o, k).toHaveProperty(k);
    }
    expect(o.format).toBe('extxyz');
    expect(o.atoms).toBe(4);
    expect(o.frames).toBe(3);
    expect(o.composition).toEqual({ Li: 2, Cl: 2 });
    expect(o.frameSpacing).toEqual({ value: 0.002, unit: 'ps' });
    expect(o.timeSpan.value).toBeCloseTo(0.004, 12);
    expect(o.cell.a).toEqual({ value: 5, unit: 'Å' });
    expect(o.cell.volume.value).toBeCloseTo(125, 10);
    expect(o.cell.variable).toBe(false);
    expect(o.anions).toEqual([{ formula: 'Cl', count: 2 }]);
    expect(o.hasVelocities).toBe(false);
    expect(o.provenance.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--frames selects frames and changes the reported spacing', () => {
    const o = JSON.parse(cli(['info', tinyExtxyz(), '--frames', '0:3:2', '--json']).stdout);
    expect(o.frames).toBe(2);
    expect(o.frameSpacing.value).toBeCloseTo(0.004, 12);
  });

  it('exit code 2 for bad usage, 1 for a bad file, with a message naming the problem', () => {
    const bad = cli(['info', tinyExtxyz(), '--frames', '5:2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--frames 5:2/);
    const unknown = cli(['info', '--no-such-flag']);
    expect(unknown.code).toBe(2);
    const missing = cli(['info', join(dir, 'missing.xyz')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing\.xyz: no such file/);
    const p = join(dir, 'broken.extxyz');
    writeFileSync(p, '2\nLattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:3\nLi 0 0 0\nLi 1 x 1\n');
    const broken = cli(['info', p, '--json']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/broken\.extxyz:4/);
  });

  const qe = sharedData('qe-cp-li2b12h12-prim-800K/md-segment/lbh.pos');
  it.skipIf(!qe.available)(`finds one B12H12 and two Li in the cp.x trajectory ${qe.reason}`, () => {
    const r = cli(['info', qe.path, '--qe-input', join(qe.path, '..', '..', 'run_02b.in'), '--cation', 'Li', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.format).toBe('qe-cp');
    expect(o.frames).toBe(320);
    expect(o.anions).toEqual([{ formula: 'B12H12', count: 1 }]);
    expect(o.cations).toBe(2);
    expect(o.frameSpacing.value).toBeCloseTo(6 * 10 * 2.4188843265857e-5, 9);
    expect(o.hasVelocities).toBe(true);
  });
});

describe('paddlewheel demo (CLI)', () => {
  it('analyses the bundled runs (600–900 K) into a folder and summarises the descriptors', () => {
    const out = join(dir, 'demo');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/R⁺\/R⁻ = 0\.166 \(fcc anion lattice, a = 10\.05 Å\) → trigonal site predicted/);
    expect(r.stdout).toMatch(/S̃ = \d\.\d+ ± \d\.\d+ k_B per cation/);
    expect(r.stdout).toMatch(/run 800K: main pass over 601 frames/);
    expect(r.stdout).toMatch(/E_a = \d+(\.\d+)? ± \d+(\.\d+)? meV over 600–900 K/);
    expect(r.stdout).toContain(join(out, 'results.json'));
    expect(r.stdout).toContain(join(out, 'report.html'));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.analyses.sites.runs.map((x: { label: string; frames: number }) => [x.label, x.frames])).toEqual([['600K', 201], ['700K', 201], ['800K', 601], ['900K', 201]]);
    expect(results.analyses.density.runs[2].cations).toBe(16);
    expect(results.analyses.arrhenius.points).toHaveLength(4);
    const j = cli(['demo', '--out', out, '--json']);
    expect(j.code, j.stderr).toBe(0);
    const o = JSON.parse(j.stdout);
    expect(o.resultsFile).toBe(join(out, 'results.json'));
    expect(o.descriptors.predictedSite).toBe('trigonal');
    expect(o.analyses).toContain('docking');
    expect(o.descriptors.Ea.unit).toBe('meV');
  }, 60_000);
});
