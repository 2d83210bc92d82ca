/**
 * Child processes for the benchmark: run one, time it, and read its peak resident set size.
 * Peak RSS comes from GNU `/usr/bin/time -v` when it exists (the kernel's ru_maxrss of the
 * child, start-up included); otherwise the caller falls back on what the child reports
 * about itself (`process.resourceUsage().maxRSS`, Python's `getrusage`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** GNU time, when installed. */
export const GNU_TIME = '/usr/bin/time';
const haveGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true']).status === 0;

/** Whether peak RSS is measured by `/usr/bin/time -v` (else by the child itself). */
export function rssSource(): 'usr-bin-time' | 'child' {
  return haveGnuTime ? 'usr-bin-time' : 'child';
}

/** What a finished child did. */
export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole child, start-up included (s). */
  wallSeconds: number;
  /** Peak RSS of the child (KiB) from /usr/bin/time -v, when available. */
  peakRssKiB?: number;
}

/** Run `cmd args` to completion (cwd = repository root), wrapped in `/usr/bin/time -v` when available. */
export function runChild(cmd: string, args: string[], cwd: string): ChildResult {
  const report = join(tmpdir(), `pw-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const [exe, argv] = haveGnuTime ? [GNU_TIME, ['-v', '-o', report, cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(exe, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const wallSeconds = (performance.now() - t) / 1000;
  let peakRssKiB: number | undefined;
  if (haveGnuTime && existsSync(report)) {
    const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(readFileSync(report, 'utf8'));
    if (m) peakRssKiB = Number(m[1]);
    rmSync(report, { force: true });
  }
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? ''), wallSeconds, peakRssKiB };
}

/** Run a child that prints one JSON object as its last stdout line; throws with its stderr on failure. */
export function runJsonChild<T>(cmd: string, args: string[], cwd: string): { json: T; child: ChildResult } {
  const child = runChild(cmd, args, cwd);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${child.status}):\n${child.stderr.trim().split('\n').slice(-15).join('\n')}`);
  }
  return { json: JSON.parse(last) as T, child };
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
