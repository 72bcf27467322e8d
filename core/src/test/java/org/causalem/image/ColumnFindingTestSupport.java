package org.causalem.image;

/** Matching found columns to true ones in tests. */
public final class ColumnFindingTestSupport {
  private ColumnFindingTestSupport() {}

  /** For each true point, the index of its found point (mutual nearest within tol), or -1. */
  public static int[] matchOneToOne(double[] tx, double[] ty, double[] fx, double[] fy, double tol) {
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

  /**
   * Cramér–Rao bound (variances of x0, y0) of a round Gaussian column of known width on the expected
   * image {@code mu} with Poisson noise plus Gaussian read noise: the inverse of the Fisher information
   * for (x0, y0, amplitude, background), summed over pixels within 6σ.
   */
  public static double[] cramerRao(double[] mu, int w, int h, double x0, double y0, double amp, double sigma, double readNoise) {
    double[][] f = new double[4][4];
    int r = (int) Math.ceil(6 * sigma);
    for (int y = Math.max(0, (int) y0 - r); y <= Math.min(h - 1, (int) y0 + r); y++) {
      for (int x = Math.max(0, (int) x0 - r); x <= Math.min(w - 1, (int) x0 + r); x++) {
        double dx = x - x0;
        double dy = y - y0;
        double e = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        double[] g = {amp * e * dx / (sigma * sigma), amp * e * dy / (sigma * sigma), e, 1};
        double var = mu[y * w + x] + readNoise * readNoise;
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) f[a][b] += g[a] * g[b] / var;
      }
    }
    org.ejml.simple.SimpleMatrix inv = new org.ejml.simple.SimpleMatrix(f).invert();
    return new double[] {inv.get(0, 0), inv.get(1, 1)};
  }}
