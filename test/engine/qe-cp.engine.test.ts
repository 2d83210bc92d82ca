import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellParameters } from '../../src/core/cell.js';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { AU_TIME_TO_PS, BOHR_TO_ANGSTROM } from '../../src/core/units.js';
import { openTrajectory } from '../../src/io/open.js';
import { findExecutable } from '../../src/sim/qe/engine.js';
import { sharedData } from '../helpers/data.js';
import { cli } from '../e2e/cli.js';

/**
 * Opt-in engine test: a real, short cp.x run of the 26-atom primitive β-Li2B12H12 cell through
 * `paddlewheel simulate --engine qe` (ground state by damped dynamics — the shared run needed
 * 165 steps —, 20 NVE steps, 30 NVT steps), read back with openTrajectory. About 2 minutes on
 * 2 idle cores. Runs only with PADDLEWHEEL_ENGINES=1 and cp.x on PATH.
 */
function engineAvailable(): { ok: boolean; reason: string } {
  if (process.env.PADDLEWHEEL_ENGINES !== '1') return { ok: false, reason: 'engine tests are opt-in: set PADDLEWHEEL_ENGINES=1 (needs Debian quantum-espresso)' };
  if (!findExecutable('cp.x')) return { ok: false, reason: 'cp.x not on PATH (apt-get install quantum-espresso openmpi-bin)' };
  return { ok: true, reason: '' };
}

const engine = engineAvailable();
const pseudo = sharedData('qe-cp-li2b12h12-prim-800K/pseudo');
const skip = !engine.ok || !pseudo.available;
const reason = engine.reason || pseudo.reason;
const dir = mkdtempSync(join(tmpdir(), 'pw-engine-cp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function frames(pos: string): Promise<{ frames: Frame[]; spacing?: number; symbols: string[]; masses: number[]; log: DiagnosticLog }> {
  const log = new DiagnosticLog();
  const t = await openTrajectory([pos], { diagnostics: log });
  const out: Frame[] = [];
  for await (const f of t.frames()) out.push(f);
  return { frames: out, spacing: t.frameSpacing, symbols: t.topology.symbols, masses: Array.from(t.topology.masses), log };
}

describe.skipIf(skip)(`cp.x engine run of the 26-atom cell ${reason}`, () => {
  it('simulate runs gs → nve → nvt; the QE reader gets 26 atoms, the fcc primitive cell, nfi-based times', async () => {
    const out = join(dir, 'prim');
    const np = String(Math.min(2, availableParallelism()));
    const t0 = Date.now();
    const r = cli(['simulate', '--engine', 'qe', '--cation', 'Li', '--supercell', 'primitive', '--gs-nstep', '250', '--nve-nstep', '20', '--nstep', '30', '--np', np, '--pseudo-dir', pseudo.path, '--out', out, '--json']);
    const wall = (Date.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const [gs, nve, nvt] = j.stages;
    process.stderr.write(`cp.x engine test: ${wall.toFixed(0)} s wall on ${np} ranks; gs ${gs.steps} steps ${gs.wallSeconds.value.toFixed(0)} s, nve ${nve.wallSeconds.value.toFixed(0)} s, nvt ${nvt.wallSeconds.value.toFixed(0)} s\n`);
    expect(gs.converged).toBe(true);
    expect(gs.steps).toBeGreaterThan(100); // the shared run converged at step 164
    expect(gs.steps).toBeLessThan(250);
    expect([nve.firstNfi, nve.lastNfi, nvt.firstNfi, nvt.lastNfi]).toEqual([1, 20, 21, 50]);
    expect(readFileSync(join(out, '01_gs/01_gs.out'), 'utf8')).toContain('convergence achieved for system relaxation');

    const dtPs = 6 * AU_TIME_TO_PS;
    expect([nve.frames, nvt.frames]).toEqual([2, 3]);
    const a = await frames(nve.trajectory);
    expect(a.symbols).toEqual([...Array(12).fill('B'), ...Array(12).fill('H'), 'Li', 'Li']);
    expect(a.masses[12]).toBe(2.014);
    expect(a.frames.map((f) => f.step)).toEqual([10, 20]);
    expect(Math.abs(a.spacing! - 10 * dtPs)).toBeLessThan(1e-12);
    expect(a.frames[0]!.time).toBeCloseTo(10 * dtPs, 8);
    const b = await frames(nvt.trajectory);
    expect(b.frames.map((f) => f.step)).toEqual([30, 40, 50]);
    expect(b.frames[2]!.time).toBeCloseTo(50 * dtPs, 8);
    for (const f of [...a.frames, ...b.frames]) {
      const p = cellParameters(f.cell);
      const side = (18.991748 * BOHR_TO_ANGSTROM) / Math.SQRT2; // celldm(1) = 10.05 Å
      for (const len of [p.a, p.b, p.c]) expect(len).toBeCloseTo(side, 5);
      for (const ang of [p.alpha, p.beta, p.gamma]) expect(ang).toBeCloseTo(60, 5);
      expect(f.positions).toHaveLength(78);
      expect(f.velocities).toHaveLength(78);
      expect(f.forces).toHaveLength(78);
      expect(f.temperature).toBeGreaterThan(200);
      expect(f.temperature).toBeLessThan(2000);
      // B–H bond of the first vertex stays ≈ 1.2 Å (positions in Å, not bohr).
      const d = Math.hypot(f.positions[36]! - f.positions[0]!, f.positions[37]! - f.positions[1]!, f.positions[38]! - f.positions[2]!);
      expect(d).toBeGreaterThan(1.0);
      expect(d).toBeLessThan(1.45);
    }
    // The trajectories of the stages are separate files (no mixed segments).
    expect(a.frames.every((f) => f.segment === 0) && b.frames.every((f) => f.segment === 0)).toBe(true);
  }, 900_000);
});
