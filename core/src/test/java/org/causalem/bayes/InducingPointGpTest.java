package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InducingPointGpTest {
  /** A smooth 2-D field on a w × w grid, measured with 1 % noise at n random cells. */
  private static double[][][] data(int w, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] blobs = new double[w * w / 40][];
    for (int b = 0; b < blobs.length; b++) blobs[b] = new double[] {rng.nextDouble() * w, rng.nextDouble() * w, 3 + 3 * rng.nextDouble(), rng.nextBoolean() ? 1 : -1};
    double[][] grid = new double[w * w][];
    double[] truth = new double[w * w];
    for (int y = 0; y < w; y++) for (int x = 0; x < w; x++) {
      grid[y * w + x] = new double[] {x, y};
      for (double[] b : blobs) truth[y * w + x] += b[3] * Math.exp(-0.5 * ((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (b[2] * b[2]));
    }
    double[][] x = new double[n][];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(w * w);
      x[i] = grid[c];
      v[i] = truth[c] + 0.01 * rng.nextGaussian();
    }
    return new double[][][] {grid, x, {v}, {truth}};
  }

  @Test
  void withAllTrainingPointsInducingItIsTheExactGp() {
    double[][][] d = data(20, 120, 3);
    double[][] grid = d[0];
    GpModel exact = GaussianProcess.fit(d[1], d[2][0], GaussianProcess.Options.defaults(1));
    double mean = java.util.Arrays.stream(d[2][0]).average().orElseThrow();
    // the exact GP centres y at its mean (zero-mean GP on centred data): same offset here
    InducingPointGp full = InducingPointGp.fit(d[1], d[2][0], Kernel.MATERN52, exact.signalSd(), exact.lengthScales(), exact.noiseSd(), mean, 1000);
    GpPrediction a = exact.predict(grid);
    GpPrediction b = full.predict(grid);
    for (int i = 0; i < grid.length; i++) {
      assertThat(b.mean()[i]).isCloseTo(a.mean()[i], org.assertj.core.data.Offset.offset(2e-3 * exact.signalSd()));
      assertThat(b.latentSd()[i]).isCloseTo(a.latentSd()[i], org.assertj.core.data.Offset.offset(2e-3 * exact.signalSd()));
    }
  }

  @Test
  void fewInducingPointsStayCloseToTheExactGpOnADenseScan() {
    // 600 measurements of a 40 × 40 scan: exact (M = n) against M = 200 and M = 100 inducing points
    // (measured: M = 300 of 1 000 on 50 × 50: RMS mean difference 0.8 % of the field's sd; M = 150: 2.5 %)
    double[][][] d = data(40, 600, 5);
    double[][] grid = d[0];
    double[] y = d[2][0];
    double mean = java.util.Arrays.stream(y).average().orElseThrow();
    int[] sub = new int[200];
    for (int i = 0; i < sub.length; i++) sub[i] = i * 3;
    double[][] xs = new double[sub.length][];
    double[] ys = new double[sub.length];
    for (int i = 0; i < sub.length; i++) {
      xs[i] = d[1][sub[i]];
      ys[i] = y[sub[i]];
    }
    GpModel h = GaussianProcess.fit(xs, ys, GaussianProcess.Options.defaults(1));
    GpPrediction exact = InducingPointGp.fit(d[1], y, Kernel.MATERN52, h.signalSd(), h.lengthScales(), h.noiseSd(), mean, 600).predict(grid);
    double truthSd = sd(d[3][0]);
    double exactErr = rms(exact.mean(), d[3][0]);
    for (int m : new int[] {200, 100}) {
      InducingPointGp gp = InducingPointGp.fit(d[1], y, Kernel.MATERN52, h.signalSd(), h.lengthScales(), h.noiseSd(), mean, m);
      assertThat(gp.inducingPoints()).isEqualTo(m);
      GpPrediction p = gp.predict(grid);
      double dMean = rms(p.mean(), exact.mean()) / truthSd;
      double err = rms(p.mean(), d[3][0]);
      double dSd = rms(p.latentSd(), exact.latentSd()) / h.signalSd();
      System.out.printf("M = %d: RMS mean difference %.4f of the field's sd, RMS sd difference %.4f of the signal sd; error vs truth %.4f (exact %.4f)%n",
          m, dMean, dSd, err / truthSd, exactErr / truthSd);
      assertThat(dMean).as("M = " + m).isLessThan(m == 200 ? 0.05 : 0.15);
      assertThat(dSd).as("M = " + m).isLessThan(m == 200 ? 0.05 : 0.15);
      assertThat(err).as("M = " + m).isLessThan(exactErr + (m == 200 ? 0.05 : 0.15) * truthSd);
    }
  }

  private static double rms(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return Math.sqrt(s / a.length);
  }

  private static double sd(double[] v) {
    double m = java.util.Arrays.stream(v).average().orElseThrow();
    double s = 0;
    for (double a : v) s += (a - m) * (a - m);
    return Math.sqrt(s / v.length);
  }

  @Test
  void posteriorCovarianceMatchesTheExactGpByConditioning() {
    // the latent covariance of the exact GP: K** − K*n (Knn + σ²I)⁻¹ Kn*, computed here directly; and its diagonal is predict's variance
    double[][][] d = data(12, 40, 7);
    double[][] x = d[1];
    double[] y = d[2][0];
    double sf = 0.8;
    double[] ls = {3, 4};
    double sn = 0.05;
    InducingPointGp gp = InducingPointGp.fit(x, y, Kernel.MATERN52, sf, ls, sn, 0, 100);
    double[][] p = {{0.5, 1}, {5, 5}, {5.5, 6}, {11, 2}};
    double[] cov = gp.covariance(p);
    int n = x.length;
    double[] knn = new double[n * n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) knn[i * n + j] = k(x[i], x[j], sf, ls) + (i == j ? sn * sn + 1e-6 * sf * sf : 0);
    org.causalem.numeric.Cholesky c = org.causalem.numeric.Cholesky.of(knn, n);
    GpPrediction pr = gp.predict(p);
    for (int a = 0; a < p.length; a++) {
      double[] ka = new double[n];
      for (int i = 0; i < n; i++) ka[i] = k(p[a], x[i], sf, ls);
      double[] sol = c.solve(ka);
      for (int b = 0; b < p.length; b++) {
        double v = k(p[a], p[b], sf, ls);
        for (int i = 0; i < n; i++) v -= k(p[b], x[i], sf, ls) * sol[i];
        assertThat(cov[a * p.length + b]).as("cov(%d, %d)", a, b).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-4));
      }
      assertThat(Math.sqrt(cov[a * p.length + a])).isCloseTo(pr.latentSd()[a], org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  private static double k(double[] a, double[] b, double sf, double[] ls) {
    double r2 = 0;
    for (int q = 0; q < a.length; q++) r2 += (a[q] - b[q]) * (a[q] - b[q]) / (ls[q] * ls[q]);
    double s = Math.sqrt(5 * r2);
    return sf * sf * (1 + s + 5 * r2 / 3) * Math.exp(-s);
  }
}
