import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellParameters } from '../../src/core/cell.js';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { openTrajectory } from '../../src/io/open.js';
import { LMP_NAMES } from '../../src/sim/lammps/engine.js';
import { findExecutable } from '../../src/sim/qe/engine.js';
import { ROOT } from '../helpers/data.js';
import { cli } from '../e2e/cli.js';

/**
 * Opt-in engine test: real LAMMPS runs of the 208-atom β-Li2B12H12 paper cell with the
 * ILLUSTRATIVE model under test/fixtures/lammps (not a fitted model): 1000 steps of 1 fs at
 * 800 K through `paddlewheel simulate --engine lammps`, read back with openTrajectory; the same
 * on 2 MPI ranks; a model that makes the cell collapse, whose LAMMPS error must surface. About
 * 10 s. Runs only with PADDLEWHEEL_ENGINES=1 and LAMMPS (lmp) on PATH.
 */
function engineAvailable(): { ok: boolean; reason: string } {
  if (process.env.PADDLEWHEEL_ENGINES !== '1') return { ok: false, reason: 'engine tests are opt-in: set PADDLEWHEEL_ENGINES=1 (needs Debian lammps)' };
  if (!LMP_NAMES.some((n) => findExecutable(n))) return { ok: false, reason: 'LAMMPS not on PATH (apt-get install lammps)' };
  return { ok: true, reason: '' };
}

const engine = engineAvailable();
const dir = mkdtempSync(join(tmpdir(), 'pw-engine-lammps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODEL = join(ROOT, 'test', 'fixtures', 'lammps', 'illustrative-li-model.json');
const args = (out: string, extra: string[] = []) => ['simulate', '--engine', 'lammps', '--cation', 'Li', '--lattice', 'fcc', '--a', '10.05', '--supercell', 'paper', '--temperature', '800', '--time', '1ps', '--timestep', '1', '--dump-every', '10fs', '--seed', '11', '--model', MODEL, '--out', out, '--json', ...extra];

async function readBack(path: string) {
  const log = new DiagnosticLog();
  const t = await openTrajectory([path], { diagnostics: log });
  const frames: Frame[] = [];
  for await (const f of t.frames()) frames.push(f);
  return { t, frames, log };
}

/** Anion centre of mass (v_ax v_ay v_az) of the first and last thermo rows of log.lammps. */
function anionCentreShift(log: string): number {
  const lines = readFileSync(log, 'utf8').split('\n');
  const h = lines.findIndex((l) => /^\s*Step\s+Time\s+Temp/.test(l));
  const cols = lines[h]!.trim().split(/\s+/);
  const rows = lines.slice(h + 1).filter((l) => /^\s*\d+\s/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
  const idx = ['v_ax', 'v_ay', 'v_az'].map((c) => cols.indexOf(c));
  const first = rows[0]!, last = rows[rows.length - 1]!;
  return Math.hypot(...idx.map((i) => last[i]! - first[i]!));
}

describe.skipIf(!engine.ok)(`simulate --engine lammps with real LAMMPS ${engine.reason}`, () => {
  it('runs 1000 steps of the 208-atom Li cell and leaves a trajectory openTrajectory reads: 101 frames, 10 fs apart, the cell', async () => {
    const out = join(dir, 'li');
    const r = cli(args(out));
    expect(r.stderr, r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.frames).toBe(101);
    expect(res.atoms).toBe(208);
    expect(existsSync(join(out, 'traj.lammpstrj.part'))).toBe(false);
    const speed = res.stepsPerSecond.value as number;
    writeFileSync(join(dir, 'speed.txt'), String(speed));
    console.log(`LAMMPS speed, 208 atoms, 1 process: ${speed.toFixed(0)} steps/s`);
    expect(speed).toBeGreaterThan(50);

    const { t, frames } = await readBack(join(out, 'traj.lammpstrj'));
    expect(frames).toHaveLength(101);
    expect(t.frameSpacing).toBeCloseTo(0.01, 12);
    expect(frames[0]!.time).toBe(0);
    expect(frames[100]!.time).toBeCloseTo(1, 12);
    expect(frames[100]!.step).toBe(1000);
    const syms = t.topology.symbols;
    expect(syms.filter((s) => s === 'Li')).toHaveLength(16);
    expect(syms.slice(0, 96).every((s) => s === 'B') && syms.slice(96, 192).every((s) => s === 'H')).toBe(true);
    const cp = cellParameters(frames[50]!.cell);
    expect(cp.a).toBeCloseTo(10.05 * Math.SQRT2, 9);
    expect(cp.b).toBeCloseTo(10.05 * Math.SQRT2, 9);
    expect(cp.c).toBeCloseTo(10.05, 9);
    expect(frames[100]!.velocities).toBeDefined();
    // Rigid anions: the B–H bond (1.20 Å) is unchanged after 1 ps (minimum image).
    const f = frames[100]!;
    const d = [0, 1, 2].map((c) => f.positions[96 * 3 + c]! - f.positions[c]!);
    const L = [cp.a, cp.b, cp.c];
    expect(Math.hypot(...d.map((x, c) => x - L[c]! * Math.round(x / L[c]!)))).toBeCloseTo(1.2, 6);
    // Total momentum kept at zero: the anion sublattice does not drift.
    expect(anionCentreShift(join(out, 'log.lammps'))).toBeLessThan(0.1);
    expect(readFileSync(join(out, 'in.lmp'), 'utf8')).toContain('rigid/nvt/small molecule');
  }, 120_000);

  it('runs on 2 MPI ranks (mpirun -np 2) with the same frames', async () => {
    const out = join(dir, 'li-np2');
    const r = cli(args(out, ['--np', '2']));
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    if (!String(res.params.command).includes('mpirun')) return; // no mpirun: said in W_LAMMPS_NO_MPI
    expect(res.params.np).toBe(2);
    expect(readFileSync(join(out, 'log.lammps'), 'utf8')).toMatch(/on 2 procs/);
    const { frames } = await readBack(res.trajectory);
    expect(frames).toHaveLength(101);
  }, 120_000);

  it('surfaces LAMMPS\'s own error when the model makes the cell collapse, and keeps the partial trajectory marked', () => {
    const m = JSON.parse(readFileSync(MODEL, 'utf8'));
    m.pairs = [{ a: 'Li', b: 'H', A: 0, rho: 0.2, C: 2000 }];
    const p = join(dir, 'collapse.json');
    writeFileSync(p, JSON.stringify(m));
    const out = join(dir, 'collapse');
    const r = cli(args(out).map((a) => (a === MODEL ? p : a)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error E_ENGINE: LAMMPS exited with status \d+ .*ERROR( on proc 0)?: /);
    expect(r.stderr).toContain(join(out, 'log.lammps'));
    expect(existsSync(join(out, 'traj.lammpstrj'))).toBe(false);
    expect(existsSync(join(out, 'traj.lammpstrj.part'))).toBe(true);
  }, 120_000);
});
