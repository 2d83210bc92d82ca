import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-build-sites-'));

/** h(p) = −p ln p − (1−p) ln(1−p), the per-site entropy of SPEC section 2.6. */
const h = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));

describe('build → sites: the builder and the occupancy analysis agree (SPEC sections 1, 2)', () => {
  it.each([
    // 16 Li on the 64 trigonal sites of the fcc paper cell: S̃ = (64/16)·h(1/4) = 2.249 k_B.
    { cation: 'Li', lattice: 'fcc', sites: 'trigonal', N: 64, counts: { linear: 48, trigonal: 64, tetrahedral: 16 } },
    // 16 Na on the 48 tetrahedral sites of the bcc paper cell: S̃ = 3·h(1/3) = 1.9095 k_B.
    { cation: 'Na', lattice: 'bcc', sites: 'tetrahedral', N: 48, counts: { linear: 56, trigonal: 96, tetrahedral: 48 } },
  ])('$cation on $lattice $sites sites', ({ cation, lattice, sites, N, counts }) => {
    const out = join(dir, `${cation}-${sites}.extxyz`);
    const b = cli(['build', '--cation', cation, '--lattice', lattice, '--supercell', 'paper', '--cation-sites', sites, '--seed', '5', '--out', out]);
    expect(b.code, b.stderr).toBe(0);
    const r = cli(['sites', out, '--cation', cation, '--anion', 'B12H12', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.siteCounts).toEqual(counts);
    expect(o.P1[sites].value).toBeGreaterThan(0.999);
    expect(o.P2[sites].value).toBeCloseTo(16 / N, 3);
    expect(o.entropy.value).toBeCloseTo((N / 16) * h(16 / N), 2);
    expect(o.unassignedFraction).toBe(0);
  });
});
