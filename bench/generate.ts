/**
 * Seeded benchmark inputs: a 416-atom argyrodite-like cell (Li192 Cl32 S160 P32, the atom
 * order of the Morgan 2021 XDATCARs) moving for `frames` frames, written with the project's
 * own writers as a VASP XDATCAR and an extended XYZ of the same frames.
 *
 * The structure is only "plausible": P on an fcc lattice (2×2×2 supercell of a 10.156 Å
 * cell), 4 S in a 2.05 Å tetrahedron around each P (PS4³⁻), the other 32 S and the 32 Cl on
 * the two remaining fcc-like sublattices, Li scattered at random. Every frame adds thermal
 * noise and lets Li random-walk, so the text looks like a real trajectory (all digits vary).
 */
import { mkdir, stat } from 'node:fs/promises';
import { type Cell, orthorhombicCell } from '../src/core/cell.js';
import type { Frame } from '../src/core/frame.js';
import { type Topology, topologyFromSymbols } from '../src/core/topology.js';
import { writeExtxyz } from '../src/io/extxyz/write.js';
import { writeXdatcar } from '../src/io/vasp/xdatcar-writer.js';

/** Edge of the cubic 2×2×2 supercell (Å), as in the Li6PS5Cl data (20.312 Å). */
export const BENCH_CELL_EDGE = 20.312;

/** mulberry32: a tiny seeded uniform generator in [0, 1), so inputs are identical on every run. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reference structure of the benchmark cell: topology (Li Cl S P order) and Cartesian positions (Å, 3N). */
export function argyroditeLike(seed = 1): { topology: Topology; cell: Cell; positions: Float64Array } {
  const rnd = seededUniform(seed);
  const a = BENCH_CELL_EDGE / 2;
  const fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
  const sites = (shift: number[]): number[][] => {
    const out: number[][] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) {
      for (const f of fcc) out.push([(i + f[0]! + shift[0]!) * a, (j + f[1]! + shift[1]!) * a, (k + f[2]! + shift[2]!) * a]);
    }
    return out;
  };
  const p = sites([0.5, 0.5, 0.5]);
  const d = 2.05 / Math.sqrt(3);
  const tet = [[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]];
  const sTet = p.flatMap((c) => tet.map((t) => c.map((x, k) => x + d * t[k]!)));
  const sFree = sites([0.25, 0.25, 0.25]);
  const cl = sites([0, 0, 0]);
  const li = Array.from({ length: 192 }, () => [rnd() * 2 * a, rnd() * 2 * a, rnd() * 2 * a]);
  const all = [...li, ...cl, ...sTet, ...sFree, ...p];
  const symbols = [...li.map(() => 'Li'), ...cl.map(() => 'Cl'), ...[...sTet, ...sFree].map(() => 'S'), ...p.map(() => 'P')];
  return { topology: topologyFromSymbols(symbols), cell: orthorhombicCell(2 * a, 2 * a, 2 * a), positions: Float64Array.from(all.flat()) };
}

/**
 * `count` frames of the benchmark cell, generated lazily (one Float64Array per frame, never the
 * whole trajectory). Positions are wrapped into the cell as VASP writes them; `step` counts
 * 1, 2, 3, … like the XDATCARs of the argyrodite data.
 */
export function* benchFrames(count: number, seed = 1): Generator<Frame> {
  const { cell, positions: ref } = argyroditeLike(seed);
  const rnd = seededUniform(seed + 1);
  const n = ref.length / 3;
  const walk = new Float64Array(ref.length);
  const L = BENCH_CELL_EDGE;
  for (let f = 0; f < count; f++) {
    const pos = new Float64Array(ref.length);
    for (let i = 0; i < n; i++) {
      const li = i < 192;
      for (let k = 0; k < 3; k++) {
        const j = 3 * i + k;
        if (li) walk[j]! += (rnd() - 0.5) * 0.3;
        const x = ref[j]! + walk[j]! + (rnd() - 0.5) * 0.25;
        pos[j] = x - L * Math.floor(x / L);
      }
    }
    yield { index: f, segment: 0, step: f + 1, positions: pos, cell };
  }
}

/** Paths of the generated inputs. */
export interface BenchInputs {
  xdatcar: string;
  extxyz: string;
  frames: number;
}

/**
 * Write `bench/out/<tag>.XDATCAR` and `<tag>.extxyz` with `frames` frames unless they exist
 * already (same seed ⇒ same content, so reusing them is safe). 8 decimals in both: VASP's
 * XDATCAR precision and what ASE's own extxyz writer uses.
 */
export async function ensureInputs(outDir: string, tag: string, frames: number): Promise<BenchInputs> {
  await mkdir(outDir, { recursive: true });
  const xdatcar = `${outDir}/${tag}.XDATCAR`;
  const extxyz = `${outDir}/${tag}.extxyz`;
  const { topology } = argyroditeLike();
  if (!(await exists(xdatcar))) await writeXdatcar(benchFrames(frames), topology, xdatcar, { comment: 'Li192 P32 S160 Cl32 (paddlewheel bench, seeded)', decimals: 8 });
  if (!(await exists(extxyz))) await writeExtxyz(benchFrames(frames), topology, extxyz, { decimals: 8 });
  return { xdatcar, extxyz, frames };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
