import { describe, expect, it } from 'vitest';
import { orthorhombicCell } from '../../core/cell.js';
import { quaternionToMatrix, randomRotation, triadAxes } from '../../chem/icosahedron.js';
import { li2b12h12Cell } from '../../chem/testing.js';
import { createRng } from '../../math/rng.js';
import { anionsWithCations, contextFor, frameOf, runFrames } from '../angles/testing.js';
import { chooseRDock, dockingAnalysis } from './analysis.js';
import { isotropicTriadAngleDensity } from './isotropic.js';

const C = [15, 15, 15];
const cell = orthorhombicCell(30, 30, 30);

/** Li along each triad axis of an anion with orientation R, at `r` Å, each tilted by `tilt` degrees. */
function liOverTriads(R: Float64Array, r: number, tilt = 0): number[] {
  const axes = triadAxes(R);
  const out: number[] = [];
  for (let f = 0; f < 20; f++) {
    const a = [axes[3 * f]!, axes[3 * f + 1]!, axes[3 * f + 2]!];
    // A unit vector perpendicular to a, then rotate a towards it by `tilt`.
    const q = Math.abs(a[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const dot = q[0]! * a[0]! + q[1]! * a[1]! + q[2]! * a[2]!;
    const p = q.map((x, i) => x - dot * a[i]!);
    const n = Math.hypot(...p);
    const t = (tilt * Math.PI) / 180;
    for (let i = 0; i < 3; i++) out.push(C[i]! + r * (Math.cos(t) * a[i]! + (Math.sin(t) * p[i]!) / n));
  }
  return out;
}

describe('docking', () => {
  it('Li exactly over the 20 triads at 3.2 Å: docked fraction 1, triad angle 0', () => {
    const R = randomRotation(createRng(7));
    const g = anionsWithCations(C, liOverTriads(R, 3.2), [R]);
    const frame = frameOf(g.positions, cell);
    const r = runFrames(dockingAnalysis, { r1: 5 }, contextFor(g.symbols, frame), [frame]);
    expect(r.rDock.value).toBeCloseTo(3.7, 12);
    expect(r.dockedFraction).toBe(1);
    expect(r.meanShell).toBe(20);
    expect(r.triadAngleDensity[0]).toBe(1);
    expect(r.meanTriadAngle!.value).toBeLessThan(1e-6);
  });

  it('tilted by 12.2° from their triads, and 10 more Li beyond r_dock: angle 12.2°, fraction 20/30', () => {
    const R = quaternionToMatrix(0.9, 0.1, -0.3, 0.2);
    const far: number[] = [];
    const rng = createRng(2);
    for (let i = 0; i < 10; i++) {
      const z = 2 * rng.nextFloat() - 1, phi = 2 * Math.PI * rng.nextFloat(), s = Math.sqrt(1 - z * z);
      far.push(C[0]! + 4.5 * s * Math.cos(phi), C[1]! + 4.5 * s * Math.sin(phi), C[2]! + 4.5 * z);
    }
    const g = anionsWithCations(C, [...liOverTriads(R, 3.3, 12.2), ...far], [R]);
    const frame = frameOf(g.positions, cell);
    const r = runFrames(dockingAnalysis, { r1: 5, binWidth: 0.5 }, contextFor(g.symbols, frame), [frame]);
    expect(r.dockedFraction).toBeCloseTo(20 / 30, 12);
    expect(r.meanTriadAngle!.value).toBeCloseTo(12.2, 9);
    expect(r.triadAngleDensity[24]).toBe(2);
  });

  it('--r-dock moves the docking radius; other cations need it', () => {
    const R = randomRotation(createRng(8));
    const g = anionsWithCations(C, liOverTriads(R, 3.2), [R]);
    const frame = frameOf(g.positions, cell);
    const r = runFrames(dockingAnalysis, { r1: 5, rDock: 3.1 }, contextFor(g.symbols, frame), [frame]);
    expect(r.dockedFraction).toBe(0);
    expect(r.meanTriadAngle).toBeNull();
    expect(chooseRDock(['Na']).rDock).toBeCloseTo(4.2, 12);
    expect(() => chooseRDock(['K'])).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.stringMatching(/K .*--r-dock/) }));
    expect(() => dockingAnalysis.init({ r1: 3.5 }, contextFor(g.symbols, frame))).toThrow(/not beyond r₁/);
  });

  it('finds the faces of thermally distorted anions; split-and-merge equals one pass; periodic images count', () => {
    const g = li2b12h12Cell(createRng(3), { primitive: true });
    const rng = createRng(9);
    const frames = Array.from({ length: 6 }, (_, f) => frameOf(g.positions.map((x) => x + 0.08 * rng.nextNormal()), g.cell, f));
    const ctx = contextFor(g.symbols, frames[0]!);
    const one = runFrames(dockingAnalysis, { r1: 5.95, rDock: 4.6 }, ctx, frames);
    // 2 Li at the tetrahedral sites (4.35 Å) appear as 8 images, all within r_dock = 4.6 Å.
    expect(one.meanShell).toBeGreaterThan(7);
    expect(one.dockedFraction).toBeGreaterThan(0.9);
    // Histograms and counts merge exactly; the angle sum up to rounding.
    const merged = runFrames(dockingAnalysis, { r1: 5.95, rDock: 4.6 }, ctx, frames, 3);
    expect({ ...merged, meanTriadAngle: null }).toEqual({ ...one, meanTriadAngle: null });
    expect(merged.meanTriadAngle!.value).toBeCloseTo(one.meanTriadAngle!.value, 10);
  });

  it('is undefined for non-icosahedral anions, with a reason', () => {
    const cellP = orthorhombicCell(12, 12, 12);
    const s = 2.05 / Math.sqrt(3);
    const symbols = ['P', 'S', 'S', 'S', 'S', 'Li'];
    const positions = Float64Array.from([6, 6, 6, 6 + s, 6 + s, 6 + s, 6 - s, 6 - s, 6 + s, 6 - s, 6 + s, 6 - s, 6 + s, 6 - s, 6 - s, 9, 6, 6]);
    const frame = frameOf(positions, cellP);
    expect(() => dockingAnalysis.init({ r1: 5 }, contextFor(symbols, frame, 'Li', 'PS4'))).toThrow(expect.objectContaining({
      code: 'E_SELECTION', message: expect.stringMatching(/PS4\) has 5 non-hydrogen atom\(s\), not 12; docking to B3 triads is defined only for icosahedral/),
    }));
  });

  it('isotropic baseline: integrates to 1, nothing beyond 37.4°, mean agrees with random directions', () => {
    const iso = isotropicTriadAngleDensity(1, 90);
    expect(iso.density.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(iso.density.slice(38).every((x) => x === 0)).toBe(true);
    expect(iso.density[37]).toBeGreaterThan(0);
    const rng = createRng(12);
    const axes = triadAxes();
    let sum = 0, sum2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const z = 2 * rng.nextFloat() - 1, phi = 2 * Math.PI * rng.nextFloat(), s = Math.sqrt(1 - z * z);
      const u = [s * Math.cos(phi), s * Math.sin(phi), z];
      let best = -1;
      for (let f = 0; f < 20; f++) best = Math.max(best, u[0]! * axes[3 * f]! + u[1]! * axes[3 * f + 1]! + u[2]! * axes[3 * f + 2]!);
      const th = (Math.acos(Math.min(1, best)) * 180) / Math.PI;
      sum += th; sum2 += th * th;
    }
    const mean = sum / n, sd = Math.sqrt(sum2 / n - mean * mean);
    expect(Math.abs(iso.mean - mean)).toBeLessThan(4 * sd / Math.sqrt(n));
  });
});
