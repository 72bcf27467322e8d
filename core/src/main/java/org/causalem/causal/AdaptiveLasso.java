package org.causalem.causal;

import org.causalem.numeric.LeastSquares;

/**
 * Adaptive lasso (Zou 2006) of y on xs, on the covariance (Gram) form so the cost does not grow with the
 * number of rows: weights {@code |b_OLS|^γ}, coordinate descent along a geometric λ path with warm
 * starts, λ chosen by BIC, then the selected regressors refit by least squares (package-private).
 */
final class AdaptiveLasso {
  private static final int PATH = 60;
  private static final double GAMMA = 1.0;

  private AdaptiveLasso() {}

  /**
   * @param cov covariance matrix (divisor n) of all variables
   * @param n sample size
   * @return coefficients of y on xs, zeros where not selected
   */
  static double[] fit(double[][] cov, int n, int y, int[] xs) {
    int k = xs.length;
    if (k == 0) return new double[0];
    double[] ols = LeastSquares.coefficients(cov, y, xs);
    double[] w = new double[k];
    for (int i = 0; i < k; i++) w[i] = Math.pow(Math.abs(ols[i]), GAMMA);
    // weighted Gram: g[a][b] = w_a w_b cov, c[a] = w_a cov(x_a, y)
    double[][] g = new double[k][k];
    double[] c = new double[k];
    for (int a = 0; a < k; a++) {
      c[a] = w[a] * cov[xs[a]][y];
      for (int b = 0; b < k; b++) g[a][b] = w[a] * w[b] * cov[xs[a]][xs[b]];
    }
    double lambdaMax = 0;
    for (int a = 0; a < k; a++) lambdaMax = Math.max(lambdaMax, Math.abs(c[a]));
    double vy = cov[y][y];
    double[] theta = new double[k];
    boolean[] best = new boolean[k];
    double bestBic = bic(vy, n, 0);
    if (lambdaMax > 0) {
      double ratio = Math.pow(1e-4, 1.0 / (PATH - 1));
      double lambda = lambdaMax;
      for (int step = 0; step < PATH; step++) {
        descend(g, c, theta, lambda);
        int df = 0;
        for (double t : theta) if (t != 0) df++;
        double rss = vy;
        for (int a = 0; a < k; a++) {
          if (theta[a] == 0) continue;
          rss -= 2 * theta[a] * c[a];
          for (int b = 0; b < k; b++) rss += theta[a] * g[a][b] * theta[b];
        }
        double score = bic(rss, n, df);
        if (score < bestBic - 1e-12) {
          bestBic = score;
          for (int a = 0; a < k; a++) best[a] = theta[a] != 0;
        }
        lambda *= ratio;
      }
    }
    int m = 0;
    for (boolean b : best) if (b) m++;
    int[] sel = new int[m];
    int[] pos = new int[m];
    m = 0;
    for (int a = 0; a < k; a++) if (best[a]) {
      sel[m] = xs[a];
      pos[m++] = a;
    }
    double[] refit = LeastSquares.coefficients(cov, y, sel);
    double[] out = new double[k];
    for (int i = 0; i < m; i++) out[pos[i]] = refit[i];
    return out;
  }

  private static double bic(double residualVariance, int n, int df) {
    return n * Math.log(Math.max(residualVariance, 1e-300)) + df * Math.log(n);
  }

  private static void descend(double[][] g, double[] c, double[] theta, double lambda) {
    int k = c.length;
    for (int sweep = 0; sweep < 1000; sweep++) {
      double maxChange = 0;
      double scale = 0;
      for (int a = 0; a < k; a++) {
        if (g[a][a] <= 0) {
          theta[a] = 0;
          continue;
        }
        double r = c[a];
        for (int b = 0; b < k; b++) if (b != a) r -= g[a][b] * theta[b];
        double t = Math.signum(r) * Math.max(Math.abs(r) - lambda, 0) / g[a][a];
        maxChange = Math.max(maxChange, Math.abs(t - theta[a]));
        scale = Math.max(scale, Math.abs(t));
        theta[a] = t;
      }
      if (maxChange <= 1e-10 * Math.max(scale, 1e-12)) break;
    }
  }
}
