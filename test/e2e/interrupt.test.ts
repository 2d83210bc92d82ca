import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openTrajectory } from '../../src/io/open.js';
import { ROOT } from '../helpers/data.js';
import { cli } from './cli.js';

/**
 * Ctrl-C and kill: paddlewheel started as a user would (bin/paddlewheel.js), interrupted
 * while it reads, must exit 130 (SIGINT) / 143 (SIGTERM) with one line on stderr and leave no
 * output and no temporary file; an interrupted pw.x batch must not leave the engine running
 * and keeps its finished points.
 */

const dir = mkdtempSync(join(tmpdir(), 'pw-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FRAMES = 4000; // ≈ 10 s of analysis here, ≈ 28 MB: interrupted long before the end
const traj = join(dir, 'long.extxyz');

beforeAll(() => {
  // The first frame of the 800 K demo run (208 atoms), repeated with advancing times.
  const lines = gunzipSync(readFileSync(join(ROOT, 'fixtures', 'demo', 'li2b12h12-800K-30ps.extxyz.gz'))).toString('utf8').split('\n', 210);
  const atoms = `${lines.slice(2, 210).join('\n')}\n`;
  const header = lines[1]!.replace(/ time_fs=\S+ step=\S+/, '');
  const parts: string[] = [];
  for (let k = 0; k < FRAMES; k++) parts.push(`208\n${header} time_fs=${50 * k} step=${1000 + 50 * k}\n`, atoms);
  writeFileSync(traj, parts.join(''));
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Finished>; stderr: () => string } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'paddlewheel.js'), ...args], { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<Finished>((res) => child.once('close', (code, signal) => res({ code, signal, stderr })));
  return { child, done, stderr: () => stderr };
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Wait until `pid` holds `path` open (it has started reading); without /proc, a fixed delay. */
async function waitUntilReading(pid: number, path: string, timeoutMs = 30_000): Promise<void> {
  if (!existsSync('/proc/self/fd')) return void (await sleep(8000));
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`) === path; } catch { return false; } })) return;
    } catch {
      return; // the process is gone: the test's exit-code check says why
    }
    await sleep(50);
  }
  throw new Error(`process ${pid} never opened ${path}`);
}

// Linux /proc: running (not exited, not a zombie left to a non-reaping init).
const running = (pid: number): boolean => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !'ZX'.includes(s.slice(s.lastIndexOf(')') + 2).charAt(0));
  } catch {
    return false;
  }
};

describe('interrupted runs (CLI)', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`analyze stopped by ${signal} while reading: exit ${code}, one line on stderr, no results.json, no temporary file, input untouched`, async () => {
      const out = join(dir, `out-${signal}`);
      const before = statSync(traj);
      const run = start(['analyze', traj, '--cation', 'Li', '--anion', 'B12H12', '--out', out]);
      await waitUntilReading(run.child.pid!, traj);
      await sleep(300);
      run.child.kill(signal);
      const r = await run.done;
      expect(r.signal, r.stderr).toBeNull();
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toBe(`paddlewheel: interrupted (${signal}); no output was written\n`);
      const left = existsSync(out) ? readdirSync(out) : [];
      expect(left.filter((n) => n === 'results.json' || n.includes('tmp'))).toEqual([]);
      expect(readdirSync(dir).filter((n) => n.includes('tmp'))).toEqual([]);
      const after = statSync(traj);
      expect([after.size, after.mtimeMs, after.ctimeMs]).toEqual([before.size, before.mtimeMs, before.ctimeMs]);
    });
  }

  it.skipIf(!existsSync('/proc/self/stat'))('dft-points interrupted while pw.x runs: the engine is terminated, the finished point is kept, a rerun resumes only the pending one', async () => {
    const FIX = join(ROOT, 'test', 'fixtures', 'qe-pw');
    const small = join(dir, 'li2h2.extxyz');
    writeFileSync(small, '4\nLattice="4.1 0.05 0 0.05 3.95 0.12 0 0.12 4" Properties=species:S:1:pos:R:3 pbc="T T T"\nLi 0.1 0.05 -0.03\nLi 2.05 2.1 0.02\nH 1.82 0.21 1.75\nH 0.05 1.92 2.2\n');
    const pseudo = join(dir, 'pseudo');
    mkdirSync(pseudo);
    for (const f of ['Li.pbe-s-rrkjus_psl.0.2.1.UPF', 'H.pbe-rrkjus_psl.0.1.UPF']) writeFileSync(join(pseudo, f), '');
    // A stand-in for pw.x: the first call finishes (prints a converged SCF), later ones hang
    // until killed while $HANG names an existing file. Each call logs its process id.
    const pids = join(dir, 'pids.log');
    const fake = join(dir, 'fake-pw.sh');
    writeFileSync(fake, `#!/bin/sh\necho $$ >> ${pids}\nif [ -e "$HANG" ]; then exec sleep 120; fi\n[ -n "$HANG" ] && touch "$HANG"\ncat ${join(FIX, 'li2h2-scf.out')}\n`);
    chmodSync(fake, 0o755);
    const work = join(dir, 'work'), out = join(dir, 'points.extxyz');
    const args = ['dft-points', '--from', small, '--copies', '2', '--strain', '0.01', '--pseudo-dir', pseudo, '--np', '1', '--pw', fake, '--work', work, '--out', out];
    const calls = () => (existsSync(pids) ? readFileSync(pids, 'utf8').trim().split('\n').map(Number) : []);

    const run = start(args, { HANG: join(dir, 'hang') });
    const t0 = Date.now();
    while (calls().length < 2 && Date.now() - t0 < 30_000) await sleep(50);
    const hung = calls()[1]!;
    expect(running(hung)).toBe(true);
    // A failing run must not leave the stand-in behind.
    onTestFinished(() => void (running(hung) && process.kill(hung, 'SIGKILL')));
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/paddlewheel: interrupted \(SIGINT\); complete outputs already written: .*points\.extxyz.*; the finished points in .*work are kept; run the same command again to resume\n$/);
    expect(running(hung)).toBe(false);
    expect(existsSync(join(work, 'p0000', 'pw.out'))).toBe(true);
    expect(existsSync(join(work, 'p0001', 'pw.out'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const t = await openTrajectory([out]);
    let n = 0;
    for await (const _ of t.frames()) n++;
    expect(n).toBe(1);

    const again = cli(args, { HANG: '' });
    expect(again.code, again.stderr).toBe(0);
    expect(calls()).toHaveLength(3); // only p0001 ran again
    expect(again.stdout).toMatch(/2 finished points \(of 2: 0 failed, 0 pending\)/);
  });
});
