package org.causalem.causal;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.Stats;

/**
 * Gaussian kernels with median-heuristic widths, as low-rank factors: a pivoted incomplete Cholesky
 * {@code K ≈ G Gᵀ} computed from kernel columns on demand (O(n·m²) for rank m, no n×n matrix), then
 * centred ({@code HKH = (HG)(HG)ᵀ}). Package-private.
 */
final class Kernels {
  /** Largest number of points whose pairwise distances feed the median heuristic. */
  private static final int MEDIAN_POINTS = 1000;

  private Kernels() {}

  /** Squared median-heuristic width of the rows of {@code points} (1 when the median is 0). */
  static double medianWidth2(double[][] points) {
    int n = points.length;
    int[] idx = subsample(n, MEDIAN_POINTS, 12345L);
    int m = idx.length;
    double[] all = new double[m * (m - 1) / 2];
    int c = 0;
    for (int a = 0; a < m; a++) for (int b = a + 1; b < m; b++) all[c++] = dist2(points[idx[a]], points[idx[b]]);
    double med = Stats.median(all);
    return med > 0 ? med : 1;
  }

  static double dist2(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      double d = a[k] - b[k];
      s += d * d;
    }
    return s;
  }

  /**
   * Centred low-rank factor of the Gaussian kernel matrix of the rows of {@code points}:
   * {@code result[k]} is column k of HG (length n), rank at most {@code maxRank}, stopping when every
   * residual diagonal entry is below {@code tolerance}.
   */
  static double[][] centredFactor(double[][] points, double tolerance, int maxRank) {
    int n = points.length;
    double f = -0.5 / medianWidth2(points);
    double[][] out = Cholesky.lowRank((i, j) -> Math.exp(f * dist2(points[i], points[j])), n, tolerance, maxRank);
    for (double[] g : out) {
      double mean = 0;
      for (double v : g) mean += v;
      mean /= n;
      for (int i = 0; i < n; i++) g[i] -= mean;
    }
    return out;
  }

  /** Standardized copies of the columns, as rows {@code [row][column]}; constant columns become 0. */
  static double[][] standardizedRows(double[][] columns, int[] rows) {
    int p = columns.length;
    int n = rows.length;
    double[][] out = new double[n][p];
    for (int j = 0; j < p; j++) {
      double mean = 0;
      for (int r : rows) mean += columns[j][r];
      mean /= n;
      double ss = 0;
      for (int r : rows) ss += (columns[j][r] - mean) * (columns[j][r] - mean);
      double sd = Math.sqrt(ss / Math.max(n - 1, 1));
      double inv = sd > 0 ? 1 / sd : 0;
      for (int i = 0; i < n; i++) out[i][j] = (columns[j][rows[i]] - mean) * inv;
    }
    return out;
  }

  /** All rows when n ≤ max, else a seeded random subset of max rows (ascending). */
  static int[] subsample(int n, int max, long seed) {
    int m = Math.min(n, max);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    if (m == n) return idx;
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int k = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[k];
      idx[k] = t;
    }
    int[] out = Arrays.copyOf(idx, m);
    Arrays.sort(out);
    return out;
  }

  /** Gram matrix of factor columns: {@code a[k]·b[l]}. */
  static double[][] cross(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b.length];
    for (int k = 0; k < a.length; k++) {
      for (int l = 0; l < b.length; l++) {
        double s = 0;
        double[] x = a[k];
        double[] y = b[l];
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        out[k][l] = s;
      }
    }
    return out;
  }

  static double frobenius2(double[][] m) {
    double s = 0;
    for (double[] r : m) for (double v : r) s += v * v;
    return s;
  }
}
