package org.causalem.causal;

import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * Shared machinery of the chi-square and G² tests of X ⫫ Y | Z on discrete data: one X×Y table per
 * observed configuration of Z, the statistics summed over the tables. Degrees of freedom as in
 * causal-learn: per observed Z-configuration {@code (|X|-1-r0)(|Y|-1-c0)} where r0 and c0 count the X
 * and Y states absent in that configuration; p = 1 when the total is 0.
 */
abstract class ContingencyTest implements IndependenceTest {
  private final DiscreteData data;
  private final double alpha;

  ContingencyTest(DiscreteData data, double alpha) {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    this.data = data;
    this.alpha = alpha;
  }

  @Override public List<String> variables() { return data.names(); }

  @Override public double alpha() { return alpha; }

  /** The data the test reads. */
  public DiscreteData data() { return data; }

  /** The contribution of one cell with observed count o and expected count e > 0. */
  abstract double cell(double observed, double expected);

  /** The statistic and its degrees of freedom: {@code {statistic, df}}. */
  public double[] statistic(int x, int y, int[] z) {
    check(x, y, z);
    int cx = data.cardinality(x);
    int cy = data.cardinality(y);
    int[] strata = data.strata(z);
    int n = data.rows();
    int m = strata[n];
    int cells = cx * cy;
    int[] count = new int[m * cells];
    int[] xs = data.codes(x);
    int[] ys = data.codes(y);
    for (int i = 0; i < n; i++) count[strata[i] * cells + xs[i] * cy + ys[i]]++;
    double stat = 0;
    long df = 0;
    int[] rowSum = new int[cx];
    int[] colSum = new int[cy];
    for (int s = 0; s < m; s++) {
      java.util.Arrays.fill(rowSum, 0);
      java.util.Arrays.fill(colSum, 0);
      int base = s * cells;
      int total = 0;
      for (int a = 0; a < cx; a++) {
        for (int b = 0; b < cy; b++) {
          int c = count[base + a * cy + b];
          rowSum[a] += c;
          colSum[b] += c;
          total += c;
        }
      }
      if (total == 0) continue;
      int zeroRows = 0;
      int zeroCols = 0;
      for (int a = 0; a < cx; a++) if (rowSum[a] == 0) zeroRows++;
      for (int b = 0; b < cy; b++) if (colSum[b] == 0) zeroCols++;
      df += (long) (cx - 1 - zeroRows) * (cy - 1 - zeroCols);
      for (int a = 0; a < cx; a++) {
        if (rowSum[a] == 0) continue;
        for (int b = 0; b < cy; b++) {
          if (colSum[b] == 0) continue;
          double e = (double) rowSum[a] * colSum[b] / total;
          stat += cell(count[base + a * cy + b], e);
        }
      }
    }
    return new double[] {stat, df};
  }

  @Override public double pValue(int x, int y, int[] z) {
    double[] s = statistic(x, y, z);
    if (s[1] <= 0) return 1.0;
    return Gamma.regularizedGammaQ(s[1] / 2, Math.max(0, s[0]) / 2);
  }

  private void check(int x, int y, int[] z) {
    int p = data.width();
    if (x < 0 || x >= p || y < 0 || y >= p) throw new IllegalArgumentException("variable index out of range: x=" + x + ", y=" + y + ", " + p + " variables");
    if (x == y) throw new IllegalArgumentException("x and y are the same variable " + data.names().get(x));
    for (int v : z) {
      if (v < 0 || v >= p) throw new IllegalArgumentException("conditioning index " + v + " out of range, " + p + " variables");
      if (v == x || v == y) throw new IllegalArgumentException("x or y is in the conditioning set");
    }
  }
}
