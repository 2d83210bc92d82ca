import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { blockJackknife } from './blocks.js';
import { binaryEntropy, occupancyEntropy } from './entropy.js';

/** Site counts of the 208-atom cells (8 anions, 16 cations), SPEC section 1. */
const FCC = { linear: 48, trigonal: 64, tetrahedral: 16 };
const BCC = { linear: 56, trigonal: 96, tetrahedral: 48 };

/** The paper's Table 1: P1 tet/tri/lin, P2 tet/tri/lin, S̃. */
const TABLE1: [string, 'fcc' | 'bcc', number, number, number, number, number, number, number][] = [
  ['Li', 'fcc', 0.14, 0.57, 0.29, 0.14, 0.14, 0.1, 3.0],
  ['Li contracted', 'fcc', 0.03, 0.87, 0.1, 0.03, 0.22, 0.03, 2.67],
  ['Li expanded', 'fcc', 0.09, 0.45, 0.45, 0.09, 0.11, 0.15, 3.0],
  ['Na', 'bcc', 0.6, 0.24, 0.16, 0.2, 0.04, 0.04, 3.16],
  ['K', 'fcc', 0.95, 0.05, 0.0, 0.95, 0.01, 0.0, 0.43],
  ['Rb', 'fcc', 0.96, 0.04, 0.0, 0.96, 0.01, 0.0, 0.37],
  ['Cs', 'fcc', 0.92, 0.07, 0.01, 0.92, 0.02, 0.0, 0.68],
];

describe('occupancy and configurational entropy (SPEC 2.5–2.6)', () => {
  it('binary entropy: h(0) = h(1) = 0, h(1/2) = ln 2, symmetric, clamped outside [0, 1]', () => {
    expect(binaryEntropy(0)).toBe(0);
    expect(binaryEntropy(1)).toBe(0);
    expect(binaryEntropy(0.5)).toBeCloseTo(Math.LN2, 15);
    expect(binaryEntropy(0.2)).toBeCloseTo(binaryEntropy(0.8), 15);
    expect(binaryEntropy(1.3)).toBe(0);
  });

  it('16 Li all on the 64 trigonal sites of the 208-atom fcc cell: S̃ = 4·h(1/4) = 2.249 k_B', () => {
    const r = occupancyEntropy({ linear: 0, trigonal: 1, tetrahedral: 0 }, FCC, 16);
    expect(r.P2).toEqual({ linear: 0, trigonal: 0.25, tetrahedral: 0 });
    expect(r.entropy).toBeCloseTo(4 * binaryEntropy(0.25), 14);
    expect(r.entropy).toBeCloseTo(2.249, 3);
  });

  it('cations filling every site of one type give S̃ = 0 (K, Rb, Cs on the tetrahedral sites); more cations than sites are flagged', () => {
    expect(occupancyEntropy({ linear: 0, trigonal: 0, tetrahedral: 1 }, FCC, 16).entropy).toBe(0);
    const over = occupancyEntropy({ linear: 0, trigonal: 0, tetrahedral: 1 }, FCC, 32);
    expect(over.overfull).toEqual(['tetrahedral']);
    expect(over.entropy).toBe(0);
  });

  for (const [name, lattice, tet, tri, lin, p2tet, p2tri, p2lin, S] of TABLE1) {
    it(`Table 1, ${name}: P2 and S̃ = ${S} follow from P1 and the ${lattice} site counts within the rounding of P1`, () => {
      const N = lattice === 'fcc' ? FCC : BCC;
      const r = occupancyEntropy({ linear: lin, trigonal: tri, tetrahedral: tet }, N, 16);
      // P2 from the printed P1 rounds to the printed P2 (±0.005), except where P1's own rounding
      // moves it: Na linear 16·0.16/56 = 0.046 prints 0.04 in the table (0.155 gives 0.044).
      for (const [got, want, p1, n] of [[r.P2.tetrahedral, p2tet, tet, N.tetrahedral], [r.P2.trigonal, p2tri, tri, N.trigonal], [r.P2.linear, p2lin, lin, N.linear]] as const) {
        const lo = (16 * Math.max(0, p1 - 0.005)) / n, hi = (16 * (p1 + 0.005)) / n;
        expect(want, `${name} P2`).toBeGreaterThanOrEqual(Math.min(got, lo) - 0.005);
        expect(want, `${name} P2`).toBeLessThanOrEqual(Math.max(got, hi) + 0.005);
      }
      // S̃ over every P1 within its printed rounding (±0.005) brackets the printed S̃.
      let lo = Infinity, hi = -Infinity;
      for (const a of [-1, 0, 1]) for (const b of [-1, 0, 1]) for (const c of [-1, 0, 1]) {
        const s = occupancyEntropy({ linear: Math.max(0, lin + 0.005 * a), trigonal: Math.max(0, tri + 0.005 * b), tetrahedral: Math.max(0, tet + 0.005 * c) }, N, 16).entropy;
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
      expect(S).toBeGreaterThanOrEqual(lo - 0.005);
      expect(S).toBeLessThanOrEqual(hi + 0.005);
      // And from the printed P1 themselves, within 0.04 k_B (K: 0.467 against 0.43, the widest).
      expect(Math.abs(r.entropy - S)).toBeLessThan(0.04);
    });
  }
});

describe('delete-one-block jackknife', () => {
  it('for a mean it equals the standard error of the block means', () => {
    const rng = createRng(11);
    const x = Array.from({ length: 1000 }, () => rng.nextNormal() + 3);
    const ones = x.map(() => 1);
    const jk = blockJackknife([x, ones], (t) => [t[0]! / t[1]!], 10);
    const means = Array.from({ length: 10 }, (_, b) => x.slice(100 * b, 100 * b + 100).reduce((s, v) => s + v, 0) / 100);
    const mu = means.reduce((s, v) => s + v, 0) / 10;
    const se = Math.sqrt(means.reduce((s, v) => s + (v - mu) ** 2, 0) / (10 * 9));
    expect(jk.stderr[0]).toBeCloseTo(se, 12);
    expect(jk.blocks).toBe(10);
    // ≈ 1/√1000 for unit-variance noise.
    expect(jk.stderr[0]!).toBeGreaterThan(0.015);
    expect(jk.stderr[0]!).toBeLessThan(0.05);
  });

  it('uses fewer blocks for short series and gives no error below 4 frames', () => {
    expect(blockJackknife([[1, 2, 3, 4, 5, 6]], (t) => [t[0]!], 10).blocks).toBe(3);
    expect(blockJackknife([[1, 2, 3]], (t) => [t[0]!], 10).stderr).toEqual([null]);
  });
});
