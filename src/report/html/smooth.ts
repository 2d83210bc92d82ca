/**
 * Periodic Gaussian smoothing of a grid (layout (i·n₂ + j)·n₃ + k), separably along the three
 * grid axes with σ given in voxels per axis; the kernel is cut at 3σ and normalised, so the
 * sum of the grid (the number of cations) is kept. For display only: the viewer's iso-surface
 * of a short run's density is otherwise a scatter of single voxels.
 */
export function smoothPeriodic(values: Float64Array, shape: readonly [number, number, number], sigmaVoxels: readonly [number, number, number]): Float64Array {
  let cur = Float64Array.from(values);
  const [n1, n2, n3] = shape;
  const strides = [n2 * n3, n3, 1];
  for (let axis = 0; axis < 3; axis++) {
    const s = sigmaVoxels[axis]!, n = shape[axis]!;
    if (!(s > 0.05) || n < 2) continue;
    const half = Math.min(Math.floor(n / 2), Math.ceil(3 * s));
    const w: number[] = [];
    for (let d = -half; d <= half; d++) w.push(Math.exp(-(d * d) / (2 * s * s)));
    const norm = w.reduce((a, b) => a + b, 0);
    const next = new Float64Array(cur.length);
    const st = strides[axis]!;
    for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) for (let k = 0; k < n3; k++) {
      const q = (i * n2 + j) * n3 + k;
      const v = cur[q]!;
      if (v === 0) continue;
      const pos = axis === 0 ? i : axis === 1 ? j : k;
      const base = q - pos * st;
      for (let d = -half; d <= half; d++) {
        const p = (((pos + d) % n) + n) % n;
        next[base + p * st] += (v * w[d + half]!) / norm;
      }
    }
    cur = next;
  }
  return cur;
}
