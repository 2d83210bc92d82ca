import { Command, CommanderError } from 'commander';
import { isPaddlewheelError } from '../core/errors.js';
import { installSignalHandlers } from '../core/cleanup.js';
import { VERSION } from '../version.js';
import { registerInfo } from './commands/info.js';
import { registerDemo } from './commands/demo.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerMerge } from './commands/merge.js';
import { registerPauling } from './commands/pauling.js';
import { registerDensity } from './commands/density.js';
import { registerSites } from './commands/sites.js';
import { registerTemplates } from './commands/templates.js';
import { registerBuild } from './commands/build.js';
import { registerVanHove } from './commands/vanhove.js';
import { registerArrhenius } from './commands/arrhenius.js';
import { registerSpectra } from './commands/spectra.js';
import { registerMsd } from './commands/msd.js';
import { registerAngles } from './commands/angles.js';
import { registerDocking } from './commands/docking.js';
import { registerRdf } from './commands/rdf.js';
import { registerCoordination } from './commands/coordination.js';
import { registerDistortion } from './commands/distortion.js';
import { registerRotation } from './commands/rotation.js';
import { registerReport } from './commands/report.js';
import { registerQeInput } from './commands/qe-input.js';
import { registerSimulate } from './commands/simulate.js';
import { registerDftPoints } from './commands/dft-points.js';
import { registerFitModel } from './commands/fit-model.js';

/** Exit codes: 0 ok, 1 failed (bad input, I/O), 2 bad usage; 130/143 interrupted by SIGINT/SIGTERM (core/cleanup.ts). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Build the command-line program (exported for tests and for embedding). */
export function buildProgram(): Command {
  const program = new Command('paddlewheel')
    .description('Why do ions move? Frustration descriptors and transport numbers for superionic-conductor MD trajectories.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerInfo(program);
  registerDemo(program);
  registerAnalyze(program);
  registerMerge(program);
  registerPauling(program);
  registerDensity(program);
  registerSites(program);
  registerTemplates(program);
  registerBuild(program);
  registerVanHove(program);
  registerArrhenius(program);
  registerSpectra(program);
  registerMsd(program);
  registerAngles(program);
  registerDocking(program);
  registerRdf(program);
  registerCoordination(program);
  registerDistortion(program);
  registerRotation(program);
  registerReport(program);
  registerQeInput(program);
  registerSimulate(program);
  registerDftPoints(program);
  registerFitModel(program);
  program.addHelpText(
    'after',
    `
Examples:
  $ paddlewheel demo
  $ paddlewheel info traj.extxyz.gz --cation Li --json
  $ paddlewheel info md/lbh.pos --qe-input md.in
  $ paddlewheel info run1/XDATCAR run2/XDATCAR --dt 100 --anion auto
  $ paddlewheel pauling --lattice fcc --a 10.05 --cation Li`,
  );
  return program;
}

/** Run the CLI with `argv` (as process.argv). Sets process.exitCode; never throws. */
export async function main(argv: string[]): Promise<void> {
  // Ctrl-C / kill: remove temporaries, stop engines and progress, exit 130/143 (src/core/cleanup.ts).
  installSignalHandlers();
  // A reader that closes the pipe early (`paddlewheel --help | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    if (process.exitCode === undefined) process.exitCode = EXIT.ok;
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version "errors" are normal exits.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (isPaddlewheelError(e)) {
    process.stderr.write(`paddlewheel: error ${e.code}: ${e.message}\n`);
    return e.code === 'E_USAGE' ? EXIT.usage : EXIT.failed;
  }
  const err = e as Error;
  process.stderr.write(`paddlewheel: internal error: ${err?.stack ?? String(e)}\nThis is a bug; please report it with the command line.\n`);
  return EXIT.failed;
}
