package org.causalem.causal;

import org.hipparchus.special.Gamma;

/**
 * The Hilbert–Schmidt independence criterion (Gretton et al. 2008) between two samples with Gaussian
 * kernels (median-heuristic widths on standardized data) and its p-value from the gamma approximation
 * of the null distribution. Kernels enter as low-rank incomplete-Cholesky factors, so the cost is
 * O(n·m²) for rank m and no n×n matrix is formed; above {@code maxRows} rows a seeded subsample is used.
 */
public final class Hsic {
  /** Default rank cap of the kernel factors. */
  static final int MAX_RANK = 100;
  /** Default residual-diagonal tolerance of the kernel factors. */
  static final double TOLERANCE = 1e-6;

  /** The statistic {@code tr(K̃x K̃y)} (V-statistic times n²) and its gamma-approximation p-value. */
  public record Result(double statistic, double pValue) {}

  private Hsic() {}

  /** @param x one column per variable ({@code x[variable][row]}); not modified */
  public static Result test(double[][] x, double[][] y, int maxRows, long seed) {
    if (x[0].length != y[0].length) throw new IllegalArgumentException("x has " + x[0].length + " rows, y has " + y[0].length);
    if (maxRows < 10) throw new IllegalArgumentException("maxRows must be ≥ 10, got " + maxRows);
    int[] rows = Kernels.subsample(x[0].length, maxRows, seed);
    double[][] gx = Kernels.centredFactor(Kernels.standardizedRows(x, rows), TOLERANCE, MAX_RANK);
    double[][] gy = Kernels.centredFactor(Kernels.standardizedRows(y, rows), TOLERANCE, MAX_RANK);
    return fromFactors(gx, gy, rows.length);
  }

  /** HSIC of two single variables, on up to 5000 rows. */
  public static Result test(double[] x, double[] y) {
    return test(new double[][] {x}, new double[][] {y}, 5000, 1L);
  }

  /** From centred factors (columns of length n). */
  static Result fromFactors(double[][] gx, double[][] gy, int n) {
    double stat = Kernels.frobenius2(Kernels.cross(gx, gy));
    double trx = 0;
    for (double[] g : gx) for (double v : g) trx += v * v;
    double try_ = 0;
    for (double[] g : gy) for (double v : g) try_ += v * v;
    double mean = trx * try_ / n;
    double var = 2 * Kernels.frobenius2(Kernels.cross(gx, gx)) * Kernels.frobenius2(Kernels.cross(gy, gy)) / ((double) n * n);
    return new Result(stat, gammaTail(stat, mean, var));
  }

  /** P(T > t) for T gamma-distributed with the given mean and variance. */
  static double gammaTail(double t, double mean, double var) {
    if (!(mean > 0) || !(var > 0)) return 1.0;
    if (t <= 0) return 1.0;
    double shape = mean * mean / var;
    double scale = var / mean;
    return Gamma.regularizedGammaQ(shape, t / scale);
  }
}
