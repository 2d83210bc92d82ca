import { beforeAll, describe, expect, it } from 'vitest';
import { type Base, makeBases } from './bases.js';
import { formatReport, fuzzReader, fuzzSettings } from './fuzz.js';

// CI size: a few hundred cases per reader; `npm run fuzz` raises it (PADDLEWHEEL_FUZZ_RUNS).
const settings = fuzzSettings(300);
const timeout = 60_000 + settings.runs * 200;
let bases: Record<string, Base[]>;
beforeAll(async () => {
  bases = await makeBases();
});

describe.each(['extxyz', 'xyz', 'xdatcar', 'vasprun', 'lammps-dump'])('fuzz %s', (format) => {
  it(`fails safely on ${settings.runs} mutated files (seed ${settings.seed})`, async () => {
    const r = await fuzzReader(format, bases[format]!, settings);
    console.log(formatReport(r));
    expect(r.cases).toBe(settings.runs);
  }, timeout);
});
