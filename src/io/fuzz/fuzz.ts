import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Base } from './bases.js';
import { type CaseLimits, ContractViolation, DEFAULT_LIMITS, type Outcome, cleanup, materialise } from './harness.js';
import { CaseRunner } from './isolate.js';
import { type GzipStep, type Mutation, binaryMutationArb, gzipArb, mutationArb } from './mutate.js';

/** One generated case: which base, which of its files, what is done to it. */
export interface FuzzCase {
  base: number;
  file: number;
  mutations: Mutation[];
  gzip: GzipStep;
}

/** Settings of a fuzz run; every field has an environment default (see {@link fuzzSettings}). */
export interface FuzzSettings {
  /** Cases per reader. */
  runs: number;
  seed: number;
  /** fast-check replay path of a failure (with its seed), to rerun just that case. */
  path?: string;
  limits: CaseLimits;
}

/**
 * Settings from the environment: `PADDLEWHEEL_FUZZ_RUNS` (cases per reader; default
 * `ciRuns`), `PADDLEWHEEL_FUZZ_SEED` (default a fixed seed, so `npm test` is reproducible),
 * `PADDLEWHEEL_FUZZ_PATH` (replay one failure: give the seed and path fast-check printed).
 */
export function fuzzSettings(ciRuns: number): FuzzSettings {
  const env = process.env;
  const runs = env.PADDLEWHEEL_FUZZ_RUNS ? Number(env.PADDLEWHEEL_FUZZ_RUNS) : ciRuns;
  const seed = env.PADDLEWHEEL_FUZZ_SEED ? Number(env.PADDLEWHEEL_FUZZ_SEED) : 20_240_611;
  return { runs: Math.max(1, Math.floor(runs)), seed, path: env.PADDLEWHEEL_FUZZ_PATH || undefined, limits: DEFAULT_LIMITS };
}

/** Counts of a run, by outcome, plus timing. */
export interface FuzzReport {
  format: string;
  cases: number;
  outcomes: Record<string, number>;
  seconds: number;
  /** Slowest case (ms). */
  slowestMs: number;
  /** File descriptors open after the run minus before (h5wasm leaks one per HDF5 error; see h5md test). */
  leakedFds: number;
  /** The first few tolerated hangs, as `base: mutations` JSON, to reproduce them. */
  hangs: string[];
}

/** The case arbitrary for a list of bases. */
export function caseArb(bases: Base[]): fc.Arbitrary<FuzzCase> {
  return fc.record({
    base: fc.nat({ max: bases.length - 1 }),
    file: fc.nat({ max: 15 }),
    mutations: fc.array(bases.some((b) => b.binary) ? binaryMutationArb : mutationArb, { minLength: 1, maxLength: 3 }),
    gzip: gzipArb,
  });
}

/**
 * Known failings of a dependency, tolerated and counted instead of failing the run:
 * `fdLeak`, descriptors left open; `hangs`, cases that never return (counted as outcome `hang`).
 */
export interface Tolerated {
  fdLeak?: boolean;
  hangs?: boolean;
}

/**
 * Fuzz the reader `format` with mutated copies of `bases`: `settings.runs` cases under
 * fast-check (seeded; on failure the thrown error gives seed, replay path and the shrunk
 * case). Returns the outcome counts. Each case runs in a fresh folder that is removed after.
 */
export async function fuzzReader(format: string, bases: Base[], settings: FuzzSettings, tolerated: Tolerated = {}): Promise<FuzzReport> {
  const root = await mkdtemp(join(tmpdir(), `pw-fuzz-${format}-`));
  const outcomes: Record<string, number> = {};
  const rss0 = process.memoryUsage.rss();
  const fds0 = openFds();
  let serial = 0;
  let slowest = 0;
  let leaked = 0;
  const hangs: string[] = [];
  const runner = new CaseRunner();
  await runner.start();
  const t0 = performance.now();
  try {
    // Generous limits: the first read also loads the readers (and h5wasm) in the worker.
    const whole = await baseFrames(format, bases, runner, root, DEFAULT_LIMITS);
    const prop = fc.asyncProperty(caseArb(bases), async (c) => {
      const base = bases[c.base]!;
      const target = base.mutable[c.file % base.mutable.length]!;
      const dir = join(root, `c${serial++}`);
      const files = await materialise(dir, base, target, c.mutations, c.gzip);
      const t = performance.now();
      let o: Outcome;
      try {
        const r = await runner.run(format, files, settings.limits);
        o = r.outcome;
        if (cutAtLine(c)) checkPrefix(r.frames, whole[c.base]!);
      } catch (e) {
        if (!(tolerated.hangs && e instanceof ContractViolation && e.message.startsWith('hang'))) throw e;
        o = 'hang';
        if (hangs.length < 5) hangs.push(`${bases[c.base]!.name}: ${JSON.stringify({ mutations: c.mutations, gzip: c.gzip }, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))}`);
      } finally {
        await cleanup(dir);
      }
      slowest = Math.max(slowest, performance.now() - t);
      const grown = process.memoryUsage.rss() - rss0;
      if (grown > settings.limits.rssGrowth) throw new ContractViolation(`RSS grew by ${(grown / 2 ** 20).toFixed(0)} MiB (limit ${(settings.limits.rssGrowth / 2 ** 20).toFixed(0)} MiB)`);
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    });
    await fc.assert(prop, { numRuns: settings.runs, seed: settings.seed, path: settings.path });
  } finally {
    await runner.close();
    await rm(root, { recursive: true, force: true });
  }
  // Every case closes what it opened; a leak of one descriptor per case would show here.
  leaked = openFds() - fds0;
  if (leaked > 64 && !tolerated.fdLeak) throw new ContractViolation(`${leaked} more file descriptors open after ${serial} cases`);
  const cases = Object.values(outcomes).reduce((a, b) => a + b, 0);
  return { format, cases, outcomes, seconds: (performance.now() - t0) / 1000, slowestMs: slowest, leakedFds: leaked, hangs };
}

/** Frame digests of each unmutated base (every one must read whole). */
async function baseFrames(format: string, bases: Base[], runner: CaseRunner, root: string, limits: CaseLimits): Promise<string[][]> {
  const out: string[][] = [];
  for (const [k, b] of bases.entries()) {
    const dir = join(root, `base${k}`);
    const r = await runner.run(format, await materialise(dir, b, '', [], { kind: 'none' }), limits);
    if (r.outcome !== 'parsed') throw new ContractViolation(`base ${b.name} reads as ${r.outcome}, not as a whole valid file`);
    out.push(r.frames);
    await cleanup(dir);
  }
  return out;
}

// Cuts only at line boundaries (no number cut in half), not compressed after: every frame kept
// must be one of the file's whole frames, in order (a cut mid-number may legitimately leave a
// shorter last number that still parses, so that case has no such oracle).
function cutAtLine(c: FuzzCase): boolean {
  return c.mutations.every((m) => m.kind === 'truncate' && m.anchor !== 'any' && m.anchor !== 'midNumber' && m.anchor !== 'nonzero') && (c.gzip.kind === 'none' || c.gzip.kind === 'gzip');
}

function checkPrefix(got: string[], whole: string[]): void {
  const k = got.findIndex((d, i) => d !== whole[i]);
  if (k >= 0 || got.length > whole.length) throw new ContractViolation(`frame ${k >= 0 ? k : whole.length} read from the cut file is not the file's frame ${k >= 0 ? k : whole.length}: a truncated frame was kept`);
}

/** One line per report: `extxyz: 300 cases in 4.1 s (parsed 120, truncated 40, error:E_PARSE 140); slowest 35 ms`. */
export function formatReport(r: FuzzReport): string {
  const parts = Object.entries(r.outcomes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`);
  const fds = r.leakedFds > 8 ? `; ${r.leakedFds} file descriptors left open` : '';
  const hangs = r.hangs.map((h) => `\n  hang: ${h}`).join('');
  return `${r.format}: ${r.cases} cases in ${r.seconds.toFixed(1)} s (${parts.join(', ')}); slowest ${r.slowestMs.toFixed(0)} ms${fds}${hangs}`;
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0; // not Linux: the check is skipped
  }
}
