import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { ROOT } from '../helpers/data.js';
import { cli } from './cli.js';

/**
 * No command writes over one of its inputs: an output flag naming an input — by its path, a
 * symbolic link to it or a hard link to it — is a UsageError naming the flag, raised before
 * anything is written, and the input keeps its bytes and its modification time.
 */

const dir = mkdtempSync(join(tmpdir(), 'pw-refuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEMO = join(ROOT, 'fixtures', 'demo');

/** Run the command in this process; the error it threw (none: undefined). */
async function run(args: string[]): Promise<{ code?: string; name?: string; message: string } | undefined> {
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await buildProgram().parseAsync(['node', 'paddlewheel', ...args]);
    return undefined;
  } catch (x) {
    return x as { code?: string; name?: string; message: string };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Fresh copies of `src` in their own folder, with a symbolic link and a hard link to each (named `ext`). */
function inputs(name: string, src: string, ext: string): { input: string; sym: string; hard: string; folder: string } {
  const folder = join(dir, name);
  mkdirSync(folder);
  const input = join(folder, basename(src));
  copyFileSync(src, input);
  const sym = join(folder, `sym${ext}`), hard = join(folder, `hard${ext}`);
  symlinkSync(input, sym);
  linkSync(input, hard);
  return { input, sym, hard, folder };
}

/** Expect every target refused with a UsageError naming `flag`, `protect` untouched and no new file beside it. */
async function expectRefused(flag: string, targets: string[], args: (out: string) => string[], protect: string[]): Promise<void> {
  const before = protect.map((p) => ({ bytes: readFileSync(p), mtime: statSync(p).mtimeMs }));
  const listed = (p: string) => readdirSync(join(p, '..')).sort();
  const names = protect.map(listed);
  for (const out of targets) {
    const e = await run(args(out));
    expect(e, `${flag} ${out}`).toMatchObject({ code: 'E_USAGE', name: 'UsageError' });
    expect(e!.message).toContain(`${flag} ${out}: is an input file`);
  }
  protect.forEach((p, k) => {
    expect(readFileSync(p).equals(before[k]!.bytes), p).toBe(true);
    expect(statSync(p).mtimeMs, p).toBe(before[k]!.mtime);
    expect(listed(p), p).toEqual(names[k]);
  });
}

describe('outputs never overwrite inputs (path, symbolic link, hard link)', () => {
  const traj = inputs('traj', join(DEMO, 'li2b12h12-600K-20ps.extxyz.gz'), '.extxyz.gz');
  const all = [traj.input, traj.sym, traj.hard];

  it('analyze --out and --partial, merge --out, density --out, vanhove --out, msd --csv', async () => {
    await expectRefused('--out', all, (o) => ['analyze', traj.input, '--cation', 'Li', '--out', o], [traj.input]);
    await expectRefused('--out', all, (o) => ['density', traj.input, '--cation', 'Li', '--out', o], [traj.input]);
    await expectRefused('--out', all, (o) => ['vanhove', traj.input, '--cation', 'Li', '--out', o], [traj.input]);
    await expectRefused('--csv', all, (o) => ['msd', traj.input, '--cation', 'Li', '--csv', o], [traj.input]);
    await expectRefused('--partial', all, (o) => ['analyze', traj.input, '--cation', 'Li', '--frames', '0:10', '--fit', '0:0.2', '--max-lag', '0.3', '--r1', '6', '--r-min', '2', '--partial', o], [traj.input]);
    await expectRefused('--out', all, (o) => ['merge', traj.input, '--out', o], [traj.input]);
    // With several runs, a --run's file is protected from the other runs' outputs too.
    const second = join(traj.folder, 'b.extxyz.gz');
    copyFileSync(traj.input, second);
    linkSync(second, join(traj.folder, 'x-600K.csv'));
    const mtime = statSync(second).mtimeMs;
    const e = await run(['msd', '--run', `600K:${traj.input}`, '--run', `700K:${second}`, '--cation', 'Li', '--csv', join(traj.folder, 'x.csv')]);
    expect(e).toMatchObject({ code: 'E_USAGE', message: `--csv ${join(traj.folder, 'x-600K.csv')}: is an input file (the same file as the input ${second}); refusing to overwrite it — choose another name` });
    expect(statSync(second).mtimeMs).toBe(mtime);
  });

  it('the CLI exits with status 2 and the message on stderr', () => {
    const r = cli(['analyze', traj.input, '--cation', 'Li', '--out', traj.hard]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`paddlewheel: error E_USAGE: --out ${traj.hard}: is an input file (the same file as the input ${traj.input}); refusing to overwrite it — choose another name\n`);
  });

  it('arrhenius --points-out and --plot', async () => {
    const f = join(dir, 'arr');
    mkdirSync(f);
    const csv = join(f, 'd.csv');
    writeFileSync(csv, 'T,D,stderr\n600,1e-6,1e-7\n900,1e-5,1e-6\n');
    symlinkSync(csv, join(f, 'sym.svg'));
    linkSync(csv, join(f, 'hard.svg'));
    await expectRefused('--points-out', [csv, join(f, 'sym.svg'), join(f, 'hard.svg')], (o) => ['arrhenius', '--csv', csv, '--points-out', o], [csv]);
    await expectRefused('--plot', [join(f, 'sym.svg'), join(f, 'hard.svg')], (o) => ['arrhenius', '--csv', csv, '--plot', o], [csv]);
  });

  it('fit-model --out', async () => {
    const f = inputs('fit', join(DEMO, 'li2b12h12-600K-20ps.extxyz.gz'), '.json');
    await expectRefused('--out', [f.sym, f.hard], (o) => ['fit-model', '--data', f.input, '--out', o], [f.input]);
    const named = join(f.folder, 'points.json'); // an input that has a .json name
    copyFileSync(f.input, named);
    await expectRefused('--out', [named], (o) => ['fit-model', '--data', named, '--out', o], [named]);
  });

  it('dft-points --out and --work', async () => {
    const f = join(dir, 'dft');
    mkdirSync(f);
    const small = join(f, 'li2h2.extxyz');
    writeFileSync(small, '4\nLattice="4.1 0 0 0 3.95 0 0 0 4" Properties=species:S:1:pos:R:3 pbc="T T T"\nLi 0.1 0.05 -0.03\nLi 2.05 2.1 0.02\nH 1.82 0.21 1.75\nH 0.05 1.92 2.2\n');
    symlinkSync(small, join(f, 'sym.extxyz'));
    linkSync(small, join(f, 'hard.extxyz'));
    const args = (work: string, out: string) => ['dft-points', '--from', small, '--pseudo-dir', f, '--np', '1', '--pw', '/bin/false', '--work', work, '--out', out];
    await expectRefused('--out', [small, join(f, 'sym.extxyz'), join(f, 'hard.extxyz')], (o) => args(join(f, 'work'), o), [small]);
    await expectRefused('--work', [small, join(f, 'hard.extxyz')], (o) => args(o, join(f, 'points.extxyz')), [small]);
  });

  it('simulate --engine lammps --out, qe-input --out', async () => {
    const m = inputs('lmp', join(DEMO, 'models', 'li2b12h12-illustrative.json'), '.json');
    await expectRefused('--out', [m.input, m.sym, m.hard], (o) => ['simulate', '--engine', 'lammps', '--cation', 'Li', '--model', m.input, '--time', '10fs', '--out', o], [m.input]);
    const q = join(dir, 'qe');
    mkdirSync(q);
    for (const el of ['Li', 'B', 'H']) writeFileSync(join(q, `${el}.UPF`), `<UPF ${el}>\n`);
    symlinkSync(join(q, 'Li.UPF'), join(q, 'sym'));
    linkSync(join(q, 'Li.UPF'), join(q, 'hard'));
    const upf = ['Li', 'B', 'H'].map((el) => join(q, `${el}.UPF`));
    await expectRefused('--out', [join(q, 'Li.UPF'), join(q, 'sym'), join(q, 'hard')], (o) => ['qe-input', '--cation', 'Li', '--supercell', 'primitive', '--pseudo-dir', q, '--pseudo', 'Li=Li.UPF,B=B.UPF,H=H.UPF', '--out', o], upf);
  });

  it('demo --out (the bundled trajectories), report (report.html linked to results.json)', async () => {
    const link = join(dir, 'demo-link.extxyz.gz');
    symlinkSync(join(DEMO, 'li2b12h12-800K-30ps.extxyz.gz'), link);
    await expectRefused('--out', [link], (o) => ['demo', '--out', o], [join(DEMO, 'li2b12h12-800K-30ps.extxyz.gz')]);
    const r = join(dir, 'rep');
    mkdirSync(r);
    writeFileSync(join(r, 'results.json'), '{"tool":"paddlewheel"}\n');
    linkSync(join(r, 'results.json'), join(r, 'report.html'));
    const before = statSync(join(r, 'results.json')).mtimeMs;
    const e = await run(['report', r]);
    expect(e).toMatchObject({ code: 'E_USAGE', message: expect.stringContaining(`${join(r, 'report.html')}: is an input file`) });
    expect(readFileSync(join(r, 'results.json'), 'utf8')).toBe('{"tool":"paddlewheel"}\n');
    expect(statSync(join(r, 'results.json')).mtimeMs).toBe(before);
  });
});
