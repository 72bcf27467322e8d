package org.causalem.bayes;

import org.hipparchus.special.Gamma;

/**
 * A univariate location–scale Student-t distribution (a predictive or a marginal posterior).
 *
 * @param location centre
 * @param scale scale (not the standard deviation)
 * @param degreesOfFreedom ν &gt; 0
 */
public record StudentT(double location, double scale, double degreesOfFreedom) {
  public StudentT {
    if (!(scale > 0)) throw new IllegalArgumentException("scale must be > 0, got " + scale);
    if (!(degreesOfFreedom > 0)) throw new IllegalArgumentException("degreesOfFreedom must be > 0, got " + degreesOfFreedom);
  }

  /** Standard deviation (infinite when ν ≤ 2). */
  public double sd() { return degreesOfFreedom > 2 ? scale * Math.sqrt(degreesOfFreedom / (degreesOfFreedom - 2)) : Double.POSITIVE_INFINITY; }

  public double logDensity(double x) {
    return logNormaliser() - 0.5 * (degreesOfFreedom + 1) * Math.log1p(square((x - location) / scale) / degreesOfFreedom);
  }

  /** The log density at each of {@code xs}: {@link #logDensity} with its normalising constant computed once. */
  public double[] logDensities(double[] xs) {
    double c = logNormaliser();
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) out[i] = c - 0.5 * (degreesOfFreedom + 1) * Math.log1p(square((xs[i] - location) / scale) / degreesOfFreedom);
    return out;
  }

  /** log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log(scale). */
  private double logNormaliser() {
    double nu = degreesOfFreedom;
    return Gamma.logGamma(0.5 * (nu + 1)) - Gamma.logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale);
  }

  private static double square(double z) { return z * z; }

  /** Quantile at probability {@code p} (0 &lt; p &lt; 1; ±∞ at 0 and 1). */
  public double quantile(double p) {
    return location + scale * standardQuantile(p, degreesOfFreedom);
  }

  /**
   * Quantile of the standard Student-t with ν degrees of freedom, to a few ulps: exact for ν = 1 and 2; otherwise
   * Newton's method on the distribution function (the regularised incomplete beta), started from the normal
   * quantile's Cornish–Fisher expansion and kept inside a bracket. A handful of distribution-function evaluations
   * instead of a general root finder's dozens.
   */
  static double standardQuantile(double p, double nu) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability must be within [0, 1], got " + p);
    if (p == 0) return Double.NEGATIVE_INFINITY;
    if (p == 1) return Double.POSITIVE_INFINITY;
    if (p == 0.5) return 0;
    if (p > 0.5) return -standardQuantile(1 - p, nu);    // symmetric; the lower tail keeps p's digits
    if (nu == 1) return -1 / Math.tan(Math.PI * p);
    if (nu == 2) return -Math.sqrt(2 / (4 * p * (1 - p)) - 2);
    double t = Math.min(-1e-300, cornishFisher(NORMAL.inverseCumulativeProbability(p), nu));
    double lo = Double.NEGATIVE_INFINITY;
    double hi = 0;
    double logC = Gamma.logGamma(0.5 * (nu + 1)) - Gamma.logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI);
    for (int it = 0; it < 100; it++) {
      double f = lowerTail(t, nu, p) - p;
      if (f > 0) hi = t;
      else lo = t;
      double density = Math.exp(logC - 0.5 * (nu + 1) * Math.log1p(t * t / nu));
      double next = t - f / density;
      if (!(next > lo && next < hi)) next = Double.isInfinite(lo) ? 2 * Math.min(t, hi) - 1 : 0.5 * (lo + hi);
      if (Math.abs(next - t) <= 1e-15 * Math.abs(t)) return next;
      t = next;
    }
    return t;
  }

  private static final org.hipparchus.distribution.continuous.NormalDistribution NORMAL =
      new org.hipparchus.distribution.continuous.NormalDistribution(0, 1);

  /**
   * P(T ≤ t) for t ≤ 0 near probability {@code p}: ½ I_{ν/(ν+t²)}(ν/2, ½), or ½ (1 − I_{t²/(ν+t²)}(½, ν/2)) when
   * t² &lt; ν and p is not small (the first form's argument, close to 1 there, would lose t's digits; the second's
   * subtraction loses at most three digits from p ≥ 10⁻³).
   */
  private static double lowerTail(double t, double nu, double p) {
    double t2 = t * t;
    if (p >= 1e-3 && t2 < nu) return 0.5 - 0.5 * org.hipparchus.special.Beta.regularizedBeta(t2 / (nu + t2), 0.5, 0.5 * nu);
    return 0.5 * org.hipparchus.special.Beta.regularizedBeta(nu / (nu + t2), 0.5 * nu, 0.5);
  }

  /** The t quantile from the normal one z, expanded in 1/ν to the fourth order (Abramowitz and Stegun 26.7.5). */
  private static double cornishFisher(double z, double nu) {
    double z2 = z * z;
    double g1 = z * (z2 + 1) / 4;
    double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
    double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
    double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
    return z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu;
  }
}
