package org.causalem.causal;

/**
 * Least-squares polynomial regression of t on s (both already scaled, typically to [0, 1]); the basis is
 * the Legendre-like shifted powers {@code (2s − 1)^k} so the normal equations stay well conditioned up to
 * degree 5. Shared by the pairwise methods {@link Reci} and {@link SlopeMdl}.
 */
final class PolyFit {
  private PolyFit() {}

  /** Residual sum of squares of the degree-{@code degree} least-squares fit of t on s. */
  static double rss(double[] s, double[] t, int degree) {
    int p = degree + 1;
    int n = s.length;
    double[][] a = new double[p][p];
    double[] r = new double[p];
    double[] phi = new double[p];
    for (int i = 0; i < n; i++) {
      basis(s[i], phi);
      for (int j = 0; j < p; j++) {
        r[j] += phi[j] * t[i];
        for (int k = j; k < p; k++) a[j][k] += phi[j] * phi[k];
      }
    }
    for (int j = 0; j < p; j++) for (int k = 0; k < j; k++) a[j][k] = a[k][j];
    // a discrete s with fewer distinct values than p gives dependent rows: LeastSquares.solve sets their terms to 0
    double[] beta = org.causalem.numeric.LeastSquares.solve(a, r);
    double rss = 0;
    for (int i = 0; i < n; i++) {
      basis(s[i], phi);
      double f = 0;
      for (int j = 0; j < p; j++) f += beta[j] * phi[j];
      double e = t[i] - f;
      rss += e * e;
    }
    return rss;
  }

  private static void basis(double s, double[] phi) {
    double u = 2 * s - 1;
    phi[0] = 1;
    for (int k = 1; k < phi.length; k++) phi[k] = phi[k - 1] * u;
  }

  /** (v − min)/(max − min); null when v is constant. */
  static double[] unitRange(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double a : v) {
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
    }
    if (!(hi > lo)) return null;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (v[i] - lo) / (hi - lo);
    return out;
  }

  static void requireFinite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) throw new org.causalem.data.BadInputException(name + " row " + (i + 1) + " is " + v[i] + "; drop incomplete rows first");
    }
  }

  /**
   * Both variables of a pair scaled to [0, 1], after the checks every pairwise method needs: equal lengths, at least
   * {@code minPairs} pairs ({@code method} names the method in the message), finite values, neither constant.
   *
   * @return {@code {x scaled, y scaled}}
   */
  static double[][] unitPair(String xName, String yName, double[] x, double[] y, int minPairs, String method) {
    if (x.length != y.length) throw new IllegalArgumentException(xName + " has " + x.length + " values, " + yName + " has " + y.length);
    if (x.length < minPairs) throw new IllegalArgumentException(method + " needs at least " + minPairs + " pairs, got " + x.length);
    requireFinite(x, xName);
    requireFinite(y, yName);
    double[] ux = unitRange(x);
    double[] uy = unitRange(y);
    if (ux == null) throw new IllegalArgumentException(xName + " is constant");
    if (uy == null) throw new IllegalArgumentException(yName + " is constant");
    return new double[][] {ux, uy};
  }
}
