package org.causalem.causal;

import java.util.List;
import java.util.stream.IntStream;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.LeastSquares;
import org.hipparchus.special.Erf;

/**
 * Fisher's z test of zero partial correlation, for linear-Gaussian data. The correlation matrix is
 * computed once; each test inverts only the small block of the variables involved. Conditioning
 * variables that are linear combinations of the others are dropped.
 */
public final class FisherZTest implements IndependenceTest {
  private final List<String> variables;
  private final double[] corr; // p×p row-major
  private final int p;
  private final int sampleSize;
  private final double alpha;

  /**
   * @param columns {@code columns[j][i]} is row i of variable j (not modified); no NaN
   * @param alpha significance level in (0, 1)
   */
  public FisherZTest(List<String> variables, double[][] columns, double alpha) {
    this(variables, correlation(variables, columns), columns.length == 0 ? 0 : columns[0].length, alpha);
  }

  /** From a correlation (or covariance) matrix of {@code sampleSize} rows. */
  public FisherZTest(List<String> variables, double[][] correlation, int sampleSize, double alpha) {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    this.variables = List.copyOf(variables);
    this.p = variables.size();
    if (correlation.length != p) throw new IllegalArgumentException(correlation.length + " matrix rows for " + p + " variables");
    this.corr = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double d = Math.sqrt(correlation[i][i] * correlation[j][j]);
        corr[i * p + j] = d > 0 ? correlation[i][j] / d : (i == j ? 1 : 0);
      }
    }
    this.sampleSize = sampleSize;
    this.alpha = alpha;
  }

  /** The Pearson correlation matrix of the columns (parallel over columns). */
  public static double[][] correlation(List<String> variables, double[][] columns) {
    int p = columns.length;
    if (variables.size() != p) throw new IllegalArgumentException(variables.size() + " names for " + p + " columns");
    int n = p == 0 ? 0 : columns[0].length;
    double[][] centred = new double[p][];
    double[] norm = new double[p];
    IntStream.range(0, p).parallel().forEach(j -> {
      double[] c = columns[j];
      if (c.length != n) throw new IllegalArgumentException("column " + variables.get(j) + " has " + c.length + " rows, expected " + n);
      double mean = 0;
      for (double v : c) mean += v;
      mean /= n;
      double[] d = new double[n];
      double ss = 0;
      for (int i = 0; i < n; i++) {
        d[i] = c[i] - mean;
        ss += d[i] * d[i];
      }
      centred[j] = d;
      norm[j] = Math.sqrt(ss);
    });
    // cache-blocked over rows: each task accumulates all pairs on blocks of rows that stay in cache
    int block = 2048;
    int blocks = (n + block - 1) / block;
    int tasks = Math.max(1, Math.min(blocks, 4 * Runtime.getRuntime().availableProcessors()));
    double[][] partial = new double[tasks][];
    IntStream.range(0, tasks).parallel().forEach(t -> {
      double[] acc = new double[p * p];
      for (int bl = t; bl < blocks; bl += tasks) {
        int lo = bl * block;
        int hi = Math.min(n, lo + block);
        for (int a = 0; a < p; a++) {
          double[] x = centred[a];
          for (int b = a; b < p; b++) {
            double[] y = centred[b];
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = lo;
            for (; i + 3 < hi; i += 4) {
              s0 += x[i] * y[i];
              s1 += x[i + 1] * y[i + 1];
              s2 += x[i + 2] * y[i + 2];
              s3 += x[i + 3] * y[i + 3];
            }
            for (; i < hi; i++) s0 += x[i] * y[i];
            acc[a * p + b] += (s0 + s1) + (s2 + s3);
          }
        }
      }
      partial[t] = acc;
    });
    double[][] r = new double[p][p];
    for (int a = 0; a < p; a++) {
      for (int b = a; b < p; b++) {
        double s = 0;
        for (double[] acc : partial) s += acc[a * p + b];
        double v = norm[a] > 0 && norm[b] > 0 ? s / (norm[a] * norm[b]) : (a == b ? 1 : 0);
        r[a][b] = v;
        r[b][a] = v;
      }
    }
    return r;
  }

  @Override public List<String> variables() { return variables; }

  @Override public double alpha() { return alpha; }

  public int sampleSize() { return sampleSize; }

  private void check(int v) {
    if (v < 0 || v >= p) throw new IllegalArgumentException("variable index " + v + " out of range [0, " + p + ")");
  }

  /** The partial correlation of x and y given z. */
  public double partialCorrelation(int x, int y, int[] z) {
    int k = z.length;
    // Cholesky of R_zz with dependent conditioning variables dropped; then residual covariances of x and y
    double[] rzz = new double[k * k];
    double[] ax = new double[k];
    double[] ay = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) rzz[i * k + j] = corr[z[i] * p + z[j]];
      ax[i] = corr[z[i] * p + x];
      ay[i] = corr[z[i] * p + y];
    }
    Cholesky l = Cholesky.ofSemiDefinite(rzz, k, LeastSquares.DEPENDENT_PIVOT);
    l.forwardInPlace(ax);
    l.forwardInPlace(ay);
    double cxx = corr[x * p + x];
    double cyy = corr[y * p + y];
    double cxy = corr[x * p + y];
    for (int i = 0; i < k; i++) {
      if (l.isDropped(i)) continue;
      cxx -= ax[i] * ax[i];
      cyy -= ay[i] * ay[i];
      cxy -= ax[i] * ay[i];
    }
    if (cxx <= 1e-12 || cyy <= 1e-12) return 1.0; // x or y determined by z: treat as dependent
    double r = cxy / Math.sqrt(cxx * cyy);
    return Math.max(-1, Math.min(1, r));
  }

  @Override public double pValue(int x, int y, int[] z) {
    check(x);
    check(y);
    if (x == y) throw new IllegalArgumentException("x and y are the same variable " + variables.get(x));
    for (int v : z) {
      check(v);
      if (v == x || v == y) throw new IllegalArgumentException("conditioning set contains " + variables.get(v) + ", one of the tested pair");
    }
    double dof = sampleSize - z.length - 3;
    if (dof <= 0) return 1.0;
    double r = partialCorrelation(x, y, z);
    double absR = Math.min(Math.abs(r), 1 - 1e-15);
    double fz = 0.5 * Math.log((1 + absR) / (1 - absR)) * Math.sqrt(dof);
    return Erf.erfc(fz / Math.sqrt(2));
  }
}
