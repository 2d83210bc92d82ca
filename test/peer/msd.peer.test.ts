import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { extxyzReader } from '../../src/io/extxyz/read.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';
import { openTrajectory } from '../../src/io/open.js';
import { diffusionFromTrajectory } from '../../src/analysis/msd/index.js';
import { sharedData } from '../helpers/data.js';
import { peerAvailable, runPythonJson } from './python.js';

const peer = peerAvailable('MDAnalysis');
const na = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');

// MDAnalysis 2.4.2 (Debian): windowed (non-FFT) Einstein MSD of the Na atoms over all lags.
const EINSTEIN = `
import json, sys, time, warnings
warnings.filterwarnings('ignore')
import MDAnalysis as mda
from MDAnalysis.analysis.msd import EinsteinMSD
u = mda.Universe(sys.argv[1], format='XYZ')
t0 = time.perf_counter()
m = EinsteinMSD(u, select='name Na', msd_type='xyz', fft=False)
m.run()
print(json.dumps({'msd': m.results.timeseries.tolist(), 'seconds': time.perf_counter() - t0, 'atoms': int(m.n_particles), 'version': mda.__version__}))
`;

describe('MSD vs MDAnalysis EinsteinMSD', () => {
  const skip = !peer.ok ? peer.reason : !na.available ? na.reason : '';
  it.skipIf(skip !== '')(`Na3PS4 (unwrapped, no drift removal): every lag agrees to ≤ 1e-6 relative ${skip}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-msd-peer-'));
    try {
      // MDAnalysis keeps coordinates as float32: give both tools the same float32 values.
      const tf = await extxyzReader.open(na.path, { diagnostics: new DiagnosticLog() });
      const frames: Frame[] = [];
      for await (const f of tf.frames()) frames.push({ ...f, positions: f.positions.map(Math.fround) });
      const path = join(dir, 'na3ps4-f32.extxyz');
      await writeExtxyz(frames, tf.topology, path, { decimals: 'exact' });

      const peerOut = runPythonJson<{ msd: number[]; seconds: number; atoms: number; version: string }>(EINSTEIN, [path]);
      expect(peerOut.version).toBe('2.4.2');
      expect(peerOut.atoms).toBe(48);

      const traj = await openTrajectory([path], { diagnostics: new DiagnosticLog() });
      const duration = (frames.length - 1) * traj.frameSpacing!;
      const ours = await diffusionFromTrajectory(traj, { cation: 'Na', drift: { kind: 'none' }, maxLag: duration });
      expect(ours.msd).toHaveLength(peerOut.msd.length);
      let worst = 0;
      for (let m = 1; m < ours.msd.length; m++) worst = Math.max(worst, Math.abs(ours.msd[m]! - peerOut.msd[m]!) / peerOut.msd[m]!);
      expect(ours.msd[0]).toBe(0);
      expect(worst).toBeLessThanOrEqual(1e-6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
