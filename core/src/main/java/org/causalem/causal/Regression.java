package org.causalem.causal;

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
   * Solves a symmetric positive semi-definite system by Cholesky; a pivot that is tiny relative to its
   * diagonal marks a dependent row, whose unknown is set to 0. {@code a} and {@code r} are not modified.
   */
  public static double[] solveSpd(double[][] a, double[] r) {
    int k = r.length;
    double[][] l = new double[k][k];
    boolean[] dropped = new boolean[k];
    for (int j = 0; j < k; j++) {
      double d = a[j][j];
      for (int m = 0; m < j; m++) d -= l[j][m] * l[j][m];
      if (d <= 1e-10 * Math.max(a[j][j], 1e-300)) {
        dropped[j] = true;
        continue;
      }
      double s = Math.sqrt(d);
      l[j][j] = s;
      for (int i = j + 1; i < k; i++) {
        double v = a[i][j];
        for (int m = 0; m < j; m++) v -= l[i][m] * l[j][m];
        l[i][j] = v / s;
      }
    }
    double[] z = new double[k];
    for (int i = 0; i < k; i++) {
      if (dropped[i]) continue;
      double v = r[i];
      for (int m = 0; m < i; m++) v -= l[i][m] * z[m];
      z[i] = v / l[i][i];
    }
    double[] x = new double[k];
    for (int i = k - 1; i >= 0; i--) {
      if (dropped[i]) continue;
      double v = z[i];
      for (int m = i + 1; m < k; m++) v -= l[m][i] * x[m];
      x[i] = v / l[i][i];
    }
    return x;
  }

  /** The inverse of a symmetric positive-definite matrix (not modified). */
  static double[][] inverseSpd(double[][] a) {
    int k = a.length;
    double[][] inv = new double[k][k];
    for (int c = 0; c < k; c++) {
      double[] e = new double[k];
      e[c] = 1;
      double[] col = solveSpd(a, e);
      for (int r = 0; r < k; r++) inv[r][c] = col[r];
    }
    return inv;
  }
}
