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

  /** Columns of a short image (300 lines, 600 columns spread in x and y, as the demo's), lines offset by {@code j}. */
  private static double[][] scene(double[] j, int lines, int columns, double noise, SplittableRandom rnd, double[] x, double[] y) {
    for (int i = 0; i < columns; i++) {
      x[i] = 1000 * rnd.nextDouble();
      y[i] = HALF + rnd.nextDouble() * (lines - 2 * HALF - 2);
    }
    return shifts(j, y, noise, rnd);
  }

  private static double[] realisedVariogram(double[] j, int lines, int lags) {
    double[] g = new double[lags];
    for (int tau = 1; tau <= lags; tau++) {
      for (int l = 0; l + tau < lines; l++) g[tau - 1] += (j[l + tau] - j[l]) * (j[l + tau] - j[l]);
      g[tau - 1] /= 2 * (lines - tau);
    }
    return g;
  }

  @Test
  void chainedColumnsReadTheVariogramBeyondOneColumn() {
    // a column reads 2H + 1 = 7 lines; chained through the columns that overlap them, γ is read out to 12 lines
    // through counting noise (0.3 px per line) and the columns' own positions
    SplittableRandom rnd = new SplittableRandom(6);
    double[] j = ar1(0.09, 0.72, rnd);
    double[] x = new double[3000];
    double[] y = new double[3000];
    double[][] s = scene(j, LINES, x.length, 0.3, rnd, x, y);
    double[] gamma = LineJitter.chainedVariogram(s, x, y, new int[x.length], LINES, HALF, LineJitter.CHAINED_LAGS);
    double[] truth = realisedVariogram(j, LINES, LineJitter.CHAINED_LAGS);
    for (int t = 0; t < gamma.length; t++) assertThat(gamma[t]).as("γ(%d)", t + 1).isCloseTo(truth[t], within(0.1 * truth[t]));
  }

  @Test
  void lagOneCorrelationIsUnbiasedOverSeeds() {
    // 20 short images of an AR(1) jitter of correlation 0.72: the fit to the chained variogram against the process and
    // each image's realised lag-one correlation (mean 0.722, s.d. 0.061, r.m.s. 0.058 about the realised); the fit to
    // the lags inside a column alone is biased (mean 0.777, s.d. 0.085, r.m.s. 0.101)
    int seeds = 20;
    double[] est = new double[seeds];
    double[] dev = new double[seeds];
    double[] inside = new double[seeds];
    double[] insideDev = new double[seeds];
    for (int k = 0; k < seeds; k++) {
      SplittableRandom rnd = new SplittableRandom(100 + k);
      double[] j = java.util.Arrays.copyOf(ar1(0.09, 0.72, rnd), 300);
      double[] x = new double[600];
      double[] y = new double[600];
      double[][] s = scene(j, 300, x.length, 0.3, rnd, x, y);
      est[k] = LineJitter.fitAr1(LineJitter.chainedVariogram(s, x, y, new int[x.length], 300, HALF, LineJitter.CHAINED_LAGS))[1];
      dev[k] = est[k] - lagOne(j);
      inside[k] = LineJitter.fitAr1(java.util.Arrays.copyOf(LineJitter.variogram(s, y, 300, HALF), 2 * HALF - 1))[1];
      insideDev[k] = inside[k] - lagOne(j);
    }
    System.out.printf("lag-one over %d seeds: chained mean %.3f s.d. %.3f rms about realised %.3f; inside one column mean %.3f s.d. %.3f rms %.3f%n",
        seeds, mean(est), sd(est, mean(est)), sd(dev, 0), mean(inside), sd(inside, mean(inside)), sd(insideDev, 0));
    assertThat(mean(est)).as("mean ρ over seeds").isCloseTo(0.72, within(0.03));
    assertThat(sd(est, mean(est))).as("s.d. of ρ over seeds").isLessThan(0.08);
    assertThat(sd(dev, 0)).as("r.m.s. of ρ about each image's realised lag-one correlation").isLessThan(0.07)
        .isLessThan(0.75 * sd(insideDev, 0));
    assertThat(mean(inside)).as("the lags inside a column alone overestimate ρ").isGreaterThan(0.75);
  }

  @Test
  void rowsThatShareNoLineAreNotChained() {
    // a lattice aligned with the scan: rows of columns 16 lines apart, each reading 7 lines: no lag beyond 2H is seen
    SplittableRandom rnd = new SplittableRandom(7);
    double[] j = ar1(0.09, 0.72, rnd);
    double[] x = new double[1000];
    double[] y = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1000 * rnd.nextDouble();
      y[i] = 10 + 16 * rnd.nextInt(35);
    }
    double[] gamma = LineJitter.chainedVariogram(shifts(j, y, 0.3, rnd), x, y, new int[x.length], LINES, HALF, LineJitter.CHAINED_LAGS);
    double[] truth = realisedVariogram(j, LINES, 2 * HALF);
    for (int t = 0; t < 2 * HALF - 1; t++) assertThat(gamma[t]).as("γ(%d)", t + 1).isCloseTo(truth[t], within(0.25 * truth[t]));
    for (int t = 2 * HALF; t < gamma.length; t++) assertThat(gamma[t]).as("γ(%d)", t + 1).isNaN();
  }

  @Test
  void halvesThatSeeOppositeOffsetsAreNotChained() {
    // a line-wise change of x scale moves the left and right halves of a line in opposite directions: inside a column
    // it looks like jitter, but the halves' chained products are negative, and the chain is not trusted
    // (SI-Survey_Image: −0.0009 px² at lag 1 chained, 0.0066 inside the columns); here a weak whole-line jitter and a
    // strong line-wise scale change
    SplittableRandom rnd = new SplittableRandom(9);
    double[] j = ar1(0.01, 0.72, rnd);
    double[] scale = ar1(0.09, 0.72, rnd);
    double[] x = new double[3000];
    double[] y = new double[3000];
    double[][] s = scene(j, LINES, x.length, 0.3, rnd, x, y);
    for (int i = 0; i < x.length; i++) {
      int y0 = (int) Math.round(y[i]);
      for (int r = -HALF; r <= HALF; r++) s[i][r + HALF] += (x[i] - 500) / 500 * scale[y0 + r];
    }
    double[] chained = LineJitter.chainedVariogram(s, x, y, new int[x.length], LINES, HALF, LineJitter.CHAINED_LAGS);
    double[] inside = java.util.Arrays.copyOf(LineJitter.variogram(s, y, LINES, HALF), 2 * HALF - 1);
    assertThat(chained[0]).isNegative();
    assertThat(inside[0]).isPositive();
    assertThat(LineJitter.chainAgrees(chained, inside, HALF)).isFalse();
    // a whole-line jitter passes
    double[][] whole = scene(scale, LINES, x.length, 0.3, rnd, x, y);
    assertThat(LineJitter.chainAgrees(LineJitter.chainedVariogram(whole, x, y, new int[x.length], LINES, HALF, LineJitter.CHAINED_LAGS),
        java.util.Arrays.copyOf(LineJitter.variogram(whole, y, LINES, HALF), 2 * HALF - 1), HALF)).isTrue();
  }

  @Test
  void bandSolveMatchesTheDenseSolution() {
    // a random symmetric positive definite band matrix (half-width 2) and its solution checked by multiplication
    SplittableRandom rnd = new SplittableRandom(8);
    int n = 9;
    int bw = 2;
    double[][] band = new double[n][bw + 1];
    for (int i = 0; i < n; i++) {
      band[i][0] = 5 + rnd.nextDouble();
      for (int k = 1; k <= Math.min(bw, i); k++) band[i][k] = rnd.nextDouble() - 0.5;
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
    double[] x = LineJitter.bandCholeskySolve(band, b, bw);
    for (int i = 0; i < n; i++) {
      double ax = 0;
      for (int c = Math.max(0, i - bw); c <= Math.min(n - 1, i + bw); c++) ax += (c <= i ? band[i][i - c] : band[c][c - i]) * x[c];
      assertThat(ax).as("row %d", i).isCloseTo(b[i], within(1e-12));
    }
  }

  private static double lagOne(double[] j) { return PositionCalibrationDemoRun.realisedLagOne(j); }

  private static double mean(double[] v) { return java.util.Arrays.stream(v).average().orElse(Double.NaN); }

  private static double sd(double[] v, double about) {
    double s = 0;
    for (double d : v) s += (d - about) * (d - about);
    return Math.sqrt(s / v.length);
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
