import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orthorhombicCell } from '../../src/core/cell.js';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { openTrajectory, requireFrameSpacing } from '../../src/io/open.js';
import { writeExtxyz } from '../../src/io/extxyz/write.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-open-'));
const topo = topologyFromSymbols(['Li', 'Cl']);

function frames(n: number, t0: number | undefined, x0: number, step0?: number): Frame[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    segment: 0,
    time: t0 === undefined ? undefined : t0 + i * 0.002,
    step: step0 === undefined ? undefined : step0 + i,
    positions: new Float64Array([x0 + i * 0.1, 0, 0, 2.5, 2.5, 2.5]),
    cell: orthorhombicCell(5, 5, 5),
  }));
}

async function write(name: string, fr: Frame[], symbols = topo): Promise<string> {
  const p = join(dir, name);
  await writeExtxyz(fr, symbols, p);
  return p;
}

async function collect(files: string[], opts = {}) {
  const t = await openTrajectory(files, opts);
  const out: Frame[] = [];
  for await (const f of t.frames()) out.push(f);
  return { t, out };
}

describe('openTrajectory: restart segments as one trajectory', () => {
  it('concatenates segments, renumbers frames and segments, and offsets restarted times', async () => {
    const a = await write('a.extxyz', frames(3, 0, 0));
    const b = await write('b.extxyz', frames(2, 0, 1));
    const { t, out } = await collect([a, b]);
    expect(out.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(out.map((f) => f.segment)).toEqual([0, 0, 0, 1, 1]);
    out.forEach((f, i) => expect(f.time).toBeCloseTo(i * 0.002, 12));
    expect(t.diagnostics.toArray().map((d) => d.code)).toContain('I_TIME_OFFSET');
  });

  it('drops a first frame that repeats the previous segment’s last step', async () => {
    const a = await write('c.extxyz', frames(3, 0, 0, 0));
    const b = await write('d.extxyz', frames(3, 0.004, 0.2, 2));
    const { t, out } = await collect([a, b]);
    expect(out.map((f) => f.step)).toEqual([0, 1, 2, 3, 4]);
    expect(t.diagnostics.toArray().map((d) => d.code)).toContain('I_DUPLICATE_FRAME');
  });

  it('applies --frames to the concatenated indices and stops reading at stop', async () => {
    const a = await write('e.extxyz', frames(4, 0, 0));
    const b = await write('f.extxyz', frames(4, 0.008, 1));
    const { out } = await collect([a, b], { frames: '1:7:2' });
    expect(out.map((f) => f.index)).toEqual([1, 3, 5]);
    expect(out[2]!.time).toBeCloseTo(0.01, 12);
  });

  it('refuses segments with different atoms (E_TOPOLOGY), naming the files', async () => {
    const a = await write('g.extxyz', frames(2, 0, 0));
    const other = topologyFromSymbols(['Na', 'Cl']);
    const b = await write('h.extxyz', frames(2, 0, 0), other);
    await expect(openTrajectory([a, b])).rejects.toMatchObject({ code: 'E_TOPOLOGY', message: expect.stringMatching(/h\.extxyz: atom 1 is Na/) });
  });

  it('frame spacing: from the file; from --dt otherwise; E_NO_TIME before reading when neither', async () => {
    const timed = await openTrajectory([await write('i.extxyz', frames(3, 0, 0))]);
    expect(timed.frameSpacing).toBeCloseTo(0.002, 12);
    expect(timed.frameSpacingSource).toBe('file');
    const untimed = await write('j.extxyz', frames(3, undefined, 0));
    const none = await openTrajectory([untimed]);
    expect(() => requireFrameSpacing(none, 'the MSD')).toThrow(expect.objectContaining({ code: 'E_NO_TIME', message: expect.stringMatching(/--dt/) }));
    const dt = await openTrajectory([untimed], { dt: 5, frames: '::2' });
    expect(requireFrameSpacing(dt, 'the MSD')).toBeCloseTo(0.01, 12);
    const { out } = await collect([untimed], { dt: 5 });
    expect(out.map((f) => f.time)).toEqual([0, 0.005, 0.01]);
  });

  it('never modifies its inputs', async () => {
    const a = await write('k.extxyz', frames(3, 0, 0));
    const { statSync, readFileSync } = await import('node:fs');
    const before = readFileSync(a);
    const mtime = statSync(a).mtimeMs;
    await collect([a]);
    expect(readFileSync(a).equals(before)).toBe(true);
    expect(statSync(a).mtimeMs).toBe(mtime);
  });
});
