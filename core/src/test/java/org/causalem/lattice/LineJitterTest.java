package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LineJitter}'s variogram, AR(1) fit and column-level terms against known answers. */
class LineJitterTest {
  private static final int HALF = 3;
  private static final int LINES = 600;

  /** An AR(1) series of variance v and lag-one correlation rho. */
  private static double[] ar1(double v, double rho, SplittableRandom rnd) {
    double[] j = new double[LINES];
    double innovation = Math.sqrt(v * (1 - rho * rho));
    for (int l = 0; l < LINES; l++) j[l] = l == 0 ? Math.sqrt(v) * rnd.nextGaussian() : rho * j[l - 1] + innovation * rnd.nextGaussian();
    return j;
  }

  /**
   * Line shifts as the image gives them: per column, its lines' offsets less the column's own (unknown) position
   * error, plus independent counting noise of s.d. {@code noise} per line.
   */
  private static double[][] shifts(double[] jitter, double[] y, double noise, SplittableRandom rnd) {
    double[][] s = new double[y.length][2 * HALF + 1];
    for (int i = 0; i < y.length; i++) {
      int y0 = (int) Math.round(y[i]);
      double own = 0.5 * rnd.nextGaussian();
      for (int r = -HALF; r <= HALF; r++) s[i][r + HALF] = jitter[y0 + r] - own + noise * rnd.nextGaussian();
    }
    return s;
  }

  private static double[] columnRows(SplittableRandom rnd) {
    double[] y = new double[6000];
    for (int i = 0; i < y.length; i++) y[i] = HALF + rnd.nextDouble() * (LINES - 2 * HALF - 2);
    return y;
  }

  @Test
  void variogramOfTheLinesIsReadThroughCountingNoiseAndColumnPositions() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[] j = ar1(0.09, 0.7, rnd);
    double[] y = columnRows(rnd);
    double[] gamma = LineJitter.variogram(shifts(j, y, 0.3, rnd), y, LINES, HALF);
    for (int tau = 1; tau <= 2 * HALF; tau++) {
      double g = 0;
      for (int l = 0; l + tau < LINES; l++) g += (j[l + tau] - j[l]) * (j[l + tau] - j[l]);
      g /= 2 * (LINES - tau);
      // counting noise (0.09 px² per line, three times the lag-1 variogram) and the columns' own errors cancel
      assertThat(gamma[tau - 1]).as("γ(%d)", tau).isCloseTo(g, within(0.15 * g));
    }
  }

  @Test
  void noJitterReadsNoneWhateverTheNoise() {
    SplittableRandom rnd = new SplittableRandom(4);
    double[] y = columnRows(rnd);
    double[] gamma = LineJitter.variogram(shifts(new double[LINES], y, 0.3, rnd), y, LINES, HALF);
    for (double g : gamma) assertThat(Math.abs(g)).isLessThan(0.002);
    assertThat(LineJitter.fitAr1(java.util.Arrays.copyOf(gamma, 2 * HALF - 1))[0]).isLessThan(0.003);
  }

  @Test
  void ar1FitRecoversVarianceAndCorrelationFromAnExactVariogram() {
    double[] gamma = new double[5];
    for (int t = 1; t <= 5; t++) gamma[t - 1] = 0.09 * (1 - Math.pow(0.72, t));
    double[] fit = LineJitter.fitAr1(gamma);
    assertThat(fit[0]).isCloseTo(0.09, within(1e-9));
    assertThat(fit[1]).isCloseTo(0.72, within(1e-9));
  }

  @Test
  void independentLinesGiveTheColumnVarianceOfAWeightedMean() {
    double[] w = {0.25, 0.5, 0.25};
    LineJitter lj = new LineJitter(0.09, 0, new double[0], new double[][] {w});
    // σ²·Σw² for independent lines; two columns one line apart share w₀w₁ + w₁w₂ of it
    assertThat(lj.columnVariance(0)).isCloseTo(0.09 * 0.375, within(1e-12));
    double[] k = lj.kernel(0, 4);
    assertThat(k[0]).isEqualTo(1);
    assertThat(k[1]).isCloseTo(0.25 / 0.375, within(1e-12));
    assertThat(k[2]).isCloseTo(0.0625 / 0.375, within(1e-12));
    assertThat(k[3]).isZero();
  }

  @Test
  void aFitWindowNarrowsTheLinesAColumnAverages() {
    // one column of σ 2.2 px, amplitude 150 over 10: without a window its lines' weights have s.d. ≈ 0.85σ; a window
    // of radius 5.4 px leaves no weight beyond it and a narrower band (the outer lines' chords are short)
    double s = 2.2;
    double pq = 1 / (s * s);
    org.causalem.image.FitStatus[] ok = {org.causalem.image.FitStatus.OK};
    org.causalem.image.Columns c = new org.causalem.image.Columns(new double[] {50}, new double[] {50}, new double[] {150},
        new double[] {10}, new double[] {pq}, new double[] {0}, new double[] {pq}, new double[] {0.05}, new double[] {0.05},
        new double[] {1}, new double[] {1}, ok, 1);
    double[] open = LineJitter.rowWeights(c, new int[] {0}, 1, 7, 5, Double.NaN)[0];
    double[] window = LineJitter.rowWeights(c, new int[] {0}, 1, 7, 5, 5.4)[0];
    assertThat(sd(open) / s).isBetween(0.8, 0.9);
    assertThat(sd(window)).isLessThan(0.97 * sd(open));
    assertThat(window[0]).isZero();   // Δy = −7: outside a 5.4 px window
    assertThat(window[7]).isGreaterThan(open[7]);
    assertThat(java.util.Arrays.stream(window).sum()).isCloseTo(1, within(1e-12));
  }

  private static double sd(double[] w) {
    int h = w.length / 2;
    double v = 0;
    for (int k = 0; k < w.length; k++) v += w[k] * (k - h) * (k - h);
    return Math.sqrt(v);
  }

  @Test
  void sharedLinesCalibrateAnUnderestimatedSill() {
    // columns that average their 7 lines with weights w carry J̄ = Σ w J; a model with half the true variance is
    // scaled back by the shared-line differences (J(l) and the columns' own positions cancel, counting noise averages out)
    SplittableRandom rnd = new SplittableRandom(5);
    double[] j = ar1(0.09, 0.7, rnd);
    double[] w = new double[2 * HALF + 1];
    double sw = 0;
    for (int r = -HALF; r <= HALF; r++) sw += w[r + HALF] = Math.exp(-r * r / (2 * 1.5 * 1.5));
    for (int k = 0; k < w.length; k++) w[k] /= sw;
    double[] y = new double[3000];
    double[][] s = new double[y.length][2 * HALF + 1];
    for (int i = 0; i < y.length; i++) {
      y[i] = HALF + rnd.nextInt(LINES - 2 * HALF - 2);
      int y0 = (int) y[i];
      double mean = 0;
      for (int r = -HALF; r <= HALF; r++) mean += w[r + HALF] * j[y0 + r];
      for (int r = -HALF; r <= HALF; r++) s[i][r + HALF] = j[y0 + r] - mean + 0.3 * rnd.nextGaussian();
    }
    LineJitter half = new LineJitter(0.045, 0.7, new double[0], new double[][] {w});
    assertThat(half.sharedLineScale(s, y, new int[y.length], HALF)).isCloseTo(2, within(0.3));
    LineJitter none = new LineJitter(0, 0, new double[0], new double[][] {w});
    assertThat(none.sharedLineScale(s, y, new int[y.length], HALF)).isEqualTo(1);
  }
}
