package org.causalem.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.causalem.numeric.Stats;
import org.junit.jupiter.api.Test;

/** {@link FitCheck} against a brute-force reading of its documented rules (every pair of columns compared). */
class FitCheckTest {
  @Test
  void statusesEqualTheBruteForceRules() {
    for (long seed = 1; seed <= 3; seed++) {
      Columns c = scene(seed);
      int n = c.size();
      double[] sx = new double[n];
      double[] sy = new double[n];
      SplittableRandom rnd = new SplittableRandom(seed + 100);
      for (int i = 0; i < n; i++) {
        sx[i] = c.x()[i] + (rnd.nextDouble() < 0.03 ? 4 : 0.3 * (rnd.nextDouble() - 0.5));
        sy[i] = c.y()[i];
      }
      int[] group = new int[n];
      for (int i = 0; i < n; i++) group[i] = i % 7 == 0 ? -1 : i % 2;
      FitCheck.Options o = FitCheck.Options.of(2);
      for (int[] g : new int[][] {null, group}) {
        FitStatus[] got = FitCheck.check(c, sx, sy, g, 220, 220, o);
        FitStatus[] want = bruteForce(c, sx, sy, g, 220, 220, o);
        assertArrayEquals(want, got, "seed " + seed + (g == null ? ", one group" : ", two groups"));
        long background = Arrays.stream(got).filter(s -> s == FitStatus.BACKGROUND).count();
        assertTrue(background >= 5, "the scene must exercise the background check, " + background + " failed it");
      }
    }
  }

  /** A jittered 20 × 20 grid of spacing 10 px over a background ramp; some columns sit low, some have NaN background. */
  private static Columns scene(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 400;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] amp = new double[n];
    double[] bg = new double[n];
    double[] p = new double[n];
    double[] q = new double[n];
    double[] r = new double[n];
    double[] nan = new double[n];
    FitStatus[] st = new FitStatus[n];
    for (int i = 0; i < n; i++) {
      x[i] = 10 + 10 * (i % 20) + rnd.nextDouble() - 0.5;
      y[i] = 10 + 10 * (i / 20) + rnd.nextDouble() - 0.5;
      amp[i] = 100 * (0.5 + rnd.nextDouble());
      bg[i] = 0.5 * x[i] + 20 * rnd.nextDouble() - (rnd.nextDouble() < 0.08 ? 100 + 60 * rnd.nextDouble() : 0);
      if (rnd.nextDouble() < 0.02) bg[i] = Double.NaN;
      double s = 2 * (rnd.nextDouble() < 0.03 ? 3 : 0.8 + 0.4 * rnd.nextDouble());
      p[i] = r[i] = 1 / (s * s);
      st[i] = rnd.nextDouble() < 0.05 ? FitStatus.NOT_SETTLED : FitStatus.OK;
      nan[i] = Double.NaN;
    }
    x[5] = 230; // outside the 220 × 220 image
    return new Columns(x, y, amp, bg, p, q, r, nan, nan, nan, nan, st, 1);
  }

  private static FitStatus[] bruteForce(Columns c, double[] sx, double[] sy, int[] group, int w, int h, FitCheck.Options o) {
    int n = c.size();
    int groups = group == null ? 0 : Arrays.stream(group).max().getAsInt() + 1;
    double[] medW = new double[groups + 1];
    double[] medA = new double[groups + 1];
    for (int g = 0; g <= groups; g++) {
      double[] wd = new double[n];
      double[] a = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (c.status()[i] != FitStatus.OK || g < groups && group[i] != g) continue;
        wd[m] = c.widthPx(i);
        a[m++] = c.amplitude()[i];
      }
      medW[g] = m < 5 ? Double.NaN : Stats.median(wd, m);
      medA[g] = m < 5 ? Double.NaN : Stats.median(a, m);
    }
    double[] nearest = new double[n];
    for (int i = 0; i < n; i++) {
      double best = Double.POSITIVE_INFINITY;
      double bx = 0;
      double by = 0;
      for (int j = 0; j < n; j++) {
        double dx = c.x()[j] - c.x()[i];
        double dy = c.y()[j] - c.y()[i];
        if (j != i && dx * dx + dy * dy < best) {
          best = dx * dx + dy * dy;
          bx = dx;
          by = dy;
        }
      }
      nearest[i] = Math.hypot(bx, by);
    }
    Arrays.sort(nearest);
    double reach = 2.5 * nearest[n / 2];
    FitStatus[] out = c.status().clone();
    for (int i = 0; i < n; i++) {
      if (c.status()[i] != FitStatus.OK) continue;
      double x = c.x()[i];
      double y = c.y()[i];
      int g = group == null || group[i] < 0 ? groups : group[i];
      if (!(x >= -0.5 && x <= w - 0.5 && y >= -0.5 && y <= h - 0.5)) out[i] = FitStatus.LEFT_IMAGE;
      else if (Math.hypot(x - sx[i], y - sy[i]) > o.maxShiftPx()) out[i] = FitStatus.MOVED;
      else if (Double.isFinite(medW[g]) && !(c.widthPx(i) >= medW[g] / o.widthFactor() && c.widthPx(i) <= medW[g] * o.widthFactor())) out[i] = FitStatus.WIDTH;
      else if (lowBackground(c, i, group, g, groups, reach, medA[g] * o.backgroundDrop())) out[i] = FitStatus.BACKGROUND;
    }
    return out;
  }

  private static boolean lowBackground(Columns c, int i, int[] group, int g, int groups, double reach, double drop) {
    double[] bg = new double[c.size()];
    int m = 0;
    int v = 0;
    for (int j = 0; j < c.size(); j++) {
      double dx = c.x()[j] - c.x()[i];
      double dy = c.y()[j] - c.y()[i];
      if (j == i || c.status()[j] != FitStatus.OK || dx * dx + dy * dy > reach * reach) continue;
      if (group != null && g < groups && group[j] != group[i]) continue;
      m++;
      if (!Double.isNaN(c.background()[j])) bg[v++] = c.background()[j];
    }
    return m >= 3 && v > 0 && c.background()[i] < Stats.median(bg, v) - drop;
  }
}
