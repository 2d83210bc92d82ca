import { describe, expect, it } from 'vitest';
import { type Cell, makeCell, orthorhombicCell } from '../../core/cell.js';
import { createRng } from '../../math/rng.js';
import { COULOMB_EV_A, ewald } from './ewald.js';
import { erfc } from './erfc.js';

describe('erfc', () => {
  it('matches tabulated values to 1e-13 relative', () => {
    const ref: [number, number][] = [[0, 1], [0.5, 0.4795001221869535], [1, 0.1572992070502851], [2, 0.004677734981047266], [2.5, 4.06952017444959e-4], [3, 2.209049699858544e-5], [5, 1.537459794428035e-12], [-1, 1.842700792949715]];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-13);
  });
});

/** NaCl rock salt with nearest-neighbour distance d, conventional cube (8 ions). */
function rockSalt(d: number): { cell: Cell; pos: number[]; q: number[] } {
  const pos: number[] = [], q: number[] = [];
  for (const [x, y, z] of [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]) {
    pos.push(x! * d, y! * d, z! * d); q.push(1);
    pos.push((x! + 1) * d, y! * d, z! * d); q.push(-1);
  }
  return { cell: orthorhombicCell(2 * d, 2 * d, 2 * d), pos, q };
}

describe('ewald', () => {
  it('gives the rock-salt Madelung constant 1.747565 (cubic and triclinic primitive cell)', () => {
    const d = 2.8;
    const rs = rockSalt(d);
    const e = ewald(rs.cell, rs.pos, rs.q, { accuracy: 1e-10, rCut: 7 });
    expect((-e.energy * d) / (4 * COULOMB_EV_A)).toBeCloseTo(1.747564594633, 8);
    for (const f of e.forces) expect(Math.abs(f)).toBeLessThan(1e-8);
    // Primitive fcc cell: rows (0,d,d), (d,0,d), (d,d,0); Na at 0, Cl at (d,0,0).
    const prim = makeCell([0, d, d, d, 0, d, d, d, 0]);
    const p = ewald(prim, [0, 0, 0, d, 0, 0], [1, -1], { accuracy: 1e-10, rCut: 9 });
    expect((-p.energy * d) / COULOMB_EV_A).toBeCloseTo(1.747564594633, 8);
    // E ∝ 1/length, so trace σ = −E/V (isotropic: σ_xx = −E/(3V) > 0, the lattice pulls inwards).
    expect(p.stress[0]).toBeCloseTo(-p.energy / (3 * prim.volume), 9);
    expect(p.stress[1]).toBeCloseTo(0, 9);
  });

  it('CsCl Madelung constant 1.762675 (cube, distance √3a/2)', () => {
    const a = 4.1;
    const e = ewald(orthorhombicCell(a, a, a), [0, 0, 0, a / 2, a / 2, a / 2], [1, -1], { accuracy: 1e-10, rCut: 9 });
    expect((-e.energy * (Math.sqrt(3) * a) / 2) / COULOMB_EV_A).toBeCloseTo(1.762674773, 7);
  });

  // A random neutral system in a triclinic cell.
  const rng = createRng(7);
  const cell = makeCell([6.1, 0, 0, 0.9, 5.7, 0, -0.6, 0.8, 6.4]);
  const N = 8;
  const pos = Array.from({ length: 3 * N }, () => 6 * rng.nextFloat());
  const q = [0.9, -0.4, -0.5, 0.7, -1.1, 0.3, 0.6, -0.5];

  it('agrees with the direct lattice sum over spherical shells (plus the dipole surface term)', () => {
    const e = ewald(cell, pos, q, { accuracy: 1e-10, rCut: 9 });
    // Direct sum over whole cell images within R (spherical order, vacuum boundary), r_i as given.
    const m = cell.matrix;
    const direct = (R: number) => {
      let E = 0;
      const F = new Float64Array(3 * N);
      const nm = Math.ceil(R / 4) + 2;
      for (let a = -nm; a <= nm; a++) for (let b = -nm; b <= nm; b++) for (let c = -nm; c <= nm; c++) {
        const tx = a * m[0]! + b * m[3]! + c * m[6]!, ty = a * m[1]! + b * m[4]! + c * m[7]!, tz = a * m[2]! + b * m[5]! + c * m[8]!;
        if (Math.hypot(tx, ty, tz) > R) continue;
        const self = a === 0 && b === 0 && c === 0;
        for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
          if (self && i === j) continue;
          const dx = pos[3 * j]! + tx - pos[3 * i]!, dy = pos[3 * j + 1]! + ty - pos[3 * i + 1]!, dz = pos[3 * j + 2]! + tz - pos[3 * i + 2]!;
          const r = Math.hypot(dx, dy, dz);
          E += (0.5 * COULOMB_EV_A * q[i]! * q[j]!) / r;
          const f = (COULOMB_EV_A * q[i]! * q[j]!) / (r * r * r);
          F[3 * i]! -= f * dx; F[3 * i + 1]! -= f * dy; F[3 * i + 2]! -= f * dz;
        }
      }
      return { E, F };
    };
    const M = [0, 1, 2].map((k) => q.reduce((s, qi, i) => s + qi * pos[3 * i + k]!, 0));
    const V = cell.volume;
    const surf = ((2 * Math.PI) / (3 * V)) * COULOMB_EV_A * (M[0]! ** 2 + M[1]! ** 2 + M[2]! ** 2);
    const d = direct(120);
    expect(Math.abs(d.E - (e.energy + surf))).toBeLessThan(2e-3 * Math.abs(e.energy));
    for (let i = 0; i < N; i++) for (let k = 0; k < 3; k++) {
      const want = e.forces[3 * i + k]! - ((4 * Math.PI) / (3 * V)) * COULOMB_EV_A * q[i]! * M[k]!;
      expect(Math.abs(d.F[3 * i + k]! - want)).toBeLessThan(2e-3);
    }
  });

  it('does not depend on α; forces and stress are the derivatives of the energy', () => {
    const a = ewald(cell, pos, q, { accuracy: 1e-12, rCut: 9 });
    const b = ewald(cell, pos, q, { accuracy: 1e-12, rCut: 9, alpha: 0.5 });
    expect(b.energy).toBeCloseTo(a.energy, 8);
    const h = 1e-5;
    for (const idx of [0, 7, 13, 23]) {
      const p1 = pos.slice(), p2 = pos.slice();
      p1[idx]! += h; p2[idx]! -= h;
      const fd = -(ewald(cell, p1, q, { accuracy: 1e-12, rCut: 9 }).energy - ewald(cell, p2, q, { accuracy: 1e-12, rCut: 9 }).energy) / (2 * h);
      expect(a.forces[idx]).toBeCloseTo(fd, 6);
    }
    // Homogeneous strain of cell and positions: σ_αβ = (1/V) ∂E/∂ε_αβ.
    const strained = (al: number, be: number, e: number) => {
      const mm = Array.from(cell.matrix), pp = pos.slice();
      for (const arr of [mm, pp]) for (let r = 0; r < arr.length / 3; r++) arr[3 * r + al]! += e * arr[3 * r + be]!;
      return ewald(makeCell(mm), pp, q, { accuracy: 1e-12, rCut: 9 }).energy;
    };
    for (const [al, be] of [[0, 0], [1, 2], [2, 0], [2, 2]]) {
      const fd = (strained(al!, be!, h) - strained(al!, be!, -h)) / (2 * h) / cell.volume;
      expect(a.stress[3 * al! + be!]).toBeCloseTo(fd, 7);
    }
    // A charged cell: the background term keeps α-independence.
    const qc = q.map((x) => x + 0.1);
    expect(ewald(cell, pos, qc, { accuracy: 1e-12, rCut: 9, alpha: 0.5 }).energy).toBeCloseTo(ewald(cell, pos, qc, { accuracy: 1e-12, rCut: 9 }).energy, 8);
  });
});
