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
    double nu = degreesOfFreedom;
    double z = (x - location) / scale;
    return Gamma.logGamma(0.5 * (nu + 1)) - Gamma.logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale)
        - 0.5 * (nu + 1) * Math.log1p(z * z / nu);
  }

  /** Quantile at probability {@code p}. */
  public double quantile(double p) {
    return location + scale * new org.hipparchus.distribution.continuous.TDistribution(degreesOfFreedom).inverseCumulativeProbability(p);
  }
}
