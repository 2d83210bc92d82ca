import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { PaddlewheelError } from '../../core/errors.js';
import { openTrajectory } from '../../io/open.js';
import { infoFor } from './info.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';

/** Folder of the bundled demo trajectory (β-Li2B12H12, cp.x, 800 K). */
export function demoFixtureDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = join(dir, 'fixtures', 'li2b12h12-prim-800K');
    if (existsSync(cand)) return cand;
    dir = dirname(dir);
  }
  throw new PaddlewheelError('E_IO', 'the bundled demo fixture (fixtures/li2b12h12-prim-800K) is missing from this installation');
}

/**
 * `paddlewheel demo`: run what paddlewheel can do today on the bundled β-Li2B12H12 cp.x
 * trajectory. Grows into the full analysis and HTML report as those land.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run paddlewheel on the bundled β-Li2B12H12 trajectory (Car–Parrinello MD, 800 K)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: { json?: boolean }) => {
      const dir = demoFixtureDir();
      const diagnostics = new DiagnosticLog();
      const pos = join(dir, 'lbh.pos.gz');
      const qeInput = join(dir, 'lbh.in');
      const traj = await openTrajectory([pos], { qeInput, diagnostics });
      const body = await infoFor(traj, 'Li', 'B12H12');
      if (flags.json) {
        printJson(await envelope('demo', { fixture: dir }, traj.paths, diagnostics, { info: body }));
        return;
      }
      const rel = relative(process.cwd(), dir) || '.';
      const out = [
        'paddlewheel demo — β-Li2B12H12, 26-atom primitive cell, Car–Parrinello MD at 800 K',
        `(bundled fixture: ${rel}; the first 160 frames of the cp.x run in ../shared/data)`,
        '',
        `read ${body.frames} frames of ${body.atoms} atoms (${body.format}), ${fmt((body.frameSpacing?.value ?? NaN) * 1000)} fs apart, ${fmt(body.timeSpan?.value)} ps in all`,
        `cell: fcc primitive, |a| = ${fmt(body.cell.a.value)} Å, V = ${fmt(body.cell.volume.value, 6)} Å³ (conventional a = ${fmt(Math.cbrt(4 * body.cell.volume.value))} Å)`,
        `anions: ${body.anions.map((a) => `${a.formula} × ${a.count}`).join(', ')}; cations: ${body.cation} × ${body.cations}`,
        `velocities from the file: ${body.hasVelocities ? 'yes' : 'no'}`,
        '',
        'Try it on your own data:  npx paddlewheel info <trajectory> --cation Li --anion auto',
        'All commands:             npx paddlewheel --help',
      ];
      process.stdout.write(`${out.join('\n')}\n`);
      printDiagnostics(diagnostics);
    });
}
