package org.causalem.bayes;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Area under the ROC curve, with a bootstrap confidence interval. */
public final class Roc {
  private Roc() {}

  /** AUC with its (lo, hi) percentile bootstrap interval. */
  public record Auc(double auc, double lo, double hi) {}

  /**
   * The AUC: the probability that a random positive scores above a random negative (ties count ½),
   * by the rank-sum (Mann–Whitney) formula. NaN when either class is empty.
   */
  public static double auc(double[] scores, int[] labels) {
    int n = scores.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) j++;
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[idx[k]] == 1) {
          rankSumPos += midRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) return Double.NaN;
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** AUC and a {@code level} (e.g. 0.95) percentile bootstrap interval over {@code resamples} resamples. */
  public static Auc aucWithInterval(double[] scores, int[] labels, int resamples, double level, long seed) {
    double a = auc(scores, labels);
    SplittableRandom rng = new SplittableRandom(seed);
    double[] boot = new double[resamples];
    int m = 0;
    int n = scores.length;
    double[] s = new double[n];
    int[] l = new int[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        int k = rng.nextInt(n);
        s[i] = scores[k];
        l[i] = labels[k];
      }
      double v = auc(s, l);
      if (!Double.isNaN(v)) boot[m++] = v;
    }
    if (m == 0) return new Auc(a, Double.NaN, Double.NaN);
    double[] sorted = Arrays.copyOf(boot, m);
    Arrays.sort(sorted);
    double tail = (1 - level) / 2;
    return new Auc(a, sorted[(int) Math.floor(tail * (m - 1))], sorted[(int) Math.ceil((1 - tail) * (m - 1))]);
  }
}
