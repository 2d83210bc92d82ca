import { type Cell, cartToFrac, fracToCart, makeCell } from '../../core/cell.js';
import { UsageError } from '../../core/errors.js';
import type { CubicLattice } from '../../analysis/pauling/pauling.js';
import { CUBIC_BASIS } from '../../analysis/templates/lattice.js';

/**
 * Supercells of the cubic anion lattice for the structure builder.
 *
 * `paper` is the 208-atom cell of the closo-borate study (SPEC "Reference systems"): the
 * conventional cube rotated by 45° about z, rows
 *   a₁ = (a, a, 0), a₂ = (−a, a, 0), a₃ = (0, 0, c), with c = a (fcc) or 2a (bcc),
 * so |a₁| = |a₂| = a√2 and |a₃| = a (fcc, "√2×√2×1", V = 2a³, 8 anions) or 2a (bcc,
 * "√2×√2×2", V = 4a³, 8 anions). The cubic axes stay along x, y, z, so the anions' reference
 * orientation (C2 axes along x, y, z) keeps its meaning. `N×M×K` repeats the conventional
 * cube: rows (Na, 0, 0), (0, Ma, 0), (0, 0, Ka).
 */
export type SupercellSpec = { kind: 'paper' } | { kind: 'repeat'; n: [number, number, number] };

/** Parse `--supercell paper|N|NxNxN` (x or × between the numbers). */
export function parseSupercell(text: string): SupercellSpec {
  const t = text.trim().toLowerCase();
  if (t === 'paper') return { kind: 'paper' };
  const parts = t.split(/[x×]/);
  const nums = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  const n = nums.length === 1 ? [nums[0]!, nums[0]!, nums[0]!] : nums;
  if (n.length !== 3 || n.some((x) => !Number.isInteger(x) || x < 1 || x > 20)) {
    throw new UsageError(`--supercell ${text}: expected paper, N or NxNxN with integers 1…20 (e.g. 2x2x2)`);
  }
  return { kind: 'repeat', n: n as [number, number, number] };
}

/** Cell rows (Å) of a supercell of a cubic lattice with parameter `a` (Å). */
export function supercellCell(lattice: CubicLattice, a: number, spec: SupercellSpec): Cell {
  if (spec.kind === 'paper') return makeCell([a, a, 0, -a, a, 0, 0, 0, lattice === 'fcc' ? a : 2 * a]);
  return makeCell([spec.n[0] * a, 0, 0, 0, spec.n[1] * a, 0, 0, 0, spec.n[2] * a]);
}

/**
 * The anion lattice points inside `cell` (Cartesian Å, flat, fractional coordinates in [0, 1)),
 * for a cubic lattice of parameter `a` whose points include the origin. Order: ascending
 * fractional z, then y, then x, so the numbering does not depend on how they were found.
 * Throws UsageError when the cell is not a supercell of the lattice (a point count that is
 * not V / (a³ / basis size)).
 */
export function latticePointsInCell(lattice: CubicLattice, a: number, cell: Cell): Float64Array {
  const basis = CUBIC_BASIS[lattice];
  const perCube = basis.length / 3;
  const expected = Math.round((cell.volume / a ** 3) * perCube);
  // Bound the conventional-cell indices by the cell's corner extents.
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const corner = fracToCart(cell, [c & 1, (c >> 1) & 1, (c >> 2) & 1]);
    for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k]!, corner[k]!); hi[k] = Math.max(hi[k]!, corner[k]!); }
  }
  const found: { f: number[] }[] = [];
  const seen = new Set<string>();
  const eps = 1e-9;
  for (let i = Math.floor(lo[0]! / a) - 1; i <= Math.ceil(hi[0]! / a); i++)
    for (let j = Math.floor(lo[1]! / a) - 1; j <= Math.ceil(hi[1]! / a); j++)
      for (let k = Math.floor(lo[2]! / a) - 1; k <= Math.ceil(hi[2]! / a); k++)
        for (let b = 0; b < basis.length; b += 3) {
          const f = Array.from(cartToFrac(cell, [(i + basis[b]!) * a, (j + basis[b + 1]!) * a, (k + basis[b + 2]!) * a]), (x) => {
            const w = x - Math.floor(x + eps);
            return Math.abs(w) < eps ? 0 : w;
          });
          const key = f.map((x) => x.toFixed(6)).join(',');
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({ f });
        }
  if (found.length !== expected) throw new UsageError(`the cell is not a supercell of the ${lattice} lattice (found ${found.length} lattice points, expected ${expected})`);
  // Rounded, so that 0.5 and 0.4999999999999999 sort as equal.
  const r = (x: number) => Math.round(x * 1e6);
  found.sort((p, q) => r(p.f[2]!) - r(q.f[2]!) || r(p.f[1]!) - r(q.f[1]!) || r(p.f[0]!) - r(q.f[0]!));
  return fracToCart(cell, Float64Array.from(found.flatMap((p) => p.f)));
}
