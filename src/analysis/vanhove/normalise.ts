/**
 * Normalisation of the van Hove histograms, following pymatgen-analysis-diffusion's
 * `VanHoveAnalysis` term by term so that results compare number for number.
 *
 * Grid: r_j = j·dr, dr = rmax/(ngrid − 1), j = 0…ngrid−1 (numpy `linspace(0, rmax, ngrid)`).
 * A distance d < rmax falls in bin k = ⌊d/dr⌋ and is attributed to the grid point r_k, the
 * *left* edge of its bin (pymatgen's convention).
 *
 * Smearing (σ > 0): each count of bin k becomes a normal density N(r; r_k, σ) sampled at the
 * grid points, not renormalised on the grid (so near r = 0 part of the Gaussian lies at r < 0).
 * Without smearing (σ = 0, not offered by pymatgen) a count of bin k adds 1/dr at r_k: the
 * limit of a Gaussian narrower than a bin, with the same integral.
 *
 * Self part, the radial probability density of the displacement (Å⁻¹):
 *   4πr²G_s(r_j, t) = Σ_k n_s(k, t)·w(r_j, r_k) / (N_o·N),
 * with n_s(k, t) the self displacements in bin k summed over the N_o time origins and N
 * cations; Σ_j 4πr²G_s·dr = 1 (without smearing, and when no cation moved farther than rmax).
 *
 * Distinct part (dimensionless, → 1 at large r):
 *   G_d(r_j, t) = Σ_k n_d(k, t)·w(r_j, r_k) / (N_o·N·ρ·a_k),  ρ = N/V,
 *   a_k = 4π r_k² for k > 0 and a_0 = π dr² (pymatgen's `aux_factor`).
 * Because a bin [r_k, r_k + dr) is normalised by the area at its left edge, an ideal gas gives
 * G_d(r_k) = ((k+1)³ − k³)/(3k²) = 1 + 1/k + 1/(3k²) rather than 1: the bias is pymatgen's
 * and vanishes as r/dr grows (1 % at r = 100 dr). Kept so the numbers agree with pymatgen.
 */

/** pymatgen's weight of a bin-k count at grid point j: scipy `norm.pdf(r_j, r_k, sigma)`, or δ_jk/dr without smearing. */
export function binWeights(ngrid: number, rmax: number, sigma: number): Float64Array {
  const r = radialGrid(ngrid, rmax), dr = rmax / (ngrid - 1);
  const w = new Float64Array(ngrid * ngrid);
  const sqrt2pi = Math.sqrt(2 * Math.PI);
  for (let k = 0; k < ngrid; k++) {
    for (let j = 0; j < ngrid; j++) {
      if (sigma > 0) {
        const z = (r[j]! - r[k]!) / sigma;
        w[k * ngrid + j] = Math.exp((-z * z) / 2) / sqrt2pi / sigma;
      } else {
        w[k * ngrid + j] = j === k ? 1 / dr : 0;
      }
    }
  }
  return w;
}

/** The radial grid r_j = j·dr (Å), last point exactly rmax. */
export function radialGrid(ngrid: number, rmax: number): Float64Array {
  const dr = rmax / (ngrid - 1);
  const r = new Float64Array(ngrid);
  for (let j = 0; j < ngrid; j++) r[j] = j * dr;
  r[ngrid - 1] = rmax;
  return r;
}

/** pymatgen's shell factor a_k: 4π r_k², with a_0 = π dr². */
export function shellFactors(ngrid: number, rmax: number): Float64Array {
  const r = radialGrid(ngrid, rmax), dr = rmax / (ngrid - 1);
  const a = new Float64Array(ngrid);
  for (let k = 0; k < ngrid; k++) a[k] = 4 * Math.PI * r[k]! * r[k]!;
  a[0] = Math.PI * dr * dr;
  return a;
}

/**
 * One row of the r–t grid from its summed counts (see the module comment for the formulas).
 *
 * @param selfCounts n_s(k) per bin, summed over origins
 * @param distinctCounts n_d(k) per bin, summed over origins
 * @param origins N_o, the time origins that contributed to this row
 * @param cations N
 * @param density ρ = N/V (Å⁻³)
 * @param weights binWeights(ngrid, rmax, sigma)
 * @param shells shellFactors(ngrid, rmax)
 */
export function normaliseRow(
  selfCounts: Float64Array,
  distinctCounts: Float64Array,
  origins: number,
  cations: number,
  density: number,
  weights: Float64Array,
  shells: Float64Array,
): { self: Float64Array; distinct: Float64Array } {
  const ngrid = shells.length;
  const self = new Float64Array(ngrid), distinct = new Float64Array(ngrid);
  for (let k = 0; k < ngrid; k++) {
    const ns = selfCounts[k]!, nd = distinctCounts[k]!;
    if (ns === 0 && nd === 0) continue;
    const o = k * ngrid;
    for (let j = 0; j < ngrid; j++) {
      // Same order of operations as pymatgen (gaussians / avg_nsteps / N, times the count, / a_k / ρ).
      const g = weights[o + j]! / origins / cations;
      if (ns !== 0) self[j] += g * ns;
      if (nd !== 0) distinct[j] += (g * nd) / shells[k]! / density;
    }
  }
  return { self, distinct };
}
