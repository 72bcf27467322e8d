package org.causalem.causal;

import java.util.Arrays;

/**
 * A slope-style MDL direction score in the spirit of Slope (Marx &amp; Vreeken, ICDM 2017; KAIS 2019): X → Y
 * when transmitting X and then Y given X takes fewer bits than Y and then X given Y. Our own, simpler code,
 * not their algorithm: both variables are scaled to [0, 1] and coded at their data resolution τ (the smallest
 * gap between distinct values);
 * <ul>
 *   <li>a marginal costs the cheaper of a discrete code (plug-in entropy of the distinct values plus
 *       the alphabet) and a continuous code (m-spacing differential entropy − log₂ τ per value);
 *   <li>a conditional costs the cheapest of the "global" polynomial fits of degree 1–3 and, when the
 *       input takes few distinct values, the "local" fit of one mean per value: Gaussian residual bits at
 *       the target's resolution plus ½ log₂ n bits per parameter.
 * </ul>
 * For continuous data the resolution terms cancel between the two directions; they matter when a variable
 * is discrete, which is where the local fit and the discrete code let the score see a discretised cause.
 * It always decides (an exact tie is broken towards X → Y and said).
 */
public final class SlopeMdl {
  private static final int MAX_DEGREE = 3;

  /**
   * @return method "mdl", score {@code L(Y) + L(X|Y) − L(X) − L(Y|X)} in bits (positive: X → Y); the two
   *     p-value fields hold the two total code lengths per row (X then Y, Y then X)
   */
  public PairwiseResult direction(String xName, String yName, double[] x, double[] y) {
    double[][] u = PolyFit.unitPair(xName, yName, x, y, 10, "the MDL score");
    double[] ux = u[0];
    double[] uy = u[1];
    double tx = resolution(ux);
    double ty = resolution(uy);
    double fwd = marginal(ux, tx) + conditional(ux, uy, ty);
    double bwd = marginal(uy, ty) + conditional(uy, ux, tx);
    double score = bwd - fwd;
    int n = x.length;
    return PairwiseResult.forced(xName, yName, "mdl", score, fwd / n, bwd / n, "both directions have the same code length");
  }

  /** Smallest positive gap between sorted values (on the unit scale), at least 1e-9. */
  static double resolution(double[] u) {
    double[] s = u.clone();
    Arrays.sort(s);
    double min = Double.POSITIVE_INFINITY;
    for (int i = 1; i < s.length; i++) {
      double d = s[i] - s[i - 1];
      if (d > 0 && d < min) min = d;
    }
    return Math.max(Double.isFinite(min) ? min : 1, 1e-9);
  }

  /** Bits to transmit u at resolution tau: the cheaper of the discrete and the continuous code. */
  static double marginal(double[] u, double tau) {
    int n = u.length;
    double[] s = u.clone();
    Arrays.sort(s);
    // discrete: plug-in entropy of the distinct values, plus each value of the alphabet at resolution tau
    double h = 0;
    int k = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && s[j] == s[i]) j++;
      double p = (double) (j - i) / n;
      h -= p * log2(p);
      k++;
      i = j;
    }
    double discrete = n * h + k * log2(1 / tau + 1);
    // continuous: m-spacing (Vasicek) differential entropy, gaps floored at the resolution
    int m = Math.max(1, (int) Math.round(Math.sqrt(n)));
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double gap = s[Math.min(n - 1, i + m)] - s[Math.max(0, i - m)];
      sum += log2(Math.max(gap, tau) * n / (2.0 * m));
    }
    double continuous = sum - n * log2(tau);
    return Math.min(discrete, continuous) + 1; // one bit says which code
  }

  /** Bits to transmit t given s: the cheapest of the global polynomial fits and the local (per-value) fit. */
  static double conditional(double[] s, double[] t, double tauT) {
    int n = s.length;
    double best = Double.POSITIVE_INFINITY;
    double paramBits = 0.5 * log2(n);
    for (int d = 1; d <= MAX_DEGREE; d++) {
      best = Math.min(best, residualBits(PolyFit.rss(s, t, d), n, tauT) + (d + 1) * paramBits);
    }
    // local: one mean of t per distinct value of s, worth it only when s repeats its values
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
    double rss = 0;
    int groups = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      double sum = 0;
      while (j < n && s[order[j]] == s[order[i]]) sum += t[order[j++]];
      double mean = sum / (j - i);
      for (int r = i; r < j; r++) rss += (t[order[r]] - mean) * (t[order[r]] - mean);
      groups++;
      i = j;
    }
    if (groups <= n / 5) best = Math.min(best, residualBits(rss, n, tauT) + groups * paramBits);
    return best + log2(MAX_DEGREE + 1);
  }

  /** Gaussian code of n residuals with sum of squares rss at resolution tau (at least 0 bits each). */
  private static double residualBits(double rss, int n, double tau) {
    double var = rss / n;
    double perRow = 0.5 * log2(2 * Math.PI * Math.E * Math.max(var, 1e-300)) - log2(tau);
    return n * Math.max(perRow, 0);
  }

  private static double log2(double v) { return Math.log(v) / Math.log(2); }
}
