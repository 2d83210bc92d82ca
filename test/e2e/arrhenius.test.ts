import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KB_EV } from '../../src/core/units.js';
import { createRng } from '../../src/math/rng.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { latticeWalk } from '../../src/analysis/msd/synthetic.js';
import { formatArrheniusCsv } from '../../src/analysis/arrhenius/csv.js';
import { cli } from './cli.js';
import { sharedData } from '../helpers/data.js';
import { openTrajectory } from '../../src/io/open.js';
import { diffusionFromTrajectory } from '../../src/analysis/msd/index.js';
import { buildProgram } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-arrhenius-'));
const argyrodite = sharedData('argyrodite-Li6PS5X-500K/Li6PS5Cl/100p');
const na3ps4 = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');
const EA = 136; // meV, Li2B12H12 (SPEC Table 1)
const D0 = 1e-3; // cm²/s
const dAt = (T: number): number => D0 * Math.exp(-EA / 1000 / (KB_EV * T));

const json = (args: string[]) => {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

/** Run the command in this process (no start-up cost): stdout, stderr, and the error it threw. */
async function run(args: string[]): Promise<{ out: string; err: string; error?: { code?: string; message: string } }> {
  const out: string[] = [], err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  try {
    await buildProgram().parseAsync(['node', 'paddlewheel', ...args]);
    return { out: out.join(''), err: err.join('') };
  } catch (x) {
    return { out: out.join(''), err: err.join(''), error: x as { code?: string; message: string } };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

async function jsonIn(args: string[]) {
  const r = await run(args);
  expect(r.error).toBeUndefined();
  return JSON.parse(r.out);
}

describe('paddlewheel arrhenius (CLI)', () => {
  it('fits a CSV: SPEC keys, exact Ea and D0, σ(300 K), and an SVG plot written atomically', async () => {
    const csv = join(dir, 'exact.csv');
    const Ts = [600, 700, 800, 900];
    writeFileSync(csv, formatArrheniusCsv(Ts.map((T) => ({ label: `${T}K`, T, D: dAt(T), stderr: 0.1 * dAt(T) }))));
    const plot = join(dir, 'plots-exact.svg');
    const o = json(['arrhenius', '--csv', csv, '--plot', plot, '--carrier-density', '0.00788', '--cation', 'Li', '--json']);
    expect(o.analysis).toBe('arrhenius');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'Ea', 'D0', 'D300K', 'sigma300K', 'points', 'fit']) expect(o, k).toHaveProperty(k);
    expect(o.Ea.unit).toBe('meV');
    expect(o.Ea.value).toBeCloseTo(EA, 9);
    expect(o.Ea.method).toMatch(/weighted least squares/);
    expect(o.D0.value / D0).toBeCloseTo(1, 10);
    expect(o.D300K.value / dAt(300)).toBeCloseTo(1, 10);
    // σ = n q² e² D/(k_B T), n = 0.00788 Å⁻³ = 7.88e21 cm⁻³, SI k_B.
    expect(o.sigma300K.value / ((7.88e21 * 1.602176634e-19 ** 2 * dAt(300)) / (1.380649e-23 * 300))).toBeCloseTo(1, 8);
    expect(o.sigma300K.method).toMatch(/formal charge of Li/);
    expect(o.points).toHaveLength(4);
    expect(o.points[0]).toMatchObject({ label: '600K', T: 600, D: dAt(600), source: 'csv', line: 2 });
    expect(o.fit.reducedChi2).toBeLessThan(1e-20);
    expect(o.provenance.inputs[0].path).toBe(csv);
    const svg = readFileSync(plot, 'utf8');
    // σ_Ea = k_B·0.1/√Sxx = 21 meV for 1/T at 600…900 K.
    expect(svg).toMatch(/^<svg [\s\S]*1000\/T \(K⁻¹\)[\s\S]*D \(cm²\/s\)[\s\S]*Eₐ = 136 ± 21 meV/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const text = await run(['arrhenius', '--csv', csv]);
    expect(text.error).toBeUndefined();
    expect(text.out).toMatch(/E_a {6}= 136 ± 21 meV/);
    expect(text.out).toMatch(/D\(300 K\) = 5\.19×10⁻⁶ cm²\/s/);
    expect(text.out).not.toMatch(/σ\(300 K\)/);
  });

  it('fails cleanly on bad input and bad usage, and never overwrites an input', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'T,D,D_error\n600,1e-6,1e-7\n700,,1e-7\n');
    const r = cli(['arrhenius', '--csv', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error E_PARSE');
    expect(r.stderr).toContain(`${bad}:3:5: expected a value for column "D"`);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'T,D,stderr\n600,1e-6,1e-7\n');
    const usage = async (args: string[], re: RegExp) => {
      const u = await run(['arrhenius', ...args]);
      expect(u.error, args.join(' ')).toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(re) });
    };
    await usage(['--csv', one], /an Arrhenius fit needs D > 0 at two or more temperatures/);
    await usage([], /give --csv FILE or --run/);
    await usage(['--csv', one, '--plot', join(dir, 'x.png')], /only SVG/);
    await usage(['a.xyz', 'b.xyz'], /--run LABEL:FILES/);
    await usage(['--run', '600K:a.xyz', '--temperature', '600'], /each --run has its own temperature/);
    await usage(['--csv', one, '--carrier-density', '7.9e21/m3'], /--carrier-density/);
    const two = join(dir, 'two.csv');
    const content = 'T,D,stderr\n600,1e-6,1e-7\n900,1e-5,1e-6\n';
    writeFileSync(two, content);
    await usage(['--csv', two, '--plot', two.replace(/\.csv$/, '.svg'), '--points-out', two], /is an input file/);
    expect(readFileSync(two, 'utf8')).toBe(content);
    // Outputs are checked before anything is written: no plot from the refused run.
    expect(existsSync(two.replace(/\.csv$/, '.svg'))).toBe(false);
    const warn = await jsonIn(['arrhenius', '--csv', two, '--json']);
    expect(warn.diagnostics.map((d: { code: string }) => d.code)).toEqual(['W_TWO_POINTS']);
    expect(warn.sigma300K).toBeNull();
  });

  it('computes D for each --run with the MSD analysis and recovers Ea = 136 meV from lattice random walks', async () => {
    const Ts = [600, 700, 800, 900];
    const dt = 0.1; // ps
    const runs: string[] = [];
    for (const [k, T] of Ts.entries()) {
      // D = a²/(6Δt) exactly in expectation; D in Å²/ps = 1e4 × cm²/s.
      const a = Math.sqrt(6 * dt * dAt(T) * 1e4);
      const w = latticeWalk(createRng(100 + k), 64, 800, { a, dt });
      const file = join(dir, `walk-${T}.extxyz`);
      await writeExtxyz(w.frames, w.topology, file);
      runs.push('--run', `${T}K:${file}`);
    }
    const pointsCsv = join(dir, 'walk-points.csv');
    const plot = join(dir, 'walk.svg');
    const o = await jsonIn(['arrhenius', ...runs, '--cation', 'Li', '--points-out', pointsCsv, '--plot', plot, '--json']);
    expect(o.points.map((p: { T: number }) => p.T)).toEqual(Ts);
    for (const p of o.points) {
      expect(p.source).toBe('run');
      expect(Math.abs(p.D - dAt(p.T)) / p.stderr, `${p.label}: D ${p.D} ± ${p.stderr}, true ${dAt(p.T)}`).toBeLessThan(4);
      expect(p.method).toBeTruthy();
    }
    expect(Math.abs(o.Ea.value - EA) / o.Ea.stderr, `Ea ${o.Ea.value} ± ${o.Ea.stderr}`).toBeLessThan(3);
    expect(o.Ea.stderr).toBeLessThan(30);
    // Carriers from the coldest run: 64 Li in the 20 Å cube.
    expect(o.sigma300K.carrierDensity.value).toBeCloseTo(64 / 8000, 12);
    expect(o.sigma300K.method).toMatch(/64 Li \/ 8000\.0 Å³ \(mean cell volume of run 600K/);
    expect(o.runs.map((r: { atoms: number }) => r.atoms)).toEqual([64, 64, 64, 64]);
    expect(o.provenance.inputs).toHaveLength(4);
    expect(existsSync(plot)).toBe(true);
    // The written points read back to the same fit.
    const again = await jsonIn(['arrhenius', '--csv', pointsCsv, '--json']);
    expect(again.Ea.value).toBeCloseTo(o.Ea.value, 10);
    expect(again.Ea.stderr).toBeCloseTo(o.Ea.stderr, 10);
    // A run label without a temperature and a file that records none: a usage error naming the fix.
    const noT = await run(['arrhenius', '--run', `hot:${join(dir, 'walk-900.extxyz')}`, '--run', `600K:${join(dir, 'walk-600.extxyz')}`, '--cation', 'Li']);
    expect(noT.error).toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/--run hot: no temperature; name the run by it/) });
  });

  it.skipIf(!argyrodite.available || !na3ps4.available)(`takes D from real runs unchanged (Li6PS5Cl 500 K restarts, Na3PS4 800 K) and flags mixed species ${argyrodite.reason}${na3ps4.reason}`, async () => {
    const segs = [1, 2, 3, 4].map((k) => join(argyrodite.path, `run${k}`, 'actual_XDATCAR.gz'));
    const o = await jsonIn(['arrhenius', '--run', `500K:${segs.join(',')}`, '--run', `800K:${na3ps4.path}`, '--dt', '100', '--json']);
    const li = await diffusionFromTrajectory(await openTrajectory(segs, { dt: 100 }), { cation: 'Li', temperature: 500 });
    expect(o.points[0]).toMatchObject({ label: '500K', T: 500, D: li.D.value, stderr: li.D.stderr, frames: 560 });
    expect(o.runs[0]).toMatchObject({ species: ['Li'], atoms: 192, frames: 560 });
    expect(o.runs[1]).toMatchObject({ species: ['Na'], atoms: 48 });
    const codes = o.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['W_MIXED_SPECIES', 'W_TWO_POINTS']));
    expect(o.sigma300K).toBeNull();
  });
});
