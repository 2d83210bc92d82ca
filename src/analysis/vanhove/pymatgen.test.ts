import { describe, expect, it } from 'vitest';
import { openTrajectory } from '../../io/open.js';
import { runSerial } from '../../run/serial.js';
import { sharedData } from '../../../test/helpers/data.js';
import { vanHoveAnalysis } from './analysis.js';
import type { VanHoveParams } from './params.js';

// PROVENANCE.md of na3ps4-800K: pymatgen-analysis-diffusion test_van_hove.py, l.42–43:
// VanHoveAnalysis(DA, avg_nsteps=5, ngrid=101, rmax=10.0, step_skip=5, sigma=0.1, species=["Li","Na"]).
const PYMATGEN: VanHoveParams = { origins: 5, originStep: 1, ngrid: 101, rmax: 10, lagStep: 5, sigma: 0.1, drift: 'framework' };
const unwrapped = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');

async function run(path: string, params: VanHoveParams = PYMATGEN) {
  const traj = await openTrajectory([path]);
  return runSerial(traj, vanHoveAnalysis, params, { cation: 'Na' });
}

describe('van Hove against pymatgen-analysis-diffusion (Na3PS4, 800 K)', () => {
  it.skipIf(!unwrapped.available)(`reproduces gsrt and gdrt of test_van_hove.py ${unwrapped.reason}`, async () => {
    const { result, frames } = await run(unwrapped.path);
    expect(frames).toBe(100);
    expect(result.self).toHaveLength(20);
    expect(result.distinct).toHaveLength(20);
    expect(result.self[0]).toHaveLength(101);
    expect(result.cations).toBe(48);
    expect(result.self[0]![0]).toBeCloseTo(3.98942280401, 10);
    expect(Math.abs(result.distinct[10]![0]! / 9.68574868168 - 1)).toBeLessThan(1e-8);
    // Agreement to 2e-15 here (and over the full 20×101 arrays against a transcription of
    // pymatgen's loop on Debian's pymatgen core) because both values depend only on integer bin
    // counts, the grid and ρ = 48/V; the file's 8-decimal positions move no distance across a bin edge.
    expect(result.t).toEqual(Array.from({ length: 20 }, (_, k) => Number((0.1 * k).toPrecision(12))));
    expect(result.meanVolume).toBeCloseTo(2810.34969039, 6);
  });

  it.skipIf(!unwrapped.available)(`depends on pymatgen's framework drift removal ${unwrapped.reason}`, async () => {
    const { result } = await run(unwrapped.path, { ...PYMATGEN, drift: 'none' });
    expect(Math.abs(result.distinct[10]![0]! / 9.68574868168 - 1)).toBeGreaterThan(0.5);
  });
});
