import { SITE_KINDS, type SiteKind } from './topology.js';

/**
 * Occupancy and configurational entropy of interstitial sites (SPEC 2.5–2.6).
 *
 * P2_i = n·P1_i/N_i is the mean occupation of one site of type i (n cations, N_i sites of
 * type i in the cell); the configurational entropy per cation, in k_B, of n cations spread
 * over independent sites with those occupations is
 *   S̃ = −Σ_i (N_i/n) [P2_i ln P2_i + (1 − P2_i) ln(1 − P2_i)] = Σ_i (N_i/n) h(P2_i),
 * with h the binary entropy and 0·ln 0 = 0.
 */

/** Binary entropy h(p) = −p ln p − (1−p) ln(1−p) in nats, with 0·ln 0 = 0; p outside [0, 1] is clamped. */
export function binaryEntropy(p: number): number {
  if (!(p > 0) || p >= 1) return 0;
  return -p * Math.log(p) - (1 - p) * Math.log(1 - p);
}

/** P2 and S̃ from P1. */
export interface OccupancyEntropy {
  P2: Record<SiteKind, number>;
  /** S̃ (k_B per cation). */
  entropy: number;
  /** Kinds whose P2 exceeds 1 (more cations on them than sites): their h is taken at P2 = 1, i.e. 0. */
  overfull: SiteKind[];
}

/**
 * P2 and S̃ for site-type fractions P1 (Σ P1 = 1), site counts N_i in the cell and n cations.
 * A kind with no sites has P2 = 0 (and P1 = 0 necessarily).
 */
export function occupancyEntropy(P1: Record<SiteKind, number>, siteCounts: Record<SiteKind, number>, cations: number): OccupancyEntropy {
  const P2 = { linear: 0, trigonal: 0, tetrahedral: 0 } as Record<SiteKind, number>;
  const overfull: SiteKind[] = [];
  let entropy = 0;
  for (const k of SITE_KINDS) {
    const N = siteCounts[k];
    if (N === 0) continue;
    const p2 = (cations * P1[k]) / N;
    P2[k] = p2;
    if (p2 > 1 + 1e-12) overfull.push(k);
    entropy += (N / cations) * binaryEntropy(p2);
  }
  return { P2, entropy, overfull };
}
