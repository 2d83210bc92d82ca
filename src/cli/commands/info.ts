import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { openTrajectory, type Trajectory } from '../../io/open.js';
import { SummaryAccumulator, type TrajectorySummary } from '../../analysis/info/info.js';
import { detectIons, type IonSummary } from '../../analysis/info/ions.js';
import { addTrajectoryOptions, openOptionsFrom, parseCation, parseRuns, type CommonFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

/** `paddlewheel info`: what is in a trajectory, streamed. */
export function registerInfo(program: Command): void {
  const cmd = program
    .command('info')
    .description('summarise a trajectory: format, atoms, frames, frame spacing, cell, anions, velocities')
    .argument('[files...]', 'trajectory files, read as consecutive restart segments of one run');
  cmd.addHelpText('after', '\nExamples:\n  $ paddlewheel info traj.extxyz.gz --json\n  $ paddlewheel info run1/XDATCAR.gz run2/XDATCAR.gz --dt 100 --cation Li\n  $ paddlewheel info md/lbh.pos --qe-input md.in\n  $ paddlewheel info --run 600K:a.xyz --run 800K:b.xyz');
  addTrajectoryOptions(cmd).action(async (files: string[], flags: CommonFlags) => {
    await runInfo(files, flags);
  });
}

/** One trajectory's info body (SPEC section 10 keys). */
export type InfoBody = TrajectorySummary & IonSummary & { files: string[] };

/** Compute the info body for one trajectory. */
export async function infoFor(traj: Trajectory, cation: string | undefined, anion: string | undefined, label?: string): Promise<InfoBody> {
  const acc = new SummaryAccumulator();
  let ions: IonSummary | undefined;
  const progress = makeProgress(label ? `info ${label}` : 'info');
  try {
    for await (const f of traj.frames()) {
      if (!ions) ions = detectIons(traj.topology, f, { cation, anion }, traj.diagnostics);
      acc.push(f);
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  const summary = acc.finish(traj);
  if (!ions) {
    traj.diagnostics.warn('W_NO_FRAMES', 'no frames selected: nothing to detect anions in');
    ions = { cation: cation ?? null, cations: 0, anions: [] };
  }
  return { files: traj.files, ...summary, ...ions };
}

async function runInfo(files: string[], flags: CommonFlags): Promise<void> {
  const runs = parseRuns(flags.run);
  if (files.length > 0 && runs.length > 0) throw new UsageError('give either trajectory files or --run LABEL:FILES, not both');
  if (files.length === 0 && runs.length === 0) throw new UsageError('no trajectory given: paddlewheel info FILE… (or --run LABEL:FILE…)');
  const openOptions = openOptionsFrom(flags);
  const cation = parseCation(flags.cation);
  const params = { ...flags, json: undefined, run: runs.length ? runs : undefined };
  const diagnostics = new DiagnosticLog();
  const items = runs.length ? runs : [{ label: undefined as string | undefined, files, temperature: undefined as number | undefined }];
  const bodies: (InfoBody & { label?: string })[] = [];
  const inputs: string[] = [];
  for (const run of items) {
    const traj = await openTrajectory(run.files, { ...openOptions, diagnostics });
    inputs.push(...traj.paths);
    const body = await infoFor(traj, cation, flags.anion, run.label);
    bodies.push(run.label ? { label: run.label, ...body } : body);
  }
  const body: Record<string, unknown> = runs.length ? { runs: bodies } : { ...bodies[0]! };
  if (flags.json) {
    printJson(await envelope('info', params, inputs, diagnostics, body));
    return;
  }
  for (const b of bodies) printInfo(b);
  printDiagnostics(diagnostics);
}

function printInfo(b: InfoBody & { label?: string }): void {
  const c = b.cell;
  const lines = [
    b.label ? `run ${b.label}` : undefined,
    `files         ${b.files.join(', ')}`,
    `format        ${b.format}`,
    `atoms         ${b.atoms}  (${Object.entries(b.composition).map(([s, n]) => `${s} ${n}`).join(', ')})`,
    `frames        ${b.frames}${b.segments > 1 ? ` in ${b.segments} segments` : ''}`,
    `frame spacing ${b.frameSpacing ? `${fmt(b.frameSpacing.value * 1000)} fs (${b.frameSpacingSource === 'dt' ? 'from --dt' : 'from the file'})` : 'unknown (give --dt)'}`,
    `time span     ${b.timeSpan ? `${fmt(b.timeSpan.value)} ps` : 'unknown'}`,
    `cell          a ${fmt(c.a.value)} Å, b ${fmt(c.b.value)} Å, c ${fmt(c.c.value)} Å, α ${fmt(c.alpha.value)}°, β ${fmt(c.beta.value)}°, γ ${fmt(c.gamma.value)}°, V ${fmt(c.volume.value, 6)} Å³${c.variable ? ` (variable: V ${fmt(c.volume['min'] as number, 6)}–${fmt(c.volume['max'] as number, 6)} Å³)` : ''}`,
    `cation        ${b.cation ?? 'none'}${b.cation ? ` × ${b.cations}` : ''}`,
    `anions        ${b.anions.length ? b.anions.map((a) => `${a.formula} × ${a.count}`).join(', ') : 'none found'}`,
    `velocities    ${b.hasVelocities ? 'yes' : 'no'}${b.hasForces ? '; forces: yes' : ''}`,
  ].filter((l): l is string => l !== undefined);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
