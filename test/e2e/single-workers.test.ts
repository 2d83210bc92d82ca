import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-single-workers-'));
// 601 frames: three chunks of the default 256, so --workers 2 really starts worker threads.
const INPUT = [join(ROOT, 'fixtures', 'demo', 'li2b12h12-800K-30ps.extxyz.gz'), '--cation', 'Li'];

/** A command's JSON without its provenance timestamp (the one thing two runs may not share). */
function comparable(text: string): string {
  return JSON.stringify(JSON.parse(text), (k, v: unknown) => (k === 'created' ? undefined : v));
}

describe('single-analysis commands: --workers / --chunk-frames', () => {
  it('msd --json is the same with 1 and 2 workers, and equals analyze\'s msd object bit for bit', () => {
    const one = cli(['msd', ...INPUT, '--json', '--workers', '1']);
    expect(one.code, one.stderr).toBe(0);
    const two = cli(['msd', ...INPUT, '--json', '--workers', '2']);
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(one.stdout).D.value).toBeGreaterThan(0);
    expect(comparable(two.stdout)).toBe(comparable(one.stdout));
    const out = join(dir, 'analyze');
    const all = cli(['analyze', ...INPUT, '--only', 'msd', '--workers', '2', '--out', out]);
    expect(all.code, all.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(comparable(JSON.stringify(results.analyses.msd))).toBe(comparable(two.stdout));
  }, 60_000);

  it('refuses a bad --workers or --chunk-frames, naming the flag, before reading any file', () => {
    const bad = cli(['msd', ...INPUT, '--json', '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--workers 0: expected a whole number ≥ 1/);
    // The flag is checked before the (missing) file is opened.
    const missing = cli(['rdf', join(dir, 'no-such.xyz'), '--chunk-frames', '2.5']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--chunk-frames 2\.5/);
  });
});
