import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { copyFileAtomic, refuseInputs, tempPathFor, writeFileAtomic } from './atomic-write.js';
import { installSignalHandlers, interruptCleanup, interruptMessage, liveTemps, onInterrupt, releaseTemp, resetCleanupState, setInterruptNote, trackChild, trackTemp, writtenOutputs } from './cleanup.js';
import { UsageError } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-cleanup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => resetCleanupState());

// Linux /proc: a zombie (exited, not reaped) is not running.
const running = (pid: number): boolean => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !'ZX'.includes(s.slice(s.lastIndexOf(')') + 2).charAt(0));
  } catch {
    return false;
  }
};

describe('interruption cleanup', () => {
  it('removes the live temporaries, keeps the renamed outputs and names them, stops progress displays', async () => {
    const done = join(dir, 'done.json');
    await writeFileAtomic(done, '{}\n');
    expect(liveTemps()).toEqual([]);
    const tmp = tempPathFor(join(dir, 'results.json'));
    writeFileSync(tmp, 'partial');
    trackTemp(tmp);
    const never = tempPathFor(join(dir, 'other.svg')); // registered, not created yet
    trackTemp(never);
    let stopped = 0;
    onInterrupt(() => stopped++);
    const forgotten = onInterrupt(() => stopped += 100);
    forgotten();
    const r = interruptCleanup('SIGINT', 0);
    expect(r.exitCode).toBe(130);
    expect(r.removed).toEqual([tmp]);
    expect(existsSync(tmp)).toBe(false);
    expect(readFileSync(done, 'utf8')).toBe('{}\n');
    expect(r.written).toEqual([done]);
    expect(stopped).toBe(1);
    expect(r.message).toBe(`paddlewheel: interrupted (SIGINT); complete outputs already written: ${done}; nothing else was written`);
    expect(liveTemps()).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('says that nothing was written, adds the note, and caps the list of outputs', () => {
    expect(interruptCleanup('SIGTERM', 0)).toMatchObject({ exitCode: 143, message: 'paddlewheel: interrupted (SIGTERM); no output was written' });
    setInterruptNote('the finished points in w are kept');
    expect(interruptCleanup('SIGINT', 0).message).toBe('paddlewheel: interrupted (SIGINT); no output was written; the finished points in w are kept');
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(interruptMessage('SIGINT', names)).toBe('paddlewheel: interrupted (SIGINT); complete outputs already written: a, b, c, d, e and 2 more; nothing else was written');
    // A file written twice is named once.
    for (const n of ['x', 'x', 'y']) releaseTemp(`t-${n}`, n);
    expect(writtenOutputs()).toEqual(['x', 'y']);
  });

  it('the installed handler runs on a (simulated) SIGINT: temporaries gone, one line, exit 130', () => {
    const tmp = join(dir, '.live.tmp');
    writeFileSync(tmp, 'x');
    trackTemp(tmp);
    const lines: string[] = [];
    const codes: number[] = [];
    const listeners = process.listenerCount('SIGINT');
    const uninstall = installSignalHandlers({ exit: (c) => codes.push(c), write: (l) => lines.push(l), waitMs: 0 });
    try {
      process.emit('SIGINT', 'SIGINT');
    } finally {
      uninstall();
    }
    expect(codes).toEqual([130]);
    expect(lines).toEqual(['paddlewheel: interrupted (SIGINT); no output was written\n']);
    expect(existsSync(tmp)).toBe(false);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it.skipIf(!existsSync('/proc/self/stat'))('terminates registered engine processes and waits for them; one started afterwards is terminated at once', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((res) => child.once('spawn', res));
    trackChild(child);
    expect(running(child.pid!)).toBe(true);
    const r = interruptCleanup('SIGTERM', 5000);
    expect(r.terminated).toEqual([child.pid]);
    expect(running(child.pid!)).toBe(false);
    const late = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((res) => late.once('spawn', res));
    const exited = new Promise((res) => late.once('exit', (_c, s) => res(s)));
    trackChild(late);
    expect(await exited).toBe('SIGTERM');
  });
});

describe('atomic writes and the input guard', () => {
  it('writes through a temporary that is registered while it exists, and renamed', async () => {
    const p = join(dir, 'w.txt');
    const pending = writeFileAtomic(p, 'hello');
    expect(liveTemps()).toHaveLength(1);
    expect(liveTemps()[0]).toMatch(/\/\.w\.txt\.\d+\.\d+\.tmp$/);
    await pending;
    expect(liveTemps()).toEqual([]);
    expect(readFileSync(p, 'utf8')).toBe('hello');
    expect(writtenOutputs()).toEqual([p]);
  });

  it('refuses an input given by its path, a symbolic link or a hard link, naming the flag, and leaves it untouched', async () => {
    const input = join(dir, 'traj.xyz');
    writeFileSync(input, 'input bytes');
    const mtime = statSync(input).mtimeMs;
    const sym = join(dir, 'sym.xyz'), hard = join(dir, 'hard.xyz');
    symlinkSync(input, sym);
    linkSync(input, hard);
    for (const out of [input, sym, hard, join(dir, '.', 'traj.xyz')]) {
      const e = await writeFileAtomic(out, 'output', [input], '--out').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).message).toMatch(new RegExp(`^--out ${out.replace(/[.]/g, '\\.')}: is an input file`));
    }
    // The other way round: the input given through a link.
    await expect(refuseInputs(input, [sym], '--csv')).rejects.toThrow(/--csv .*is an input file \(the same file as the input/);
    await expect(refuseInputs(join(dir, 'new.xyz'), [input, sym, hard], '--out')).resolves.toBeUndefined();
    expect(readFileSync(input, 'utf8')).toBe('input bytes');
    expect(statSync(input).mtimeMs).toBe(mtime);
  });

  it('copies atomically, and leaves a destination that already is the source alone', async () => {
    const src = join(dir, 'Li.UPF');
    writeFileSync(src, 'pseudo');
    const mtime = statSync(src).mtimeMs;
    expect(await copyFileAtomic(src, join(dir, 'copy.UPF'))).toBe(true);
    expect(readFileSync(join(dir, 'copy.UPF'), 'utf8')).toBe('pseudo');
    const hard = join(dir, 'hard.UPF');
    linkSync(src, hard);
    expect(await copyFileAtomic(src, src)).toBe(false);
    expect(await copyFileAtomic(src, hard)).toBe(false);
    expect(statSync(src).mtimeMs).toBe(mtime);
    expect(statSync(src).nlink).toBe(2);
  });
});
