import { describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import { cubicLatticePoints, type CubicLatticeKind } from '../../chem/lattice.js';
import { createRng } from '../../math/rng.js';
import { buildSiteTopology, referenceSitePositions, type SiteTopology } from './topology.js';

const A: Record<CubicLatticeKind, number> = { fcc: 10.05, bcc: 7.98 };
const RC: Record<CubicLatticeKind, number> = { fcc: 0.85, bcc: 1.2 };
const PER_ANION: Record<CubicLatticeKind, [number, number, number]> = { fcc: [6, 8, 2], bcc: [7, 12, 6] };
const CELLS: Record<string, (a: number) => number[]> = {
  '1×1×1': (a) => [a, 0, 0, 0, a, 0, 0, 0, a],
  '2×2×2': (a) => [2 * a, 0, 0, 0, 2 * a, 0, 0, 0, 2 * a],
  "paper's fcc √2×√2×1": (a) => [a, a, 0, -a, a, 0, 0, 0, a],
  "paper's bcc √2×√2×2": (a) => [a, a, 0, -a, a, 0, 0, 0, 2 * a],
  'sheared a, a+b, c': (a) => [a, 0, 0, a, a, 0, 0, 0, a],
};
const PRIMITIVE: Record<CubicLatticeKind, (a: number) => number[]> = {
  fcc: (a) => [0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0],
  bcc: (a) => [-a / 2, a / 2, a / 2, a / 2, -a / 2, a / 2, a / 2, a / 2, -a / 2],
};

/** Canonical key of a site independent of the enumeration: members translated so that each one in turn is at shift 0, the smallest sorted list. */
function canonical(t: SiteTopology, s: number): string {
  const mem: number[][] = [];
  for (let q = t.offsets[s]!; q < t.offsets[s + 1]!; q++) mem.push([t.point[q]!, t.shift[3 * q]!, t.shift[3 * q + 1]!, t.shift[3 * q + 2]!]);
  const keys = mem.map((anchor) => mem.map((m) => [m[0]!, m[1]! - anchor[1]!, m[2]! - anchor[2]!, m[3]! - anchor[3]!].join(',')).sort().join(';'));
  return keys.sort()[0]!;
}

describe('site topology: cliques of the framework neighbour graph with periodic images (SPEC 2.2)', () => {
  for (const kind of ['fcc', 'bcc'] as const) {
    const a = A[kind];
    for (const [name, rows] of [...Object.entries(CELLS), ['primitive (1 anion)', PRIMITIVE[kind]] as const]) {
      it(`${kind} in the ${name} cell: ${PER_ANION[kind].join('/')} linear/trigonal/tetrahedral sites per anion, each once, members mutually within r_c`, () => {
        const cell = makeCell(rows(a));
        const p = cubicLatticePoints(kind, a, cell);
        const n = p.length / 3;
        const t = buildSiteTopology(p, cell, RC[kind] * a);
        expect([t.counts.linear / n, t.counts.trigonal / n, t.counts.tetrahedral / n]).toEqual(PER_ANION[kind]);
        expect(t.fiveCliques).toBe(0);
        const keys = new Set(t.kind.map((_, s) => canonical(t, s)));
        expect(keys.size).toBe(t.kind.length);
        // Every pair of members of every site is a neighbour pair in the reference frame.
        const m = cell.matrix;
        const pos = (q: number) => [0, 1, 2].map((k) => p[3 * t.point[q]! + k]! + t.shift[3 * q]! * m[k]! + t.shift[3 * q + 1]! * m[3 + k]! + t.shift[3 * q + 2]! * m[6 + k]!);
        for (let s = 0; s < t.kind.length; s++) {
          expect(t.offsets[s + 1]! - t.offsets[s]!).toBe(t.kind[s]! + 2);
          for (let q = t.offsets[s]!; q < t.offsets[s + 1]!; q++) for (let r = q + 1; r < t.offsets[s + 1]!; r++) {
            const [x, y] = [pos(q), pos(r)];
            expect(Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!)).toBeLessThan(RC[kind] * a);
          }
        }
      });
    }
  }

  it('site positions are the ideal interstices: fcc tetrahedral sites at a√3/4 from 4 anions, trigonal at a/√6 from 3', () => {
    const a = 10.05;
    const cell = makeCell(CELLS["paper's fcc √2×√2×1"]!(a));
    const p = cubicLatticePoints('fcc', a, cell);
    const t = buildSiteTopology(p, cell, 0.85 * a);
    const sp = referenceSitePositions(t, p, cell);
    const m = cell.matrix;
    for (let s = 0; s < t.kind.length; s++) {
      const want = [a / 2 / Math.SQRT2, a / Math.sqrt(6), (a * Math.sqrt(3)) / 4][t.kind[s]!]!;
      for (let q = t.offsets[s]!; q < t.offsets[s + 1]!; q++) {
        const d = [0, 1, 2].map((k) => p[3 * t.point[q]! + k]! + t.shift[3 * q]! * m[k]! + t.shift[3 * q + 1]! * m[3 + k]! + t.shift[3 * q + 2]! * m[6 + k]! - sp[3 * s + k]!);
        expect(Math.hypot(...d)).toBeCloseTo(want, 9);
      }
    }
  });

  it('counts do not depend on atom order, translation or thermal noise well inside the shell gap', () => {
    const a = 7.98;
    const cell = makeCell(CELLS["paper's bcc √2×√2×2"]!(a));
    const p = cubicLatticePoints('bcc', a, cell);
    const rng = createRng(3);
    const order = Array.from({ length: p.length / 3 }, (_, i) => i).sort(() => rng.nextFloat() - 0.5);
    const moved = Float64Array.from(order.flatMap((i) => [0, 1, 2].map((k) => p[3 * i + k]! + 13.7 * (k + 1) + 0.15 * rng.nextNormal())));
    const t = buildSiteTopology(moved, cell, 1.2 * a);
    expect(t.counts).toEqual({ linear: 56, trigonal: 96, tetrahedral: 48 });
  });

  it('a cutoff below the nearest-neighbour distance gives no sites; one beyond a (fcc) gives other counts', () => {
    const a = 10.05;
    const cell = makeCell(CELLS["paper's fcc √2×√2×1"]!(a));
    const p = cubicLatticePoints('fcc', a, cell);
    expect(buildSiteTopology(p, cell, 0.6 * a).kind.length).toBe(0);
    const big = buildSiteTopology(p, cell, 1.05 * a);
    expect(big.counts.linear / 8).toBe(9);
    expect(big.fiveCliques).toBeGreaterThan(0);
  });
});
