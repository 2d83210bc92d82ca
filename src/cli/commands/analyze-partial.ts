import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { makeProvenance } from '../../core/provenance.js';
import { openTrajectory, type OpenOptions } from '../../io/open.js';
import { parseFitWindow } from '../../analysis/msd/index.js';
import { REGISTRY } from '../../analysis/registry.js';
import { entriesWithFlags } from '../../run/entry-overrides.js';
import { type Collected, collectedRecords, collectingRunner } from '../../run/partial-passes.js';
import { PARTIAL_FORMAT, PARTIAL_FORMAT_VERSION, type PartialFile, type PartialRange } from '../../run/partial.js';
import { encodeState } from '../../run/state-codec.js';
import { VERSION } from '../../version.js';
import { positiveNumber } from '../options.js';
import { fmt } from '../output.js';
import { makeProgress, type Progress } from '../progress.js';
import type { AnalyzeRequest } from './analyze.js';
import { analyzeRun } from './analyze-runs.js';

/** The analyze flags of the split/merge workflow, as commander gives them. */
export interface SplitFlags {
  out?: string;
  partial?: string;
  r1?: string;
  rMin?: string;
  fit?: string;
  maxLag?: string;
}

/**
 * Parse `--partial`, `--r1`, `--r-min`, `--fit`, `--max-lag` (UsageError naming the flag):
 * `--out` and `--partial` exclude each other and one is needed; a partial run takes one
 * trajectory (no `--run`) and, when msd runs, `--fit` and `--max-lag`, whose defaults are
 * fractions of the duration, which one frame range does not know.
 */
export function splitFlags(flags: SplitFlags, hasRuns: boolean, ids: string[]): Pick<AnalyzeRequest, 'partial' | 'r1' | 'rMin' | 'fit' | 'maxLag'> {
  const r1 = positiveNumber('--r1', flags.r1, 'Å');
  const rMin = positiveNumber('--r-min', flags.rMin, 'Å');
  const fit = parseFitWindow(flags.fit);
  const maxLag = positiveNumber('--max-lag', flags.maxLag, 'ps');
  if (rMin !== undefined && r1 === undefined) throw new UsageError('--r-min: give --r1 too (analyze takes r_min for angles together with a given r₁)');
  if (rMin !== undefined && r1 !== undefined && !(rMin < r1)) throw new UsageError(`--r-min ${rMin}: must be below --r1 ${r1} Å`);
  const partial = flags.partial;
  if (partial !== undefined && flags.out !== undefined) throw new UsageError('give either --out DIR (the results) or --partial FILE (the states of a frame range, for paddlewheel merge), not both');
  if (partial === undefined && flags.out === undefined) throw new UsageError('no output given: --out DIR (or --partial FILE to write the states of a frame range for paddlewheel merge)');
  if (partial !== undefined) {
    if (partial.trim() === '') throw new UsageError('--partial: expected a file name');
    if (hasRuns) throw new UsageError('--partial takes the files of one trajectory, not --run: write the partials of each run separately and merge each run on its own');
    if (ids.includes('msd') && (fit === undefined || maxLag === undefined)) {
      throw new UsageError('--partial: msd needs --fit START:END and --max-lag PS (ps) in partial runs, so that no parameter depends on the length of one frame range (their defaults are fractions of the duration); or --skip msd');
    }
  }
  return { partial, r1, rMin, fit, maxLag };
}

/** The request as a partial file keeps it: everything but the frame range, the output and the worker count. */
export type StoredRequest = Omit<AnalyzeRequest, 'out' | 'partial' | 'frames' | 'parallel' | 'open'> & { open: Omit<OpenOptions, 'frames' | 'diagnostics'> };

/** The part of a request that every partial of one set must share. */
export function storedRequest(req: AnalyzeRequest): StoredRequest {
  const { out: _out, partial: _partial, frames: _frames, parallel: _parallel, open, ...rest } = req;
  const { frames: _f, diagnostics: _d, ...openRest } = open;
  return { ...rest, open: openRest };
}

/** What `analyze --partial` wrote. */
export interface PartialSummary {
  analysis: 'analyze';
  version: string;
  partial: string;
  range: PartialRange;
  /** Analyses whose states were kept (internal jobs start with #). */
  analyses: string[];
  skipped: Record<string, string>;
  seconds: number;
}

/**
 * `analyze --partial FILE`: one streaming pass over the `--frames` range with frame 0 of the
 * trajectory as the reference, the states written to FILE (atomically; never over an input).
 */
export async function runPartial(req: AnalyzeRequest): Promise<PartialSummary> {
  const t0 = performance.now();
  const target = req.partial!;
  const given = [...req.files, ...(req.open.qeInput ? [req.open.qeInput] : [])];
  await refuseInputs(target, given, '--partial');
  if ((await stat(target).catch(() => undefined))?.isDirectory()) throw new UsageError(`--partial ${target}: is a folder; give a file name (e.g. ${join(target, 'part-0.json')})`);
  const traj = await openTrajectory(req.files, { ...req.open, diagnostics: new DiagnosticLog() });
  await refuseInputs(target, traj.paths, '--partial');
  const reference = await firstFrame(req.files, req.open);
  const entries = entriesWithFlags(REGISTRY.filter((e) => req.ids.includes(e.id)), req, true);
  const sink: { main?: Collected } = {};
  let progress: Progress | undefined;
  let first: number | null = null, last: number | null = null;
  let run;
  try {
    run = await analyzeRun(traj, { label: '', files: req.files }, req, entries, {
      onPass: (pass, total) => { progress?.stop(); progress = makeProgress(`analyze --partial (${pass} pass)`, total); },
      onFrame: (f) => { first ??= f.index; last = f.index; progress?.tick(); },
      runPass: collectingRunner(traj, reference, sink),
    });
  } finally {
    progress?.stop();
  }
  const c = sink.main;
  if (!c) throw new PaddlewheelError('E_INTERNAL', 'analyze --partial: the main pass collected nothing');
  const sel = traj.selection;
  const range: PartialRange = {
    start: sel.start, stop: Number.isFinite(sel.stop) ? sel.stop : null, step: sel.step, frames: c.frames, first, last,
    reachedEnd: !Number.isFinite(sel.stop) || c.frames < Math.ceil((sel.stop - sel.start) / sel.step),
  };
  const provenance = await makeProvenance(traj.paths);
  const file: PartialFile = {
    format: PARTIAL_FORMAT, formatVersion: PARTIAL_FORMAT_VERSION, tool: 'paddlewheel', version: VERSION, created: provenance.created,
    request: encodeState(storedRequest(req)), range, inputs: provenance.inputs, ...collectedRecords(traj, c),
  };
  let text: string;
  try {
    text = `${JSON.stringify(file)}\n`;
  } catch (e) {
    // V8 strings end near 512 MB; the series of msd and spectra grow with the range.
    if (e instanceof RangeError) throw new PaddlewheelError('E_IO', `--partial ${target}: the states of ${c.frames} frames are too large for one JSON file (${e.message}); use shorter --frames ranges`);
    throw e;
  }
  await mkdir(dirname(target), { recursive: true }).catch(() => undefined);
  await writeFileAtomic(target, text, traj.paths, '--partial');
  const skipped: Record<string, string> = {};
  for (const x of run.outcomes) if (!x.ok) skipped[x.id] = x.reason;
  for (const u of req.unselected) skipped[u.id] = u.reason;
  return { analysis: 'analyze', version: VERSION, partial: target, range, analyses: c.jobs.map((j) => j.id), skipped, seconds: (performance.now() - t0) / 1000 };
}

/** Frame 0 of the trajectory (before `--frames`): the reference of every partial run, as of the one run. */
async function firstFrame(files: string[], open: OpenOptions): Promise<Frame> {
  const t = await openTrajectory(files, { ...open, frames: { start: 0, stop: 1, step: 1 }, diagnostics: new DiagnosticLog() });
  for await (const f of t.frames()) return f;
  throw new PaddlewheelError('E_SELECTION', `${files.join(', ')}: the trajectory has no frames`);
}

/** Lines for people: the range, what was kept, what was skipped. */
export function formatPartialSummary(s: PartialSummary): string[] {
  const r = s.range;
  return [
    `partial: frames ${r.start}:${r.stop ?? ''}${r.step > 1 ? `:${r.step}` : ''} (${r.frames} read${r.first !== null ? `, ${r.first}…${r.last}` : ''}${r.reachedEnd ? ', to the end of the trajectory' : ''})`,
    `states: ${s.analyses.join(', ') || '(none)'}`,
    ...Object.entries(s.skipped).map(([id, why]) => `skipped ${id}: ${why}`),
    `written: ${s.partial} (merge with: paddlewheel merge PARTIALS… --out DIR)`,
    `time: ${fmt(s.seconds, 3)} s`,
  ];
}
