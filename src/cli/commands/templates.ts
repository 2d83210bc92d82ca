import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { CLIQUE_SITE_TYPES, SITE_CUTOFF_FACTOR } from '../../analysis/templates/lattice.js';
import { type AngleCount, templates } from '../../analysis/templates/templates.js';
import { positiveNumber } from '../options.js';
import { envelope, printJson } from '../output.js';

interface TemplatesFlags {
  lattice?: string;
  siteCutoff?: string;
  json?: boolean;
}

/** `paddlewheel templates`: icosahedral and ideal-lattice angle templates (SPEC section 6). */
export function registerTemplates(program: Command): void {
  program
    .command('templates')
    .description('Angle templates: pairwise angles of the icosahedral C3 (triad) axes and of the directions from one anion to its interstitial sites in an ideal fcc/bcc lattice')
    .requiredOption('--lattice <fcc|bcc>', 'anion lattice')
    .option('--site-cutoff <a>', 'neighbour cutoff of the site cliques in units of a (default 0.85 fcc, 1.2 bcc)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExample:\n  $ paddlewheel templates --lattice bcc --json')
    .action(async (flags: TemplatesFlags) => {
      const lattice = flags.lattice;
      if (lattice !== 'fcc' && lattice !== 'bcc') throw new UsageError(`--lattice ${lattice}: expected fcc or bcc`);
      const cutoff = positiveNumber('--site-cutoff', flags.siteCutoff, 'units of a') ?? SITE_CUTOFF_FACTOR[lattice];
      const r = templates(lattice, cutoff);
      if (flags.json) {
        printJson(await envelope('templates', { lattice, siteCutoff: cutoff }, [], new DiagnosticLog(), { ...r }));
        return;
      }
      const bars = (angles: AngleCount[]) => angles.map((a) => `${a.angle.toFixed(1)}° ×${a.pairs}`).join(', ');
      const lines = [
        `icosahedral C3 (triad) axes, 20 axes: ${bars(r.icosahedralPairs)}`,
        `${lattice} lattice, site cliques with cutoff ${cutoff}a; from one anion:`,
        ...CLIQUE_SITE_TYPES.map((t) => `  ${t.padEnd(11)} ${String(r.sites[t].count).padStart(3)} sites: ${bars(r.sites[t].angles)}`),
        '(angle ×N: N pairs of directions at that angle)',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
