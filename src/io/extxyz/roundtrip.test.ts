import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { extxyzReader } from './read.js';
import { writeExtxyz } from './write.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-extxyz-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Seeded generator (mulberry32) so a failure reproduces.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYMBOLS = ['Li', 'B', 'H', 'Na', 'Cs', 'S'];

/** Random triclinic frames (cell varies per frame, as under NPT) with velocities and forces. */
function randomFrames(seed: number, natoms: number, nframes: number, extras = true): { frames: Frame[]; symbols: string[] } {
  const r = rng(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * r();
  const symbols = Array.from({ length: natoms }, () => SYMBOLS[Math.floor(r() * SYMBOLS.length)]!);
  const frames: Frame[] = [];
  for (let k = 0; k < nframes; k++) {
    const cell = makeCell([u(8, 20), u(-2, 2), u(-2, 2), u(-4, 4), u(8, 20), u(-2, 2), u(-4, 4), u(-4, 4), u(8, 20)]);
    const positions = Float64Array.from({ length: 3 * natoms }, () => u(-30, 130));
    const f: Frame = { index: k, segment: 0, positions, cell, time: k * 0.0125 };
    if (extras) {
      f.velocities = Float64Array.from({ length: 3 * natoms }, () => u(-40, 40));
      f.forces = Float64Array.from({ length: 3 * natoms }, () => u(-5, 5) * 10 ** Math.floor(u(-6, 1)));
      f.energy = u(-1e4, 0);
      const s = Float64Array.from({ length: 9 }, () => u(-0.02, 0.02));
      f.stress = s;
      f.step = 10 * k;
    }
    frames.push(f);
  }
  return { frames, symbols };
}

async function readBack(path: string) {
  const tf = await extxyzReader.open(path, { diagnostics: new DiagnosticLog() });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('writeExtxyz → extxyz reader round trip', () => {
  it('keeps positions and cells to ≤ 1e-9 Å with the default 10 decimals', async () => {
    const { frames, symbols } = randomFrames(7, 57, 9);
    const topo = topologyFromSymbols(symbols);
    const path = join(dir, 'rt.extxyz');
    expect((await writeExtxyz(frames, topo, path)).frames).toBe(9);
    const { tf, frames: back } = await readBack(path);
    expect(tf.topology.symbols).toEqual(symbols);
    expect(tf.hasVelocities).toBe(true);
    expect(tf.frameSpacing).toBeCloseTo(0.0125, 14);
    expect(back).toHaveLength(9);
    for (let k = 0; k < 9; k++) {
      const a = frames[k]!, b = back[k]!;
      expect(maxAbsDiff(a.positions, b.positions)).toBeLessThanOrEqual(1e-9);
      expect(maxAbsDiff(a.cell.matrix, b.cell.matrix)).toBeLessThanOrEqual(1e-9);
      // velo is written in Å/fs with 10 decimals: ≤ 5e-11 Å/fs = 5e-8 Å/ps.
      expect(maxAbsDiff(a.velocities!, b.velocities!)).toBeLessThanOrEqual(5.1e-8);
      expect(maxAbsDiff(a.forces!, b.forces!)).toBeLessThanOrEqual(5.1e-11);
      expect(b.energy).toBe(a.energy);
      expect(Array.from(b.stress!)).toEqual(Array.from(a.stress!));
      expect(b.time).toBeCloseTo(a.time!, 15);
      expect(b.step).toBe(a.step);
    }
  });

  it("is exact with decimals: 'exact', gzipped", async () => {
    const { frames, symbols } = randomFrames(11, 20, 4);
    const path = join(dir, 'rt-exact.extxyz.gz');
    await writeExtxyz(frames, topologyFromSymbols(symbols), path, { decimals: 'exact' });
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const { frames: back } = await readBack(path);
    for (let k = 0; k < 4; k++) {
      expect(Array.from(back[k]!.positions)).toEqual(Array.from(frames[k]!.positions));
      expect(Array.from(back[k]!.cell.matrix)).toEqual(Array.from(frames[k]!.cell.matrix));
      // Å/ps → Å/fs → Å/ps: at most one rounding of a division and a multiplication.
      const v = frames[k]!.velocities!, w = back[k]!.velocities!;
      for (let i = 0; i < v.length; i++) expect(Math.abs(w[i]! - v[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(v[i]!));
    }
  });

  it('writes ASE-style comment lines to a stream', async () => {
    const { frames, symbols } = randomFrames(3, 2, 1, false);
    const s = new PassThrough();
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    await writeExtxyz(frames, topologyFromSymbols(symbols), s);
    const lines = Buffer.concat(chunks).toString().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('2');
    expect(lines[1]).toMatch(/^Lattice="[^"]+" Properties=species:S:1:pos:R:3 pbc="T T T" time_fs=0$/);
    expect(lines[2]).toMatch(new RegExp(`^${symbols[0]} -?\\d+\\.\\d{10} -?\\d+\\.\\d{10} -?\\d+\\.\\d{10}$`));
    expect(lines[4]).toBe('');
  });

  it('leaves no file, and no temporary, when a frame is bad', async () => {
    const { frames, symbols } = randomFrames(5, 4, 3);
    frames[2]!.positions[5] = NaN;
    const path = join(dir, 'bad.extxyz');
    const err = await writeExtxyz(frames, topologyFromSymbols(symbols), path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaddlewheelError);
    expect((err as PaddlewheelError).code).toBe('E_INTERNAL');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('bad.extxyz'))).toEqual([]);
    const wrong = await writeExtxyz(frames.slice(0, 1), topologyFromSymbols(symbols.slice(1)), path).catch((e: unknown) => e);
    expect((wrong as PaddlewheelError).code).toBe('E_INTERNAL');
  });
});
