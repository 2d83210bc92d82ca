import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PaddlewheelError, UsageError } from '../../core/errors.js';
import { readCpInput } from '../../io/qe-cp/files.js';
import type { CpInput } from '../../io/qe-cp/input.js';
import { STAGE_FILES, STAGES, type Stage } from './protocol.js';

/** A run folder in the layout of write-run.ts, with its stage inputs parsed. */
export interface QeRunDir {
  dir: string;
  prefix: string;
  inputs: Record<Stage, CpInput>;
  /** `nstep` of each stage's input. */
  nstep: Record<Stage, number>;
}

/**
 * Read and check a run folder: the three stage inputs must exist, parse (parseCpInput) and
 * share one prefix and atom count, and every pseudopotential they name must exist in their
 * pseudo_dir (relative to the stage folder). Throws E_IO naming each missing file, E_USAGE
 * for a folder that is not a qe-input run folder, E_PARSE for a broken input.
 */
export async function loadQeRunDir(dir: string): Promise<QeRunDir> {
  const inputs = {} as Record<Stage, CpInput>;
  const nstep = {} as Record<Stage, number>;
  for (const st of STAGES) {
    const p = join(dir, STAGE_FILES[st].dir, STAGE_FILES[st].input);
    if (!existsSync(p)) throw new UsageError(`${dir}: no ${STAGE_FILES[st].dir}/${STAGE_FILES[st].input}; --input-dir expects a folder written by paddlewheel qe-input`);
    inputs[st] = await readCpInput(p);
    const n = inputs[st].namelists['control']?.entries['nstep'];
    nstep[st] = typeof n === 'number' ? n : 50; // cp.x's default
  }
  const prefix = inputs.gs.prefix;
  for (const st of STAGES) {
    if (inputs[st].prefix !== prefix || inputs[st].nat !== inputs.gs.nat) {
      throw new UsageError(`${inputs[st].path}: prefix '${inputs[st].prefix}' / nat ${inputs[st].nat} differ from ${inputs.gs.path} ('${prefix}', ${inputs.gs.nat}); the stages must describe one run`);
    }
  }
  checkPseudopotentials(dir, inputs);
  return { dir, prefix, inputs, nstep };
}

function checkPseudopotentials(dir: string, inputs: Record<Stage, CpInput>): void {
  const missing = new Set<string>();
  for (const st of STAGES) {
    const inp = inputs[st];
    const pd = inp.namelists['control']?.entries['pseudo_dir'];
    const base = resolve(dir, STAGE_FILES[st].dir, typeof pd === 'string' ? pd : '.');
    for (const s of inp.species) {
      const p = join(base, s.pseudo);
      if (!existsSync(p)) missing.add(`${s.symbol}: ${p}`);
    }
  }
  if (missing.size > 0) {
    throw new PaddlewheelError('E_IO', `pseudopotential file(s) not found — ${[...missing].join('; ')} — put them there (or rewrite the inputs with paddlewheel qe-input --pseudo-dir DIR)`);
  }
}
