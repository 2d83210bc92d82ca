import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-analyze-'));
const FIX = join(ROOT, 'fixtures', 'li2b12h12-prim-800K');
const INPUT = [join(FIX, 'lbh.pos.gz'), '--qe-input', join(FIX, 'lbh.in'), '--cation', 'Li', '--anion', 'B12H12'];
const run = promisify(execFile);

/** The CLI as a child process, several at once (the single commands are independent). */
async function cliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin', 'paddlewheel.js'), ...args], { env: { ...process.env, CI: '1' }, maxBuffer: 1 << 28 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

/**
 * Differences between two JSON values, exactly (numbers too): analyze and the single commands
 * run the same chunked pass (--workers, --chunk-frames), so their numbers agree bit for bit.
 */
function differences(a: unknown, b: unknown, path: string, out: string[]): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Object.is(a, b)) out.push(`${path}: ${a} ≠ ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} ≠ ${b.length}`);
    else a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.push(`${path}: keys ${ka.join(',')} ≠ ${kb.join(',')}`);
    for (const k of ka) if (k in (b as object)) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (a !== b) out.push(`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}

/** Provenance timestamps differ between runs; diagnostics may come in another order. */
function normalise(o: Record<string, unknown>): Record<string, unknown> {
  const p = { ...(o['provenance'] as Record<string, unknown>), created: 'x' };
  const diagnostics = (o['diagnostics'] as unknown[]).map((d) => JSON.stringify(d)).sort();
  return { ...o, provenance: p, diagnostics };
}

describe('paddlewheel analyze (CLI)', () => {
  it('writes, per analysis, the object its own command prints with --json (bit for bit)', async () => {
    const out = join(dir, 'demo');
    const r = cli(['analyze', ...INPUT, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.tool).toBe('paddlewheel');
    expect(results.inputs.map((i: { path: string }) => i.path)).toContain(join(FIX, 'lbh.pos.gz'));
    const ids = Object.keys(results.analyses);
    expect(ids).toEqual(['pauling', 'sites', 'density', 'msd', 'vanhove', 'rdf', 'coordination', 'angles', 'docking', 'distortion', 'rotation', 'spectra', 'templates']);
    expect(Object.keys(results.skipped)).toEqual(['arrhenius']);
    // Figure commands write into the same folder, so their file names in the JSON agree too.
    const singles = await Promise.all(ids.map((id) => {
      if (id === 'templates') return cliAsync(['templates', '--lattice', results.analyses.pauling.lattice, '--json']);
      return cliAsync([id, ...INPUT, ...(id === 'density' || id === 'vanhove' ? ['--out', out] : []), '--json']);
    }));
    for (const [k, id] of ids.entries()) {
      expect(singles[k]!.code, `${id}: ${singles[k]!.stderr}`).toBe(0);
      const single = JSON.parse(singles[k]!.stdout);
      const mine = results.analyses[id];
      expect(mine.analysis).toBe(id);
      expect(differences(normalise(mine), normalise(single), id, [])).toEqual([]);
    }
    for (const f of ['density.cube', 'slice-z0.5.svg', 'slice-z0.5.png', 'vanhove-self.svg', 'vanhove-distinct.png']) expect(existsSync(join(out, f)), f).toBe(true);
    // The shell analyses got r₁ from the main pass's g(r): the same r₁ as rdf.
    expect(results.analyses.angles.r1.value).toBe(results.analyses.rdf.r1.value);
    expect(results.passes[0].passes.map((p: { pass: string }) => p.pass)).toEqual(['main', 'shell']);
  }, 60_000);

  it('lists skipped analyses with their reasons', () => {
    const out = join(dir, 'thin');
    // Every 8th frame: 11.6 fs apart, beyond what spectra accept.
    const r = cli(['analyze', ...INPUT, '--frames', '0:160:8', '--skip', 'vanhove', '--only', 'spectra,msd,vanhove,arrhenius', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.analyses).toEqual(['msd']);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.skipped['spectra']).toMatch(/frames are 11\.\d+ fs apart.*10 fs/);
    expect(results.skipped['vanhove']).toBe('left out by --skip');
    expect(results.skipped['sites']).toBe('not in --only');
    expect(results.skipped['arrhenius']).toMatch(/two or more runs/);
    expect(results.analyses.msd.frames).toBe(20);
  });

  it('leaves no results.json when an input is bad, and never writes over an input', () => {
    // The demo fixture with a number in frame 100's positions spoilt: the error comes mid-pass.
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    for (const f of ['lbh.cel.gz', 'lbh.evp.gz', 'lbh.vel.gz', 'lbh.in']) copyFileSync(join(FIX, f), join(bad, f));
    const lines = gunzipSync(readFileSync(join(FIX, 'lbh.pos.gz'))).toString('utf8').split('\n');
    const at = 100 * 27 + 5;
    lines[at] = lines[at]!.replace(/\S+$/, 'zero');
    writeFileSync(join(bad, 'lbh.pos'), lines.join('\n'));
    const out = join(dir, 'bad-out');
    const r = cli(['analyze', join(bad, 'lbh.pos'), '--qe-input', join(bad, 'lbh.in'), '--cation', 'Li', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_PARSE/);
    expect(r.stderr).toContain(String(at + 1));
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const input = join(bad, 'lbh.in');
    const before = readFileSync(input, 'utf8');
    const again = cli(['analyze', join(bad, 'lbh.pos'), '--qe-input', input, '--out', join(bad, 'lbh.pos')]);
    expect(again.code, again.stderr).toBe(2);
    expect(again.stderr).toMatch(/is an input file/);
    expect(readFileSync(input, 'utf8')).toBe(before);
    expect(cli(['analyze', ...INPUT, '--only', 'nonsense', '--out', out]).code).toBe(2);
  });
});
