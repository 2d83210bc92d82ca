import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/data.js';
import { REGISTRY } from '../analysis/registry.js';
import { everyEntry, exactJson, type Fixture, numericDifferences, passOutcomes, seeded } from './parallel-testing.js';

// The demo's longest run (LAMMPS model, 601 frames 50 fs apart): every registry analysis but
// spectra (frames too far apart), which the cp.x fixture covers (parallel.test.ts).
const DEMO: Fixture = { files: [join(ROOT, 'fixtures', 'demo', 'li2b12h12-800K-30ps.extxyz.gz')], open: {}, selection: { cation: 'Li' } };
const jobs = everyEntry(DEMO, { r1: 6.14, closest: 3.1 });
const ids = [...REGISTRY.map((e) => e.id).filter((id) => id !== 'spectra'), '#closest'];

describe('chunked driver on every registry analysis (demo run, 601 frames)', () => {
  it('agrees with the one-pass run to 1e-10 for 1, 2, 3 workers and seeded chunk sizes; 1 and 3 workers are bit-identical', async () => {
    const rand = seeded(7);
    const size = () => 50 + Math.floor(rand() * 200); // 50 … 249 frames
    const [a, b] = [size(), size()];
    const serial = await passOutcomes(DEMO, jobs);
    for (const id of ids) expect(serial[id], id).toHaveProperty('result');
    const a1 = await passOutcomes(DEMO, jobs, { workers: 1, chunkFrames: a });
    const a3 = await passOutcomes(DEMO, jobs, { workers: 3, chunkFrames: a });
    const b2 = await passOutcomes(DEMO, jobs, { workers: 2, chunkFrames: b });
    expect(exactJson(a3)).toBe(exactJson(a1));
    for (const [name, run] of [[`${a}`, a1], [`${b}`, b2]] as const) {
      for (const id of ids) expect(numericDifferences((run[id] as { result: unknown }).result, (serial[id] as { result: unknown }).result, id), `${id}, ${name}-frame chunks`).toEqual([]);
      for (const id of ids) expect(exactJson((run[id] as { diagnostics: unknown }).diagnostics), id).toBe(exactJson((serial[id] as { diagnostics: unknown }).diagnostics));
    }
  }, 90_000);
});
