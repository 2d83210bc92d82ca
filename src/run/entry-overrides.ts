/**
 * Registry entries as `paddlewheel analyze` runs them when its own flags go beyond the common
 * options: `--fit`/`--max-lag` for msd, `--r1`/`--r-min` for the shell analyses, and the
 * analyses a partial run (`--partial`) cannot do. Each wrapped entry passes the flag to its
 * analysis exactly as the single command does and echoes it in `params` as that command
 * prints it (`paddlewheel msd --fit …`, `paddlewheel coordination --r1 …`), so results.json
 * still holds, per analysis, what its own command prints with the same flags.
 */
import type { FitWindowSpec } from '../analysis/msd/types.js';
import type { RegistryEntry } from '../analysis/registry.js';

/** The analyze flags that reach individual analyses (parsed; times in ps, lengths in Å). */
export interface EntryFlags {
  /** `--fit START:END` (ps), msd's fit window. */
  fit?: FitWindowSpec;
  /** `--max-lag` (ps), msd's largest lag. */
  maxLag?: number;
  /** `--r1` (Å): first-shell radius for coordination, angles and docking instead of the g(r) scan. */
  r1?: number;
  /** `--r-min` (Å): lower end of angles' equal ranges instead of the closest-approach scan. */
  rMin?: number;
}

/**
 * Why an analysis cannot run on a frame range of a partial run (`analyze --partial`): its
 * state over a range does not merge into the whole trajectory's.
 * - vanhove: its time origins are the first frames and every origin correlates with frames
 *   up to the end of the trajectory, so no range but the whole can be analysed alone.
 */
export const NOT_SPLITTABLE: Readonly<Record<string, string>> = {
  vanhove: 'its time origins are the first frames and every origin correlates with frames up to the end of the trajectory, so a frame range cannot be analysed on its own; run analyze without --partial (or paddlewheel vanhove) over the whole trajectory',
};

const SHELL_R1 = 'the first-shell radius r₁ comes from the whole trajectory\'s g(r), which a partial run cannot see; give --r1 Å (and --r-min Å for angles) to run it in partial runs';
const ANGLES_RMIN = 'r_min (the closest anion–cation approach) comes from the whole trajectory, which a partial run cannot see; give --r-min Å (with --r1 Å) to run angles in partial runs';

/**
 * The entries with the flags applied; with `partial`, the analyses a frame range cannot do
 * are refused by their precheck, with the reason (so they are listed as skipped, in order).
 */
export function entriesWithFlags(entries: readonly RegistryEntry[], flags: EntryFlags, partial: boolean): RegistryEntry[] {
  return entries.map((e) => {
    let out = e;
    if (e.id === 'msd' && (flags.fit !== undefined || flags.maxLag !== undefined)) out = msdWithFit(e, flags);
    if (e.pass === 'shell' && flags.r1 !== undefined) out = shellWithGiven(out, flags);
    if (partial) {
      const why = NOT_SPLITTABLE[e.id] ?? (e.pass === 'shell' && flags.r1 === undefined ? SHELL_R1 : e.id === 'angles' && flags.rMin === undefined ? ANGLES_RMIN : undefined);
      if (why) out = { ...out, precheck: () => why };
    }
    return out;
  });
}

function msdWithFit(e: RegistryEntry, flags: EntryFlags): RegistryEntry {
  return {
    ...e,
    job(o, ctx, shell) {
      const j = e.job(o, ctx, shell);
      return { ...j, params: { ...(j.params as object), fit: flags.fit, maxLag: flags.maxLag } };
    },
    output(o, d, shell) {
      const out = e.output(o, d, shell);
      // As `paddlewheel msd --json` echoes them: the parsed window (ps) and the lag (ps), else null.
      return { ...out, params: { ...out.params, fit: flags.fit ?? null, maxLag: flags.maxLag ?? null } };
    },
  };
}

function shellWithGiven(e: RegistryEntry, flags: EntryFlags): RegistryEntry {
  return {
    ...e,
    job(o, ctx, shell) {
      const j = e.job(o, ctx, shell);
      // `paddlewheel angles --r-min` names the flag as r_min's source.
      if (e.id === 'angles' && flags.rMin !== undefined) return { ...j, params: { ...(j.params as object), rMinSource: '--r-min' } };
      return j;
    },
    output(o, d, shell) {
      const out = e.output(o, d, shell);
      const params: Record<string, unknown> = { ...out.params, r1: flags.r1 };
      if (e.id === 'angles') params['rMin'] = flags.rMin ?? null;
      return { ...out, params };
    },
  };
}
