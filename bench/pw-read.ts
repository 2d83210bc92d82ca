/**
 * Child process of the parsing benchmark: read one trajectory with paddlewheel in this
 * process and print one JSON line on stdout.
 *
 *   node [--expose-gc] --import tsx bench/pw-read.ts FILE FORMAT REPS [--warmup] [--live]
 *
 * Timed: `openTrajectory` (format check and header) plus streaming every frame and summing
 * all its positions (so nothing can be skipped). Not timed: Node start-up and loading
 * paddlewheel's modules (reported as `importSeconds`). `--warmup` reads the file once,
 * untimed except as `warmupSeconds`, before the timed repetitions, so they measure the
 * JIT-compiled parser. `--live` (needs --expose-gc) collects garbage every 25 frames and
 * reports the largest live heap seen (`peakLiveBytes`): what the reader really holds, as
 * opposed to peak RSS, which also counts garbage V8 has not yet collected.
 */
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const [file, format, repsText] = args;
if (!file || !format) {
  process.stderr.write('usage: node --import tsx bench/pw-read.ts FILE FORMAT REPS [--warmup] [--live]\n');
  process.exit(2);
}
const reps = Math.max(1, Number(repsText ?? 1));
const gc = (globalThis as { gc?: () => void }).gc;
const live = args.includes('--live') && gc !== undefined;

const t0 = performance.now();
const { openTrajectory } = await import('../src/io/open.js');
const importSeconds = (performance.now() - t0) / 1000;

let peakLiveBytes = 0;
function sampleLive(): void {
  gc!();
  const m = process.memoryUsage();
  peakLiveBytes = Math.max(peakLiveBytes, m.heapUsed + m.external);
}

/** One full read: seconds, frames, atoms and the sum of all positions. */
async function readOnce(): Promise<{ seconds: number; frames: number; atoms: number; checksum: number }> {
  const t = performance.now();
  const traj = await openTrajectory([file!], { format });
  let frames = 0;
  let sum = 0;
  for await (const f of traj.frames()) {
    const p = f.positions;
    for (let i = 0; i < p.length; i++) sum += p[i]!;
    if (live && ++frames % 25 === 0) sampleLive();
    else if (!live) frames++;
  }
  return { seconds: (performance.now() - t) / 1000, frames, atoms: traj.topology.symbols.length, checksum: sum };
}

const warmupSeconds = args.includes('--warmup') ? (await readOnce()).seconds : undefined;
const seconds: number[] = [];
let last = { frames: 0, atoms: 0, checksum: 0 };
for (let r = 0; r < reps; r++) {
  const { seconds: s, ...rest } = await readOnce();
  seconds.push(s);
  last = rest;
}

// maxRSS is in KiB (Node ≥ 20): the fallback when /usr/bin/time is missing.
const result = { seconds, warmupSeconds, importSeconds, ...last, maxRssKiB: process.resourceUsage().maxRSS, peakLiveBytes: live ? peakLiveBytes : undefined };
process.stdout.write(`${JSON.stringify(result)}\n`);
