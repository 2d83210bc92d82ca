import { describe, expect, it } from 'vitest';
import { SITES_PER_ANION } from '../pauling/pauling.js';
import { CLIQUE_SIZE, siteCentresAroundAnion } from './lattice.js';
import { type AngleCount, icosahedralAxisAngles, latticeTemplate, pairAngleHistogram, templateForSite, templates } from './templates.js';

// SPEC section 6, as printed there (degrees, one decimal).
const SPEC = {
  icosahedral: [41.8, 70.5, 109.5, 138.2, 180],
  fcc: {
    linear: { count: 12, angles: [60, 90, 120, 180] },
    trigonal: { count: 24, angles: [33.6, 48.2, 60, 70.5, 80.4, 99.6, 109.5, 120, 131.8, 146.4, 180] },
    tetrahedral: { count: 8, angles: [70.5, 109.5, 180] },
  },
  bcc: {
    linear: { count: 14, angles: [54.7, 70.5, 90, 109.5, 125.3, 180] },
    trigonal: { count: 36, angles: undefined },
    tetrahedral: { count: 24, angles: [36.9, 53.1, 66.4, 78.5, 90, 101.5, 113.6, 126.9, 143.1, 180] },
  },
} as const;

function expectAngles(got: AngleCount[], want: readonly number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g.angle - want[i]!), `${g.angle} vs ${want[i]}`).toBeLessThan(0.05 + 1e-9));
}

describe('icosahedral C3 axis template', () => {
  it('gives the five SPEC angles with 30/60/60/30/10 pairs of the 20 axes', () => {
    const ico = icosahedralAxisAngles();
    expectAngles(ico, SPEC.icosahedral);
    expect(ico.map((a) => a.pairs)).toEqual([30, 60, 60, 30, 10]);
    // Exact values: arccos(√5/3), arccos(1/3), arccos(−1/3), arccos(−√5/3).
    expect(ico[0]!.angle).toBeCloseTo((Math.acos(Math.sqrt(5) / 3) * 180) / Math.PI, 9);
    expect(ico[1]!.angle).toBeCloseTo((Math.acos(1 / 3) * 180) / Math.PI, 9);
  });
});

describe('ideal-lattice templates (SPEC section 6)', () => {
  for (const lattice of ['fcc', 'bcc'] as const) {
    for (const type of ['linear', 'trigonal', 'tetrahedral'] as const) {
      const spec = SPEC[lattice][type];
      it(`${lattice} ${type}: ${spec.count} sites${spec.angles ? `, angles {${spec.angles.join(', ')}}` : ''}`, () => {
        const t = latticeTemplate(lattice, type);
        expect(t.count).toBe(spec.count);
        if (spec.angles) expectAngles(t.angles, spec.angles);
        // Every unordered pair is counted once; 180° pairs are the antipodal pairs (inversion symmetry).
        expect(t.angles.reduce((s, a) => s + a.pairs, 0)).toBe((t.count * (t.count - 1)) / 2);
        expect(t.angles.at(-1)!).toEqual({ angle: 180, pairs: t.count / 2 });
        // Sites per anion (SPEC section 1) = sites around one anion / anions per site.
        expect(t.count / CLIQUE_SIZE[type]).toBe(SITES_PER_ANION[lattice][type]);
      });
    }
  }

  it('bcc trigonal: 16 distinct angles, computed (SPEC gives no list)', () => {
    const t = latticeTemplate('bcc', 'trigonal');
    expect(t.angles.length).toBe(16);
    expect(t.angles[0]!.angle).toBeCloseTo(31.48, 2);
  });

  it('site centres sit where geometry says: fcc tetrahedral at a√3/4, bcc tetrahedral at a√5/4', () => {
    const fcc = siteCentresAroundAnion('fcc', 'tetrahedral', 0.85, 10);
    for (let i = 0; i < fcc.length; i += 3) expect(Math.hypot(fcc[i]!, fcc[i + 1]!, fcc[i + 2]!)).toBeCloseTo((10 * Math.sqrt(3)) / 4, 12);
    const bcc = siteCentresAroundAnion('bcc', 'tetrahedral', 1.2, 8);
    for (let i = 0; i < bcc.length; i += 3) expect(Math.hypot(bcc[i]!, bcc[i + 1]!, bcc[i + 2]!)).toBeCloseTo((8 * Math.sqrt(5)) / 4, 12);
  });

  it('a cutoff that also takes the second fcc shell changes the counts (the cutoff matters)', () => {
    expect(latticeTemplate('fcc', 'linear', 1.05).count).toBe(18);
    expect(latticeTemplate('bcc', 'linear', 0.9).count).toBe(8);
  });

  it('templateForSite: clique types have templates, octahedral has none', () => {
    expect(templateForSite('fcc', 'tetrahedral')!.count).toBe(8);
    expect(templateForSite('fcc', 'octahedral')).toBeNull();
  });

  it('pairAngleHistogram of the cube axes: 90° ×12, 180° ×3', () => {
    expect(pairAngleHistogram([1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1])).toEqual([
      { angle: 90, pairs: 12 },
      { angle: 180, pairs: 3 },
    ]);
  });

  it('templates() has the SPEC section 10 keys', () => {
    const r = templates('fcc');
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['icosahedral', 'lattice', 'sites']));
    expect(r.lattice).toBe('fcc');
    expect(Object.keys(r.sites)).toEqual(['linear', 'trigonal', 'tetrahedral']);
    expect(r.icosahedral).toHaveLength(5);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
