import type { Command } from 'commander';
import { writeReport } from '../../report/html/index.js';

/** `paddlewheel report DIR`: re-render DIR/report.html from DIR/results.json. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('re-render the self-contained HTML report DIR/report.html from DIR/results.json (and DIR/density.cube), e.g. after an upgrade of paddlewheel; the old report is replaced only when the new one is complete')
    .argument('<dir>', 'output folder of `paddlewheel analyze … --out DIR`')
    .option('--json', 'print {"report": path} as JSON')
    .addHelpText('after', '\nExample:\n  $ paddlewheel analyze md.xyz --cation Li --anion B12H12 --out li800\n  $ paddlewheel report li800')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const path = await writeReport(dir);
      process.stdout.write(flags.json ? `${JSON.stringify({ report: path })}\n` : `report: ${path}\n`);
    });
}
