package org.causalem.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.causalem.numeric.Stats;
import org.junit.jupiter.api.Test;

/** {@link Select} against the sorted array (the oracle), on random, tied, ordered and signed-zero inputs. */
class SelectTest {
  @Test
  void everyOrderStatisticIsTheSortedArraysValue() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 400; trial++) {
      int m = 1 + rnd.nextInt(trial < 300 ? 60 : 3000);
      double[] v = values(rnd, m, trial % 5);
      double[] sorted = v.clone();
      Arrays.sort(sorted);
      int k = rnd.nextInt(m);
      double[] scratch = v.clone();
      double got = Select.kth(scratch, m, k);
      assertTrue(sorted[k] == got, "trial " + trial + ", k " + k + ": " + got + " instead of " + sorted[k]); // -0.0 == 0.0: kth compares by <
      double[] s2 = scratch.clone();
      Arrays.sort(s2);
      assertArrayEquals(sorted, s2, "kth only reorders");
      for (int i = 0; i < k; i++) assertTrue(scratch[i] <= scratch[k]);
    }
  }

  @Test
  void mediansEqualStats() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int m = rnd.nextInt(trial < 250 ? 40 : 5000);
      double[] v = values(rnd, m, trial % 5);
      for (int i = 0; i < m; i++) if (trial % 7 == 0 && rnd.nextInt(9) == 0) v[i] = Double.NaN;
      double[] copy = v.clone();
      int count = m == 0 ? 0 : rnd.nextInt(m + 1);
      assertEquals(Double.doubleToLongBits(Stats.median(v, count)), Double.doubleToLongBits(Select.median(v, count)), "median, trial " + trial);
      assertEquals(Double.doubleToLongBits(Stats.upperMedian(v, count)), Double.doubleToLongBits(Select.upperMedian(v, count)), "upper, trial " + trial);
      assertArrayEquals(copy, v, "input unchanged");
    }
  }

  @Test
  void adversarialOrdersStayLinear() {
    int m = 200_000;
    double[] up = new double[m];
    for (int i = 0; i < m; i++) up[i] = i % 2 == 0 ? i : m - i; // organ-pipe-like
    double[] s = up.clone();
    Arrays.sort(s);
    assertEquals(s[m / 2], Select.kth(up.clone(), m, m / 2));
  }

  /** Random values of one of five kinds: continuous, few distinct (ties), ascending, descending, signed zeros. */
  private static double[] values(SplittableRandom rnd, int m, int kind) {
    double[] v = new double[m];
    for (int i = 0; i < m; i++) {
      v[i] = switch (kind) {
        case 0 -> rnd.nextGaussian();
        case 1 -> rnd.nextInt(4);
        case 2 -> i;
        case 3 -> m - i;
        default -> rnd.nextInt(3) == 0 ? -0.0 : rnd.nextInt(3) - 1.0;
      };
    }
    return v;
  }
}
