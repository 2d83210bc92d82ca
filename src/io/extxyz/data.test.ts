import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import { composition } from '../../core/topology.js';
import { sharedData } from '../../../test/helpers/data.js';
import { openTrajectory } from '../open.js';
import { extxyzReader } from './read.js';

const na = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');
const pilot = sharedData('pw-li2b12h12-104-pilot/pilot.extxyz.gz');

async function readAll(path: string) {
  const diagnostics = new DiagnosticLog();
  const tf = await extxyzReader.open(path, { diagnostics });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames, diagnostics: diagnostics.toArray() };
}

describe('real extxyz data', () => {
  it.skipIf(!na.available)(`Na3PS4 800 K (pymatgen-diffusion): 128 atoms, 100 frames, 20 fs ${na.reason}`, async () => {
    const { tf, frames, diagnostics } = await readAll(na.path);
    expect(tf.format).toBe('extxyz');
    expect(tf.topology.symbols).toHaveLength(128);
    expect(composition(tf.topology)).toEqual({ Na: 48, P: 16, S: 64 });
    expect(frames).toHaveLength(100);
    expect(tf.frameSpacing).toBeCloseTo(0.02, 15);
    expect(frames[99]!.time).toBeCloseTo(1.98, 15);
    expect(tf.hasVelocities).toBe(false);
    expect(diagnostics).toEqual([]);
    // Lattice="14.05970772 0 -0.73925282 0 14.17838616 0 0.01470932 0 14.09721890" on every frame.
    const m = [14.05970772, 0, -0.73925282, 0, 14.17838616, 0, 0.01470932, 0, 14.0972189];
    for (const f of frames) expect(Array.from(f.cell.matrix)).toEqual(m);
    // β = 92.95° (PROVENANCE): angle between a and c.
    const beta = (Math.acos((m[0]! * m[6]! + m[2]! * m[8]!) / (Math.hypot(m[0]!, m[2]!) * Math.hypot(m[6]!, m[8]!))) * 180) / Math.PI;
    expect(beta).toBeCloseTo(92.95, 2);
    expect(Array.from(frames[0]!.positions.subarray(0, 6))).toEqual([3.06786836, 3.55088338, 13.64293495, 3.68146689, 4.62331978, 7.05097242]);
    expect(Array.from(frames[99]!.positions.subarray(0, 3))).toEqual([0.74616649, 4.03169968, 14.66100065]);
    expect(Array.from(frames[99]!.positions.subarray(381))).toEqual([12.07825655, 9.52032026, 8.77252178]);
  });

  it.skipIf(!pilot.available)(`β-Li2B12H12 pw.x pilot: energy, stress, forces of 103 frames ${pilot.reason}`, async () => {
    const { tf, frames } = await readAll(pilot.path);
    expect(composition(tf.topology)).toEqual({ B: 48, H: 48, Li: 8 });
    expect(frames).toHaveLength(103);
    expect(tf.frameSpacing).toBeUndefined();
    const f0 = frames[0]!;
    expect(f0.energy).toBe(-6517.80093113);
    // The raw comment line, parsed independently of the reader.
    const comment = gunzipSync(readFileSync(pilot.path)).toString('utf8', 0, 4096).split('\n')[1]!;
    const raw = /stress="([^"]+)"/.exec(comment)![1]!.trim().split(/\s+/).map(Number);
    expect(raw).toHaveLength(9);
    expect(Array.from(f0.stress!)).toEqual(raw); // symmetric: row- and column-major agree
    expect(Number(/energy=(\S+)/.exec(comment)![1])).toBe(f0.energy);
    expect(f0.stress![1]).toBe(8.6068101134e-3);
    expect(Array.from(f0.forces!.subarray(0, 3))).toEqual([8.62247567, -2.00842974, 0.62691316]);
    expect(Array.from(f0.positions.subarray(0, 3))).toEqual([8.195095, 0.088862, 0.252726]);
    // Each configuration has its own (scaled) cell.
    expect(f0.cell.matrix[0]).toBe(9.79186359);
    expect(frames[1]!.cell.matrix[0]).toBe(9.98467713);
    expect(frames[1]!.energy).toBe(-6514.82279321);
    // Pressures from −2.6 to +2.2 GPa (PROVENANCE): P = −trace/3, 1 eV/Å³ = 160.21766 GPa.
    const p = frames.map((f) => (-(f.stress![0]! + f.stress![4]! + f.stress![8]!) / 3) * 160.21766208);
    expect(Math.min(...p)).toBeGreaterThan(-2.7);
    expect(Math.max(...p)).toBeLessThan(2.3);
    expect(Math.min(...p)).toBeLessThan(-2.5);
    expect(Math.max(...p)).toBeGreaterThan(2.1);
  });

  it.skipIf(!na.available)(`is detected from content by openTrajectory ${na.reason}`, async () => {
    const t = await openTrajectory([na.path]);
    expect(t.format).toBe('extxyz');
    expect(t.frameSpacingSource).toBe('file');
    let n = 0;
    for await (const f of t.frames()) if (f.index === n) n++;
    expect(n).toBe(100);
  });

  it.skipIf(!na.available)(`keeps the whole frames of a gzip cut in half ${na.reason}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-extxyz-cut-'));
    try {
      const bytes = readFileSync(na.path);
      const cut = join(dir, 'cut.extxyz.gz');
      writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
      const { frames, diagnostics } = await readAll(cut);
      expect(frames.length).toBeGreaterThan(20);
      expect(frames.length).toBeLessThan(80);
      expect(diagnostics.map((d) => d.code).sort()).toEqual(['W_TRUNCATED_FRAME', 'W_TRUNCATED_GZIP']);
      const full = await readAll(na.path);
      expect(Array.from(frames.at(-1)!.positions)).toEqual(Array.from(full.frames[frames.length - 1]!.positions));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
