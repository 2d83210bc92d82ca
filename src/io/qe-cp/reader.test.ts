import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellParameters } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { composition } from '../../core/topology.js';
import { AU_FORCE_TO_EV_PER_A, AU_TIME_TO_PS, AU_VELOCITY_TO_A_PER_PS, BOHR_TO_ANGSTROM, HARTREE_TO_EV, KB_EV } from '../../core/units.js';
import { ROOT, sharedData } from '../../../test/helpers/data.js';
import { openTrajectory } from '../open.js';
import { qeCpReader } from './reader.js';

const dir = sharedData('qe-cp-li2b12h12-prim-800K');
const D = dir.path;
const input = join(D, 'run_02b.in');
/** 1 amu·Å²/ps² in eV. */
const AMU_A2_PS2_TO_EV = (1.6605390666e-27 * 1e-20) / 1e-24 / 1.602176634e-19;

async function readAll(path: string, qeInput?: string): Promise<{ frames: Frame[]; log: DiagnosticLog; spacing?: number; paths: string[] }> {
  const log = new DiagnosticLog();
  const tf = await qeCpReader.open(path, { diagnostics: log, qeInput });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { frames, log, spacing: tf.frameSpacing, paths: tf.paths };
}

/** The 3 numbers on a 1-based line of a file, as written. */
function raw(path: string, line: number): number[] {
  return readFileSync(path, 'utf8').split('\n')[line - 1]!.trim().split(/\s+/).map(Number);
}

describe.skipIf(!dir.available)(`qe-cp reader on the cp.x Li2B12H12 run ${dir.reason}`, () => {
  it('reads md-segment: 320 frames, nfi 10…3200, 1.451 fs apart, 26 atoms, fcc primitive cell', async () => {
    const { frames, spacing, paths } = await readAll(join(D, 'md-segment/lbh.evp'), input);
    expect(paths.map((p) => basename(p))).toEqual(['lbh.pos', 'lbh.cel', 'lbh.vel', 'lbh.for', 'lbh.evp', 'run_02b.in']);
    expect(frames).toHaveLength(320);
    expect(frames.map((f) => f.step)).toEqual(Array.from({ length: 320 }, (_, k) => 10 * (k + 1)));
    const expected = 10 * 6 * AU_TIME_TO_PS;
    expect(Math.abs(spacing! - expected) / expected).toBeLessThan(1e-6);
    expect(frames[0]!.time).toBe(0.00145133);
    expect(frames[319]!.time).toBe(0.46442579);
    for (let k = 1; k < 320; k++) expect(Math.abs(frames[k]!.time! - frames[k - 1]!.time! - expected)).toBeLessThan(2e-8);
    expect(frames.every((f) => f.segment === 0)).toBe(true);
    const p = cellParameters(frames[0]!.cell);
    const a = 18.991748 * BOHR_TO_ANGSTROM; // celldm(1), 10.05 Å
    expect(Math.abs(a - 10.05)).toBeLessThan(1e-6);
    for (const len of [p.a, p.b, p.c]) expect(len).toBeCloseTo(a / Math.SQRT2, 6);
    for (const ang of [p.alpha, p.beta, p.gamma]) expect(ang).toBeCloseTo(60, 6);
    expect(Math.abs(p.volume - a ** 3 / 4) / p.volume).toBeLessThan(1e-6);
    // ibrav 2: a1 = (a/2)(-1, 0, 1) — the first column of the .cel rows, the first row of Cell.matrix.
    const m = frames[0]!.cell.matrix;
    expect(Array.from(m.slice(0, 3))).toEqual([-9.495874, 0, 9.495874].map((x) => x * BOHR_TO_ANGSTROM));
    expect(Array.from(m.slice(3, 6))).toEqual([0, 9.495874, 9.495874].map((x) => x * BOHR_TO_ANGSTROM));
  });

  it('converts positions, velocities and forces from the raw text with the unit constants', async () => {
    const { frames } = await readAll(join(D, 'md-segment/lbh.pos'), input);
    const f0 = frames[0]!, last = frames[319]!;
    expect(Array.from(f0.positions.slice(0, 3))).toEqual(raw(join(D, 'md-segment/lbh.pos'), 2).map((x) => x * BOHR_TO_ANGSTROM));
    expect(f0.positions[0]).toBeCloseTo(-0.043734604969348 * 0.529177210903, 15);
    // Atom 25 (0-based 25) is the second Li: line 27 of the first block.
    expect(Array.from(f0.velocities!.slice(75, 78))).toEqual(raw(join(D, 'md-segment/lbh.vel'), 27).map((x) => x * AU_VELOCITY_TO_A_PER_PS));
    expect(f0.velocities![75]).toBeCloseTo(0.36327284461499e-3 * 21876.912633, 5); // ≈ 7.947 Å/ps
    expect(Array.from(f0.forces!.slice(0, 3))).toEqual(raw(join(D, 'md-segment/lbh.for'), 2).map((x) => x * AU_FORCE_TO_EV_PER_A));
    const lastLine = 319 * 27 + 2;
    expect(Array.from(last.positions.slice(0, 3))).toEqual(raw(join(D, 'md-segment/lbh.pos'), lastLine).map((x) => x * BOHR_TO_ANGSTROM));
  });

  it('takes Tion and etot from .evp, and Tion agrees with the kinetic temperature of the velocities and input masses', async () => {
    const { frames } = await readAll(join(D, 'md-segment/lbh.pos'), input);
    expect(frames[0]!.temperature).toBe(768.6656);
    expect(frames[0]!.energy).toBe(-59.96436719 * HARTREE_TO_EV);
    expect(frames[319]!.temperature).toBe(1074.401);
    const masses = [...Array(12).fill(10.811), ...Array(12).fill(2.014), 6.94, 6.94];
    for (const f of [frames[0]!, frames[100]!, frames[319]!]) {
      let ek = 0;
      for (let i = 0; i < 26; i++) ek += 0.5 * masses[i]! * (f.velocities![3 * i]! ** 2 + f.velocities![3 * i + 1]! ** 2 + f.velocities![3 * i + 2]! ** 2);
      const t = (2 * ek * AMU_A2_PS2_TO_EV) / (3 * 26 * KB_EV);
      expect(Math.abs(t - f.temperature!) / f.temperature!).toBeLessThan(2e-6);
    }
  });

  it('continuation follows md-segment: 1000 frames through openTrajectory, times increasing, no duplicate', async () => {
    const traj = await openTrajectory([join(D, 'md-segment/lbh.pos'), join(D, 'continuation/lbh.pos')], { qeInput: join(D, 'run_03_continuation.in') });
    expect(traj.format).toBe('qe-cp');
    expect(composition(traj.topology)).toEqual({ B: 12, H: 12, Li: 2 });
    expect(traj.topology.masses[12]).toBe(2.014);
    expect(traj.hasVelocities).toBe(true);
    const steps: number[] = [], times: number[] = [], segments = new Set<number>();
    for await (const f of traj.frames()) {
      steps.push(f.step!);
      times.push(f.time!);
      segments.add(f.segment);
    }
    expect(steps).toHaveLength(1000);
    expect(new Set(steps).size).toBe(1000);
    expect(steps.slice(318, 322)).toEqual([3190, 3200, 3210, 3220]);
    expect(steps.at(-1)).toBe(10000);
    for (let k = 1; k < 1000; k++) expect(times[k]! - times[k - 1]!).toBeGreaterThan(1.45e-3);
    expect(times[320]).toBe(0.46587712);
    expect([...segments]).toEqual([0, 1]);
    expect(traj.diagnostics.toArray().filter((d) => d.level === 'warning')).toEqual([]);
  });

  it('splits raw-appended into the ground-state, trial and MD segments, reporting each', async () => {
    const { frames, log, spacing } = await readAll(join(D, 'raw-appended/lbh.pos'), input);
    expect(frames).toHaveLength(330);
    const bySegment = [0, 1, 2].map((s) => frames.filter((f) => f.segment === s));
    expect(bySegment.map((s) => s.length)).toEqual([8, 2, 320]);
    expect(bySegment[0]!.map((f) => f.step)).toEqual([20, 40, 60, 80, 100, 120, 140, 160]);
    expect(spacing).toBeCloseTo(20 * 6 * AU_TIME_TO_PS, 12); // the first two frames: ground-state records
    for (let k = 1; k < 330; k++) expect(frames[k]!.time!).toBeGreaterThan(frames[k - 1]!.time!);
    const splits = log.toArray().filter((d) => d.code === 'I_RESTART_SEGMENT');
    expect(splits.map((d) => [d.line, d.frame])).toEqual([[217, 8], [271, 10]]);
    expect(splits[0]!.message).toContain('from 160 to 10');
    expect(splits[1]!.message).toContain('from 20 to 10');
    const notMd = log.toArray().filter((d) => d.code === 'W_QE_NOT_MD');
    expect(notMd.map((d) => d.frame)).toEqual([0]);
    expect(log.toArray().filter((d) => d.code === 'I_QE_SEGMENT')).toHaveLength(3);
    // Ground-state records: ions at the input positions, Tion = 0.
    expect(bySegment[0]!.every((f) => f.temperature === 0)).toBe(true);
    expect(frames[0]!.positions[1]).toBeCloseTo(0.893743, 5);
    // The MD segment is the md-segment data.
    const md = await readAll(join(D, 'md-segment/lbh.pos'), input);
    expect(Array.from(frames[10]!.positions)).toEqual(Array.from(md.frames[0]!.positions));
    expect(frames[329]!.temperature).toBe(md.frames[319]!.temperature);
  });

  it('finds the cp.x input by itself: the one beside the bundled gzip fixture, or several agreeing ones a folder up', async () => {
    const fx = await readAll(join(ROOT, 'fixtures/li2b12h12-prim-800K/lbh.vel.gz'));
    expect(fx.frames).toHaveLength(160);
    expect(fx.frames[0]!.forces).toBeUndefined();
    expect(fx.log.toArray().map((d) => d.code)).toEqual(['I_QE_INPUT_FOUND']);
    const up = await readAll(join(D, 'md-segment/lbh.pos'));
    const found = up.log.toArray().find((d) => d.code === 'I_QE_INPUT_FOUND')!;
    expect(found.file).toBe(join(D, '01_gs.in'));
    expect(found.message).toMatch(/5 other input\(s\) there agree/);
  });
});
