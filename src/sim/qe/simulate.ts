import { existsSync, lstatSync, readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { CpLauncher } from './engine.js';
import { GS_CONVERGED, RESTART_UNITS, STAGE_FILES, type Stage } from './protocol.js';
import type { QeRunDir } from './run-dir.js';
import { type StageRunResult, runCpStage } from './run-stage.js';

/**
 * Running the stages of a run folder in order, locally. Before a stage: its prerequisite
 * restart must exist (NVE needs the converged ground state's `prefix_50.save`, NVT the NVE's
 * `prefix_51.save`) and is linked into the stage folder; a stage whose own restart already
 * exists is refused (cp.x would append a second run to its trajectory). After the ground state:
 * cp.x must have printed its convergence line, else E_ENGINE and nothing further runs.
 */

/** Callbacks for progress. */
export interface StageHooks {
  /** A stage starts; `firstNfi`/`lastNfi` bound the step numbers it will print. */
  start?(stage: Stage, firstNfi: number, lastNfi: number): void;
  step?(stage: Stage, nfi: number): void;
  end?(stage: Stage, result: StageRunResult): void;
}

/** One finished stage. */
export interface StageOutcome extends StageRunResult {
  stage: Stage;
  dir: string;
  input: string;
  /** `prefix.pos` of the stage (the trajectory the QE reader opens). */
  trajectory: string;
}

/** Run `stages` (a subset of gs, nve, nvt, in that order) of `run` with `launcher`. */
export async function runQeStages(run: QeRunDir, stages: readonly Stage[], launcher: CpLauncher, hooks: StageHooks = {}): Promise<StageOutcome[]> {
  const out: StageOutcome[] = [];
  for (const st of (['gs', 'nve', 'nvt'] as const).filter((s) => stages.includes(s))) {
    const f = STAGE_FILES[st];
    const dir = join(run.dir, f.dir);
    const own = join(dir, `${run.prefix}_${RESTART_UNITS[st].ndw}.save`);
    if (st === 'gs') {
      if (existsSync(own)) throw new UsageError(`${own} exists: the ground state already ran; run --stages nve,nvt, or remove ${dir}'s outputs to redo it`);
    } else {
      const prev: Stage = st === 'nve' ? 'gs' : 'nve';
      const ndr = RESTART_UNITS[st].ndr;
      const src = join(run.dir, STAGE_FILES[prev].dir, `${run.prefix}_${ndr}.save`);
      if (!existsSync(src)) throw new UsageError(`${src} not found: run --stages ${prev} first (stage ${st} restarts from it)`);
      if (prev === 'gs') requireConverged(join(run.dir, STAGE_FILES.gs.dir, STAGE_FILES.gs.log));
      if (existsSync(own)) throw new UsageError(`${own} exists: stage ${st} already ran; remove ${dir}'s outputs to redo it`);
      link(join('..', STAGE_FILES[prev].dir, `${run.prefix}_${ndr}.save`), join(dir, `${run.prefix}_${ndr}.save`));
    }
    const first = st === 'nvt' ? run.nstep.nve + 1 : 1;
    hooks.start?.(st, first, first + run.nstep[st] - 1);
    const r = await runCpStage(launcher, dir, f.input, f.log, { onStep: (n) => hooks.step?.(st, n) });
    hooks.end?.(st, r);
    if (st === 'gs' && !r.converged) {
      throw new PaddlewheelError('E_ENGINE', `the electronic ground state did not converge in ${run.nstep.gs} damped steps${r.lastMain ? ` (${r.lastMain})` : ''}; raise nstep in ${join(dir, f.input)} (qe-input --gs-nstep) and run again after removing ${dir}'s outputs — log: ${r.log}`);
    }
    out.push({ ...r, stage: st, dir, input: join(dir, f.input), trajectory: join(dir, `${run.prefix}.pos`) });
  }
  return out;
}

function requireConverged(log: string): void {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    throw new UsageError(`${log} not found: the ground state's log is needed to check that it converged`);
  }
  if (!text.includes(GS_CONVERGED)) throw new PaddlewheelError('E_ENGINE', `${log}: the ground state did not converge (no "${GS_CONVERGED}"); redo it with more steps`);
}

// Relative links keep the run folder movable.
function link(target: string, path: string): void {
  try {
    if (lstatSync(path, { throwIfNoEntry: false })) unlinkSync(path);
    symlinkSync(target, path, 'dir');
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${path}: cannot link the restart ${target} (${(e as Error).message})`);
  }
}
