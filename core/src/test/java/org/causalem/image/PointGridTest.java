package org.causalem.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PointGrid#medianNearestDistance} against brute force over every pair (the oracle). */
class PointGridTest {
  @Test
  void medianNearestDistanceIsTheBruteForceMedian() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 60; trial++) {
      int n = 2 + rnd.nextInt(400);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        if (trial % 3 == 0) { // integer lattice with gaps and jitter-free ties (equidistant neighbours)
          x[i] = 7 * (i % 20) + (trial % 2);
          y[i] = 5 * (i / 20);
        } else if (trial % 3 == 1) { // clusters and isolated points
          x[i] = (i % 5 == 0 ? 1000 * rnd.nextDouble() : 30 * rnd.nextDouble());
          y[i] = (i % 5 == 0 ? 1000 * rnd.nextDouble() : 30 * rnd.nextDouble());
        } else {
          x[i] = Math.rint(200 * rnd.nextDouble());
          y[i] = Math.rint(200 * rnd.nextDouble());
        }
      }
      double maxRadius = trial % 4 == 0 ? 50 : 1e9;
      assertEquals(bruteForce(x, y, maxRadius), PointGrid.medianNearestDistance(x, y, maxRadius), 1e-12, "trial " + trial);
    }
  }

  private static double bruteForce(double[] x, double[] y, double maxRadius) {
    int n = x.length;
    double[] d = new double[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int j = 0; j < n; j++) if (j != i) best = Math.min(best, Math.hypot(x[j] - x[i], y[j] - y[i]));
      if (best <= maxRadius) d[m++] = best;
    }
    if (m == 0) return Double.NaN;
    Arrays.sort(d, 0, m);
    return d[m / 2];
  }
}
