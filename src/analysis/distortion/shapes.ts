import { ICOSAHEDRON_VERTICES } from '../../chem/icosahedron.js';

/**
 * Regular shapes an anion's atoms of one element are compared with, by atom count: 1 → the
 * centre (P of PS4, B of BH4), 2 → a line through the centre, 3 → an equilateral triangle
 * (CO3, NO3), 4 → a regular tetrahedron (PS4, BH4, SO4), 6 → a regular octahedron (PF6),
 * 12 → a regular icosahedron (B12H12: B and H shells alike). Unit vectors, flat, 3 per vertex;
 * every shape's vertices sum to zero, which is what makes the free translation of the rigid
 * fit the plain centroid of the atoms (see fit.ts).
 */
export function regularShape(count: number): Float64Array | undefined {
  const r3 = 1 / Math.sqrt(3);
  switch (count) {
    case 1: return Float64Array.from([0, 0, 0]);
    case 2: return Float64Array.from([0, 0, 1, 0, 0, -1]);
    case 3: return Float64Array.from([1, 0, 0, -0.5, Math.sqrt(3) / 2, 0, -0.5, -Math.sqrt(3) / 2, 0]);
    case 4: return Float64Array.from([r3, r3, r3, r3, -r3, -r3, -r3, r3, -r3, -r3, -r3, r3]);
    case 6: return Float64Array.from([1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1]);
    case 12: return Float64Array.from(ICOSAHEDRON_VERTICES);
    default: return undefined;
  }
}

/** Name of the regular shape of `count` vertices (for messages and JSON). */
export function shapeName(count: number): string {
  return ({ 1: 'centre', 2: 'line', 3: 'triangle', 4: 'tetrahedron', 6: 'octahedron', 12: 'icosahedron' } as Record<number, string>)[count] ?? `none (${count} atoms)`;
}
