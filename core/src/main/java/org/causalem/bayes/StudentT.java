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

  /** Quantile at probability {@code p}. */
  public double quantile(double p) {
    return location + scale * new org.hipparchus.distribution.continuous.TDistribution(degreesOfFreedom).inverseCumulativeProbability(p);
  }
}
