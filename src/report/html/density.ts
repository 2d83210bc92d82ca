import { existsSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { readCube } from '../../io/cube/read.js';
import type { CubeData } from '../../io/cube/types.js';
import { BOHR_TO_ANGSTROM } from '../../core/units.js';
import { extractSlice, parseSlice } from '../../analysis/density/slice.js';
import { figureForDensitySlice } from '../figures/density-slice.js';
import type { FigureSpec } from '../figures/render.js';
import type { AnalysisResult } from './results.js';
import { smoothPeriodic } from './smooth.js';

/** What the 3-D viewer gets: a compact cube text, the cell, the anion centres and iso-value choices. */
export interface ViewerData {
  /** Gaussian cube text (Bohr), block-averaged to ≤ {@link VIEW_SIDE} points a side, 3 significant digits. */
  cube: string;
  /** Cell corners' edge vectors (rows a, b, c) and origin, Å. */
  cell: number[][];
  origin: number[];
  /** Anion centres and their periodic images inside the cell, Å. */
  anions: number[][];
  /** σ (Å) of the Gaussian smoothing applied for display. */
  smoothing: number;
  /** Iso-values (Å⁻³, increasing) with the fraction of cations in voxels denser than each. */
  levels: { iso: number; enclosed: number }[];
  /** Index into levels of the default (the level enclosing ≈ 50 % of the cations). */
  start: number;
  cation: string;
  grid: number[];
  viewGrid: number[];
}

/** Voxels per side of the grid sent to the viewer; the full grid could be tens of MB of text. */
export const VIEW_SIDE = 40;

/** Where the cube is: DIR/density.cube, else DIR/<basename of cubeFile>, else cubeFile itself. */
export function findCube(dir: string, r: AnalysisResult): string | undefined {
  const named = typeof r['cubeFile'] === 'string' ? (r['cubeFile'] as string) : undefined;
  const tries = [join(dir, 'density.cube'), ...(named ? [join(dir, basename(named)), isAbsolute(named) ? named : join(dir, named), named] : [])];
  return tries.find((p) => existsSync(p));
}

/** Read the density cube of a result. */
export async function loadCube(dir: string, r: AnalysisResult): Promise<{ cube: CubeData; path: string } | undefined> {
  const path = findCube(dir, r);
  return path ? { cube: await readCube(path), path } : undefined;
}

/** Heat-map figures of the result's slices, rebuilt from the cube (same slab as the command used). */
export function densitySliceFigures(cube: CubeData, r: AnalysisResult, size = 300): FigureSpec[] {
  const cellRows = Array.from({ length: 9 }, (_, k) => cube.axes[k]! * cube.shape[Math.floor(k / 3)]!);
  const slices: { plane: string; thickness?: { value: number } }[] = Array.isArray(r['slices']) && r['slices'].length ? r['slices'] : [{ plane: 'z=0' }, { plane: 'z=0.25' }, { plane: 'z=0.5' }];
  return slices.map((sl) => {
    const spec = parseSlice(sl.plane);
    const s = extractSlice(cube.values, cube.shape, cellRows, spec, sl.thickness?.value);
    return figureForDensitySlice({ label: sl.plane, cols: s.cols, rows: s.rows, values: s.values, u: s.u, v: s.v, uName: 'abc'[s.uAxis], vName: 'abc'[s.vAxis], cation: r['cation'], thickness: s.thickness }, { size });
  });
}

/** Gaussian σ (Å) of the display smoothing of the viewer's density. */
export const VIEW_SMOOTHING = 0.3;

/** Viewer data from the cube: smoothed ({@link VIEW_SMOOTHING}) and downsampled grid, cell, anion centres with images, iso-levels. */
export function viewerData(cube: CubeData, cation: string): ViewerData {
  const [n1, n2, n3] = cube.shape;
  const edge = [0, 1, 2].map((a) => Math.hypot(cube.axes[3 * a]!, cube.axes[3 * a + 1]!, cube.axes[3 * a + 2]!));
  const values = smoothPeriodic(cube.values, cube.shape, [0, 1, 2].map((a) => VIEW_SMOOTHING / edge[a]!) as [number, number, number]);
  const f = cube.shape.map((n) => Math.max(1, Math.ceil(n / VIEW_SIDE)));
  const m = cube.shape.map((n, a) => Math.ceil(n / f[a]!));
  const small = new Float64Array(m[0]! * m[1]! * m[2]!), cnt = new Float64Array(small.length);
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) for (let k = 0; k < n3; k++) {
    const q = (Math.floor(i / f[0]!) * m[1]! + Math.floor(j / f[1]!)) * m[2]! + Math.floor(k / f[2]!);
    small[q] += values[(i * n2 + j) * n3 + k]!;
    cnt[q]! += 1;
  }
  for (let q = 0; q < small.length; q++) small[q] /= cnt[q] || 1;
  const axes = [0, 1, 2].map((a) => [0, 1, 2].map((c) => cube.axes[3 * a + c]! * f[a]!));
  const b = (x: number) => (x / BOHR_TO_ANGSTROM).toFixed(6);
  const lines = ['paddlewheel report: cation density (block-averaged for display)', 'values in Å^-3', `    0 ${cube.origin.map(b).join(' ')}`];
  axes.forEach((v, a) => lines.push(`${m[a]} ${v.map(b).join(' ')}`));
  const vals: string[] = [];
  for (let q = 0; q < small.length; q++) vals.push(small[q]! === 0 ? '0' : small[q]!.toPrecision(3));
  for (let q = 0; q < vals.length; q += 12) lines.push(vals.slice(q, q + 12).join(' '));
  const cell = [0, 1, 2].map((a) => [0, 1, 2].map((c) => cube.axes[3 * a + c]! * cube.shape[a]!));
  return { cube: `${lines.join('\n')}\n`, cell, origin: [...cube.origin], anions: anionImages(cube, cell), smoothing: VIEW_SMOOTHING, ...isoLevels(values), cation, grid: [...cube.shape], viewGrid: m };
}

/** The anion centres (cube atoms) and those periodic images that fall inside the cell (corners, faces). */
function anionImages(cube: CubeData, cell: number[][]): number[][] {
  const inv = invert3(cell);
  const out: number[][] = [];
  for (const at of cube.atoms) {
    const rel = at.position.map((x, c) => x - cube.origin[c]!);
    const frac = [0, 1, 2].map((a) => rel[0]! * inv[0]![a]! + rel[1]! * inv[1]![a]! + rel[2]! * inv[2]![a]!);
    const base = frac.map((x) => x - Math.floor(x));
    // Images within 5 % of the cell outside it count, so a centre that drifted just off a corner still shows at all eight.
    for (let s0 = -1; s0 <= 1; s0++) for (let s1 = -1; s1 <= 1; s1++) for (let s2 = -1; s2 <= 1; s2++) {
      const g = [base[0]! + s0, base[1]! + s1, base[2]! + s2];
      if (g.some((x) => x < -0.05 || x > 1.05)) continue;
      out.push([0, 1, 2].map((c) => cube.origin[c]! + g[0]! * cell[0]![c]! + g[1]! * cell[1]![c]! + g[2]! * cell[2]![c]!));
    }
  }
  return out;
}

/** 60 log-spaced iso-values between 1 % and 95 % of the maximum, with the cation fraction above each. */
function isoLevels(values: Float64Array): { levels: { iso: number; enclosed: number }[]; start: number } {
  let max = 0, total = 0;
  for (const v of values) { max = Math.max(max, v); total += v; }
  if (!(max > 0)) return { levels: [{ iso: 1, enclosed: 0 }], start: 0 };
  const sorted = Float64Array.from(values).sort().reverse();
  const levels: { iso: number; enclosed: number }[] = [];
  const N = 60, lo = Math.log(max * 0.01), hi = Math.log(max * 0.95);
  let acc = 0, k = 0;
  for (let i = 0; i < N; i++) {
    const iso = Math.exp(lo + ((hi - lo) * i) / (N - 1));
    levels.push({ iso, enclosed: 0 });
  }
  // Walk the sorted values downwards once, filling levels from the top.
  for (let i = N - 1; i >= 0; i--) {
    while (k < sorted.length && sorted[k]! >= levels[i]!.iso) acc += sorted[k++]!;
    levels[i]!.enclosed = acc / total;
  }
  let start = 0;
  for (let i = 0; i < N; i++) if (levels[i]!.enclosed >= 0.5) start = i;
  return { levels, start };
}

function invert3(m: number[][]): number[][] {
  const [a, b, c] = m as [number[], number[], number[]];
  const det = a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  const r = [
    [b[1]! * c[2]! - b[2]! * c[1]!, a[2]! * c[1]! - a[1]! * c[2]!, a[1]! * b[2]! - a[2]! * b[1]!],
    [b[2]! * c[0]! - b[0]! * c[2]!, a[0]! * c[2]! - a[2]! * c[0]!, a[2]! * b[0]! - a[0]! * b[2]!],
    [b[0]! * c[1]! - b[1]! * c[0]!, a[1]! * c[0]! - a[0]! * c[1]!, a[0]! * b[1]! - a[1]! * b[0]!],
  ];
  return r.map((row) => row.map((x) => x / det));
}
