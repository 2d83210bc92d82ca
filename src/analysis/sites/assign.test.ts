import { describe, expect, it } from 'vitest';
import { type Cell, makeCell } from '../../core/cell.js';
import { MinimumImage } from '../../math/pbc.js';
import { createRng } from '../../math/rng.js';
import { SiteAssigner } from './assign.js';

/** Naive oracle: every cation against every site by its minimum image, weights exp(−d²/2σ²) normalised. */
function naive(sites: Float64Array, kinds: number[], cell: Cell, cations: Float64Array, radius: number, sigma2: number): { w: number[]; assigned: number } {
  const mic = new MinimumImage(cell);
  const w = [0, 0, 0];
  let assigned = 0;
  for (let c = 0; c < cations.length; c += 3) {
    const per = [0, 0, 0];
    for (let s = 0; s < kinds.length; s++) {
      const d = Float64Array.from([sites[3 * s]! - cations[c]!, sites[3 * s + 1]! - cations[c + 1]!, sites[3 * s + 2]! - cations[c + 2]!]);
      const d2 = mic.apply(d);
      if (d2 < radius * radius) per[kinds[s]!]! += Math.exp(-d2 / (2 * sigma2));
    }
    const t = per[0]! + per[1]! + per[2]!;
    if (t > 0) {
      assigned++;
      for (let k = 0; k < 3; k++) w[k]! += per[k]! / t;
    }
  }
  return { w, assigned };
}

const CASES: [string, number[], number][] = [
  ['large orthorhombic cell, many sites (cell list)', [20, 0, 0, 0, 22, 0, 0, 0, 21], 600],
  ['large triclinic cell (cell list)', [20, 0, 0, 6, 19, 0, -4, 5, 18], 600],
  ['small cell thinner than 2·radius (all pairs, minimum image)', [6, 0, 0, 2, 6.5, 0, 1, -1, 7], 40],
  ['primitive fcc cell', [0, 5.025, 5.025, 5.025, 0, 5.025, 5.025, 5.025, 0], 16],
];

describe('Gaussian site weights (SPEC 2.4) against a naive minimum-image oracle', () => {
  for (const [name, rows, nSites] of CASES) {
    it(name, () => {
      const cell = makeCell(rows);
      const rng = createRng(nSites);
      // Sites anywhere (also outside the cell), cations near sites and between them.
      const sites = Float64Array.from({ length: 3 * nSites }, () => 40 * rng.nextFloat() - 10);
      const kinds = Array.from({ length: nSites }, () => rng.nextInt(3));
      const cations = Float64Array.from({ length: 3 * 50 }, (_, i) => (i < 60 ? sites[i]! + 0.7 * rng.nextNormal() : 30 * rng.nextFloat()));
      const idx = Array.from({ length: 50 }, (_, i) => i);
      for (const [radius, sigma2] of [[4, 0.1], [2.5, 0.5]] as const) {
        const a = new SiteAssigner(kinds, radius, sigma2);
        const out = new Float64Array(3);
        const n = a.assign(sites, cell, cations, idx, out);
        const ref = naive(sites, kinds, cell, cations, radius, sigma2);
        expect(n).toBe(ref.assigned);
        for (let k = 0; k < 3; k++) expect(out[k]).toBeCloseTo(ref.w[k]!, 10);
        expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(n, 10);
      }
    });
  }

  it('a tiny σ² cannot turn weights into 0/0: the nearest site takes all', () => {
    const cell = makeCell([10, 0, 0, 0, 10, 0, 0, 0, 10]);
    const a = new SiteAssigner([0, 1], 4, 1e-4);
    const out = new Float64Array(3);
    expect(a.assign(Float64Array.from([0, 0, 0, 3, 0, 0]), cell, [1.4, 0, 0], [0], out)).toBe(1);
    expect(Array.from(out)).toEqual([1, 0, 0]);
  });
});
