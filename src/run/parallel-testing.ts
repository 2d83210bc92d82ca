/**
 * Test helpers of the chunked driver: every registry analysis as jobs of one pass, a
 * deterministic pseudo-random sequence, and a deep numeric comparison of results.
 */
import { DiagnosticLog } from '../core/diagnostics.js';
import { openTrajectory, type OpenOptions } from '../io/open.js';
import { REGISTRY, type AnalyzeOptions, type ShellScan } from '../analysis/registry.js';
import { closestApproachAnalysis } from '../analysis/angles/closest.js';
import type { AnalysisContext } from '../analysis/types.js';
import type { MultiJob } from './jobs.js';
import { runMulti } from './multi.js';

/** Relative tolerance of chunked against one-pass results (ARCHITECTURE "Analysis contract"). */
export const REL = 1e-10;
/**
 * Absolute floor for a number that sits in a numeric array: REL × the largest |value| of that
 * array in the reference (a g(r) bin near zero, an ACF crossing zero, a drift that cancels
 * are rounding-level on the array's own scale, not relative to themselves).
 */
export const ARRAY_FLOOR = REL;
/** Absolute floor for a scalar (any unit): 1e-14, far below any reported quantity (D ≈ 1e-6 cm²/s). */
export const SCALAR_FLOOR = 1e-14;

/**
 * Differences between two results: numbers within REL relative (with the floors above),
 * typed arrays as arrays, everything else exactly; `null`/NaN must match. Returns the paths.
 */
export function numericDifferences(a: unknown, b: unknown, path = '$', out: string[] = [], floor = SCALAR_FLOOR): string[] {
  if (out.length > 20) return out;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) {
      if (!Object.is(a, b) && !(Number.isNaN(a) && Number.isNaN(b))) out.push(`${path}: ${a} ≠ ${b}`);
    } else if (!(Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)) + floor)) {
      out.push(`${path}: ${a} ≠ ${b} (rel ${(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))).toExponential(2)})`);
    }
    return out;
  }
  const arr = (x: unknown): unknown[] | undefined => (Array.isArray(x) ? x : ArrayBuffer.isView(x) && !(x instanceof DataView) ? Array.from(x as unknown as ArrayLike<number>) : undefined);
  const xa = arr(a), xb = arr(b);
  if (xa && xb) {
    if (xa.length !== xb.length) { out.push(`${path}: length ${xa.length} ≠ ${xb.length}`); return out; }
    let scale = 0;
    for (const v of xa) if (typeof v === 'number' && Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    const f = Math.max(SCALAR_FLOOR, ARRAY_FLOOR * scale);
    xa.forEach((v, i) => numericDifferences(v, xb[i], `${path}[${i}]`, out, f));
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !xa && !xb) {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.push(`${path}: keys ${ka.join(',')} ≠ ${kb.join(',')}`);
    for (const k of ka) if (k in b) numericDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out, SCALAR_FLOOR);
    return out;
  }
  if (a !== b) out.push(`${path}: ${JSON.stringify(a)?.slice(0, 80)} ≠ ${JSON.stringify(b)?.slice(0, 80)}`);
  return out;
}

/** JSON with typed arrays as arrays and −0/NaN/±Infinity spelled out: equal strings ⇔ bit-identical numbers. */
export function exactJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, spell);
    return typeof v === 'number' ? spell(v) : v;
  });
}

function spell(v: number): number | string {
  if (Object.is(v, -0)) return '-0';
  return Number.isFinite(v) ? v : String(v);
}

/** mulberry32: a small seeded generator in [0, 1), so "random" chunk sizes are the same every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A trajectory and the analyze options every registry entry sees for it. */
export interface Fixture {
  files: string[];
  open: OpenOptions;
  selection: { cation?: string; anion?: string };
}

/**
 * Every registry entry as one job of one pass (shell entries with r₁ and r_min given, as
 * `analyze` would pass the main pass's), plus analyze's internal closest-approach job.
 * Entries whose `check` says they do not apply are left out.
 */
export function everyEntry(fx: Fixture, shell: { r1: number; closest: number }): (ctx: AnalysisContext) => MultiJob[] {
  const o: AnalyzeOptions = { files: fx.files, cation: fx.selection.cation, cationFlag: fx.selection.cation, anion: fx.selection.anion ?? 'auto', out: 'out' };
  const scan: ShellScan = { r1: shell.r1, r1Source: 'test', r1Method: 'test', closest: shell.closest, diagnostics: new DiagnosticLog() };
  return (ctx) => [
    ...REGISTRY.filter((e) => !e.check?.(ctx, o)).map((e) => ({ id: e.id, ...e.job(o, ctx, scan) })),
    { id: '#closest', analysis: closestApproachAnalysis, params: { cutoff: 10 } },
  ];
}

/** Outcomes of one pass over the fixture as plain data: id → result (or the refusal), with each job's diagnostics. */
export async function passOutcomes(fx: Fixture, makeJobs: (ctx: AnalysisContext) => MultiJob[], parallel: { workers?: number; chunkFrames?: number } = {}, frames?: string): Promise<Record<string, unknown>> {
  const traj = await openTrajectory(fx.files, { ...fx.open, frames });
  const r = await runMulti(traj, makeJobs, { ...fx.selection, ...parallel });
  const out: Record<string, unknown> = { frames: r.frames };
  for (const x of r.outcomes) out[x.id] = x.ok ? { result: x.result, diagnostics: x.diagnostics.toArray() } : { refused: x.reason, code: x.code, diagnostics: x.diagnostics.toArray() };
  return out;
}
