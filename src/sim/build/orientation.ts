import { IDENTITY, triadAxes } from '../../chem/icosahedron.js';
import type { CubicLattice } from '../../analysis/pauling/pauling.js';
import type { CliqueSiteType } from '../../analysis/templates/lattice.js';
import { angleBetween, latticeTemplate } from '../../analysis/templates/templates.js';

/**
 * The common anion orientation of `--anion-orientation aligned`.
 *
 * An icosahedron can keep the cubic symmetry of the lattice only in a pyritohedral (Th)
 * setting: x, y, z along C2 axes and the eight cube diagonals along triad (C3) axes. There
 * are two such settings, the reference one (see chem/icosahedron.ts) and the one turned by
 * 90° about z; every other common orientation lowers the crystal symmetry. The builder
 * takes, of the two, the one that puts more triad axes within ALIGN_TOLERANCE of the
 * directions from an anion to the sites the cations occupy (the identity on a tie, and for
 * `--cation-sites random`). In fcc the identity points triads at all 8 tetrahedral sites.
 */

/** A site direction counts as facing a triad when within this angle of a triad axis (degrees). */
export const ALIGN_TOLERANCE = 5;

/** The second Th setting: 90° about z, v' = R·v. */
export const TH_SETTING_Z90: Float64Array = Float64Array.from([0, -1, 0, 1, 0, 0, 0, 0, 1]);

/** The aligned orientation and how many of the site directions face a triad in it. */
export interface AlignedOrientation {
  rotation: Float64Array;
  /** `reference` (identity) or `z90` (turned 90° about z). */
  setting: 'reference' | 'z90';
  /** Site directions within ALIGN_TOLERANCE of a triad axis / all site directions from one anion. */
  facing: number;
  directions: number;
}

/** Choose the aligned orientation for cations on `siteType` sites (or undefined = random sites). */
export function alignedOrientation(lattice: CubicLattice, siteType?: CliqueSiteType): AlignedOrientation {
  if (!siteType) return { rotation: Float64Array.from(IDENTITY), setting: 'reference', facing: 0, directions: 0 };
  const dirs = latticeTemplate(lattice, siteType).directions;
  const score = (R: Float64Array) => {
    const axes = triadAxes(R);
    let k = 0;
    for (let i = 0; i < dirs.length / 3; i++) {
      let best = 180;
      for (let t = 0; t < 20; t++) best = Math.min(best, angleBetween(dirs, i, axes, t));
      if (best <= ALIGN_TOLERANCE) k++;
    }
    return k;
  };
  const ref = score(IDENTITY), z90 = score(TH_SETTING_Z90);
  const n = dirs.length / 3;
  return z90 > ref
    ? { rotation: Float64Array.from(TH_SETTING_Z90), setting: 'z90', facing: z90, directions: n }
    : { rotation: Float64Array.from(IDENTITY), setting: 'reference', facing: ref, directions: n };
}
