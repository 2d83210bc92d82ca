/**
 * The two ends of the split/merge workflow as pass runners of analyzeTrajectory
 * (src/run/analyze.ts), so a partial run, a merge and the one run share one plan: the same
 * prechecks, checks and job list from the same `makeJobs`.
 * - {@link collectingRunner}: a partial run's main pass keeps every job's state instead of
 *   finalizing it (the reference frame is the trajectory's first frame, not the range's);
 * - {@link replayRunner}: `merge` asks `makeJobs` for the jobs again on the recorded context,
 *   checks they are the recorded ones, merges each job's states in frame order and finalizes.
 * Partial runs have no shell pass: without --r1 the shell analyses are skipped, with it they
 * join the main pass (src/run/entry-overrides.ts).
 */
import { createHash } from 'node:crypto';
import { DiagnosticLog } from '../core/diagnostics.js';
import { PaddlewheelError, UsageError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import type { Topology } from '../core/topology.js';
import type { IonSelection } from '../chem/select.js';
import type { Trajectory } from '../io/open.js';
import type { AnalysisContext } from '../analysis/types.js';
import type { PassRunner } from './analyze.js';
import { refusal } from './jobs.js';
import { collectMulti, type MultiOutcome } from './multi.js';
import { decodeFrom, type LogRecord, logRecord, mergedLog, mergeInOrder, type PartialFile, type PartialSet } from './partial.js';
import { encodeState } from './state-codec.js';

/** What a partial run's main pass collected. */
export interface Collected {
  jobs: { id: string; state: unknown; diagnostics: DiagnosticLog }[];
  failed: Extract<MultiOutcome, { ok: false }>[];
  context: AnalysisContext;
  frames: number;
  seconds: number;
}

/**
 * The pass runner of a partial run: one streaming pass over the selected frames with
 * `reference` as the reference frame; the states land in `sink.main`. Returns only the init
 * refusals as outcomes (nothing is finalized).
 */
export function collectingRunner(traj: Trajectory, reference: Frame, sink: { main?: Collected }): PassRunner {
  return async (pass, makeJobs, options) => {
    if (pass !== 'main') throw new PaddlewheelError('E_INTERNAL', 'a partial run has no shell pass (the shell analyses need --r1 and run in the main pass)');
    const t0 = performance.now();
    const c = await collectMulti(traj, makeJobs, { ...options, reference });
    const failed = c.failed.filter((x): x is Extract<MultiOutcome, { ok: false }> => !x.ok);
    sink.main = { jobs: c.jobs.map((j) => ({ id: j.id, state: j.state, diagnostics: j.ctx.diagnostics })), failed, context: c.context, frames: c.frames, seconds: (performance.now() - t0) / 1000 };
    return { outcomes: failed, context: c.context, frames: c.frames };
  };
}

/** The file-ready records of a partial run's pass: states, diagnostics, context (see PartialFile). */
export function collectedRecords(traj: Trajectory, c: Collected): Pick<PartialFile, 'trajectory' | 'context' | 'diagnostics' | 'main' | 'reference'> {
  const { topology, ions, frameSpacing, temperature } = c.context;
  const reference = encodeState(c.context.reference);
  const data = encodeState({ topology, ions, frameSpacing, temperature });
  const hash = (x: unknown): string => sha256(JSON.stringify(x));
  return {
    trajectory: { format: traj.format, files: traj.files, paths: traj.paths, frameSpacing: traj.frameSpacing ?? null, frameSpacingSource: traj.frameSpacingSource, hasVelocities: traj.hasVelocities },
    reference: { sha256: hash(reference), frame: reference },
    context: { sha256: hash(data), data },
    diagnostics: logRecord(traj.diagnostics),
    main: {
      jobs: c.jobs.map((j) => ({ id: j.id, state: encodeState(j.state), diagnostics: logRecord(j.diagnostics) })),
      failed: c.failed.map((f) => ({ id: f.id, reason: f.reason, code: f.code, diagnostics: logRecord(f.diagnostics) })),
      seconds: c.seconds,
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The merged set's context (from the first partial: all are equal) with the reader diagnostics of every range. */
export function mergedContext(set: PartialSet): { context: AnalysisContext; trajectory: Trajectory } {
  const p = set.parts[0]!;
  const f = p.file;
  const data = decodeFrom(p, 'context', f.context.data) as { topology: Topology; ions: IonSelection; frameSpacing?: number; temperature?: number };
  const reference = decodeFrom(p, 'reference frame', f.reference.frame) as Frame;
  const diagnostics = mergedLog(set.parts.map((q, i) => ({ tag: `${i}`, log: q.file.diagnostics })));
  const context: AnalysisContext = { topology: data.topology, ions: data.ions, reference, frameSpacing: data.frameSpacing, temperature: data.temperature, diagnostics };
  const t = f.trajectory;
  // A trajectory as the prechecks see it; its frames were read by the partial runs.
  const trajectory: Trajectory = {
    format: t.format as Trajectory['format'], files: t.files, paths: t.paths, topology: data.topology,
    frameSpacing: t.frameSpacing ?? undefined, frameSpacingSource: t.frameSpacingSource as Trajectory['frameSpacingSource'], hasVelocities: t.hasVelocities,
    selection: { start: 0, stop: set.range.stop ?? Infinity, step: set.range.step }, diagnostics,
    frames: () => { throw new PaddlewheelError('E_INTERNAL', 'merge reads no frames: the partial runs did'); },
  };
  return { context, trajectory };
}

/**
 * The pass runner of `merge`: the jobs `makeJobs` asks for on the recorded context must be
 * the recorded ones (else the partials come from another version); each job's states are
 * decoded, merged in frame order, and finalized with the job's diagnostics of every range.
 */
export function replayRunner(set: PartialSet, context: AnalysisContext): PassRunner {
  return async (pass, makeJobs) => {
    if (pass !== 'main') throw new PaddlewheelError('E_INTERNAL', 'merge: partial runs have no shell pass');
    const jobs = makeJobs(context);
    const main = set.parts[0]!.file.main;
    const recorded = [...main.failed.map((j) => j.id), ...main.jobs.map((j) => j.id)].sort().join(',');
    const planned = jobs.map((j) => j.id).sort().join(',');
    if (recorded !== planned) {
      throw new UsageError(`${set.parts.map((p) => p.path).join(', ')}: the partials ran ${recorded}, but this merge plans ${planned}; merge with the paddlewheel version that wrote them (${set.parts[0]!.file.version})`);
    }
    const log = (tagged: (q: PartialFile) => LogRecord | undefined) =>
      mergedLog(set.parts.map((q, i) => ({ tag: `${i}`, log: tagged(q.file) ?? { items: [], suppressed: {} } })));
    const outcomes: MultiOutcome[] = main.failed.map((f) => ({ id: f.id, ok: false, reason: f.reason, code: f.code, diagnostics: log((q) => q.main.failed.find((x) => x.id === f.id)?.diagnostics) }));
    for (const job of jobs) {
      const k = main.jobs.findIndex((j) => j.id === job.id);
      if (k < 0) continue;
      const states = set.parts.map((p) => decodeFrom(p, `state of ${job.id}`, p.file.main.jobs[k]!.state));
      const own: AnalysisContext = { ...context, diagnostics: log((q) => q.main.jobs[k]!.diagnostics) };
      try {
        const result = job.analysis.finalize(mergeInOrder(states, (a, b) => job.analysis.merge(a, b)), own);
        outcomes.push({ id: job.id, ok: true, result, context: own, diagnostics: own.diagnostics });
      } catch (e) {
        outcomes.push(refusal(job.id, e, own.diagnostics));
      }
    }
    return { outcomes, context, frames: set.range.frames };
  };
}
