package org.causalem.causal;

import org.causalem.numeric.Cholesky;

/**
 * Small dense least-squares helpers on covariance matrices. Linearly dependent
 * regressors are dropped (their coefficient is 0) rather than failing.
 */
public final class Regression {
  private Regression() {}

  /** Sample covariance matrix (divisor n) of column-major data. */
  public static double[][] covariance(double[][] columns) {
    int p = columns.length;
    int n = p == 0 ? 0 : columns[0].length;
    double[][] centred = new double[p][];
    for (int j = 0; j < p; j++) centred[j] = centre(columns[j]);
    double[][] cov = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = a; b < p; b++) {
        double s = 0;
        double[] x = centred[a];
        double[] y = centred[b];
        for (int i = 0; i < n; i++) s += x[i] * y[i];
        cov[a][b] = cov[b][a] = s / n;
      }
    }
    return cov;
  }

  static double[] centre(double[] x) {
    double m = 0;
    for (double v : x) m += v;
    m /= x.length;
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = x[i] - m;
    return out;
  }

  /**
   * Coefficients of y on the regressors {@code xs} from a covariance matrix: solves
   * {@code S[xs][xs] b = S[xs][y]}. Dependent regressors get coefficient 0.
   */
  public static double[] coefficients(double[][] cov, int y, int[] xs) {
    int k = xs.length;
    double[][] a = new double[k][k];
    double[] r = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) a[i][j] = cov[xs[i]][xs[j]];
      r[i] = cov[xs[i]][y];
    }
    return solveSpd(a, r);
  }

  /** Residual variance of y given xs, from a covariance matrix. */
  public static double residualVariance(double[][] cov, int y, int[] xs) {
    double[] b = coefficients(cov, y, xs);
    double v = cov[y][y];
    for (int i = 0; i < xs.length; i++) v -= b[i] * cov[xs[i]][y];
    return Math.max(v, 0);
  }

  /**
   * Relative pivot below which a regressor counts as a linear combination of the ones before it (see
   * {@link Cholesky#ofSemiDefinite(double[][], double)}).
   */
  static final double DEPENDENT_PIVOT = 1e-10;

  /**
   * Solves a symmetric positive semi-definite system (normal equations); a regressor that depends linearly
   * on the ones before it (pivot below {@link #DEPENDENT_PIVOT} of its diagonal) gets coefficient 0.
   * {@code a} and {@code r} are not modified.
   */
  public static double[] solveSpd(double[][] a, double[] r) {
    return Cholesky.ofSemiDefinite(a, DEPENDENT_PIVOT).solve(r);
  }

  /**
   * The inverse of a symmetric positive-definite matrix (not modified); rows and columns of dependent
   * regressors are 0 (a generalised inverse), as in {@link #solveSpd}.
   */
  static double[][] inverseSpd(double[][] a) {
    int k = a.length;
    Cholesky c = Cholesky.ofSemiDefinite(a, DEPENDENT_PIVOT);
    double[][] inv = new double[k][k];
    for (int col = 0; col < k; col++) {
      double[] e = new double[k];
      e[col] = 1;
      double[] x = c.solve(e);
      for (int r = 0; r < k; r++) inv[r][col] = x[r];
    }
    return inv;
  }
}
