package org.causalem.sparse;

import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;

/**
 * The sufficient statistics of linear least squares for several targets sharing one feature matrix:
 * {@code G = ΘᵀWΘ}, {@code b_j = ΘᵀW y_j}, {@code y_jᵀW y_j}, with optional integer row weights (a
 * bootstrap resample is a weighting). Sub-problems on any support are then solved in O(k³).
 */
public final class NormalEquations {
  final int features;
  final int targets;
  final double rows;
  final double[] gram;
  final double[][] rhs;
  final double[] yy;

  private NormalEquations(int features, int targets, double rows, double[] gram, double[][] rhs, double[] yy) {
    this.features = features;
    this.targets = targets;
    this.rows = rows;
    this.gram = gram;
    this.rhs = rhs;
    this.yy = yy;
  }

  /**
   * @param theta {@code theta[f][t]} (not modified)
   * @param y {@code y[j][t]} targets (not modified)
   * @param weights per-row integer weights, or null for all ones
   */
  public static NormalEquations of(double[][] theta, double[][] y, int[] weights) {
    int k = theta.length;
    if (k == 0) throw new IllegalArgumentException("empty feature library");
    int n = theta[0].length;
    for (double[] col : theta) if (col.length != n) throw new IllegalArgumentException("feature columns differ in length");
    for (double[] col : y) if (col.length != n) throw new IllegalArgumentException("target has " + col.length + " samples, features have " + n);
    double[] g = new double[k * k];
    double[][] b = new double[y.length][k];
    double[] yy = new double[y.length];
    double total = 0;
    double[] row = new double[k];
    for (int t = 0; t < n; t++) {
      double w = weights == null ? 1 : weights[t];
      if (w == 0) continue;
      total += w;
      for (int f = 0; f < k; f++) row[f] = theta[f][t];
      for (int a = 0; a < k; a++) {
        double ra = w * row[a];
        int off = a * k;
        for (int c = 0; c <= a; c++) g[off + c] += ra * row[c];
      }
      for (int j = 0; j < y.length; j++) {
        double v = y[j][t];
        yy[j] += w * v * v;
        double[] bj = b[j];
        for (int a = 0; a < k; a++) bj[a] += w * row[a] * v;
      }
    }
    for (int a = 0; a < k; a++) for (int c = 0; c < a; c++) g[c * k + a] = g[a * k + c];
    return new NormalEquations(k, y.length, total, g, b, yy);
  }

  /**
   * Least-squares coefficients of target {@code j} on the features where {@code support} is true (zero
   * elsewhere); columns equilibrated for conditioning; {@code ridge} adds {@code ridge·G_ii} to the diagonal.
   */
  double[] solve(int j, boolean[] support, double ridge) {
    int m = 0;
    for (boolean s : support) if (s) m++;
    double[] coef = new double[features];
    if (m == 0) return coef;
    int[] idx = new int[m];
    for (int f = 0, i = 0; f < features; f++) if (support[f]) idx[i++] = f;
    double[] a = new double[m * m];
    double[] r = new double[m];
    double[] scale = new double[m];
    for (int i = 0; i < m; i++) {
      double d = gram[idx[i] * features + idx[i]];
      scale[i] = d > 0 ? 1 / Math.sqrt(d) : 1;
    }
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < m; c++) a[i * m + c] = gram[idx[i] * features + idx[c]] * scale[i] * scale[c];
      a[i * m + i] += ridge + 1e-13;
      r[i] = rhs[j][idx[i]] * scale[i];
    }
    double[] x;
    try {
      x = Cholesky.of(a, m).solve(r);
    } catch (SingularMatrixException e) {
      throw new IllegalArgumentException("normal equations are singular (collinear features)", e);
    }
    for (int i = 0; i < m; i++) coef[idx[i]] = x[i] * scale[i];
    return coef;
  }

  /** Residual sum of squares of target j with the given coefficients. */
  double rss(int j, double[] coef) {
    double s = yy[j];
    for (int a = 0; a < features; a++) {
      if (coef[a] == 0) continue;
      s -= 2 * coef[a] * rhs[j][a];
      for (int c = 0; c < features; c++) if (coef[c] != 0) s += coef[a] * gram[a * features + c] * coef[c];
    }
    return Math.max(s, 0);
  }
}
