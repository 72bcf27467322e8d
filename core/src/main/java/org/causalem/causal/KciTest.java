package org.causalem.causal;

import java.util.List;
import java.util.Objects;
import org.causalem.numeric.LeastSquares;
import org.causalem.numeric.Stats;
import org.causalem.table.DescriptorTable;

/**
 * The kernel conditional independence test (Zhang, Peters, Janzing & Schölkopf 2011): Gaussian kernels
 * with median-heuristic widths on standardized data; with an empty conditioning set it is HSIC. For
 * X ⫫ Y | Z: kernels on (X, Z/2), Y and Z, centred, "regressed on Z" by {@code R = ε(K̃z + εI)^-1},
 * statistic {@code tr(R K̃ẍ R · R K̃y R)}, null approximated by a gamma distribution with the moments of
 * the weighted χ² (its mean and variance computed from the factors, without eigen-decompositions).
 * Kernels are low-rank incomplete-Cholesky factors (rank ≤ {@code maxRank}) and the regression on Z
 * uses the Woodbury identity, so no n×n matrix is formed; the cost is O(n²·m) for the variance term,
 * and at most {@code maxRows} rows are used (a seeded random subsample when the data are larger).
 */
public final class KciTest implements IndependenceTest {
  /**
   * @param alpha significance level in (0, 1)
   * @param maxRows rows used per test (subsampled above this), ≥ 10
   * @param maxRank rank cap of the incomplete-Cholesky kernel factors
   * @param epsilon ridge of the regression on Z, > 0
   * @param seed for the subsample
   */
  public record Options(double alpha, int maxRows, int maxRank, double epsilon, long seed) {
    public Options {
      if (maxRank < 1) throw new IllegalArgumentException("maxRank must be ≥ 1, got " + maxRank);
      if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
      if (maxRows < 10) throw new IllegalArgumentException("maxRows must be ≥ 10, got " + maxRows);
      if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
    }

    public static Options defaults(double alpha) { return new Options(alpha, 1500, 100, 1e-3, 1L); }
  }

  private final List<String> variables;
  private final double[][] columns;
  private final int[] rows;
  private final Options options;
  private final java.util.concurrent.ConcurrentHashMap<Integer, double[][]> single = new java.util.concurrent.ConcurrentHashMap<>();

  /** @param table complete rows; not modified (kept by reference) */
  public KciTest(DescriptorTable table, Options options) {
    this.options = Objects.requireNonNull(options);
    this.variables = table.names();
    this.columns = table.columns();
    this.rows = Kernels.subsample(table.rows(), options.maxRows(), options.seed());
  }

  @Override public List<String> variables() { return variables; }

  /** The centred kernel factor of one variable, computed once (shared between threads; read only). */
  private double[][] factor(int v) {
    return single.computeIfAbsent(v,
        k -> Kernels.centredFactor(Kernels.standardizedRows(new double[][] {columns[k]}, rows), Hsic.TOLERANCE, options.maxRank()));
  }

  @Override public double alpha() { return options.alpha(); }

  @Override public double pValue(int x, int y, int[] z) {
    check(x, y, z);
    if (x > y) {
      int t = x;
      x = y;
      y = t;
    }
    int n = rows.length;
    double[][] gy = factor(y);
    if (z.length == 0) return Hsic.fromFactors(factor(x), gy, n).pValue();
    double[][] zc = new double[z.length][];
    for (int k = 0; k < z.length; k++) zc[k] = columns[z[k]];
    double[][] zRows = Kernels.standardizedRows(zc, rows);
    double[][] xRows = Kernels.standardizedRows(new double[][] {columns[x]}, rows);
    double[][] xz = new double[n][1 + z.length];
    for (int i = 0; i < n; i++) {
      xz[i][0] = xRows[i][0];
      for (int k = 0; k < z.length; k++) xz[i][1 + k] = 0.5 * zRows[i][k];
    }
    double[][] gx = Kernels.centredFactor(xz, Hsic.TOLERANCE, options.maxRank());
    double[][] gz = Kernels.centredFactor(zRows, Hsic.TOLERANCE, options.maxRank());
    // R = ε (K̃z + εI)^-1 = I − Gz (GzᵀGz + εI)^-1 Gzᵀ (Woodbury); R K̃ R = (R G)(R G)ᵀ
    double[][] ax = residualize(gx, gz);
    double[][] ay = residualize(gy, gz);
    double stat = Kernels.frobenius2(Kernels.cross(ax, ay));
    // rows a_t of A: mean = Σ_t |ax_t|² |ay_t|², var = 2 Σ_{t,s} (ax_t·ax_s)² (ay_t·ay_s)²
    double[][] rx = transpose(ax, n);
    double[][] ry = transpose(ay, n);
    double mean = 0;
    double var = 0;
    for (int t = 0; t < n; t++) {
      double dx = Stats.dot(rx[t], rx[t]);
      double dy = Stats.dot(ry[t], ry[t]);
      mean += dx * dy;
      var += dx * dx * dy * dy;
      for (int s = t + 1; s < n; s++) {
        double g = Stats.dot(rx[t], rx[s]) * Stats.dot(ry[t], ry[s]);
        var += 2 * g * g;
      }
    }
    var *= 2;
    return Hsic.gammaTail(stat, mean, var);
  }

  /** Columns of R·G with R = I − Gz (GzᵀGz + εI)^-1 Gzᵀ. */
  private double[][] residualize(double[][] g, double[][] gz) {
    int m = gz.length;
    double[][] a = Kernels.cross(gz, gz);
    for (int k = 0; k < m; k++) a[k][k] += options.epsilon();
    double[][] c = Kernels.cross(gz, g);
    double[][] out = new double[g.length][];
    for (int l = 0; l < g.length; l++) {
      double[] rhs = new double[m];
      for (int k = 0; k < m; k++) rhs[k] = c[k][l];
      double[] w = LeastSquares.solve(a, rhs);
      double[] col = g[l].clone();
      for (int k = 0; k < m; k++) {
        double wk = w[k];
        double[] z = gz[k];
        for (int i = 0; i < col.length; i++) col[i] -= wk * z[i];
      }
      out[l] = col;
    }
    return out;
  }

  private static double[][] transpose(double[][] cols, int n) {
    double[][] out = new double[n][cols.length];
    for (int k = 0; k < cols.length; k++) for (int i = 0; i < n; i++) out[i][k] = cols[k][i];
    return out;
  }

  private void check(int x, int y, int[] z) {
    int p = variables.size();
    if (x < 0 || x >= p || y < 0 || y >= p) throw new IllegalArgumentException("variable index out of range: x=" + x + ", y=" + y + ", " + p + " variables");
    if (x == y) throw new IllegalArgumentException("x and y are the same variable " + variables.get(x));
    for (int v : z) {
      if (v < 0 || v >= p) throw new IllegalArgumentException("conditioning index " + v + " out of range, " + p + " variables");
      if (v == x || v == y) throw new IllegalArgumentException("x or y is in the conditioning set");
    }
  }
}
