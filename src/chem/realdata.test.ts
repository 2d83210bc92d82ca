import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../core/frame.js';
import { openTrajectory } from '../io/open.js';
import { sharedData } from '../../test/helpers/data.js';
import { ClusterCentres } from './centres.js';
import { findClusters } from './clusters.js';
import { type IonSelection, selectIons } from './select.js';

const ARG = 'argyrodite-Li6PS5X-500K';
const argCl0 = sharedData(`${ARG}/Li6PS5Cl/0p/run1/actual_XDATCAR.gz`);
const argCl100 = sharedData(`${ARG}/Li6PS5Cl/100p/run1/actual_XDATCAR.gz`);
const argI100 = sharedData(`${ARG}/Li6PS5I/100p/run1/actual_XDATCAR.gz`);
const na3ps4 = sharedData('na3ps4-800K/cNa3PS4_800K_pda_XDATCAR.gz');
const qe = sharedData('qe-cp-li2b12h12-prim-800K');

const groups = (s: IonSelection) => s.anions.map((a) => `${a.formula}×${a.count}`).join(' ');

/** Run `check` on every frame of a trajectory; returns the number of frames. */
async function everyFrame(files: string[], opts: { qeInput?: string }, check: (f: Frame, topo: Awaited<ReturnType<typeof openTrajectory>>['topology']) => void): Promise<number> {
  const traj = await openTrajectory(files, opts);
  let n = 0;
  for await (const f of traj.frames()) {
    check(f, traj.topology);
    n++;
  }
  return n;
}

describe('anion selection on real trajectories (every frame as reference)', () => {
  it.skipIf(!argCl0.available)(`Li6PS5Cl 0 % disorder: 32 PS4 + 32 Cl + 32 S, 192 Li; free S never merges ${argCl0.reason}`, async () => {
    let first: IonSelection | undefined;
    const n = await everyFrame([argCl0.path], {}, (f, t) => {
      const sel = selectIons(t, f, { cation: 'Li', anion: 'auto' });
      first ??= sel;
      expect(groups(sel), `frame ${f.index}`).toBe('PS4×32 Cl×32 S×32');
      expect(sel.frameworks.length).toBe(0);
    });
    expect(n).toBe(140);
    expect(first!.cations.length).toBe(192);
    // Header order is Li Cl S P: Cl atoms 192–223, S 224–383, P 384–415.
    expect(first!.anions[1]!.atoms).toEqual(Array.from({ length: 32 }, (_, i) => 192 + i));
    for (const c of first!.anions[0]!.clusters) expect(c.atoms.filter((a) => a >= 384).length).toBe(1);
    expect(first!.anions[2]!.clusters.every((c) => c.atoms.length === 1 && c.atoms[0]! >= 224 && c.atoms[0]! < 384)).toBe(true);
  });

  it.skipIf(!argCl100.available || !argI100.available)(`Li6PS5Cl and Li6PS5I at 100 % S/X exchange: same groups in every frame ${argCl100.reason}${argI100.reason}`, async () => {
    expect(await everyFrame([argCl100.path], {}, (f, t) => expect(groups(selectIons(t, f, { cation: 'Li' })), `frame ${f.index}`).toBe('PS4×32 Cl×32 S×32'))).toBe(140);
    expect(await everyFrame([argI100.path], {}, (f, t) => expect(groups(selectIons(t, f, { cation: 'Li' })), `frame ${f.index}`).toBe('PS4×32 I×32 S×32'))).toBeGreaterThan(50);
  });

  it.skipIf(!na3ps4.available)(`Na3PS4 at 800 K: 16 PS4 and 48 Na in every frame; PS4 centres stay whole ${na3ps4.reason}`, async () => {
    let cc: ClusterCentres | undefined;
    let worst = 0;
    const n = await everyFrame([na3ps4.path], {}, (f, t) => {
      const sel = selectIons(t, f, { anion: 'PS4' });
      expect(sel.cationSymbols).toEqual(['Na']);
      expect(sel.cations.length).toBe(48);
      expect(groups(sel), `frame ${f.index}`).toBe('PS4×16');
      cc ??= new ClusterCentres(t, sel.anionClusters);
      cc.compute(f.positions, f.cell);
      worst = Math.max(worst, cc.lastMaxBond);
    });
    expect(n).toBe(100);
    // Bonds of the frame-0 tetrahedra, rebuilt each frame: P–S stays below 2.6 Å (molecules intact).
    expect(worst).toBeGreaterThan(2.05);
    expect(worst).toBeLessThan(2.6);
  });

  it.skipIf(!qe.available)(`QE cp.x β-Li2B12H12 primitive cell at 800 K: one B12H12 and 2 Li in all 1000 frames ${qe.reason}`, async () => {
    const files = [join(qe.path, 'md-segment/lbh.pos'), join(qe.path, 'continuation/lbh.pos')];
    let splitAt12 = 0;
    let cc: ClusterCentres | undefined;
    let worst = 0;
    const n = await everyFrame(files, { qeInput: join(qe.path, 'run_03_continuation.in') }, (f, t) => {
      const sel = selectIons(t, f, { cation: 'Li', anion: 'B12H12' });
      expect(groups(sel)).toBe('B12H12×1');
      expect(sel.cations).toEqual([24, 25]);
      expect(sel.anionClusters[0]!.periodic).toBe(false);
      cc ??= new ClusterCentres(t, sel.anionClusters);
      cc.compute(f.positions, f.cell);
      worst = Math.max(worst, cc.lastMaxBond);
      // The multiplicative criterion d < 1.2 (r_i + r_j) loses a stretched B–H bond in 93 of the 1000 frames.
      if (findClusters(t, f, { tolerance: 1.2, slack: 0, exclude: ['Li'] }).clusters.length > 1) splitAt12++;
    });
    expect(n).toBe(1000);
    expect(worst).toBeLessThan(2.4);
    expect(splitAt12).toBe(93);
  });
});
