import { describe, expect, it } from 'vitest';
import { type Cell, cartToFrac, fracToCart, makeCell } from '../core/cell.js';
import { topologyFromSymbols } from '../core/topology.js';
import { MinimumImage } from '../math/pbc.js';
import { createRng } from '../math/rng.js';
import { ClusterCentres, clusterCentres } from './centres.js';
import { findClusters } from './clusters.js';
import { randomRotation } from './icosahedron.js';
import { li2b12h12Cell, wrapInPlace } from './testing.js';

function periodicDistance(cell: Cell, p: ArrayLike<number>, q: ArrayLike<number>): number {
  const d = Float64Array.from([q[0]! - p[0]!, q[1]! - p[1]!, q[2]! - p[2]!]);
  return Math.sqrt(new MinimumImage(cell).apply(d));
}

/** A later "frame": every anion rotated about its centre and moved, Li moved, all wrapped. */
function moveAnions(g: ReturnType<typeof li2b12h12Cell>, seed: number, cell: Cell = g.cell) {
  const rng = createRng(seed);
  const nA = g.centres.length / 3;
  const pos = g.positions.slice();
  const newCentres = new Float64Array(3 * nA);
  const mic = new MinimumImage(g.cell);
  const d = new Float64Array(3);
  for (let k = 0; k < nA; k++) {
    const R = randomRotation(rng);
    const t = [0, 1, 2].map(() => 0.6 * (rng.nextFloat() - 0.5));
    for (let c = 0; c < 3; c++) newCentres[3 * k + c] = g.centres[3 * k + c]! + t[c]!;
    for (const a of [...Array.from({ length: 12 }, (_, i) => 12 * k + i), ...Array.from({ length: 12 }, (_, i) => 12 * nA + 12 * k + i)]) {
      for (let c = 0; c < 3; c++) d[c] = g.positions[3 * a + c]! - g.centres[3 * k + c]!;
      mic.apply(d);
      for (let c = 0; c < 3; c++) pos[3 * a + c] = newCentres[3 * k + c]! + R[3 * c]! * d[0]! + R[3 * c + 1]! * d[1]! + R[3 * c + 2]! * d[2]!;
    }
  }
  // A new cell (NPT): keep fractional coordinates.
  const f = cartToFrac(g.cell, pos);
  const out = fracToCart(cell, f);
  wrapInPlace(cell, out);
  return { positions: out, centres: fracToCart(cell, cartToFrac(g.cell, newCentres)) };
}

describe('ClusterCentres (per-frame anion centres)', () => {
  const g = li2b12h12Cell(createRng(77));
  const t = topologyFromSymbols(g.symbols);
  const clusters = findClusters(t, g, { exclude: ['Li'] }).clusters;

  it('reproduces the reference centres, then follows rotated and moved anions frame after frame', () => {
    const cc = new ClusterCentres(t, clusters);
    const out = new Float64Array(3 * 8);
    expect(cc.compute(g.positions, g.cell, out)).toBe(out);
    clusters.forEach((c, k) => expect(periodicDistance(g.cell, out.subarray(3 * k, 3 * k + 3), c.centre)).toBeLessThan(1e-9));
    for (let frame = 1; frame <= 5; frame++) {
      const f = moveAnions(g, frame);
      cc.compute(f.positions, g.cell, out);
      for (let k = 0; k < 8; k++) expect(periodicDistance(g.cell, out.subarray(3 * k, 3 * k + 3), f.centres.subarray(3 * k, 3 * k + 3))).toBeLessThan(1e-9);
      expect(cc.lastMaxBond).toBeCloseTo(1.7 / Math.sin((2 * Math.PI) / 5), 9);
    }
  });

  it('wrapped centres lie in the cell; whole molecules are intact (every H 2.90 Å from its centre)', () => {
    const cc = new ClusterCentres(t, clusters);
    const f = moveAnions(g, 42);
    const out = cc.compute(f.positions, g.cell);
    const frac = cartToFrac(g.cell, out);
    for (const x of frac) expect(x >= -1e-12 && x < 1).toBe(true);
    const unwrapped = cc.compute(f.positions, g.cell, new Float64Array(24), false);
    for (let k = 0; k < 8; k++) {
      for (let s = cc.offsets[k]!; s < cc.offsets[k + 1]!; s++) {
        const r = Math.hypot(...[0, 1, 2].map((c) => cc.whole[3 * s + c]! - unwrapped[3 * k + c]!));
        expect(r).toBeCloseTo(g.symbols[cc.slotAtom[s]!] === 'H' ? 2.9 : 1.7, 9);
      }
    }
  });

  it('handles a changing cell (NPT) and a skewed basis where bonds exceed half the naive cell height', () => {
    const cc = new ClusterCentres(t, clusters);
    const m = g.cell.matrix;
    const bigger = makeCell(Array.from(m, (x) => 1.03 * x));
    const f1 = moveAnions(g, 5, bigger);
    const out = cc.compute(f1.positions, bigger);
    for (let k = 0; k < 8; k++) expect(periodicDistance(bigger, out.subarray(3 * k, 3 * k + 3), f1.centres.subarray(3 * k, 3 * k + 3))).toBeLessThan(1e-9);
    // Same lattice, basis c′ = c + 3a: one height shrinks to 3.3 Å, under twice the B–B bond, so the exact fallback must be used.
    const skew = makeCell([m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]! + 3 * m[0]!, m[7]! + 3 * m[1]!, m[8]! + 3 * m[2]!]);
    const f2 = moveAnions(g, 6);
    const a = cc.compute(f2.positions, g.cell).slice();
    const pos = f2.positions.slice();
    wrapInPlace(skew, pos);
    const b = cc.compute(pos, skew);
    for (let k = 0; k < 8; k++) expect(periodicDistance(g.cell, a.subarray(3 * k, 3 * k + 3), b.subarray(3 * k, 3 * k + 3))).toBeLessThan(1e-9);
  });

  it('the convenience function agrees, and a framework has no centre (E_SELECTION)', () => {
    const one = clusterCentres(t, clusters, g);
    const cc = new ClusterCentres(t, clusters).compute(g.positions, g.cell);
    expect(Array.from(one)).toEqual(Array.from(cc));
    const chain = findClusters(topologyFromSymbols(['S']), { positions: Float64Array.from([0, 0, 0]), cell: makeCell([2, 0, 0, 0, 9, 0, 0, 0, 9]) }).clusters;
    expect(() => new ClusterCentres(topologyFromSymbols(['S']), chain)).toThrow(expect.objectContaining({ code: 'E_SELECTION' }));
  });
});
