package org.causalem.fourd;

import java.util.Arrays;
import java.util.SplittableRandom;

/** k-means with k-means++ seeding (Arthur &amp; Vassilvitskii 2007), best of several restarts. */
final class KMeans {
  record Result(int[] labels, double inertia) {}

  private KMeans() {}

  /** @param x {@code [dimension][point]} */
  static Result fit(float[][] x, int k, int restarts, SplittableRandom rng) {
    int n = x[0].length;
    Result best = null;
    for (int r = 0; r < restarts; r++) {
      Result res = once(x, k, rng.split());
      if (best == null || res.inertia() < best.inertia()) best = res;
    }
    return new Result(relabel(best.labels(), k), best.inertia());
  }

  private static Result once(float[][] x, int k, SplittableRandom rng) {
    int dim = x.length;
    int n = x[0].length;
    double[][] c = new double[k][dim];
    double[] d2 = new double[n];
    int first = rng.nextInt(n);
    for (int j = 0; j < dim; j++) c[0][j] = x[j][first];
    Arrays.fill(d2, Double.POSITIVE_INFINITY);
    for (int m = 1; m < k; m++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        d2[i] = Math.min(d2[i], dist2(x, i, c[m - 1]));
        total += d2[i];
      }
      int pick = n - 1;
      if (total > 0) {
        double u = rng.nextDouble() * total;
        for (int i = 0; i < n; i++) {
          u -= d2[i];
          if (u <= 0) {
            pick = i;
            break;
          }
        }
      } else {
        pick = rng.nextInt(n);
      }
      for (int j = 0; j < dim; j++) c[m][j] = x[j][pick];
    }
    int[] labels = new int[n];
    double inertia = Double.POSITIVE_INFINITY;
    for (int it = 0; it < 200; it++) {
      boolean changed = false;
      inertia = 0;
      for (int i = 0; i < n; i++) {
        int bestM = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int m = 0; m < k; m++) {
          double dd = dist2(x, i, c[m]);
          if (dd < bestD) {
            bestD = dd;
            bestM = m;
          }
        }
        if (labels[i] != bestM || it == 0) changed |= labels[i] != bestM;
        labels[i] = bestM;
        inertia += bestD;
      }
      if (!changed && it > 0) break;
      double[][] sum = new double[k][dim];
      int[] count = new int[k];
      for (int i = 0; i < n; i++) {
        count[labels[i]]++;
        for (int j = 0; j < dim; j++) sum[labels[i]][j] += x[j][i];
      }
      for (int m = 0; m < k; m++) {
        if (count[m] == 0) continue;   // keep an empty cluster's centre where it was
        for (int j = 0; j < dim; j++) c[m][j] = sum[m][j] / count[m];
      }
    }
    return new Result(labels, inertia);
  }

  private static double dist2(float[][] x, int i, double[] c) {
    double s = 0;
    for (int j = 0; j < c.length; j++) {
      double d = x[j][i] - c[j];
      s += d * d;
    }
    return s;
  }

  /** Renumbers clusters in order of first appearance. */
  private static int[] relabel(int[] labels, int k) {
    int[] map = new int[k];
    Arrays.fill(map, -1);
    int next = 0;
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (map[labels[i]] < 0) map[labels[i]] = next++;
      out[i] = map[labels[i]];
    }
    return out;
  }
}
