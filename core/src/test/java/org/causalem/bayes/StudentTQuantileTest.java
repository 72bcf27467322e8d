package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.distribution.continuous.TDistribution;
import org.junit.jupiter.api.Test;

class StudentTQuantileTest {
  private static final double[] PS = {1e-12, 1e-6, 0.001, 0.01, 0.025, 0.1, 0.3, 0.4999, 0.5, 0.6, 0.9, 0.975, 0.999, 1 - 1e-9};
  private static final double[] NUS = {1, 1.5, 2, 2.5, 3, 4.7, 7, 12, 30, 117, 1000, 1e5};

  /** The distribution function at the quantile gives back p, to the accuracy of the incomplete beta function. */
  @Test
  void theDistributionFunctionAtTheQuantileIsP() {
    for (double nu : NUS) {
      TDistribution t = new TDistribution(nu);
      for (double p : PS) {
        double q = StudentT.standardQuantile(p, nu);
        double tail = Math.min(p, 1 - p);
        assertThat(Math.signum(q)).as("sign, ν %s, p %s", nu, p).isEqualTo(Math.signum(p - 0.5));
        if (nu < 1e5) {   // hipparchus' distribution function loses t's digits there (its argument ν/(ν+t²) is near 1)
          assertThat(t.cumulativeProbability(-Math.abs(q))).as("ν %s, p %s", nu, p).isCloseTo(tail, within(2e-11 * tail));
        }
      }
    }
  }

  /** Known values: the Cauchy (ν = 1), ν = 2 in closed form, and points computed with mpmath at 40 digits
   * (the root of its regularised incomplete beta; SciPy 1.10's t.ppf is off by 1e-9 at ν = 5). */
  @Test
  void knownValues() {
    assertThat(StudentT.standardQuantile(0.975, 1)).isCloseTo(Math.tan(Math.PI * 0.475), within(1e-12));
    assertThat(StudentT.standardQuantile(0.9, 2)).isCloseTo(0.8 / Math.sqrt(2 * 0.9 * 0.1), within(1e-14));
    assertThat(StudentT.standardQuantile(0.975, 5)).isCloseTo(2.5705818356363155, within(1e-13));
    assertThat(StudentT.standardQuantile(0.975, 10)).isCloseTo(2.2281388519862747, within(1e-13));
    assertThat(StudentT.standardQuantile(0.995, 30)).isCloseTo(2.7499956535672253, within(1e-13));
    assertThat(StudentT.standardQuantile(0.975, 1e5)).isCloseTo(1.9599877075346096, within(1e-10));   // the incomplete beta at b = 5·10⁴: ≈ 1e-11
    assertThat(StudentT.standardQuantile(0.5, 3)).isZero();
    assertThat(StudentT.standardQuantile(0, 3)).isInfinite();
  }

  /** Within the general root finder's accuracy of what it gave before (the credible intervals of bayes.json). */
  @Test
  void agreesWithTheGeneralRootFinder() {
    for (double nu : NUS) {
      TDistribution t = new TDistribution(nu);
      for (double p : new double[] {0.001, 0.025, 0.2, 0.975, 0.999}) {
        assertThat(StudentT.standardQuantile(p, nu)).as("ν %s, p %s", nu, p).isCloseTo(t.inverseCumulativeProbability(p), within(1e-8));
      }
    }
  }
}
