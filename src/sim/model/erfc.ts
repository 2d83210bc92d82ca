/**
 * Complementary error function erfc(x) = 1 − erf(x) for real x, to ≈ 1e-14 relative accuracy
 * on the range Ewald sums use (0 ≤ x ≤ 6), written for this project (JavaScript has none).
 *
 * - x < 2.5: erf from the all-positive series erf x = (2/√π) e^{−x²} Σ_n (2x²)ⁿ x / (2n+1)!!
 *   (no cancellation; erfc = 1 − erf then keeps ≥ 12 significant digits since erfc(2.5) ≈ 4e-4);
 * - x ≥ 2.5: the continued fraction erfc x = (x e^{−x²}/√π) · 1/(x² + ½/(1 + 1/(x² + (3/2)/(1 + 2/(x² + …)))))
 *   evaluated bottom-up at a fixed depth (converges fast for large x).
 * Negative x uses erfc(−x) = 2 − erfc(x).
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  const x2 = x * x;
  if (x < 2.5) {
    let term = x, sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0;
  // Continued fraction K = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), erfc = e^{−x²}/√π · K.
  let t = x;
  for (let n = 60; n >= 1; n--) t = x + n / 2 / t;
  return Math.exp(-x2) / Math.sqrt(Math.PI) / t;
}
