package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernel regressions of {@link ScanModel} visit only the points near each grid point ({@link ScanModel.Neighbourhood});
 * the oracle is the plain sum over every point in index order, written out here: the results must be the same to the bit.
 */
class ScanModelKernelTest {
  @Test
  void localLinearAndKernelMeanEqualTheSumOverEveryPoint() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 1 + r.nextInt(3000);
      int size = 50 + r.nextInt(600);
      double[] u = new double[n];
      double[] v = new double[n];
      boolean[] use = new boolean[n];
      // a cluster, points spread over the grid and beyond it, and some left out
      for (int k = 0; k < n; k++) {
        u[k] = k % 7 == 0 ? 100 + r.nextDouble() : -20 + (size + 40) * r.nextDouble();
        v[k] = r.nextGaussian();
        use[k] = r.nextDouble() > 0.1;
      }
      double h = 0.3 + 20 * r.nextDouble();
      double[][] fast = ScanModel.localLinear(u, v, use, h, size);
      double[][] slow = localLinear(u, v, use, h, size);
      assertThat(bits(fast[0])).as("value, trial %d", trial).isEqualTo(bits(slow[0]));
      assertThat(bits(fast[1])).as("slope, trial %d", trial).isEqualTo(bits(slow[1]));
      assertThat(bits(ScanModel.kernelMean(u, v, use, h, size))).as("mean, trial %d", trial)
          .isEqualTo(bits(kernelMean(u, v, use, h, size)));
    }
  }

  @Test
  void noUsedPointGivesTheEmptyResults() {
    double[] u = {1, 2, 3};
    boolean[] none = new boolean[3];
    assertThat(ScanModel.kernelMean(u, u, none, 2, 5)).containsOnly(0.0);
    assertThat(ScanModel.localLinear(u, u, none, 2, 5)[0]).containsOnly(0.0);
  }

  private static long[] bits(double[] a) { return Arrays.stream(a).mapToLong(Double::doubleToLongBits).toArray(); }

  /** The regression as a loop over every point (the fill of empty grid points as in ScanModel). */
  private static double[][] localLinear(double[] u, double[] v, boolean[] use, double h, int size) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < u.length; k++) {
      if (!use[k]) continue;
      lo = Math.min(lo, u[k]);
      hi = Math.max(hi, u[k]);
    }
    double[] val = new double[size];
    double[] slope = new double[size];
    double inv = 1 / (2 * h * h);
    for (int g = 0; g < size; g++) {
      double u0 = Math.max(lo, Math.min(hi, g));
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double t0 = 0;
      double t1 = 0;
      for (int k = 0; k < u.length; k++) {
        double d = u[k] - u0;
        if (!use[k] || Math.abs(d) > 4 * h) continue;
        double w = Math.exp(-d * d * inv);
        s0 += w;
        s1 += w * d;
        s2 += w * d * d;
        t0 += w * v[k];
        t1 += w * d * v[k];
      }
      double det = s0 * s2 - s1 * s1;
      boolean flat = det <= 1e-12 * s0 * s2 || s0 < 2;
      val[g] = s0 <= 0 ? Double.NaN : flat ? t0 / s0 : (s2 * t0 - s1 * t1) / det;
      slope[g] = s0 <= 0 || flat ? 0 : (s0 * t1 - s1 * t0) / det;
    }
    fill(val);
    return new double[][] {val, slope};
  }

  private static double[] kernelMean(double[] u, double[] v, boolean[] use, double h, int size) {
    double[] out = new double[size];
    double inv = 1 / (2 * h * h);
    for (int g = 0; g < size; g++) {
      double s = 0;
      double t = 0;
      for (int k = 0; k < u.length; k++) {
        double d = u[k] - g;
        if (!use[k] || Math.abs(d) > 4 * h) continue;
        double w = Math.exp(-d * d * inv);
        s += w;
        t += w * v[k];
      }
      out[g] = s > 1e-3 ? t / s : Double.NaN;
    }
    fill(out);
    return out;
  }

  private static void fill(double[] a) {
    int first = 0;
    while (first < a.length && !Double.isFinite(a[first])) first++;
    for (int i = 0; i < a.length; i++) {
      if (first == a.length) a[i] = 0;
      else if (i < first) a[i] = a[first];
      else if (!Double.isFinite(a[i])) a[i] = a[i - 1];
    }
  }
}
