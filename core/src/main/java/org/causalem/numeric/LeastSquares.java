package org.causalem.numeric;

/**
 * Ordinary least squares, the one routine: normal equations solved by the semi-definite
 * {@link Cholesky}, so a regressor that is a linear combination of the ones before it is dropped (its
 * coefficient is 0, its row and column of the inverse are 0) rather than failing. Two ways in: from the
 * data ({@link #ols}, with an intercept and standard errors) or from a covariance matrix the caller
 * already holds ({@link #coefficients}, {@link #residualVariance}: the causal searches and scores).
 */
public final class LeastSquares {
  private LeastSquares() {}

  /**
   * A least-squares fit of y on regressors with an intercept.
   *
   * @param coefficients one slope per regressor (0 for a dependent one)
   * @param residualSumOfSquares {@code Σ (y − ŷ)²}
   * @param degreesOfFreedom rows minus regressors minus the intercept
   * @param unscaledCovariance {@code (XᵀX)⁻¹} of the centred regressors (generalised: 0 for dependent ones)
   */
  public record Fit(double[] coefficients, double residualSumOfSquares, int degreesOfFreedom, double[][] unscaledCovariance) {
    /** The residual variance {@code RSS / dof}. */
    public double residualVariance() { return residualSumOfSquares / degreesOfFreedom; }

    /** Standard error of coefficient i: {@code √(σ² (XᵀX)⁻¹_ii)}. */
    public double standardError(int i) { return Math.sqrt(residualVariance() * unscaledCovariance[i][i]); }
  }

  /**
   * Fits {@code y ~ 1 + regressors} (column-major; not modified): the regressors and y are centred, the
   * intercept is implied. Non-finite values give NaN coefficients; the caller checks its data first.
   */
  public static Fit ols(double[][] regressors, double[] y) {
    int k = regressors.length;
    int n = y.length;
    for (double[] c : regressors) {
      if (c.length != n) throw new IllegalArgumentException("a regressor has " + c.length + " rows, y has " + n);
    }
    double[][] centred = new double[k][];
    for (int i = 0; i < k; i++) centred[i] = centre(regressors[i]);
    double[] yy = centre(y);
    double[][] xtx = new double[k][k];
    double[] xty = new double[k];
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) xtx[a][b] = xtx[b][a] = Stats.dot(centred[a], centred[b]);
      xty[a] = Stats.dot(centred[a], yy);
    }
    double[] beta = solve(xtx, xty);
    double rss = 0;
    for (int r = 0; r < n; r++) {
      double f = 0;
      for (int a = 0; a < k; a++) f += beta[a] * centred[a][r];
      double e = yy[r] - f;
      rss += e * e;
    }
    return new Fit(beta, rss, n - k - 1, inverse(xtx));
  }

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

  /** x minus its mean, in a new array. */
  public static double[] centre(double[] x) {
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
    return solve(a, r);
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
  public static final double DEPENDENT_PIVOT = 1e-10;

  /**
   * Solves a symmetric positive semi-definite system (normal equations); a regressor that depends linearly
   * on the ones before it (pivot below {@link #DEPENDENT_PIVOT} of its diagonal) gets coefficient 0.
   * {@code a} and {@code r} are not modified.
   */
  public static double[] solve(double[][] a, double[] r) {
    return Cholesky.ofSemiDefinite(a, DEPENDENT_PIVOT).solve(r);
  }

  /**
   * The inverse of a Gram matrix (not modified); rows and columns of dependent regressors are 0 (a
   * generalised inverse), as in {@link #solve}.
   */
  public static double[][] inverse(double[][] a) {
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
