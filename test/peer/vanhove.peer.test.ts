import { describe, expect, it } from 'vitest';
import { openTrajectory } from '../../src/io/open.js';
import { runSerial } from '../../src/run/serial.js';
import { vanHoveAnalysis } from '../../src/analysis/vanhove/analysis.js';
import { sharedData } from '../helpers/data.js';
import { spawnSync } from 'node:child_process';
import { PYTHON, peerAvailable, runPythonJson } from './python.js';

/**
 * Full-array cross-check against pymatgen-analysis-diffusion's VanHoveAnalysis. Debian (the
 * peers' source) packages python3-pymatgen but not pymatgen-analysis-diffusion
 * (`apt-cache search pymatgen`: python3-pymatgen, python-pymatgen-doc, pymatgen-test-files),
 * so this normally skips; the published values of its test suite are checked in
 * src/analysis/vanhove/pymatgen.test.ts and test/e2e/vanhove.test.ts instead.
 */
const base = peerAvailable('pymatgen.core', 'ase.io');
const diffusion = base.ok && spawnSync(PYTHON, ['-c', 'import pymatgen.analysis.diffusion.aimd.van_hove'], { encoding: 'utf8' }).status === 0;
const peer = { ok: base.ok && diffusion };
const reason = !base.ok
  ? base.reason
  : diffusion
    ? ''
    : `${PYTHON} cannot import pymatgen.analysis.diffusion: Debian ships no pymatgen-analysis-diffusion, so the published pymatgen numbers (src/analysis/vanhove/pymatgen.test.ts) are the check`;
const data = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');

// The DiffusionAnalyzer of the PROVENANCE: structure = frame 0, displacements relative to it,
// time_step 2 fs, step_skip 10 (20 fs per frame), not smoothed.
const SCRIPT = `
import sys, json, numpy as np
from ase.io import read
from pymatgen.core import Structure, Lattice
from pymatgen.analysis.diffusion.analyzer import DiffusionAnalyzer
from pymatgen.analysis.diffusion.aimd.van_hove import VanHoveAnalysis
frames = read(sys.argv[1], index=':')
pos = np.array([f.get_positions() for f in frames])
s = Structure(Lattice(frames[0].cell[:]), frames[0].get_chemical_symbols(), pos[0], coords_are_cartesian=True)
disp = np.transpose(pos - pos[0], (1, 0, 2))
da = DiffusionAnalyzer(s, disp, 'Na', 800, 2, 10, smoothed=False)
vh = VanHoveAnalysis(da, avg_nsteps=5, ngrid=101, rmax=10.0, step_skip=5, sigma=0.1, species=['Li', 'Na'])
print(json.dumps({'gsrt': vh.gsrt.tolist(), 'gdrt': vh.gdrt.tolist()}))
`;

describe('van Hove peer cross-check (pymatgen-analysis-diffusion)', () => {
  it.skipIf(!peer.ok || !data.available)(`full gsrt and gdrt arrays agree to 1e-8 relative ${reason || data.reason}`, async () => {
    const ref = runPythonJson<{ gsrt: number[][]; gdrt: number[][] }>(SCRIPT, [data.path]);
    const traj = await openTrajectory([data.path]);
    const { result } = await runSerial(traj, vanHoveAnalysis, { origins: 5, ngrid: 101, rmax: 10, lagStep: 5, sigma: 0.1 }, { cation: 'Na' });
    expect(result.self).toHaveLength(ref.gsrt.length);
    for (const [ours, theirs] of [[result.self, ref.gsrt], [result.distinct, ref.gdrt]] as const) {
      for (let k = 0; k < theirs.length; k++) {
        for (let j = 0; j < theirs[k]!.length; j++) {
          const a = ours[k]![j]!, b = theirs[k]![j]!;
          expect(Math.abs(a - b), `[${k}][${j}]`).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(b)));
        }
      }
    }
  });
});
