import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/data.js';
import { REGISTRY } from '../analysis/registry.js';
import { everyEntry, exactJson, type Fixture, numericDifferences, passOutcomes, seeded } from './parallel-testing.js';

// The real cp.x trajectory (160 frames with velocities): every registry analysis applies.
const FIX = join(ROOT, 'fixtures', 'li2b12h12-prim-800K');
const PRIM: Fixture = { files: [join(FIX, 'lbh.pos.gz')], open: { qeInput: join(FIX, 'lbh.in') }, selection: { cation: 'Li', anion: 'B12H12' } };
const jobs = everyEntry(PRIM, { r1: 6.3, closest: 3.29 });
const ids = [...REGISTRY.map((e) => e.id), '#closest'];

describe('chunked driver on every registry analysis (cp.x fixture, 160 frames)', () => {
  it('agrees with the one-pass run to 1e-10 for 1, 2, 3 workers and seeded chunk sizes; 1 and 3 workers are bit-identical, and so are repeats', async () => {
    const rand = seeded(20240611);
    const size = () => 11 + Math.floor(rand() * 60); // 11 … 70 frames: uneven last chunks
    const [a, b, c] = [size(), size(), size()];
    const serial = await passOutcomes(PRIM, jobs);
    // Every analysis ran (none refused), so each is really compared below.
    for (const id of ids) expect(serial[id], id).toHaveProperty('result');
    const a1 = await passOutcomes(PRIM, jobs, { workers: 1, chunkFrames: a });
    const a3 = await passOutcomes(PRIM, jobs, { workers: 3, chunkFrames: a });
    const a3again = await passOutcomes(PRIM, jobs, { workers: 3, chunkFrames: a });
    const b2 = await passOutcomes(PRIM, jobs, { workers: 2, chunkFrames: b });
    const c1 = await passOutcomes(PRIM, jobs, { workers: 1, chunkFrames: c });
    expect(exactJson(a3)).toBe(exactJson(a1));
    expect(exactJson(a3again)).toBe(exactJson(a3));
    for (const [name, run] of [[`1 worker, ${a}`, a1], [`2 workers, ${b}`, b2], [`1 worker, ${c}`, c1]] as const) {
      for (const id of ids) expect(numericDifferences((run[id] as { result: unknown }).result, (serial[id] as { result: unknown }).result, `${id} (${name})`), `${id}, ${name}-frame chunks`).toEqual([]);
      // Diagnostics are those of the one pass (kept in the same order).
      for (const id of ids) expect(exactJson((run[id] as { diagnostics: unknown }).diagnostics), id).toBe(exactJson((serial[id] as { diagnostics: unknown }).diagnostics));
    }
    // Not trivially equal: chunking changes the rounding somewhere (sums are regrouped).
    expect(exactJson(a1)).not.toBe(exactJson(serial));
  }, 60_000);

  it('one-frame chunks (the smallest merge units) still give the one-pass numbers', async () => {
    const serial = await passOutcomes(PRIM, jobs, {}, '0:40');
    const one = await passOutcomes(PRIM, jobs, { workers: 1, chunkFrames: 1 }, '0:40');
    expect(Object.keys(one)).toEqual(Object.keys(serial));
    for (const id of Object.keys(serial)) expect(numericDifferences(one[id], serial[id], id), id).toEqual([]);
  }, 60_000);
});
