import { describe, expect, it } from 'vitest';
import { THZ_PER_CM1, filterForceBlock, lowPass } from './filter.js';

describe('lowPass (zero-phase, FFT)', () => {
  const dt = 1.451e-3; // ps, the cp.x frame spacing
  const n = 700;
  const t = Array.from({ length: n }, (_, i) => i * dt);
  const slow = t.map((s) => 0.8 * Math.sin(2 * Math.PI * 6 * s + 0.3)); // 6 THz ≈ 200 cm⁻¹
  const fast = t.map((s) => 1.5 * Math.cos(2 * Math.PI * 250 * s)); // 250 THz ≈ 8300 cm⁻¹ (CP noise)
  const cutoff = 1500 * THZ_PER_CM1;

  it('removes a high-frequency component and keeps a low one without phase shift', () => {
    const y = lowPass(slow.map((v, i) => v + fast[i]! + 0.2), dt, cutoff);
    let err = 0, errEdge = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.abs(y[i]! - slow[i]! - 0.2);
      if (i >= 50 && i < n - 50) err = Math.max(err, e); else errEdge = Math.max(errEdge, e);
    }
    expect(err).toBeLessThan(0.01);
    expect(errEdge).toBeLessThan(0.3); // edge frames: fit-model drops them
    // The high-frequency component alone is removed almost entirely.
    const z = lowPass(fast, dt, cutoff);
    const rms = Math.sqrt(z.slice(50, n - 50).reduce((s, v) => s + v * v, 0) / (n - 100));
    expect(rms).toBeLessThan(0.003);
  });

  it('filterForceBlock filters each component and removes the net force in equal shares', () => {
    const frames = t.map((_, i) => Float64Array.from([slow[i]! + fast[i]!, 1, 0, 0.3, -2, 0.5]));
    const f = filterForceBlock(frames, dt, cutoff);
    for (const g of f) for (let k = 0; k < 3; k++) expect(g[k]! + g[3 + k]!).toBeCloseTo(0, 12);
    expect(f[300]![0]).toBeCloseTo((slow[300]! - 0.3) / 2, 2);
    expect(f[300]![1]).toBeCloseTo(1.5, 6);
  });
});
