import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paddlewheel build (CLI)', () => {
  it('--json summary; the same seed gives the same file, another seed another; info reads it back', () => {
    const run = (name: string, seed: string) => {
      const r = cli(['build', '--cation', 'Na', '--lattice', 'bcc', '--a', '7.98', '--cation-sites', 'tetrahedral', '--seed', seed, '--out', join(dir, name), '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const a = run('na1.extxyz', '9'), b = run('na2.extxyz', '9'), c = run('na3.extxyz', '10');
    expect(a.analysis).toBe('build');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'output', 'atoms', 'composition', 'cell', 'siteCounts', 'sitesUsed']) expect(a, k).toHaveProperty(k);
    expect(a.atoms).toBe(208);
    expect(a.composition).toEqual({ B: 96, H: 96, Na: 16 });
    expect(a.cell.volume.value).toBeCloseTo(4 * 7.98 ** 3, 6);
    expect(a.cell.c.value).toBeCloseTo(2 * 7.98, 12);
    expect(a.siteCounts).toEqual({ linear: 56, trigonal: 96, tetrahedral: 48 });
    expect(a.sitesUsed).toEqual({ type: 'tetrahedral', occupied: { linear: 0, trigonal: 0, tetrahedral: 16 } });
    expect(a.output.format).toBe('extxyz');
    expect(b.output.sha256).toBe(a.output.sha256);
    expect(c.output.sha256).not.toBe(a.output.sha256);

    const info = cli(['info', join(dir, 'na1.extxyz'), '--cation', 'Na', '--json']);
    expect(info.code).toBe(0);
    const o = JSON.parse(info.stdout);
    expect(o.atoms).toBe(208);
    expect(o.anions).toEqual([{ formula: 'B12H12', count: 8 }]);
  });

  it('defaults from the reference table (Li: fcc, 10.05 Å, Pauling → trigonal), qe output with D masses', () => {
    const out = join(dir, 'li.in');
    const r = cli(['build', '--cation', 'Li', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*li\.in \(qe\): 208 atoms, B96 H96 Li16/);
    expect(r.stdout).toMatch(/occupied: trigonal 16/);
    expect(r.stdout).toMatch(/H mass 2\.014 amu/);
    expect(r.stderr).toMatch(/Pauling predicts trigonal/);
  });

  it('bad usage exits 2 with a message naming the problem, and leaves no file', () => {
    const cases: [string[], RegExp][] = [
      [['--cation', 'Li', '--out', join(dir, 'x.txt')], /cannot tell the format/],
      [['--cation', 'Li', '--cation-sites', 'octahedral', '--out', join(dir, 'x.xyz')], /--cation-sites octahedral/],
      [['--cation', 'Li', '--supercell', '2x2', '--out', join(dir, 'x.xyz')], /--supercell 2x2/],
      [['--cation', 'K', '--cation-sites', 'trigonal', '--anion-orientation', 'aligned', '--out', join(dir, 'x.xyz')], /cation–B\/H ≥ 2\.17 Å/],
    ];
    for (const [args, re] of cases) {
      const r = cli(['build', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
    }
    expect(existsSync(join(dir, 'x.xyz'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('paddlewheel templates (CLI)', () => {
  it('--json has the SPEC section 10 keys and the bcc site counts 14/36/24', () => {
    const r = cli(['templates', '--lattice', 'bcc', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('templates');
    expect(o.lattice).toBe('bcc');
    expect(o.icosahedral.map((x: number) => Number(x.toFixed(1)))).toEqual([41.8, 70.5, 109.5, 138.2, 180]);
    expect([o.sites.linear.count, o.sites.trigonal.count, o.sites.tetrahedral.count]).toEqual([14, 36, 24]);
    expect(o.sites.tetrahedral.angles[0]).toEqual({ angle: expect.closeTo(36.87, 2), pairs: 36 });
  });

  it('an unknown lattice exits 2', () => {
    const r = cli(['templates', '--lattice', 'hcp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lattice hcp/);
  });
});
