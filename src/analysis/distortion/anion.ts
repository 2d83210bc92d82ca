import { PaddlewheelError } from '../../core/errors.js';
import type { AnalysisContext } from '../types.js';
import type { Cluster } from '../../chem/clusters.js';

/**
 * The polyatomic anions an anion-shape analysis (distortion, rotation) works on: the one
 * selected formula with more than one atom. Monatomic anions picked by `--anion auto` (S²⁻,
 * Cl⁻ in argyrodites) have no shape and are left out with an info diagnostic; two polyatomic
 * formulas at once are refused (their elements could overlap) — give `--anion FORMULA`.
 *
 * Elements are listed in order of first appearance in the first cluster's atoms.
 */
export function polyatomicAnions(ctx: AnalysisContext, command: string): { formula: string; clusters: Cluster[]; elements: string[] } {
  const groups = ctx.ions.anions.filter((g) => g.clusters[0]!.atoms.length > 1);
  const skipped = ctx.ions.anions.filter((g) => g.clusters[0]!.atoms.length === 1).map((g) => g.formula);
  if (groups.length === 0) {
    throw new PaddlewheelError('E_SELECTION', `${command} needs polyatomic anions; the selected anions (${ctx.ions.anions.map((g) => g.formula).join(', ')}) are single atoms (give --anion FORMULA, e.g. B12H12 or PS4)`);
  }
  if (groups.length > 1) {
    throw new PaddlewheelError('E_SELECTION', `${command}: several polyatomic anions are selected (${groups.map((g) => g.formula).join(', ')}); give one with --anion FORMULA`);
  }
  if (skipped.length) ctx.diagnostics.info('I_MONATOMIC_SKIPPED', `${command}: monatomic anions ${skipped.join(', ')} have no shape and are left out`);
  const g = groups[0]!;
  const elements: string[] = [];
  for (const a of g.clusters[0]!.order) {
    const s = ctx.topology.symbols[a]!;
    if (!elements.includes(s)) elements.push(s);
  }
  return { formula: g.formula, clusters: g.clusters, elements };
}
