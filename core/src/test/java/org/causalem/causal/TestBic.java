package org.causalem.causal;

import java.util.List;

/** Test-only linear-Gaussian BIC: -n/2 log(residual variance) - k/2 log n, from the covariance matrix. */
final class TestBic implements Score {
  private final List<String> names;
  private final double[][] cov;
  private final int n;

  TestBic(List<String> names, double[][] columns) {
    this.names = names;
    this.cov = FisherZTest.correlation(names, columns);
    this.n = columns[0].length;
  }

  @Override public List<String> variables() { return names; }

  @Override public double localScore(int node, int[] parents) {
    int k = parents.length;
    double[][] a = new double[k][k + 1];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) a[i][j] = cov[parents[i]][parents[j]];
      a[i][k] = cov[parents[i]][node];
    }
    for (int c = 0; c < k; c++) { // Gauss-Jordan
      int piv = c;
      for (int r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int r = 0; r < k; r++) {
        if (r == c) continue;
        double f = a[r][c] / a[c][c];
        for (int j = c; j <= k; j++) a[r][j] -= f * a[c][j];
      }
    }
    double explained = 0;
    for (int i = 0; i < k; i++) explained += cov[node][parents[i]] * a[i][k] / a[i][i];
    double resid = Math.max(cov[node][node] - explained, 1e-12);
    return -0.5 * n * Math.log(resid) - 0.5 * (k + 1) * Math.log(n);
  }
}
