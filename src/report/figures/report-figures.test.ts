import { describe, expect, it } from 'vitest';
import { figureForAngles } from './angles.js';
import { figureForCoordination } from './coordination.js';
import { figureForDensitySlice } from './density-slice.js';
import { figureForRdf } from './rdf.js';
import { figureForRotation } from './rotation.js';
import { figureForSpectra } from './spectra.js';
import { figureForVanHove } from './vanhove.js';
import { renderSvgWithWarnings, type FigureSpec } from './render.js';

const r = Array.from({ length: 40 }, (_, i) => 0.05 + 0.1 * i);
const theta = Array.from({ length: 180 }, (_, i) => i + 0.5);
const f = Array.from({ length: 100 }, (_, i) => i);

const FIGURES: Record<string, FigureSpec> = {
  rdf: figureForRdf({ r, g: r.map((x) => Math.exp(-((x - 2) ** 2))), n: r.map((x) => x), r1: { value: 3 }, meanCoordination: { value: 3 }, pair: { a: 'anions', b: 'cations' } }),
  coordination: figureForCoordination({ histogram: [{ n: 7, fraction: 0.25 }, { n: 8, fraction: 0.75 }], mean: { value: 7.75, stderr: 0.1 }, r1: { value: 6.3 } }),
  angles: figureForAngles({ theta, ranges: [{ rMin: 3, rMax: 4, density: theta.map(() => 1 / 180), icosahedralOverlap: 0.3, latticeOverlap: 0.7 }], templates: { icosahedral: [41.8, 70.5], lattice: { lattice: 'fcc', site: 'trigonal', angles: [60, 90] }, window: 5 } }),
  rotation: figureForRotation({ lag: r, C1: r.map((t) => Math.exp(-t)), C2: r.map((t) => Math.exp(-3 * t)), tau1: { value: 1, stderr: 0.1, amplitude: 1, tauKww: 1, beta: 1 }, tau2: null }),
  spectra: figureForSpectra({ frequency: f, Li: f.map((x) => Math.exp(-x / 5) / 5), B: f.map((x) => Math.exp(-((x - 20) ** 2) / 20) / 7.9), groups: [{ name: 'Li' }, { name: 'B' }], bands: [{ name: 'low', from: 0, to: 6 }, { name: 'high', from: 60, to: 99 }] }),
  vanhove: figureForVanHove({ r, t: [0, 1, 2], self: [r.map(() => 0.5), r.map(() => 0.2), r.map(() => 0.1)], distinct: [r.map(() => 1), r.map(() => 1), r.map(() => 1)] }, 'self'),
  sliceSquare: figureForDensitySlice({ label: 'z=0.5', cols: 4, rows: 3, values: Array.from({ length: 12 }, (_, i) => i), u: [8, 0], v: [0, 6] }),
  sliceSkewed: figureForDensitySlice({ label: 'z=0', cols: 4, rows: 4, values: Array.from({ length: 16 }, (_, i) => i), u: [7.1, 0], v: [3.55, 6.15] }),
};

describe('report figures', () => {
  for (const [name, spec] of Object.entries(FIGURES)) {
    it(`${name} compiles and renders without warnings`, async () => {
      const { svg, warnings } = await renderSvgWithWarnings(spec);
      expect(warnings).toEqual([]);
      expect(svg).toMatch(/<svg/);
      expect(svg.length).toBeGreaterThan(2000);
    });
  }

  it('the skewed density slice keeps the parallelogram (polygons, not rectangles)', () => {
    expect((FIGURES['sliceSkewed'] as { mark: { type: string } }).mark.type).toBe('geoshape');
    expect((FIGURES['sliceSquare'] as { mark: { type: string } }).mark.type).toBe('rect');
  });
});
