import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { firstShellCutoff, smoothUniform } from './cutoff.js';

const grid = (from: number, to: number, h: number) => Array.from({ length: Math.round((to - from) / h) + 1 }, (_, k) => from + k * h);
/** A damped first shell: peak near 2, minimum where g′ = 0 (found by dense search). */
const shape = (r: number) => (r < 1 ? 0 : 1 + 1.5 * Math.exp(-(r - 1) / 2.5) * Math.cos((Math.PI * (r - 2)) / 2.2));

function trueMinimum(): number {
  let best = 2, val = Infinity;
  for (let r = 2; r < 5; r += 1e-6) if (shape(r) < val) { val = shape(r); best = r; }
  return best;
}

describe('firstShellCutoff', () => {
  const rMin = trueMinimum();
  it('finds g′ = 0 after the main peak: to 1e-3 Å without smoothing, to 0.02 Å with the default', () => {
    const r = grid(0.01, 8, 0.02);
    const g = r.map(shape);
    expect(firstShellCutoff(r, g, 0)!.r1).toBeCloseTo(rMin, 3);
    const s = firstShellCutoff(r, g)!;
    expect(Math.abs(s.r1 - rMin)).toBeLessThan(0.02);
    expect(s.peak).toBeGreaterThan(1.5);
    expect(s.peak).toBeLessThan(2.2);
  });

  it('the default smoothing keeps counting noise (±10 % per bin) from making a false minimum', () => {
    const rng = createRng(9);
    const r = grid(0.01, 8, 0.02);
    const g = r.map((x) => shape(x) * (1 + 0.2 * (rng.nextFloat() - 0.5)));
    expect(firstShellCutoff(r, g, 0)!.r1).toBeLessThan(rMin - 0.5);
    expect(Math.abs(firstShellCutoff(r, g)!.r1 - rMin)).toBeLessThan(0.1);
  });

  it('null when g keeps falling to rmax, or is zero everywhere', () => {
    const r = grid(0.05, 4, 0.05);
    expect(firstShellCutoff(r, r.map((x) => Math.exp(-((x - 1) ** 2))))).toBeNull();
    expect(firstShellCutoff(r, r.map(() => 0))).toBeNull();
  });

  it('smoothing preserves the integral of an interior peak and leaves σ ≪ spacing alone', () => {
    const r = grid(0, 10, 0.05);
    const y = r.map((x) => (Math.abs(x - 5) < 0.01 ? 1 : 0));
    const s = smoothUniform(r, y, 0.1);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(s[100]).toBeLessThan(0.5);
    expect(Array.from(smoothUniform(r, y, 0.001))).toEqual(y);
  });
});
