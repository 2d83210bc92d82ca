import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { composition } from '../../core/topology.js';
import { openTrajectory, detectFormat } from '../open.js';
import { sharedData } from '../../../test/helpers/data.js';
import { readAll } from './test-util.js';
import { xdatcarReader } from './xdatcar.js';

const ARGY = sharedData('argyrodite-Li6PS5X-500K');
const NA = sharedData('na3ps4-800K');

// r = f·M by hand, as the reference for the reader's conversion.
function cart(f: number[], m: number[]): number[] {
  return [0, 1, 2].map((j) => f[0]! * m[j]! + f[1]! * m[3 + j]! + f[2]! * m[6 + j]!);
}

describe(`argyrodite Li6PS5X XDATCARs ${ARGY.reason}`, () => {
  const run1 = join(ARGY.path, 'Li6PS5Cl/0p/run1/actual_XDATCAR.gz');
  const M = [20.312311, 0.00019, -0.000113, 0.00019, 20.312339, -0.000033, -0.000113, -0.000033, 20.312424];

  it.skipIf(!ARGY.available)('Li6PS5Cl 0p run1: 416 atoms Li192 Cl32 S160 P32 (header order, not the title), 140 frames, exact values', async () => {
    expect((await detectFormat(run1)).id).toBe('xdatcar');
    const { file, frames, log } = await readAll(xdatcarReader, run1);
    expect(file.topology.symbols).toHaveLength(416);
    expect(composition(file.topology)).toEqual({ Li: 192, Cl: 32, S: 160, P: 32 });
    expect(file.topology.symbols.slice(190, 194)).toEqual(['Li', 'Li', 'Cl', 'Cl']);
    expect(file.topology.masses[0]).toBeCloseTo(6.94, 6);
    expect(frames).toHaveLength(140);
    expect(frames.map((f) => f.step)).toEqual(Array.from({ length: 140 }, (_, k) => k + 1));
    expect(Array.from(frames[0]!.cell.matrix)).toEqual(M);
    expect(frames[139]!.cell).toBe(frames[0]!.cell); // one fixed cell (NVT), shared
    const a0 = cart([0.10084535, 0.22061097, 0.35040701], M);
    const last = cart([0.50319594, 0.74266914, 0.51552362], M);
    for (let j = 0; j < 3; j++) {
      expect(frames[0]!.positions[j]).toBeCloseTo(a0[j]!, 12);
      expect(frames[139]!.positions[3 * 415 + j]).toBeCloseTo(last[j]!, 12);
    }
    expect(log.toArray()).toEqual([]);
  });

  it.skipIf(!ARGY.available)('every run file: frame count = lines of frame_numbers.dat.gz (MD steps 0, 50, … of that run), cell per system', async () => {
    let files = 0;
    for (const sys of ['Li6PS5Cl', 'Li6PS5I']) {
      for (const dis of ['0p', '50p', '100p']) {
        for (const run of readdirSync(join(ARGY.path, sys, dis))) {
          const dir = join(ARGY.path, sys, dis, run);
          const steps = gunzipSync(readFileSync(join(dir, 'frame_numbers.dat.gz'))).toString().trim().split(/\s+/).map(Number);
          expect(steps.every((s, k) => s === 50 * k)).toBe(true);
          const tf = await xdatcarReader.open(join(dir, 'actual_XDATCAR.gz'), { diagnostics: new DiagnosticLog() });
          let n = 0;
          let cellA = 0;
          for await (const f of tf.frames()) {
            if (n === 0) cellA = f.cell.matrix[0]!;
            n++;
          }
          expect(n, `${sys}/${dis}/${run}`).toBe(steps.length);
          expect(cellA).toBeCloseTo(sys === 'Li6PS5Cl' ? 20.312311 : 20.433, 6);
          files++;
        }
      }
    }
    expect(files).toBe(37);
  });

  it.skipIf(!ARGY.available)('restart segments run1…run5 concatenate into 700 frames, 69.9 ps at --dt 100 fs, no duplicate dropped', async () => {
    const files = [1, 2, 3, 4, 5].map((r) => join(ARGY.path, `Li6PS5Cl/0p/run${r}/actual_XDATCAR.gz`));
    const t = await openTrajectory(files, { dt: 100 });
    expect(t.format).toBe('xdatcar');
    expect(t.frameSpacingSource).toBe('dt');
    let n = 0;
    let last;
    const firstOfSegment: number[] = [];
    for await (const f of t.frames()) {
      if (firstOfSegment.length === f.segment) firstOfSegment.push(f.index);
      n++;
      last = f;
    }
    expect(n).toBe(700);
    expect(firstOfSegment).toEqual([0, 140, 280, 420, 560]);
    expect(last!.time).toBeCloseTo(69.9, 9);
    expect(t.diagnostics.toArray().map((d) => d.code)).not.toContain('I_DUPLICATE_FRAME');
  });
});

describe(`Na3PS4 XDATCARs ${NA.reason}`, () => {
  it.skipIf(!NA.available)('128 atoms Na48 P16 S64, monoclinic cell, 100 and 200 frames', async () => {
    const a = await readAll(xdatcarReader, join(NA.path, 'cNa3PS4_800K_pda_XDATCAR.gz'));
    const b = await readAll(xdatcarReader, join(NA.path, 'cNa3PS4_trajectories_XDATCAR.gz'));
    expect(composition(a.file.topology)).toEqual({ Na: 48, P: 16, S: 64 });
    expect(a.frames).toHaveLength(100);
    expect(b.frames).toHaveLength(200);
    const M = [14.059708, 0, -0.739253, 0, 14.178386, 0, 0.014709, 0, 14.097219];
    expect(Array.from(a.frames[0]!.cell.matrix)).toEqual(M);
    const p = cart([0.21717845, 0.25044341, 0.97916368], M);
    const q = cart([0.85837069, 0.67146713, 0.66730004], M);
    for (let j = 0; j < 3; j++) {
      expect(a.frames[0]!.positions[j]).toBeCloseTo(p[j]!, 12);
      expect(a.frames[99]!.positions[3 * 127 + j]).toBeCloseTo(q[j]!, 12);
    }
  });
});
