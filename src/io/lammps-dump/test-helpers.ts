import { type Cell, fracToCart } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), for generated test inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A small synthetic trajectory for reader/writer round trips: `nFrames` frames of the atoms
 * in `symbols`, fractional coordinates drawn in [−0.2, 1.2) (so some lie outside the cell, as
 * unwrapped ones do), velocities and forces in [−1, 1), steps 0, 10, 20 …
 */
export function syntheticFrames(cells: Cell[], symbols: string[], nFrames: number, seed = 1): { topology: Topology; frames: Frame[] } {
  const rnd = seededRandom(seed);
  const n = symbols.length;
  const frames: Frame[] = [];
  for (let k = 0; k < nFrames; k++) {
    const cell = cells[k % cells.length]!;
    const frac = Float64Array.from({ length: 3 * n }, () => rnd() * 1.4 - 0.2);
    frames.push({
      index: k,
      step: 10 * k,
      segment: 0,
      cell,
      positions: fracToCart(cell, frac),
      velocities: Float64Array.from({ length: 3 * n }, () => rnd() * 2 - 1),
      forces: Float64Array.from({ length: 3 * n }, () => rnd() * 2 - 1),
    });
  }
  return { topology: topologyFromSymbols(symbols), frames };
}
