import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data.js';

/** The CLI as cli.ts runs it, but killed after 100 s: a hang must fail the test, not block the suite. */
function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paddlewheel.js'), ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 28, timeout: 100_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: `${r.stderr}${r.error ? ` (${r.error.message})` : ''}` };
}

const dir = mkdtempSync(join(tmpdir(), 'pw-workers-'));
// 601 frames: three chunks of the default 256, so --workers 2 really starts worker threads.
const INPUT = [join(ROOT, 'fixtures', 'demo', 'li2b12h12-800K-30ps.extxyz.gz'), '--cation', 'Li'];

/** results.json without what legitimately differs between two runs: timestamps, timings and the output folder's name. */
function comparable(out: string): string {
  const text = readFileSync(join(out, 'results.json'), 'utf8').replaceAll(out, 'OUT');
  return JSON.stringify(JSON.parse(text), (k, v: unknown) => (k === 'created' || k === 'seconds' ? undefined : v));
}

describe('paddlewheel analyze --workers', () => {
  it('writes the same results.json with 2 worker threads as with 1', () => {
    const one = join(dir, 'one'), two = join(dir, 'two');
    const r1 = cli(['analyze', ...INPUT, '--out', one, '--workers', '1']);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = cli(['analyze', ...INPUT, '--out', two, '--workers', '2']);
    expect(r2.code, r2.stderr).toBe(0);
    const a = comparable(one), b = comparable(two);
    expect(JSON.parse(a).analyses.msd.D.value).toBeGreaterThan(0);
    expect(b).toBe(a);
    // The figure files agree too (the density cube is written from the merged counts).
    expect(readFileSync(join(two, 'density.cube'), 'utf8')).toBe(readFileSync(join(one, 'density.cube'), 'utf8'));
  }, 120_000);

  it('refuses a bad --workers or --chunk-frames before reading anything', () => {
    const bad = cli(['analyze', ...INPUT, '--out', join(dir, 'bad'), '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--workers 0: expected a whole number ≥ 1/);
    const chunk = cli(['analyze', ...INPUT, '--out', join(dir, 'bad'), '--chunk-frames', '2.5']);
    expect(chunk.code).toBe(2);
    expect(chunk.stderr).toMatch(/--chunk-frames 2\.5/);
  });
});
