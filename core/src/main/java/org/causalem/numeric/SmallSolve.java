package org.causalem.numeric;

/**
 * Dense solves of small general (not necessarily symmetric) systems: 3×3 by Cramer's rule, n×n by
 * Gauss–Jordan elimination with partial pivoting. A system that is singular within the caller's tolerance
 * fails with {@link SingularMatrixException}, the package's one failure; nothing returns null. (Symmetric
 * positive-definite systems go to {@link Cholesky}.)
 */
public final class SmallSolve {
  private SmallSolve() {}

  /**
   * Solves the 3×3 system {@code a x = b} by Cramer's rule ({@code a} as rows; inputs not modified).
   *
   * @param minAbsDeterminant the system counts as singular when {@code |det a|} is not above this
   *     (an absolute bound: the caller knows the scale of its matrix)
   * @throws SingularMatrixException when {@code |det a| ≤ minAbsDeterminant} or it is NaN
   */
  public static double[] solve3(double[][] a, double[] b, double minAbsDeterminant) {
    if (a.length != 3 || a[0].length != 3 || a[1].length != 3 || a[2].length != 3 || b.length != 3) {
      throw new IllegalArgumentException("solve3 needs a 3×3 matrix and 3 right-hand values, got " + a.length + " rows and " + b.length + " values");
    }
    double det = determinant3(a);
    if (!(Math.abs(det) > minAbsDeterminant)) {
      throw new SingularMatrixException("3×3 system is singular (|det| = " + Math.abs(det) + ", needs > " + minAbsDeterminant + ")", -1, det);
    }
    double[] x = new double[3];
    double[][] m = new double[3][];
    for (int c = 0; c < 3; c++) {
      for (int r = 0; r < 3; r++) {
        m[r] = a[r].clone();
        m[r][c] = b[r];
      }
      x[c] = determinant3(m) / det;
    }
    return x;
  }

  /**
   * Solves the n×n system {@code m v = r} by Gauss–Jordan elimination with partial pivoting ({@code m} as
   * rows; inputs not modified).
   *
   * @param relativePivot the system counts as singular when a pivot's magnitude is below this times the
   *     largest {@code |m_ii|}
   * @throws SingularMatrixException at the first such pivot (its column and value in the exception)
   */
  public static double[] solve(double[][] m, double[] r, double relativePivot) {
    int n = r.length;
    if (m.length != n) throw new IllegalArgumentException("matrix has " + m.length + " rows, right-hand side " + n + " values");
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      if (m[i].length != n) throw new IllegalArgumentException("row " + i + " has " + m[i].length + " values, expected " + n);
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n] = r[i];
    }
    double scale = 0;
    for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i][i]));
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
      double[] t = a[c];
      a[c] = a[p];
      a[p] = t;
      if (!(Math.abs(a[c][c]) >= relativePivot * scale)) {
        throw new SingularMatrixException("system is singular (pivot " + c + " = " + a[c][c] + ", needs |pivot| >= "
            + relativePivot + " × " + scale + ")", c, a[c][c]);
      }
      for (int i = 0; i < n; i++) {
        if (i == c) continue;
        double f = a[i][c] / a[c][c];
        for (int k = c; k <= n; k++) a[i][k] -= f * a[c][k];
      }
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = a[i][n] / a[i][i];
    return v;
  }

  /** The determinant of a 3×3 matrix given as rows, expanded along the first row. */
  public static double determinant3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
}
