import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, inflateSync } from 'node:zlib';
import { ROOT } from '../helpers/data.js';
import { isPaddlewheelError } from '../../src/core/errors.js';
import { analyzeRequestFrom } from '../../src/cli/commands/analyze.js';
import { runPartial } from '../../src/cli/commands/analyze-partial.js';
import { runMerge } from '../../src/cli/commands/merge.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-merge-'));
const FIX = join(ROOT, 'fixtures', 'li2b12h12-prim-800K');
const DEMO = join(ROOT, 'fixtures', 'demo', 'li2b12h12-600K-20ps.extxyz.gz');
/** The options that make analyses splittable: msd's fit window and lag, r₁ and r_min for the shell analyses. */
const SPLIT = ['--cation', 'Li', '--anion', 'B12H12', '--r1', '6.2', '--r-min', '1.9'];
const CP = [join(FIX, 'lbh.pos.gz'), '--qe-input', join(FIX, 'lbh.in'), ...SPLIT, '--fit', '0.02:0.1', '--max-lag', '0.15'];
const MD = [DEMO, ...SPLIT, '--fit', '1:8', '--max-lag', '10'];
/** A cheap partial (g(r) only) for the refusals that need a partial file, not its numbers. */
const RDF = ['--cation', 'Li', '--anion', 'B12H12', '--r1', '6.2', '--only', 'rdf'];
const run = promisify(execFile);

/** The CLI as a child process (several at once: the partials of one split are independent jobs). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin', 'paddlewheel.js'), ...args], { env: { ...process.env, CI: '1' }, maxBuffer: 1 << 28 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

async function ok(args: string[]): Promise<void> {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
}

/** Absolute floor for numbers near zero (sums that cancel to ~1e-17 in either order). */
const FLOOR = 1e-12;

/** Differences between two JSON values: numbers to 1e-10 relative (or FLOOR absolute), keys and everything else exactly. */
function differences(a: unknown, b: unknown, path: string, out: string[]): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    if (!(d <= 1e-10 * Math.max(Math.abs(a), Math.abs(b)) || d <= FLOOR)) out.push(`${path}: ${a} ≠ ${b}`);
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

type Results = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** results.json with the folder's path replaced, and the fields that legitimately differ removed (after checking them). */
function load(out: string, kind: 'merge' | 'analyze', dropFrames = false): Results {
  const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8').replaceAll(out, 'OUT')) as Results;
  expect(r.command).toBe(kind);
  delete r.command;
  delete r.created;
  if (kind === 'merge') {
    expect(r.params.partials.length).toBeGreaterThan(0);
    delete r.params.partials;
    // Not splittable: skipped with the reason (the one run leaves it out by --skip).
    expect(r.skipped.vanhove).toMatch(/cannot be analysed on its own/);
  } else {
    expect(r.skipped.vanhove).toBe('left out by --skip');
  }
  delete r.skipped.vanhove;
  for (const run of r.passes) for (const p of run.passes) delete p.seconds;
  for (const a of Object.values(r.analyses) as Results[]) {
    delete a.provenance.created;
    if (dropFrames) delete a.params.frames;
  }
  if (dropFrames) delete r.params.frames;
  return r;
}

/** RGB bytes of one of our PNGs (filter 0 scanlines, see src/report/heatmap/png.ts). */
function pngPixels(path: string): Buffer {
  const b = readFileSync(path);
  const parts: Buffer[] = [];
  for (let o = 8; o < b.length;) {
    const n = b.readUInt32BE(o);
    if (b.toString('latin1', o + 4, o + 8) === 'IDAT') parts.push(b.subarray(o + 8, o + 8 + n));
    o += 12 + n;
  }
  return inflateSync(Buffer.concat(parts));
}

/**
 * The same figure files. Heat maps sample each pixel centre's voxel in the mean cell, so a
 * pixel whose centre lies on a voxel boundary may show the neighbour when the mean cell
 * differs in its last bit: at most 1 % of the bytes may differ; everything else is identical.
 */
function sameFigures(a: string, b: string): void {
  const files = readdirSync(a).filter((f) => f !== 'results.json').sort();
  expect(files).toEqual(readdirSync(b).filter((f) => f !== 'results.json').sort());
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    if (f.endsWith('.png')) {
      const pa = pngPixels(join(a, f)), pb = pngPixels(join(b, f));
      expect(pa.length, f).toBe(pb.length);
      let n = 0;
      for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) n++;
      expect(n / pa.length, f).toBeLessThan(0.01);
    } else {
      const text = (p: string) => readFileSync(join(p, f), 'utf8').replaceAll(p, 'OUT').replace(/base64,[A-Za-z0-9+/=]+/g, 'base64,…');
      expect(text(a), f).toBe(text(b));
    }
  }
}

describe('paddlewheel analyze --partial + merge (split a trajectory over batch jobs)', () => {
  it('cp.x fixture: 0:50, 50:110, 110: and a random 2-way split merge to the one run (numbers ≤ 1e-10), and merge refuses what does not fit', async () => {
    const p = (name: string) => join(dir, `cp-${name}.json`);
    const k = 20 + Math.floor(Math.random() * 121);
    // A copy of the fixture with its positions file uncompressed (other bytes, the same frames).
    const copy = join(dir, 'copy');
    mkdirSync(copy);
    for (const f of ['lbh.cel.gz', 'lbh.evp.gz', 'lbh.vel.gz', 'lbh.in']) copyFileSync(join(FIX, f), join(copy, f));
    writeFileSync(join(copy, 'lbh.pos'), gunzipSync(readFileSync(join(FIX, 'lbh.pos.gz'))));
    const other = [join(copy, 'lbh.pos'), '--qe-input', join(copy, 'lbh.in'), ...RDF];
    await Promise.all([
      ok(['analyze', ...CP, '--skip', 'vanhove', '--out', join(dir, 'cp-one')]),
      ok(['analyze', ...CP, '--frames', '0:50', '--partial', p('0')]),
      ok(['analyze', ...CP, '--frames', '50:110', '--partial', p('50')]),
      ok(['analyze', ...CP, '--frames', '110:', '--partial', p('110')]),
      ok(['analyze', ...CP, '--frames', `0:${k}`, '--partial', p('a')]),
      ok(['analyze', ...CP, '--frames', `${k}:160`, '--json', '--partial', p('b')]),
      ok(['analyze', ...other, '--frames', '0:50', '--partial', p('copy0')]),
    ]);
    // The same path with other bytes (one more blank line at the end), the same frames.
    writeFileSync(join(copy, 'lbh.pos'), `${readFileSync(join(copy, 'lbh.pos'), 'utf8')}\n`);
    await Promise.all([
      ok(['analyze', ...other, '--frames', '50:', '--partial', p('copy50')]),
      ok(['analyze', ...other, '--frames', '0:50', '--r1', '6.0', '--partial', p('r1')]),
    ]);
    // Given in any order: merge orders them by frame range.
    await Promise.all([
      ok(['merge', p('110'), p('0'), p('50'), '--out', join(dir, 'cp-3')]),
      ok(['merge', p('b'), p('a'), '--out', join(dir, 'cp-2'), '--json']),
    ]);
    const one = load(join(dir, 'cp-one'), 'analyze');
    expect(Object.keys(one.analyses)).toEqual(['pauling', 'sites', 'density', 'msd', 'rdf', 'coordination', 'angles', 'docking', 'distortion', 'rotation', 'spectra', 'templates']);
    expect(one.analyses.msd.frames).toBe(160);
    expect(differences(load(join(dir, 'cp-3'), 'merge'), one, '$', [])).toEqual([]);
    sameFigures(join(dir, 'cp-3'), join(dir, 'cp-one'));
    // The last range stopped at 160 without reading past it: the equivalent one run is --frames 0:160.
    const two = JSON.parse(readFileSync(join(dir, 'cp-2', 'results.json'), 'utf8'));
    expect(two.params.frames).toBe('0:160');
    expect(differences(load(join(dir, 'cp-2'), 'merge', true), load(join(dir, 'cp-one'), 'analyze', true), `$(split at ${k})`, [])).toEqual([]);

    // Refusals name the files; nothing is written. One through the CLI (exit code 2), the rest in-process.
    const out = join(dir, 'refused');
    const r = await cli(['merge', p('0'), p('110'), '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/E_USAGE.*frames 50:110 are missing \(between .*cp-0\.json and .*cp-110\.json\)/);
    const refused = async (files: string[], pattern: RegExp) => {
      const e = await runMerge(files, out).then(() => undefined, (x: unknown) => x);
      expect(isPaddlewheelError(e) && e.code, String(e)).toBe('E_USAGE');
      expect((e as Error).message).toMatch(pattern);
    };
    await refused([p('0'), p('50'), p('110'), p('a')], /frames 0:50 are in both .*cp-0\.json and .*cp-a\.json: the ranges overlap/);
    await refused([p('0'), p('50'), p('50'), p('110')], /frames 50:110 are in both .*cp-50\.json and .*cp-50\.json/);
    await refused([p('50'), p('110')], /frames 0:50 are missing \(the first partial, .*cp-50\.json, starts at frame 50\)/);
    await refused([p('r1'), p('copy50')], /cp-r1\.json and .*cp-copy50\.json: the options differ \(r1: 6 vs 6\.2\)/);
    await refused([p('copy0'), p('copy50')], /cp-copy0\.json and .*cp-copy50\.json: the input files differ \(.*lbh\.pos \(\d+ bytes, sha256 [0-9a-f]{12}…\)/);
    await refused([p('0'), p('50'), p('110'), p('copy50')], /the input files differ/);
    expect(existsSync(out), 'nothing written').toBe(false);
  }, 120_000);

  it('demo run (LAMMPS model, extxyz), every 2nd frame: 0:70:2 and 70::2 merge to the one run with --frames ::2', async () => {
    const p = (name: string) => join(dir, `md-${name}.json`);
    await Promise.all([
      ok(['analyze', ...MD, '--frames', '::2', '--skip', 'vanhove', '--out', join(dir, 'md-one')]),
      ok(['analyze', ...MD, '--frames', '0:70:2', '--partial', p('0')]),
      ok(['analyze', ...MD, '--frames', '70::2', '--partial', p('70')]),
    ]);
    await ok(['merge', p('0'), p('70'), '--out', join(dir, 'md-merged')]);
    const one = load(join(dir, 'md-one'), 'analyze');
    expect(one.params.frames).toBe('::2');
    expect(one.analyses.msd.frames).toBe(101);
    expect(Object.keys(one.analyses)).toContain('angles');
    expect(differences(load(join(dir, 'md-merged'), 'merge'), one, '$', [])).toEqual([]);
    sameFigures(join(dir, 'md-merged'), join(dir, 'md-one'));
  }, 120_000);

  it('refuses --partial at an input (writing nothing), with --out, with --run, and without msd --fit/--max-lag', async () => {
    const bad = join(dir, 'inputs');
    mkdirSync(bad);
    for (const f of ['lbh.pos.gz', 'lbh.cel.gz', 'lbh.evp.gz', 'lbh.vel.gz', 'lbh.in']) copyFileSync(join(FIX, f), join(bad, f));
    const listing = () => readdirSync(bad).map((f) => [f, readFileSync(join(bad, f)).toString('base64')]);
    const before = listing();
    const pos = join(bad, 'lbh.pos.gz');
    const r = await cli(['analyze', pos, '--qe-input', join(bad, 'lbh.in'), ...RDF, '--frames', '0:40', '--partial', pos]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/E_USAGE.*is an input file/);
    const flags = { qeInput: join(bad, 'lbh.in'), cation: 'Li', anion: 'B12H12', r1: '6.2', rMin: '1.9', fit: '0.02:0.1', maxLag: '0.15', frames: '0:40' };
    // lbh.in is named on the command line; lbh.cel.gz is a sibling file the reader finds.
    for (const target of ['lbh.in', 'lbh.cel.gz']) {
      const e = await runPartial(analyzeRequestFrom([pos], { ...flags, partial: join(bad, target) })).then(() => undefined, (x: unknown) => x);
      expect(isPaddlewheelError(e) && e.code, String(e)).toBe('E_USAGE');
      expect((e as Error).message).toMatch(/is an input file/);
    }
    expect(listing()).toEqual(before);
    const usage = (f: Record<string, unknown>, files = [pos]) => {
      try {
        analyzeRequestFrom(files, { ...flags, ...f });
      } catch (e) {
        expect(isPaddlewheelError(e) && e.code).toBe('E_USAGE');
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(usage({ partial: 'x.json', out: 'x' })).toMatch(/either --out DIR .* or --partial FILE/);
    expect(usage({})).toMatch(/no output given/);
    expect(usage({ partial: 'x.json', fit: undefined })).toMatch(/msd needs --fit START:END and --max-lag PS .* fractions of the duration/);
    expect(usage({ partial: 'x.json', maxLag: undefined, skip: 'msd' })).toBe('accepted');
    expect(usage({ partial: 'x.json', run: [`800K:${pos}`] }, [])).toMatch(/--partial takes the files of one trajectory, not --run/);
    expect(usage({ partial: 'x.json', r1: undefined })).toMatch(/--r-min: give --r1 too/);
  }, 60_000);
});
