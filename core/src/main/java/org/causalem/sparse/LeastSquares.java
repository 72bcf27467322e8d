package org.causalem.sparse;

/** Small dense least-squares helpers on normal equations (package-private). */
final class LeastSquares {
  private LeastSquares() {}

  /** Solves the symmetric positive-definite system {@code A x = b} (A p×p row-major; inputs not modified). */
  static double[] solveSpd(double[] a, double[] b, int p) {
    double[] l = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * p + j];
        for (int k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
        if (i == j) {
          if (!(s > 0)) throw new IllegalArgumentException("normal equations are singular (collinear features)");
          l[i * p + i] = Math.sqrt(s);
        } else {
          l[i * p + j] = s / l[j * p + j];
        }
      }
    }
    double[] x = b.clone();
    for (int i = 0; i < p; i++) {
      double s = x[i];
      for (int k = 0; k < i; k++) s -= l[i * p + k] * x[k];
      x[i] = s / l[i * p + i];
    }
    for (int i = p - 1; i >= 0; i--) {
      double s = x[i];
      for (int k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
      x[i] = s / l[i * p + i];
    }
    return x;
  }
}
