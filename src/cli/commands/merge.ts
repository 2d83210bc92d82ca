import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { refuseInputs } from '../../core/atomic-write.js';
import { UsageError } from '../../core/errors.js';
import type { Provenance } from '../../core/result.js';
import { REGISTRY } from '../../analysis/registry.js';
import { entriesWithFlags } from '../../run/entry-overrides.js';
import { mergedContext, replayRunner } from '../../run/partial-passes.js';
import { checkPartials, decodeFrom, equivalentFrames, readPartial } from '../../run/partial.js';
import { VERSION } from '../../version.js';
import { printJson } from '../output.js';
import { formatAnalyzeSummary, jsonSummary, type AnalyzeRequest, type AnalyzeSummary } from './analyze.js';
import type { StoredRequest } from './analyze-partial.js';
import { analyzeRun } from './analyze-runs.js';
import { writeAnalyzeResults } from './analyze-results.js';

const HELP = `
The partial files come from one analyze command line run over consecutive frame ranges, e.g.
one task of a SLURM array each:
  paddlewheel analyze FILES… --frames A:B --partial part-K.json [the same options]
merge orders them by frame range, merges every analysis's states in frame order, finalizes
them and writes DIR exactly as one \`paddlewheel analyze FILES… --out DIR\` over all those
frames writes it (results.json and the figure files; numbers to rounding, ≤ 1e-10 relative).
The analyses a partial run cannot do are skipped there and so here: vanhove always, coordination, angles and docking without --r1 (angles: --r-min). The
equivalent one run has the partials' options and --frames 0:N[:S] when the last partial
stopped at frame N (none when it reached the end). results.json differs from the one run's
only in "created", the "seconds" of the passes, "command": "merge", params.partials (the
partial files) and params.out; heat-map pixels on voxel boundaries may differ by rounding.
The trajectory files are not read again (provenance keeps their sha256). merge refuses
partials of different options, inputs, paddlewheel versions or reference frames, and ranges
that overlap or leave a gap.

Example:
  $ paddlewheel merge parts/part-*.json --out results`;

interface MergeFlags {
  out: string;
  json?: boolean;
}

/** `paddlewheel merge`: the partial files of `analyze --partial` into one analyze output folder. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the partial files of analyze --partial (frame ranges of one trajectory) and write DIR as one analyze over all their frames writes it')
    .argument('<partials...>', 'partial files written by paddlewheel analyze … --partial FILE')
    .requiredOption('--out <dir>', 'output folder (created if needed)')
    .option('--json', 'print one JSON object on stdout (where things are and what ran)')
    .addHelpText('after', HELP)
    .action(async (partials: string[], flags: MergeFlags) => {
      const summary = await runMerge(partials, flags.out);
      if (flags.json) printJson({ ...jsonSummary(summary), analysis: 'merge' });
      else process.stdout.write(`${formatAnalyzeSummary(summary).join('\n')}\n`);
    });
}

/**
 * Merge partial files into `out`: check they belong together and tile the frames (UsageError
 * naming the files otherwise), replay analyze's plan on the recorded context with each job's
 * states merged in frame order, and write the folder with analyze's own writer.
 *
 * results.json equals that of `paddlewheel analyze FILES… [options] --out out` over the same
 * frames (the options are the partials'; `--frames` as {@link equivalentFrames} says) except:
 * `created`, `passes[].passes[].seconds`, `command` ("merge"), `params.partials` (added) and
 * `params.out` where the folders differ.
 */
export async function runMerge(partials: string[], out: string): Promise<AnalyzeSummary> {
  const t0 = performance.now();
  if (partials.length === 0) throw new UsageError('no partial files given: paddlewheel merge part1.json part2.json … --out DIR');
  const resultsFile = join(out, 'results.json');
  await refuseInputs(out, partials, '--out');
  await refuseInputs(resultsFile, partials, '--out');
  if ((await stat(out).catch(() => undefined))?.isFile()) throw new UsageError(`--out ${out}: exists and is not a folder`);
  const loaded = [];
  for (const p of partials) loaded.push(await readPartial(p));
  for (const p of loaded) {
    if (p.file.version !== VERSION) throw new UsageError(`${p.path}: written by paddlewheel ${p.file.version}, but this is ${VERSION}; merge with the version that wrote it (states may differ between versions)`);
  }
  const set = checkPartials(loaded);
  const first = set.parts[0]!;
  const stored = decodeFrom(first, 'request', first.file.request) as StoredRequest;
  const frames = equivalentFrames(set.range);
  const req: AnalyzeRequest = { ...stored, open: { ...stored.open, frames: { start: 0, stop: set.range.stop ?? Infinity, step: set.range.step } }, frames, out };
  const protect = [...partials, ...first.file.inputs.map((i) => i.path)];
  await refuseInputs(out, protect, '--out');
  const { context, trajectory } = mergedContext(set);
  const entries = entriesWithFlags(REGISTRY.filter((e) => req.ids.includes(e.id)), req, true);
  const run = await analyzeRun(trajectory, { label: '', files: req.files }, req, entries, {
    onPass: () => undefined, onFrame: () => undefined, runPass: replayRunner(set, context),
  });
  const provenance: Provenance = { tool: 'paddlewheel', version: VERSION, created: new Date().toISOString(), inputs: first.file.inputs, node: process.version };
  return writeAnalyzeResults(req, [run], provenance, protect, t0, { command: 'merge', params: { partials: set.parts.map((p) => p.path) } });
}
