import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCell } from '../../core/cell.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import type { ReaderOptions } from '../types.js';
import { lammpsDumpReader } from './reader.js';
import { syntheticFrames } from './test-helpers.js';
import { writeLammpsDump } from './writer.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-lammps-bad-'));
let fileNo = 0;
const tmp = (text: string) => {
  const p = join(dir, `b${fileNo++}.dump`);
  writeFileSync(p, text);
  return p;
};

async function readAll(path: string, extra: Partial<ReaderOptions> = {}) {
  const diagnostics = new DiagnosticLog();
  const tf = await lammpsDumpReader.open(path, { diagnostics, ...extra });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { tf, frames, diagnostics };
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; line?: number; column?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; line?: number; column?: number; message: string };
  }
  throw new Error('expected a failure');
}

// Line numbers: 1 TIMESTEP, 2 value, 3 NUMBER, 4 value, 5 BOX, 6-8 bounds, 9 ATOMS, 10-12 atoms.
const snap = (step: number, atoms: string, n = 3, cols = 'id type x y z') =>
  `ITEM: TIMESTEP\n${step}\nITEM: NUMBER OF ATOMS\n${n}\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS ${cols}\n${atoms}`;
const ATOMS = '1 1 0.1 0.2 0.3\n2 2 1 2 3\n3 1 4 5 6\n';
const MAP = { typeMap: { 1: 'Li', 2: 'B' } };

describe('lammps-dump species', () => {
  it('asks for --type-map when the dump has only types (E_USAGE naming the types)', async () => {
    const e = await failure(readAll(tmp(snap(0, ATOMS))));
    expect(e.code).toBe('E_USAGE');
    expect(e.message).toContain('--type-map 1=ELEMENT,2=ELEMENT');
  });

  it('maps types with --type-map and rejects a map that misses a type', async () => {
    const { tf } = await readAll(tmp(snap(0, ATOMS)), MAP);
    expect(tf.topology.symbols).toEqual(['Li', 'B', 'Li']);
    expect(tf.topology.masses[1]).toBeCloseTo(10.81, 6);
    const e = await failure(readAll(tmp(snap(0, ATOMS)), { typeMap: { 1: 'Li' } }));
    expect(e.code).toBe('E_USAGE');
  });

  it('rejects an unknown element with its line', async () => {
    const e = await failure(readAll(tmp(snap(0, '1 Li 0 0 0\n2 Xx 0 0 0\n3 B 0 0 0\n', 3, 'id element x y z'))));
    expect([e.code, e.line]).toEqual(['E_PARSE', 11]);
  });
});

describe('lammps-dump malformed input', () => {
  it('reports a bad number with line and column', async () => {
    const e = await failure(readAll(tmp(snap(0, '1 1 0.1 0.2 0.3\n2 2 1 2.x 3\n3 1 4 5 6\n')), MAP));
    expect([e.code, e.line, e.column]).toEqual(['E_PARSE', 11, 7]);
  });

  it('rejects non-finite coordinates', async () => {
    const e = await failure(readAll(tmp(snap(0, '1 1 0.1 0.2 0.3\n2 2 nan 2 3\n3 1 4 5 6\n')), MAP));
    expect([e.code, e.line]).toEqual(['E_PARSE', 11]);
  });

  it('rejects an unknown ITEM and a missing coordinate column', async () => {
    const e1 = await failure(readAll(tmp(snap(0, ATOMS).replace('ITEM: NUMBER OF ATOMS', 'ITEM: NUMBER OF PARTICLES')), MAP));
    expect([e1.code, e1.line]).toEqual(['E_PARSE', 3]);
    const e2 = await failure(readAll(tmp(snap(0, '1 1 0 0\n2 1 0 0\n3 1 0 0\n', 3, 'id type x y')), MAP));
    expect([e2.code, e2.line]).toEqual(['E_PARSE', 9]);
  });

  it('rejects a changing atom count, a changed type and a repeated id', async () => {
    const count = await failure(readAll(tmp(snap(0, ATOMS) + snap(10, '1 1 0 0 0\n2 2 0 0 0\n', 2)), MAP));
    expect([count.code, count.line]).toEqual(['E_TOPOLOGY', 13]);
    const type = await failure(readAll(tmp(snap(0, ATOMS) + snap(10, '1 1 0 0 0\n2 1 0 0 0\n3 1 0 0 0\n')), MAP));
    expect([type.code, type.line]).toEqual(['E_TOPOLOGY', 23]);
    const dup = await failure(readAll(tmp(snap(0, ATOMS) + snap(10, '1 1 0 0 0\n2 2 0 0 0\n2 2 0 0 0\n')), MAP));
    expect([dup.code, dup.line]).toEqual(['E_PARSE', 24]);
    const lost = await failure(readAll(tmp(snap(0, ATOMS) + snap(10, '1 1 0 0 0\n2 2 0 0 0\n7 1 0 0 0\n')), MAP));
    expect([lost.code, lost.line]).toEqual(['E_TOPOLOGY', 24]);
  });

  it('rejects a file with no whole snapshot, and a non-dump file', async () => {
    const cut = await failure(readAll(tmp(snap(0, '1 1 0 0 0\n')), MAP));
    expect([cut.code, cut.line]).toEqual(['E_PARSE', 1]);
    const other = await failure(readAll(tmp('3\ncomment\nLi 0 0 0\n'), MAP));
    expect([other.code, other.line]).toEqual(['E_PARSE', 1]);
  });

  it('rejects a degenerate box and a bad --md-timestep', async () => {
    const e = await failure(readAll(tmp(snap(0, ATOMS).replace('0 10\n0 10\n0 10', '0 10\n0 0\n0 10')), MAP));
    expect([e.code, e.line]).toEqual(['E_PARSE', 5]);
    const u = await failure(readAll(tmp(snap(0, ATOMS)), { ...MAP, mdTimestep: -1 }));
    expect(u.code).toBe('E_USAGE');
  });
});

describe('lammps-dump truncated files', () => {
  const { topology, frames } = syntheticFrames([makeCell([7, 0, 0, 1, 8, 0, -1, 0.5, 9])], ['Li', 'B', 'H', 'H'], 3);

  async function written(): Promise<string> {
    const p = join(dir, `full${fileNo++}.dump`);
    await writeLammpsDump(frames, topology, p, { columns: ['id', 'element', 'xu', 'yu', 'zu', 'vx', 'vy', 'vz'] });
    return readFileSync(p, 'utf8');
  }

  it('keeps the whole snapshots when the file ends inside the last one', async () => {
    const text = await written();
    const lines = text.split('\n');
    // Each snapshot has 9 header lines + 4 atom lines; keep 2 snapshots + 11 lines of the third.
    const cut = tmp(lines.slice(0, 26 + 11).join('\n') + '\n');
    const { frames: back, diagnostics } = await readAll(cut);
    expect(back).toHaveLength(2);
    const w = diagnostics.items.find((d) => d.code === 'W_TRUNCATED_FRAME')!;
    expect(w.level).toBe('warning');
    expect(w.line).toBe(27);
    expect(w.message).toContain('11 lines');
  });

  it('treats a last atom line cut short as a truncated snapshot', async () => {
    const text = await written();
    const cutText = text.slice(0, text.trimEnd().lastIndexOf(' ') - 3);
    const { frames: back, diagnostics } = await readAll(tmp(cutText));
    expect(back).toHaveLength(2);
    expect(diagnostics.items.map((d) => d.code)).toEqual(['I_LAMMPS_UNITS', 'W_TRUNCATED_FRAME']);
  });

  it('still rejects a short atom line in the middle of the file', async () => {
    const lines = (await written()).split('\n');
    lines[10] = lines[10]!.split(' ').slice(0, 4).join(' ');
    const e = await failure(readAll(tmp(lines.join('\n'))));
    expect([e.code, e.line]).toEqual(['E_PARSE', 11]);
  });
});
