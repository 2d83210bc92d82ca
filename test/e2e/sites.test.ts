import { appendFileSync, mkdtempSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'pw-sites-'));
const lbh = join(dir, 'lbh.extxyz');
const broken = join(dir, 'lbh-broken-last-frame.extxyz');

beforeAll(async () => {
  // β-Li2B12H12, 208 atoms, Li on trigonal sites; 6 frames with the Li rattling by 0.1 Å.
  const g = li2b12h12Cell(createRng(3));
  const rng = createRng(4);
  const frames: Frame[] = Array.from({ length: 6 }, (_, f) => ({
    index: f, segment: 0, time: 0.01 * f, cell: g.cell,
    positions: g.positions.map((x, i) => (i >= 3 * 192 ? x + 0.1 * rng.nextNormal() : x)),
  }));
  const topology = topologyFromSymbols(g.symbols);
  await writeExtxyz(frames, topology, lbh);
  await writeExtxyz(frames, topology, broken);
  // A whole last frame with a bad number: an error when read, not a truncation warning.
  const bad = ['B x 0 0', ...Array<string>(207).fill('B 0 0 0')];
  appendFileSync(broken, `208\nLattice="20 0 0 0 20 0 0 0 20" Properties=species:S:1:pos:R:3\n${bad.join('\n')}\n`);
});

describe('paddlewheel sites (CLI)', () => {
  it('--json: SPEC section 10 keys, fcc 48/64/16 sites, Li on trigonal sites, S̃ ≈ 2.25 k_B', () => {
    const r = cli(['sites', lbh, '--cation', 'Li', '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.analysis).toBe('sites');
    for (const k of ['version', 'params', 'provenance', 'diagnostics', 'siteCounts', 'siteCutoff', 'P1', 'P2', 'entropy', 'unassignedFraction', 'frames', 'series']) expect(o, k).toHaveProperty(k);
    expect(o.siteCounts).toEqual({ linear: 48, trigonal: 64, tetrahedral: 16 });
    expect(o.siteCutoff.value).toBeCloseTo(8.5425, 3);
    expect(o.siteCutoff.unit).toBe('Å');
    expect(o.frames).toBe(6);
    expect(o.P1.trigonal.value).toBeGreaterThan(0.99);
    expect(o.P1.trigonal.method).toMatch(/jackknife over 3 contiguous blocks/);
    expect(o.entropy.value).toBeCloseTo(2.249, 1);
    expect(o.entropy.unit).toBe('k_B');
    expect(o.unassignedFraction).toBe(0);
    expect(o.series.frame).toEqual([0, 1, 2, 3, 4, 5]);
    expect(o.series.P1.trigonal).toHaveLength(6);
  });

  it('prints a Table 1 style table in text mode', () => {
    const r = cli(['sites', lbh, '--cation', 'Li', '--anion', 'B12H12']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tetrahedral\s+16\s+2\s/);
    expect(r.stdout).toMatch(/trigonal\s+64\s+8\s+0\.99\d\d ± /);
    expect(r.stdout).toMatch(/S̃ = 2\.2\d\d ± \d\.\d+ k_B per cation/);
  });

  it('errors before any frame is processed (the broken last frame is never reached): absent cation, no anion, cutoff without sites, contradicting counts', () => {
    const na = cli(['sites', broken, '--cation', 'Na', '--anion', 'B12H12']);
    expect(na.code).toBe(1);
    expect(na.stderr).toMatch(/E_SELECTION: --cation Na: is not in this structure/);
    const ps4 = cli(['sites', broken, '--cation', 'Li', '--anion', 'PS4']);
    expect(ps4.code).toBe(1);
    expect(ps4.stderr).toMatch(/--anion PS4: no cluster has formula PS4; found B12H12 ×8/);
    const small = cli(['sites', broken, '--cation', 'Li', '--anion', 'B12H12', '--site-cutoff', '5']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/site cutoff 5\.000 Å .* gives no sites/);
    const big = cli(['sites', broken, '--cation', 'Li', '--anion', 'B12H12', '--site-cutoff', '11', '--json']);
    expect(big.code).toBe(2);
    expect(big.stdout).toBe('');
    expect(big.stderr).toMatch(/with 6\/8\/2; choose 7\.11 Å < --site-cutoff < 10\.05 Å/);
    const sigma = cli(['sites', broken, '--sigma2', '0']);
    expect(sigma.code).toBe(2);
    // With good settings the broken frame is reached and reported with its line.
    const parse = cli(['sites', broken, '--cation', 'Li', '--anion', 'B12H12']);
    expect(parse.code).toBe(1);
    expect(parse.stderr).toMatch(/lbh-broken-last-frame\.extxyz:\d+/);
  });
});

describe('paddlewheel pauling FILES (lattice recognised from the trajectory)', () => {
  it('recognises fcc, a = 10.05 Å from the time-averaged B12H12 centres, 2 Li per anion → trigonal, 1/4', () => {
    const r = cli(['pauling', lbh, '--cation', 'Li', '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.lattice).toBe('fcc');
    expect(o.latticeParameter.value).toBeCloseTo(10.05, 6);
    expect(o.anionRadius.value).toBeCloseTo(3.553, 3);
    expect(o.predictedSite).toBe('trigonal');
    expect(o.cationsPerAnion).toBe(2);
    expect(o.intrinsicOccupancy).toBeCloseTo(0.25, 12);
    expect(o.recognition.frames).toBe(6);
    expect(o.recognition.confidence).toBe(1);
  });

  it('--lattice/--a take precedence (with a warning when they contradict the trajectory); without files they are required', () => {
    const o = JSON.parse(cli(['pauling', lbh, '--cation', 'Li', '--lattice', 'bcc', '--a', '7.98', '--json']).stdout);
    expect(o.lattice).toBe('bcc');
    expect(o.latticeParameter.value).toBe(7.98);
    expect(o.diagnostics.some((d: { code: string }) => d.code === 'W_LATTICE_OVERRIDDEN')).toBe(true);
    const plain = cli(['pauling', '--lattice', 'fcc', '--a', '10.05', '--cation', 'Li', '--json']);
    expect(JSON.parse(plain.stdout).radiusRatio).toBeCloseTo(0.166, 3);
    const missing = cli(['pauling', '--lattice', 'fcc', '--cation', 'Li']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/give --lattice, --a and --cation, or a trajectory/);
  });
});

describe('sites on real trajectories', () => {
  const runs = [1, 2, 3, 4, 5].map((i) => sharedData(`argyrodite-Li6PS5X-500K/Li6PS5Cl/0p/run${i}/actual_XDATCAR.gz`));
  const argOk = runs.every((r) => r.available);
  it.skipIf(!argOk)(`Li6PS5Cl (0 % disorder, 5 runs, 700 frames), framework = all S and Cl atoms: g(r) cutoff, no Li unassigned ${runs[0]!.reason}`, () => {
    const r = cli(['sites', ...runs.map((x) => x.path), '--cation', 'Li', '--framework-atoms', 'S,Cl', '--dt', '100', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.frames).toBe(700);
    expect(o.framework).toEqual({ kind: 'atoms', label: 'S+Cl atom', points: 192 });
    expect(o.lattice.lattice).toBe('other');
    expect(o.siteCutoff.source).toBe('g(r) minimum');
    expect(o.siteCutoff.value).toBeGreaterThan(5.0);
    expect(o.siteCutoff.value).toBeLessThan(5.5);
    expect(o.diagnostics.some((d: { code: string }) => d.code === 'W_SITE_CUTOFF_GUESSED')).toBe(true);
    expect(o.unassignedFraction).toBe(0);
    expect(o.cations).toBe(192);
    const sum = o.P1.linear.value + o.P1.trigonal.value + o.P1.tetrahedral.value;
    expect(sum).toBeCloseTo(1, 12);
    // Li sit in (S/Cl)4 tetrahedra and on their faces, hardly on edges.
    expect(o.P1.linear.value).toBeLessThan(0.1);
    expect(o.entropy.stderr).toBeGreaterThan(0);
  });

  const qe = sharedData('qe-cp-li2b12h12-prim-800K');
  it.skipIf(!qe.available)(`β-Li2B12H12 primitive cell (cp.x, 1000 frames): one anion, exactly 6/8/2 sites from its own images ${qe.reason}`, () => {
    const r = cli(['sites', join(qe.path, 'md-segment/lbh.pos'), join(qe.path, 'continuation/lbh.pos'), '--qe-input', join(qe.path, 'run_02b.in'), '--cation', 'Li', '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.frames).toBe(1000);
    expect(o.lattice.lattice).toBe('fcc');
    expect(o.lattice.a.value).toBeCloseTo(10.05, 2);
    expect(o.siteCounts).toEqual({ linear: 6, trigonal: 8, tetrahedral: 2 });
    expect(o.unassignedFraction).toBe(0);
    // The two Li start on the two tetrahedral sites; at 800 K they spend time on the faces too.
    expect(o.P1.tetrahedral.value).toBeGreaterThan(0.2);
    expect(o.P1.trigonal.value).toBeGreaterThan(0.2);
  });
});
