/**
 * Child process of the scale benchmark: where `analyze`'s time and memory go, per analysis.
 *
 *   node --expose-gc --import tsx bench/scale-profile.ts FILE [--only id,id] [--frames start:stop:step] [--no-read]
 *
 * Runs what `paddlewheel analyze FILE --cation Li [--frames …]` runs (`analyzeTrajectory` over the
 * registry, both passes, each entry's output object built in memory, nothing written), with
 * every analysis wrapped so that its init, push, finalize and output are timed separately.
 * Before that (unless --no-read) one read-only pass over the same file (openTrajectory +
 * every frame) gives the reading cost, which also warms up the reader. At the first finalize
 * of each pass the states are still whole: each one's retained size is estimated by walking
 * it (typed-array buffers counted once, arrays as 8 bytes per slot, strings 2 bytes per
 * character) and the live heap is taken after a forced GC. Prints one JSON line.
 */
import { DiagnosticLog } from '../src/core/diagnostics.js';
import { openTrajectory } from '../src/io/open.js';
import { REGISTRY, type AnalyzeOptions, type RegistryEntry } from '../src/analysis/registry.js';
import type { Analysis } from '../src/analysis/types.js';
import { analyzeTrajectory } from '../src/run/analyze.js';

const args = process.argv.slice(2);
const file = args[0];
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]!.split(',')) : undefined;
const framesAt = args.indexOf('--frames');
const frames = framesAt >= 0 ? args[framesAt + 1] : undefined;
if (!file || file.startsWith('--')) {
  process.stderr.write('usage: node --expose-gc --import tsx bench/scale-profile.ts FILE [--only id,id] [--frames start:stop:step] [--no-read]\n');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
const mib = (b: number) => b / 2 ** 20;

/** Seconds and bytes per analysis. */
interface Cost { init: number; push: number; finalize: number; output: number; pushes: number; stateBytes?: number; pass?: string }
const costs = new Map<string, Cost>();
const cost = (id: string): Cost => {
  let c = costs.get(id);
  if (!c) costs.set(id, (c = { init: 0, push: 0, finalize: 0, output: 0, pushes: 0 }));
  return c;
};
const states = new Map<string, unknown>();
const heapAtFinalize: Record<string, { liveMiB: number; rssMiB: number }> = {};
let pass = 'main';

/** Wrap an analysis so that its calls are timed and its state can be sized. */
function timed<P, S, R>(id: string, a: Analysis<P, S, R>): Analysis<P, S, R> {
  const c = cost(id);
  return {
    id: a.id,
    init(params, ctx) {
      c.pass = pass;
      const t = performance.now();
      const s = a.init(params, ctx);
      c.init += (performance.now() - t) / 1000;
      states.set(id, s);
      return s;
    },
    push(s, f) {
      const t = performance.now();
      a.push(s, f);
      c.push += (performance.now() - t) / 1000;
      c.pushes++;
    },
    merge: (x, y) => a.merge(x, y),
    finalize(s, ctx) {
      if (!heapAtFinalize[pass]) sizeStates();
      const t = performance.now();
      const r = a.finalize(s, ctx);
      c.finalize += (performance.now() - t) / 1000;
      return r;
    },
  };
}

/** Estimate every live state (once per pass, before the first finalize frees anything). */
function sizeStates(): void {
  for (const [id, s] of states) cost(id).stateBytes = retainedBytes(s);
  states.clear();
  gc?.();
  const m = process.memoryUsage();
  // external already includes the ArrayBuffers (typed-array storage).
  heapAtFinalize[pass] = { liveMiB: mib(m.heapUsed + m.external), rssMiB: mib(m.rss) };
}

/** Rough retained size of an object graph (bytes). */
export function retainedBytes(root: unknown): number {
  const seen = new Set<unknown>();
  const buffers = new Set<ArrayBufferLike>();
  let bytes = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const x = stack.pop();
    if (x === null || x === undefined) continue;
    if (typeof x === 'string') { bytes += 2 * x.length; continue; }
    if (typeof x !== 'object' && typeof x !== 'function') { bytes += 8; continue; }
    if (seen.has(x)) continue;
    seen.add(x);
    if (ArrayBuffer.isView(x)) {
      if (!buffers.has(x.buffer)) { buffers.add(x.buffer); bytes += x.buffer.byteLength; }
      continue;
    }
    if (x instanceof ArrayBuffer) { if (!buffers.has(x)) { buffers.add(x); bytes += x.byteLength; } continue; }
    if (typeof x === 'function') continue;
    if (x instanceof Map) { bytes += 16 * x.size; for (const [k, v] of x) stack.push(k, v); continue; }
    if (x instanceof Set) { bytes += 8 * x.size; for (const v of x) stack.push(v); continue; }
    if (Array.isArray(x)) { bytes += 8 * x.length; for (const v of x) if (typeof v === 'object') stack.push(v); continue; }
    const keys = Object.keys(x as object);
    bytes += 16 + 8 * keys.length;
    for (const k of keys) stack.push((x as Record<string, unknown>)[k]);
  }
  return bytes;
}

async function main(): Promise<void> {
  let read: { seconds: number; frames: number } | undefined;
  if (!args.includes('--no-read')) {
    const t = performance.now();
    const traj = await openTrajectory([file!], { frames, diagnostics: new DiagnosticLog() });
    let n = 0;
    for await (const _ of traj.frames()) n++;
    read = { seconds: (performance.now() - t) / 1000, frames: n };
  }
  const entries: RegistryEntry[] = REGISTRY.filter((e) => !only || only.has(e.id)).map((e) => ({
    ...e,
    job: (o, ctx, shell) => {
      const j = e.job(o, ctx, shell);
      return { ...j, analysis: timed(e.id, j.analysis) };
    },
    output: (o, done, shell) => {
      const t = performance.now();
      const out = e.output(o, done, shell);
      cost(e.id).output += (performance.now() - t) / 1000;
      return out;
    },
  }));
  const options: AnalyzeOptions = { files: [file!], cation: 'Li', cationFlag: 'Li', anion: 'auto', frames, out: 'bench/out/scale/profile-unused' };
  const traj = await openTrajectory([file!], { frames, diagnostics: new DiagnosticLog() });
  const t0 = performance.now();
  const r = await analyzeTrajectory(traj, { entries, options, selection: { cation: 'Li', anion: 'auto' }, onPass: (p) => { pass = p; } });
  const seconds = (performance.now() - t0) / 1000;
  const analyses = Object.fromEntries([...costs].map(([id, c]) => [id, { ...c, total: c.init + c.push + c.finalize + c.output }]));
  const skipped = Object.fromEntries(r.outcomes.filter((x) => !x.ok).map((x) => [x.id, (x as { reason: string }).reason]));
  process.stdout.write(`${JSON.stringify({ file, read, seconds, frames: r.frames, passes: r.passes, analyses, skipped, heapAtFinalize, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`scale-profile failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
