import { makeCell } from '../../core/cell.js';
import { elementInfo } from '../../core/elements.js';
import type { Rng } from '../../math/rng.js';
import { buildConfig, type ModelConfig } from './geometry.js';

/**
 * A random toy configuration for tests: a strained ~8.6 Å cubic cell with two rigid B6H6
 * octahedra (B 1.0 Å, H 2.2 Å from the centre, random orientation) near (0,0,0) and the body
 * centre, and four Li placed at random ≥ `minLi` Å from every atom. Species: 0 Li, 1 B, 2 H.
 * Targets are left empty.
 */
export function toyConfig(rng: Rng, label: string, minLi = 1.7): ModelConfig {
  const L = 8.6 * (0.96 + 0.08 * rng.nextFloat());
  const e = () => 0.03 * (2 * rng.nextFloat() - 1);
  const exy = e(), exz = e(), eyz = e();
  const cell = makeCell([L * (1 + e()), L * exy, L * exz, L * exy, L * (1 + e()), L * eyz, L * exz, L * eyz, L * (1 + e())]);
  const m = cell.matrix;
  const frac = (f: number[]) => [0, 1, 2].map((d) => f[0]! * m[d]! + f[1]! * m[3 + d]! + f[2]! * m[6 + d]!);
  const pos: number[] = [], species: number[] = [], anions: number[][] = [];
  for (const f of [[0, 0, 0], [0.5, 0.5, 0.5]]) {
    const c = frac(f.map((x) => x + 0.03 * (2 * rng.nextFloat() - 1)));
    const R = randomRotation(rng);
    const atoms: number[] = [];
    for (const [el, rad] of [[1, 1.0], [2, 2.2]] as const) {
      for (const v of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]) {
        atoms.push(species.length);
        species.push(el);
        for (let d = 0; d < 3; d++) pos.push(c[d]! + rad * (R[3 * d]! * v[0]! + R[3 * d + 1]! * v[1]! + R[3 * d + 2]! * v[2]!));
      }
    }
    anions.push(atoms);
  }
  const inv = cell.inverse;
  for (let placed = 0; placed < 4;) {
    const p = frac([rng.nextFloat(), rng.nextFloat(), rng.nextFloat()]);
    let ok = true;
    for (let j = 0; j < species.length && ok; j++) {
      const d = [0, 1, 2].map((k) => p[k]! - pos[3 * j + k]!);
      const f = [0, 1, 2].map((k) => d[0]! * inv[k]! + d[1]! * inv[3 + k]! + d[2]! * inv[6 + k]!).map((x) => x - Math.round(x));
      const r = Math.hypot(...frac(f));
      if (r < (species[j] === 0 ? 2.5 : minLi)) ok = false;
    }
    if (!ok) continue;
    pos.push(...p); species.push(0); placed++;
  }
  const masses = species.map((s) => elementInfo(['Li', 'B', 'H'][s]!)!.mass);
  return buildConfig(label, cell, Float64Array.from(pos), Int8Array.from(species), ['Li', 'B', 'H'], anions, masses, true);
}

/** Uniform random rotation matrix (row-major 3×3) from a random unit quaternion. */
export function randomRotation(rng: Rng): number[] {
  let q: number[];
  do q = [0, 1, 2, 3].map(() => rng.nextNormal()); while (Math.hypot(...q) < 1e-6);
  const n = Math.hypot(...q);
  const [w, x, y, z] = q.map((v) => v / n) as [number, number, number, number];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}
