package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/** The errors-in-variables correlation against a known true correlation. */
class MeasurementErrorTest {
  @Test
  void correctionRecoversTheTrueCorrelationAndSparesNoiseDominatedDescriptors() {
    int n = 200_000;
    SplittableRandom rnd = new SplittableRandom(3);
    double[] a = new double[n];
    double[] b = new double[n];
    double[] c = new double[n];
    double[] aSigma = new double[n];
    double[] bSigma = new double[n];
    double[] cSigma = new double[n];
    for (int i = 0; i < n; i++) {
      double ta = rnd.nextGaussian();
      double tb = 0.6 * ta + 0.8 * rnd.nextGaussian();   // true corr(a, b) = 0.6, unit variances
      double tc = 0.5 * ta + Math.sqrt(0.75) * rnd.nextGaussian();
      // a: error variance 0.5 (reliability 2/3), b: 0.25 (0.8), c: 3 (0.25: mostly noise)
      a[i] = ta + Math.sqrt(0.5) * rnd.nextGaussian();
      b[i] = tb + 0.5 * rnd.nextGaussian();
      c[i] = tc + Math.sqrt(3) * rnd.nextGaussian();
      aSigma[i] = Math.sqrt(0.5);
      bSigma[i] = 0.5;
      cSigma[i] = Math.sqrt(3);
    }
    List<String> names = List.of("a_px", "b_px", "intensity_A");
    DescriptorTable cells = new DescriptorTable(List.of("a_px", "b_px", "intensity_A", "a_sigma_px", "b_sigma_px", "intensity_A_sigma"),
        List.of("px", "px", "", "px", "px", ""), new double[][] {a, b, c, aSigma, bSigma, cSigma});
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    double[] err = MeasurementError.variances(cells, rows, names);
    assertThat(err).containsExactly(new double[] {0.5, 0.25, 3}, within(1e-12));
    double[][] corr = MeasurementError.correctedCorrelation(cells.select(names), names, MeasurementError.diagonal(err));
    // observed corr(a, b) = 0.6 / √(1.5 · 1.25) = 0.438; corrected: the true 0.6
    assertThat(corr[0][1]).isCloseTo(0.6, within(0.01));
    // c's reliability (1/4) is below the threshold: only a's side is corrected, 0.5 / √(1 · 4) = 0.25
    assertThat(corr[0][2]).isCloseTo(0.25, within(0.01));
  }

  /** Two independent true descriptors whose errors are shared: the errcov column takes the spurious correlation out. */
  @Test
  void sharedErrorsCorrelateNothingOnceTheirCovarianceIsRemoved() {
    int n = 200_000;
    SplittableRandom rnd = new SplittableRandom(5);
    double[] a = new double[n];
    double[] g = new double[n];
    double[] cov = new double[n];
    double[] var = new double[n];
    for (int i = 0; i < n; i++) {
      double shared = rnd.nextGaussian();
      // true a and gamma independent, unit variance; errors 0.6·shared + 0.3·own each: covariance 0.36, variance 0.45
      a[i] = rnd.nextGaussian() + 0.6 * shared + 0.3 * rnd.nextGaussian();
      g[i] = rnd.nextGaussian() + 0.6 * shared + 0.3 * rnd.nextGaussian();
      cov[i] = 0.36;
      var[i] = 0.45;
    }
    List<String> names = List.of("a_px", "gamma_deg");
    DescriptorTable cells = new DescriptorTable(List.of("a_px", "gamma_deg", "errcov_a_px_a_px", "errcov_a_px_gamma_deg",
        "errcov_gamma_deg_gamma_deg"), List.of("px", "deg", "", "", ""), new double[][] {a, g, var, cov, var});
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    double[][] err = MeasurementError.covariance(cells, rows, names);
    assertThat(err[0][1]).isCloseTo(0.36, within(1e-9));
    assertThat(err[1][1]).isCloseTo(0.45, within(1e-9));
    // observed: 0.36 / 1.45 = 0.248; corrected: 0
    assertThat(MeasurementError.correctedCorrelation(cells.select(names), names, MeasurementError.diagonal(new double[] {0.45, 0.45}))[0][1])
        .isCloseTo(0.36 / 1.0, within(0.02));
    assertThat(MeasurementError.correctedCorrelation(cells.select(names), names, err)[0][1]).isCloseTo(0, within(0.01));
  }

  /**
   * Independent true a_px and gamma_deg, with b_px truly correlated with a_px (0.5) and sharing an error with
   * gamma_deg whose covariance is over-stated (0.5 reported, 0.36 real). Subtracting it in full reverses the
   * b_px – gamma_deg correlation (observed +0.26, corrected -0.14) and, through b_px, makes a_px and gamma_deg
   * partially correlated (0.08, p far below 1e-6 at 20 000 cells): a false dependence. The reversal is truncated at 0, so
   * they stay independent; an error covariance of the sign opposite to the observed one is removed in full.
   */
  @Test
  void anOverStatedErrorCovarianceNeverMakesIndependentDescriptorsDependent() {
    int n = 20_000;
    SplittableRandom rnd = new SplittableRandom(11);
    double[] a = new double[n];
    double[] b = new double[n];
    double[] g = new double[n];
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      double ta = rnd.nextGaussian();
      double tb = 0.5 * ta + Math.sqrt(0.75) * rnd.nextGaussian();
      double tc = 0.5 * tb + Math.sqrt(0.75) * rnd.nextGaussian();
      double shared = rnd.nextGaussian();
      a[i] = ta;
      b[i] = tb + 0.6 * shared;                   // error variance 0.36
      g[i] = rnd.nextGaussian() + 0.6 * shared;   // independent of a and of b's true part
      c[i] = tc - 0.6 * shared;                   // errors masking c's true covariance with b (0.5 - 0.36)
    }
    List<String> names = List.of("a_px", "b_px", "gamma_deg", "polarization_x_px");
    DescriptorTable t = new DescriptorTable(names, List.of("px", "px", "deg", "px"), new double[][] {a, b, g, c});
    double[][] err = {{0, 0, 0, 0}, {0, 0.36, 0.5, -0.36}, {0, 0.5, 0.36, 0}, {0, -0.36, 0, 0.36}};
    double[][] corr = MeasurementError.correctedCorrelation(t, names, err);
    assertThat(corr[1][2]).isEqualTo(0.0);
    org.causalem.causal.FisherZTest fz = new org.causalem.causal.FisherZTest(names, corr, n, 0.01);
    assertThat(fz.pValue(0, 2, new int[] {1})).isGreaterThan(0.01);
    assertThat(Math.abs(fz.partialCorrelation(0, 2, new int[] {1}))).isLessThan(0.02);
    // without the truncation: the false dependence this guards against
    double[][] naive = MeasurementError.correctedCorrelation(t, names, err);
    double covBg = covariance(b, g);
    naive[1][2] = naive[2][1] = (covBg - 0.5) / Math.sqrt((variance(b) - 0.36) * (variance(g) - 0.36));
    org.causalem.causal.FisherZTest naiveTest = new org.causalem.causal.FisherZTest(names, naive, n, 0.01);
    assertThat(naive[1][2]).isLessThan(-0.1);
    assertThat(naiveTest.pValue(0, 2, new int[] {1})).isLessThan(1e-6);
    // the masking error is removed in full: b_px – polarization_x_px back to the true 0.5 / (1 · 1)
    assertThat(corr[1][3]).isCloseTo(0.5, within(0.03));
  }

  private static double covariance(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double s = 0;
    for (int i = 0; i < x.length; i++) s += (x[i] - mx) * (y[i] - my);
    return s / (x.length - 1);
  }

  private static double variance(double[] x) { return covariance(x, x); }
}
