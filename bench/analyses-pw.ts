/**
 * paddlewheel's side of the analysis benchmark, in-process: each measurement runs once
 * untimed (JIT warm-up) and then `reps` times (more for runs under 0.5 s in all, up to 25). "analysis" timings start from frames already
 * in memory (ion selection, init, push of every frame, finalize); "with reading" timings add
 * openTrajectory and the streaming read of the same data from disk.
 */
import { DiagnosticLog } from '../src/core/diagnostics.js';
import type { Frame } from '../src/core/frame.js';
import { selectIons, type IonSelectionOptions } from '../src/chem/select.js';
import { openTrajectory } from '../src/io/open.js';
import type { Analysis, AnalysisContext } from '../src/analysis/types.js';
import { diffusionFromTrajectory, msdAnalysis, type MsdParams, type MsdResult } from '../src/analysis/msd/index.js';
import { MsdSums } from '../src/analysis/msd/fft-msd.js';
import { parseGroup, rdfAnalysis, type RdfParams, type RdfState } from '../src/analysis/rdf/index.js';
import { sitesAnalysis } from '../src/analysis/sites/analysis.js';
import type { SitesParams } from '../src/analysis/sites/model.js';
import type { SitesResult } from '../src/analysis/sites/result.js';
import { runSerial } from '../src/run/serial.js';
import type { Dataset } from './analyses-inputs.js';

/** Seconds of each timed repetition and their median. */
export interface Timing { times: number[]; median: number }

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Short runs repeat beyond `reps` until this much time is spent (at most MAX_REPS), for a stabler median. */
const MIN_TOTAL_S = 0.5;
const MAX_REPS = 25;

async function time<T>(reps: number, fn: () => T | Promise<T>): Promise<{ out: T; timing: Timing }> {
  let out = await fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < reps || (total < MIN_TOTAL_S && times.length < MAX_REPS)) {
    const t0 = performance.now();
    out = await fn();
    const s = (performance.now() - t0) / 1000;
    times.push(s);
    total += s;
  }
  return { out, timing: { times, median: median(times) } };
}

/** One analysis over in-memory frames, as runSerial does it (selection from the first frame). */
export function runInMemory<P, S, R>(ds: Dataset, analysis: Analysis<P, S, R>, params: P, sel: IonSelectionOptions): { state: S; result: R } {
  const frames = ds.frames;
  const ions = selectIons(ds.topology, frames[0]!, sel);
  const ctx: AnalysisContext = { topology: ds.topology, ions, reference: frames[0]!, frameSpacing: ds.dt, diagnostics: new DiagnosticLog() };
  const state = analysis.init(params, ctx);
  for (const f of frames) analysis.push(state, f);
  return { state, result: analysis.finalize(state, ctx) };
}

/**
 * The MSD core alone: FFT MSD sums (fft-msd.ts) over the 3 components of every tracked atom,
 * straight from the frame-major unwrapped positions — the same quantity EinsteinMSD returns.
 */
export function msdCore(ds: Dataset, symbol: string): Float64Array {
  const T = ds.frames.length, n = ds.topology.symbols.length;
  const atoms = ds.topology.symbols.flatMap((s, i) => (s === symbol ? [i] : []));
  const curve = new Float64Array(T);
  for (let k = 0; k < 3; k++) {
    const sums = new MsdSums(T);
    for (const a of atoms) sums.add(ds.positions, 3 * a + k, 3 * n);
    const m = sums.msd();
    for (let t = 0; t < T; t++) curve[t] = curve[t]! + m[t]!;
  }
  return curve;
}

export interface PwMsd { core: Timing; analysis: Timing; withRead: Timing; curves: { core: Float64Array; analysis: number[]; withRead: number[] }; D: number }

/**
 * MSD of `symbol` (drift none, every lag) three ways. `collective` is passed through
 * (the random walk is not charge-neutral, so it uses `cations`).
 */
export async function pwMsd(ds: Dataset, symbol: string, reps: number, collective?: MsdParams['collective']): Promise<PwMsd> {
  const maxLag = (ds.frames.length - 1) * ds.dt;
  const params: MsdParams = { drift: { kind: 'none' }, maxLag, ...(collective ? { collective } : {}) };
  const core = await time(reps, () => msdCore(ds, symbol));
  const analysis = await time(reps, () => runInMemory(ds, msdAnalysis, params, { cation: symbol }).result);
  const withRead = await time(reps, async (): Promise<MsdResult> => {
    const traj = await openTrajectory(ds.files, { dt: ds.openDt, diagnostics: new DiagnosticLog() });
    return diffusionFromTrajectory(traj, { cation: symbol, ...params });
  });
  return {
    core: core.timing, analysis: analysis.timing, withRead: withRead.timing,
    curves: { core: core.out, analysis: analysis.out.msd, withRead: withRead.out.msd },
    D: analysis.out.D.value,
  };
}

export interface PwRdf { analysis: Timing; withRead: Timing; counts: Float64Array; g: number[]; gRead: number[] }

/** g(r) of the pair A:B (elements) with nbins bins to rmax. */
export async function pwRdf(ds: Dataset, a: string, b: string, rmax: number, nbins: number, reps: number): Promise<PwRdf> {
  const params: RdfParams = { a: parseGroup(a), b: parseGroup(b), binning: { rmax, nbins } };
  const analysis = await time(reps, () => runInMemory(ds, rdfAnalysis, params, {}));
  const withRead = await time(reps, async () => {
    const traj = await openTrajectory(ds.files, { dt: ds.openDt, diagnostics: new DiagnosticLog() });
    return (await runSerial(traj, rdfAnalysis, params, {})).result;
  });
  return { analysis: analysis.timing, withRead: withRead.timing, counts: (analysis.out.state as RdfState).counts, g: analysis.out.result.g, gRead: withRead.out.g };
}

export interface PwSites { init: Timing; push: Timing; finalize: Timing; analysis: Timing; withRead: Timing; frames: number; result: SitesResult }

/** `paddlewheel sites` as in test/e2e/sites.test.ts: --cation Li --framework-atoms S,Cl (defaults otherwise). */
export async function pwSites(ds: Dataset, reps: number): Promise<PwSites> {
  const params: SitesParams = { frameworkAtoms: ['S', 'Cl'], sigma2: 0.1, siteRadius: 4, blocks: 10 };
  const sel = { cation: 'Li' };
  // Stages separately: init (selection, framework, g(r) site cutoff, site topology), pushes, finalize.
  const stage = { init: [] as number[], push: [] as number[], finalize: [] as number[] };
  const analysis = await time(reps, () => {
    const t0 = performance.now();
    const frames = ds.frames;
    const ions = selectIons(ds.topology, frames[0]!, sel);
    const ctx: AnalysisContext = { topology: ds.topology, ions, reference: frames[0]!, frameSpacing: ds.dt, diagnostics: new DiagnosticLog() };
    const state = sitesAnalysis.init(params, ctx);
    const t1 = performance.now();
    for (const f of frames) sitesAnalysis.push(state, f);
    const t2 = performance.now();
    const result = sitesAnalysis.finalize(state, ctx);
    const t3 = performance.now();
    stage.init.push((t1 - t0) / 1000); stage.push.push((t2 - t1) / 1000); stage.finalize.push((t3 - t2) / 1000);
    return result;
  });
  const withRead = await time(reps, async () => {
    const traj = await openTrajectory(ds.files, { dt: ds.openDt, diagnostics: new DiagnosticLog() });
    return (await runSerial(traj, sitesAnalysis, params, sel)).result;
  });
  // Drop the warm-up run's stages (the first entry), keep the timed ones.
  const t = (xs: number[]): Timing => ({ times: xs.slice(1), median: median(xs.slice(1)) });
  return { init: t(stage.init), push: t(stage.push), finalize: t(stage.finalize), analysis: analysis.timing, withRead: withRead.timing, frames: ds.frames.length, result: analysis.out };
}
