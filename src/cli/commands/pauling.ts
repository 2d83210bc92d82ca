import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { pauling, type CubicLattice, SITE_TYPES, PAULING_LIMITS } from '../../analysis/pauling/pauling.js';
import { parseCation, positiveNumber } from '../options.js';
import { envelope, fmt, printJson } from '../output.js';

interface PaulingFlags {
  lattice?: string;
  a?: string;
  cation?: string;
  radius?: string;
  cationsPerAnion?: string;
  json?: boolean;
}

/** `paddlewheel pauling`: radius-ratio prediction of the cation site (SPEC section 1). */
export function registerPauling(program: Command): void {
  program
    .command('pauling')
    .description("Pauling radius-ratio analysis: predicted cation site type, sites per anion and intrinsic occupancy")
    .requiredOption('--lattice <fcc|bcc>', 'anion lattice')
    .requiredOption('--a <Å>', 'cubic lattice parameter in Å')
    .requiredOption('--cation <symbol>', 'cation (Shannon radii for Li, Na, K, Ag, Cu, Rb, Cs)')
    .option('--radius <Å>', 'cation radius in Å instead of the Shannon value')
    .option('--cations-per-anion <n>', 'cations per anion', '2')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExample:\n  $ paddlewheel pauling --lattice fcc --a 10.05 --cation Li --json')
    .action(async (flags: PaulingFlags) => {
      const lattice = flags.lattice;
      if (lattice !== 'fcc' && lattice !== 'bcc') throw new UsageError(`--lattice ${lattice}: expected fcc or bcc`);
      const a = positiveNumber('--a', flags.a, 'Å')!;
      const cation = parseCation(flags.cation)!;
      const radius = positiveNumber('--radius', flags.radius, 'Å');
      const cationsPerAnion = positiveNumber('--cations-per-anion', flags.cationsPerAnion, 'cations per anion');
      const params = { lattice, a, cation, radius, cationsPerAnion };
      const r = pauling({ lattice: lattice as CubicLattice, a, cation, radius, cationsPerAnion });
      if (flags.json) {
        printJson(await envelope('pauling', params, [], new DiagnosticLog(), { ...r }));
        return;
      }
      const lines = [
        `${cation}⁺ in a ${lattice} anion lattice, a = ${fmt(a)} Å`,
        `R⁻ = ${fmt(r.anionRadius.value)} Å (${lattice === 'fcc' ? 'a√2/4' : 'a√3/4'}), R⁺ = ${fmt(r.cationRadius.value)} Å (${r.cationRadius.source})`,
        `R⁺/R⁻ = ${r.radiusRatio.toFixed(4)} → ${r.predictedSite}${r.boundary ? ` (boundary case: ${r.boundary.join('/')}, within 0.005 of ${PAULING_LIMITS[r.boundary[1]]})` : ''}`,
        `limits: ${SITE_TYPES.map((t) => `${t} ${PAULING_LIMITS[t]}`).join(', ')}`,
        `sites per anion: ${Object.entries(r.sitesPerAnion).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `cations per anion ${fmt(r.cationsPerAnion)}; intrinsic occupancy of ${r.predictedSite} sites: ${r.intrinsicOccupancy === null ? `— (no ${r.predictedSite} sites in ${lattice})` : fmt(r.intrinsicOccupancy)}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
