package org.causalem.bayes;

import java.util.Arrays;
import org.causalem.numeric.Stats;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Convergence diagnostics of MCMC chains after Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner (2021):
 * split R-hat on rank-normalised (bulk) and folded (tails) draws, and effective sample size from the
 * multi-chain autocorrelation with Geyer's initial monotone sequence. Chains are {@code [chain][draw]}.
 */
public final class ConvergenceDiagnostics {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private ConvergenceDiagnostics() {}

  /** Each chain cut into its first and second half (an odd middle draw is dropped). */
  public static double[][] split(double[][] chains) {
    double[][] out = new double[2 * chains.length][];
    for (int c = 0; c < chains.length; c++) {
      int h = chains[c].length / 2;
      out[2 * c] = Arrays.copyOfRange(chains[c], 0, h);
      out[2 * c + 1] = Arrays.copyOfRange(chains[c], chains[c].length - h, chains[c].length);
    }
    return out;
  }

  /** Classic potential scale reduction of equal-length chains (no splitting). */
  public static double rhat(double[][] chains) {
    int m = chains.length;
    int n = chains[0].length;
    double[] means = new double[m];
    double w = 0;
    for (int c = 0; c < m; c++) {
      if (chains[c].length != n) throw new IllegalArgumentException("chains differ in length");
      double s = 0;
      for (double v : chains[c]) s += v;
      means[c] = s / n;
      double ss = 0;
      for (double v : chains[c]) ss += (v - means[c]) * (v - means[c]);
      w += ss / (n - 1);
    }
    w /= m;
    double grand = Arrays.stream(means).average().orElse(0);
    double b = 0;
    for (double mu : means) b += (mu - grand) * (mu - grand);
    b = b * n / Math.max(1, m - 1);
    double varPlus = (n - 1.0) / n * w + b / n;
    if (w == 0) return Double.NaN;
    return Math.sqrt(varPlus / w);
  }

  /** max(bulk, tail) rank-normalised split R-hat. */
  public static double rankNormalizedSplitRhat(double[][] chains) {
    double[][] s = split(chains);
    double bulk = rhat(rankNormalize(s));
    double[][] folded = new double[s.length][];
    double med = median(s);
    for (int c = 0; c < s.length; c++) {
      folded[c] = new double[s[c].length];
      for (int i = 0; i < s[c].length; i++) folded[c][i] = Math.abs(s[c][i] - med);
    }
    double tail = rhat(rankNormalize(folded));
    return Math.max(bulk, tail);
  }

  /** Bulk ESS: ESS of the rank-normalised split chains. */
  public static double essBulk(double[][] chains) { return ess(rankNormalize(split(chains))); }

  /**
   * Effective sample size of equal-length chains (Geyer's initial positive and monotone sequence on the
   * multi-chain autocorrelation estimate).
   */
  public static double ess(double[][] chains) {
    int m = chains.length;
    int n = chains[0].length;
    if (n < 4) return Double.NaN;
    double[] means = new double[m];
    double[][] centred = new double[m][n];
    for (int c = 0; c < m; c++) {
      double s = 0;
      for (double v : chains[c]) s += v;
      means[c] = s / n;
      for (int i = 0; i < n; i++) centred[c][i] = chains[c][i] - means[c];
    }
    double meanVar = acovMean(centred, 0) * n / (n - 1.0);
    double varPlus = meanVar * (n - 1.0) / n;
    if (m > 1) {
      double grand = Arrays.stream(means).average().orElse(0);
      double b = 0;
      for (double mu : means) b += (mu - grand) * (mu - grand);
      varPlus += b / (m - 1);
    }
    if (!(varPlus > 0)) return Double.NaN;
    double[] rho = new double[n + 1];
    rho[0] = 1;
    double rhoEven = 1;
    double rhoOdd = 1 - (meanVar - acovMean(centred, 1)) / varPlus;
    int t = 1;
    while (t < n - 5 && rhoEven + rhoOdd > 0) {
      rho[t] = rhoOdd;
      rhoEven = 1 - (meanVar - acovMean(centred, t + 1)) / varPlus;
      rho[t + 1] = rhoEven;
      rhoOdd = 1 - (meanVar - acovMean(centred, t + 2)) / varPlus;
      t += 2;
    }
    int maxT = t;
    if (rhoEven > 0) rho[maxT + 1] = rhoEven;
    // monotone: pair sums must not increase
    for (int k = 1; k <= maxT - 3; k += 2) {
      if (rho[k + 1] + rho[k + 2] > rho[k - 1] + rho[k]) {
        double avg = (rho[k - 1] + rho[k]) / 2;
        rho[k + 1] = avg;
        rho[k + 2] = avg;
      }
    }
    double sum = 0;
    for (int k = 0; k < maxT; k++) sum += rho[k];
    double tau = -1 + 2 * sum + rho[maxT];
    tau = Math.max(tau, 1 / Math.log10(m * (double) n));
    return m * (double) n / tau;
  }

  private static double acovMean(double[][] centred, int lag) {
    double s = 0;
    for (double[] x : centred) {
      int n = x.length;
      double a = 0;
      for (int i = 0; i + lag < n; i++) a += x[i] * x[i + lag];
      s += a / n;
    }
    return s / centred.length;
  }

  /** Pooled ranks (average for ties) mapped to normal scores {@code Φ⁻¹((r − 3/8)/(S + 1/4))}. */
  public static double[][] rankNormalize(double[][] chains) {
    int total = 0;
    for (double[] c : chains) total += c.length;
    double[] all = new double[total];
    int[] chainOf = new int[total];
    int[] posOf = new int[total];
    int k = 0;
    for (int c = 0; c < chains.length; c++) {
      for (int i = 0; i < chains[c].length; i++) {
        all[k] = chains[c][i];
        chainOf[k] = c;
        posOf[k] = i;
        k++;
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double[][] out = new double[chains.length][];
    for (int c = 0; c < chains.length; c++) out[c] = new double[chains[c].length];
    int i = 0;
    while (i < total) {
      int j = i;
      while (j + 1 < total && all[order[j + 1]] == all[order[i]]) j++;
      double rank = (i + j) / 2.0 + 1;
      double z = STANDARD_NORMAL.inverseCumulativeProbability((rank - 0.375) / (total + 0.25));
      for (int q = i; q <= j; q++) out[chainOf[order[q]]][posOf[order[q]]] = z;
      i = j + 1;
    }
    return out;
  }

  private static double median(double[][] chains) {
    int total = 0;
    for (double[] c : chains) total += c.length;
    double[] all = new double[total];
    int k = 0;
    for (double[] c : chains) for (double v : c) all[k++] = v;
    return Stats.median(all);
  }
}
