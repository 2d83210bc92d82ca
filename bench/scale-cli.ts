/**
 * The scale benchmark's child processes: `paddlewheel info` and `paddlewheel analyze` as a
 * user runs them (`node bin/paddlewheel.js …`, wall time from spawn to exit), the pass
 * timings that analyze prints, and the peak RSS of each (GNU `/usr/bin/time -v` when
 * installed, else bench/scale-rss.ts reporting the process's own maxRSS).
 *
 * A memory cap guards the machine: the child's resident set is read from /proc every
 * 250 ms and the child is killed (SIGKILL) once it passes the cap, which is then reported as
 * "above the cap" instead of a peak. The 10⁵-atom analyze would otherwise be free to take
 * everything, and other work (a DFT run) shares the machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GNU_TIME, median, rssSource } from './proc.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'paddlewheel.js');

/** One child run. */
export interface CliRun {
  seconds: number;
  peakRssMiB?: number;
  /** Set when the child passed the memory cap and was killed (MiB at that moment). */
  killedAtMiB?: number;
  /** analyze only: what it printed about its passes, and its own `time:` line. */
  passes?: { pass: string; frames: number; seconds: number; analyses: string }[];
  reportedSeconds?: number;
  stdout: string;
}

/** Repeated CLI runs and their median wall time. */
export interface CliTiming { args: string[]; runs: Omit<CliRun, 'stdout'>[]; median: number; medianPeakRssMiB?: number }

/** Whether `analyze` has the flag (another engineer's work may or may not have landed). */
export function analyzeHasFlag(flag: string): boolean {
  const r = spawnSync(process.execPath, [BIN, 'analyze', '--help'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 && new RegExp(`(^|\\s)${flag}[\\s,=<]`, 'm').test(r.stdout);
}

/** Resident set (KiB) of a process and of its descendants that are Node (the /usr/bin/time child). */
function rssKiB(pid: number): number {
  try {
    const own = Number(/VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return own + kids.reduce((s, k) => s + rssKiB(k), 0);
  } catch {
    return 0;
  }
}

/**
 * Run `node ARGS` (cwd = repository root) to completion, under `/usr/bin/time -v` when
 * available, killing it when its RSS passes `capMiB`. Rejects when it fails otherwise.
 * `selfReporting`: the child prints its own maxRSS (no wrapper needed without GNU time).
 */
export function runNode(args: string[], capMiB = Infinity, selfReporting = false): Promise<CliRun> {
  const report = join(tmpdir(), `pw-scale-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const gnu = rssSource() === 'usr-bin-time';
  // Without GNU time a plain script (the CLI) runs inside bench/scale-rss.ts, which writes its maxRSS.
  const [exe, argv] = gnu ? [GNU_TIME, ['-v', '-o', report, process.execPath, ...args]]
    : [process.execPath, selfReporting ? args : ['--import', 'tsx', join(ROOT, 'bench', 'scale-rss.ts'), ...args]];
  const t0 = performance.now();
  const child = spawn(exe, argv, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', PW_BENCH_RSS: report }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '', killedAtMiB: number | undefined;
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20000); });
  const watch = setInterval(() => {
    const mib = rssKiB(child.pid!) / 1024;
    if (mib > capMiB && killedAtMiB === undefined) {
      killedAtMiB = mib;
      // The whole group of this one child: /usr/bin/time and node under it.
      for (const pid of [Number(readChildren(child.pid!)[0]), child.pid!]) if (pid) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }, 250);
  return new Promise((resolve, reject) => {
    child.on('close', (status) => {
      clearInterval(watch);
      const seconds = (performance.now() - t0) / 1000;
      let peakKiB: number | undefined;
      if (existsSync(report)) {
        const text = readFileSync(report, 'utf8');
        peakKiB = gnu ? Number(/Maximum resident set size \(kbytes\):\s*(\d+)/.exec(text)?.[1]) : Number(text);
        rmSync(report, { force: true });
      }
      if (killedAtMiB !== undefined) return resolve({ seconds, killedAtMiB, stdout });
      if (status !== 0) return reject(new Error(`node ${args.join(' ')} exited ${status}:\n${stderr.trim().split('\n').slice(-12).join('\n')}`));
      const passes = [...stdout.matchAll(/^(?:run \S+: )?(\w+) pass over (\d+) frames \(([\d.]+) s\): (.*)$/gm)]
        .map((m) => ({ pass: m[1]!, frames: Number(m[2]), seconds: Number(m[3]), analyses: m[4]! }));
      const t = /^time: ([\d.]+) s$/m.exec(stdout);
      resolve({ seconds, peakRssMiB: peakKiB === undefined || !Number.isFinite(peakKiB) ? undefined : peakKiB / 1024, passes: passes.length ? passes : undefined, reportedSeconds: t ? Number(t[1]) : undefined, stdout });
    });
  });
}

function readChildren(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

/** `paddlewheel ARGS` once. */
export const runCli = (args: string[], capMiB?: number): Promise<CliRun> => runNode([BIN, ...args], capMiB);

/** Timing summary of runs of one command. */
export function timingOf(args: string[], runs: CliRun[]): CliTiming {
  const rss = runs.map((r) => r.peakRssMiB).filter((x): x is number => x !== undefined);
  return { args, runs: runs.map(({ stdout: _, ...r }) => r), median: median(runs.map((r) => r.seconds)), medianPeakRssMiB: rss.length ? median(rss) : undefined };
}

/** Median of one pass's seconds over the runs (undefined when analyze printed none). */
export function passMedian(t: CliTiming, pass: string): number | undefined {
  const xs = t.runs.flatMap((r) => r.passes?.filter((p) => p.pass === pass).map((p) => p.seconds) ?? []);
  return xs.length ? median(xs) : undefined;
}

/** Run the profiling child (bench/scale-profile.ts) on FILE; its JSON with wall time and peak RSS, or the cap it passed. */
export async function runProfile<T>(file: string, extra: string[] = [], capMiB?: number): Promise<(T & { wallSeconds: number; peakRssMiB?: number }) | { killedAtMiB: number; wallSeconds: number }> {
  const r = await runNode(['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'scale-profile.ts'), file, ...extra], capMiB, true);
  if (r.killedAtMiB !== undefined) return { killedAtMiB: r.killedAtMiB, wallSeconds: r.seconds };
  const json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as T & { maxRssKiB: number };
  return { ...json, wallSeconds: r.seconds, peakRssMiB: r.peakRssMiB ?? json.maxRssKiB / 1024 };
}
