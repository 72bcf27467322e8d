package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.causalem.data.Image;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;

/** Detection and Gaussian refinement against simulated perovskite images with known column positions. */
class ColumnFindingTest {
  private static final double SIGMA = 2.5;
  private static final double BACKGROUND = 10;
  private static final double READ_NOISE = 1;

  private static PerovskiteSimulator.Simulation perovskite(long seed) {
    HaadfRenderer.Options render = new HaadfRenderer.Options(SIGMA, 150, BACKGROUND, READ_NOISE, 0, 0, 0, true, seed);
    int rows = 12;
    int cols = 12;
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    double[][] dx = new double[rows][cols];
    double[][] dy = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        dx[i][j] = 0.8 * (r.nextDouble() - 0.5);
        dy[i][j] = 0.8 * (r.nextDouble() - 0.5);
      }
    }
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(rows, cols, 24.3, 23.7, render)
        .withDisplacement(dx, dy).withPlacement(28.3, 11.8, 3.0);
    return new PerovskiteSimulator(o).simulate();
  }

  @Test
  void findsEveryColumnOnceAndReachesTheCramerRaoBound() {
    PerovskiteSimulator.Simulation sim = perovskite(7);
    Image image = sim.image();
    Structure truth = sim.structure();
    Detection det = new ColumnDetector(ColumnDetector.Options.defaults()).detect(image);
    double[] sx = Arrays.stream(det.x()).asDoubleStream().toArray();
    double[] sy = Arrays.stream(det.y()).asDoubleStream().toArray();
    Columns cols = new GaussianRefiner(GaussianRefiner.Options.defaults()).refine(image, sx, sy);

    int[] match = matchOneToOne(truth.x(), truth.y(), cols.x(), cols.y(), 3.0);
    int missed = 0;
    for (int m : match) if (m < 0) missed++;
    assertThat(missed).as("true columns without a found column").isZero();
    assertThat(cols.size()).as("found columns (no extras)").isEqualTo(truth.size());
    assertThat(cols.convergedCount()).isEqualTo(cols.size());

    double[] mu = new HaadfRenderer(new HaadfRenderer.Options(SIGMA, 150, BACKGROUND, READ_NOISE, 0, 0, 0, false, 0))
        .expected(truth, image.width(), image.height());
    double se = 0;
    double bound = 0;
    double reportedVar = 0;
    for (int i = 0; i < truth.size(); i++) {
      int j = match[i];
      double ex = cols.x()[j] - truth.x()[i];
      double ey = cols.y()[j] - truth.y()[i];
      se += (ex * ex + ey * ey) / 2;
      double[] crlb = cramerRao(mu, image.width(), image.height(), truth.x()[i], truth.y()[i], 150 * truth.intensity()[i]);
      bound += (crlb[0] + crlb[1]) / 2;
      reportedVar += (cols.xErrPx()[j] * cols.xErrPx()[j] + cols.yErrPx()[j] * cols.yErrPx()[j]) / 2;
    }
    double rms = Math.sqrt(se / truth.size());
    double crlb = Math.sqrt(bound / truth.size());
    assertThat(crlb).isBetween(0.02, 0.06);
    assertThat(rms / crlb).as("RMS error / CRLB (rms %.4f px, crlb %.4f px)", rms, crlb).isLessThanOrEqualTo(1.2);
    // the reported Fisher uncertainty agrees with the bound
    assertThat(Math.sqrt(reportedVar / truth.size()) / crlb).isBetween(0.85, 1.2);
  }

  /**
   * Cramér–Rao bound (variances of x0, y0) of a round Gaussian column of known width on the expected
   * image {@code mu} with Poisson noise plus Gaussian read noise: the inverse of the Fisher information
   * for (x0, y0, amplitude, background), summed over pixels within 6σ.
   */
  static double[] cramerRao(double[] mu, int w, int h, double x0, double y0, double amp) {
    double[][] f = new double[4][4];
    int r = (int) Math.ceil(6 * SIGMA);
    for (int y = Math.max(0, (int) y0 - r); y <= Math.min(h - 1, (int) y0 + r); y++) {
      for (int x = Math.max(0, (int) x0 - r); x <= Math.min(w - 1, (int) x0 + r); x++) {
        double dx = x - x0;
        double dy = y - y0;
        double e = Math.exp(-(dx * dx + dy * dy) / (2 * SIGMA * SIGMA));
        double[] g = {amp * e * dx / (SIGMA * SIGMA), amp * e * dy / (SIGMA * SIGMA), e, 1};
        double var = mu[y * w + x] + READ_NOISE * READ_NOISE;
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) f[a][b] += g[a] * g[b] / var;
      }
    }
    org.ejml.simple.SimpleMatrix inv = new org.ejml.simple.SimpleMatrix(f).invert();
    return new double[] {inv.get(0, 0), inv.get(1, 1)};
  }

  /** For each true point, the index of its found point (mutual nearest within tol), or -1. */
  static int[] matchOneToOne(double[] tx, double[] ty, double[] fx, double[] fy, double tol) {
    int[] m = new int[tx.length];
    PointGrid g = new PointGrid(fx, fy, tol);
    PointGrid gt = new PointGrid(tx, ty, tol);
    int[] buf = new int[8];
    int[] cnt = new int[1];
    for (int i = 0; i < tx.length; i++) {
      m[i] = nearest(g, fx, fy, tx[i], ty[i], tol, buf, cnt);
      if (m[i] >= 0 && nearest(gt, tx, ty, fx[m[i]], fy[m[i]], tol, buf, cnt) != i) m[i] = -1;
    }
    return m;
  }

  private static int nearest(PointGrid g, double[] x, double[] y, double px, double py, double tol, int[] buf, int[] cnt) {
    buf = g.within(px, py, tol, buf, cnt);
    int best = -1;
    double bd = Double.POSITIVE_INFINITY;
    for (int k = 0; k < cnt[0]; k++) {
      double d = Math.hypot(x[buf[k]] - px, y[buf[k]] - py);
      if (d < bd) {
        bd = d;
        best = buf[k];
      }
    }
    return best;
  }
}
