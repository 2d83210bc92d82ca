import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { openTrajectory } from '../../src/io/open.js';
import { xdatcarReader } from '../../src/io/vasp/xdatcar.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-open-reuse-'));
// VASP 4 header (no species line): the reader warns W_SPECIES_FROM_COMMENT when frames are streamed.
const HEADER = 'Li O\n1.0\n4.0 0.0 0.0\n0.0 4.0 0.0\n0.0 0.0 4.0\n2 1\n';
const block = (n: number, x: number) => `Direct configuration=     ${n}\n${x} 0 0\n0.5 0.5 0.5\n0.25 0.5 0.75\n`;

async function positions(frames: AsyncIterable<Frame>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const f of frames) out.push(Array.from(f.positions));
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('openTrajectory reuses the opened first file for the first frames() pass', () => {
  it('opens the file once for open + first pass, reopens for a second pass, and gives the same frames and one warning per pass', async () => {
    const p = join(dir, 'XDATCAR');
    writeFileSync(p, HEADER + block(1, 0.1) + block(2, 0.2) + block(3, 0.3));
    const open = vi.spyOn(xdatcarReader, 'open');
    const log = new DiagnosticLog();
    const add = vi.spyOn(log, 'add');
    const t = await openTrajectory([p], { diagnostics: log });
    expect(open).toHaveBeenCalledTimes(1);
    const first = await positions(t.frames());
    expect(open).toHaveBeenCalledTimes(1);
    expect(add.mock.calls.filter(([d]) => d.code === 'W_SPECIES_FROM_COMMENT')).toHaveLength(1);
    const second = await positions(t.frames());
    expect(open).toHaveBeenCalledTimes(2);
    expect(add.mock.calls.filter(([d]) => d.code === 'W_SPECIES_FROM_COMMENT')).toHaveLength(2); // one per pass (the log keeps one)
    expect(second).toEqual(first);
    expect(first.map((f) => f[0])).toEqual([0.4, 0.8, 1.2].map((x) => expect.closeTo(x, 12)));
    expect(log.toArray().filter((d) => d.code === 'W_SPECIES_FROM_COMMENT')).toHaveLength(1);
  });

  it('a pass stopped early releases the held file; the next pass reopens and reads everything', async () => {
    const p = join(dir, 'XDATCAR-2');
    writeFileSync(p, HEADER + block(1, 0.1) + block(2, 0.2));
    const t = await openTrajectory([p]);
    for await (const f of t.frames()) {
      expect(f.index).toBe(0);
      break;
    }
    expect(await positions(t.frames())).toHaveLength(2);
  });
});
