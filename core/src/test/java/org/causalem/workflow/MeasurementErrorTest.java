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
      // a: error variance 1 (reliability 1/2), b: 0.25 (0.8), c: 3 (0.25: mostly noise)
      a[i] = ta + rnd.nextGaussian();
      b[i] = tb + 0.5 * rnd.nextGaussian();
      c[i] = tc + Math.sqrt(3) * rnd.nextGaussian();
      aSigma[i] = 1;
      bSigma[i] = 0.5;
      cSigma[i] = Math.sqrt(3);
    }
    List<String> names = List.of("a_px", "b_px", "intensity_A");
    DescriptorTable cells = new DescriptorTable(List.of("a_px", "b_px", "intensity_A", "a_sigma_px", "b_sigma_px", "intensity_A_sigma"),
        List.of("px", "px", "", "px", "px", ""), new double[][] {a, b, c, aSigma, bSigma, cSigma});
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    double[] err = MeasurementError.variances(cells, rows, names);
    assertThat(err).containsExactly(new double[] {1, 0.25, 3}, within(1e-12));
    double[][] corr = MeasurementError.correctedCorrelation(cells.select(names), names, MeasurementError.diagonal(err));
    // observed corr(a, b) = 0.6 / √(2 · 1.25) = 0.379; corrected: the true 0.6
    assertThat(corr[0][1]).isCloseTo(0.6, within(0.01));
    // c's reliability (1/4) is below a half: only a's side is corrected, 0.5 / √(1 · 4) = 0.25
    assertThat(corr[0][2]).isCloseTo(0.25, within(0.01));
  }
}
