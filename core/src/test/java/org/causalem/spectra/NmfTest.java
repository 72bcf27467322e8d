package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.causalem.simulate.SmoothField;
import org.junit.jupiter.api.Test;

class NmfTest {
  @Test
  void recoversKnownNonNegativeComponents() {
    Scene s = scene();
    check(new Nmf(Nmf.Options.of(s.k, 42)).fit(s.si), s);
  }

  /** The compressed path (forced on the small scene) recovers the same components as the direct one. */
  @Test
  void compressedPathRecoversTheSameComponents() {
    Scene s = scene();
    Decomposition direct = new Nmf(Nmf.Options.of(s.k, 42)).fit(s.si);
    Decomposition compressed = new Nmf(Nmf.Options.of(s.k, 42).withCompressAbove(0)).fit(s.si);
    check(compressed, s);
    for (float[] f : compressed.factors()) {
      double best = 0;
      for (float[] g : direct.factors()) best = Math.max(best, Stats.cosine(f, toDouble(g)));
      assertThat(best).as("cosine of a compressed factor with its direct counterpart").isGreaterThan(0.995);
    }
    // the reported error is the exact one against the counts, not the compression's
    assertThat(compressed.relativeError()).isCloseTo(direct.relativeError(), within(0.002));
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  private record Scene(SpectrumImage si, double[][] comp, double[][] load, int k) {}

  private static Scene scene() {
    int w = 32;
    int h = 32;
    int c = 200;
    int k = 3;
    double[][] comp = new double[k][c];
    double[][] peaks = {{40, 8, 1.0, 120, 15, 0.4}, {80, 6, 1.0, 150, 10, 0.7}, {20, 10, 0.5, 110, 6, 1.0}};
    for (int m = 0; m < k; m++) {
      for (int j = 0; j < c; j++) {
        double[] p = peaks[m];
        comp[m][j] = p[2] * Math.exp(-0.5 * Math.pow((j - p[0]) / p[1], 2)) + p[5] * Math.exp(-0.5 * Math.pow((j - p[3]) / p[4], 2));
      }
    }
    SplittableRandom rng = new SplittableRandom(3);
    double[][] load = new double[k][w * h];
    for (int m = 0; m < k; m++) load[m] = SmoothField.random(w, h, 3, 0, 1, rng);
    // pure pixels: each component alone in one corner region
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        for (int m = 0; m < k; m++) {
          int[][] corner = {{0, 0}, {w - 4, 0}, {0, h - 4}};
          int p = (corner[m][1] + y) * w + corner[m][0] + x;
          for (int q = 0; q < k; q++) load[q][p] = q == m ? 1 : 0;
        }
      }
    }
    float[] px = new float[w * h * c];
    for (int p = 0; p < w * h; p++) {
      for (int j = 0; j < c; j++) {
        double v = 0;
        for (int m = 0; m < k; m++) v += 2000 * load[m][p] * comp[m][j];
        px[p * c + j] = (float) SmoothField.poisson(v, rng);
      }
    }
    SpectrumImage si = new SpectrumImage("mixture", Pixels.ofFloats(px), Axis.pixels("y", h), Axis.pixels("x", w),
        new Axis("energy", c, 0, 1, "eV"), Metadata.EMPTY);
    return new Scene(si, comp, load, k);
  }

  private static void check(Decomposition d, Scene s) {
    int k = s.k;
    double[][] comp = s.comp;
    double[][] load = s.load;
    assertThat(d.components()).isEqualTo(k);
    for (float[] f : d.factors()) for (float x : f) assertThat(x).isGreaterThanOrEqualTo(0f);
    // best one-to-one match of recovered and true components
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double best = -1;
    int[] bestPerm = null;
    for (int[] perm : perms) {
      double worst = 1;
      for (int m = 0; m < k; m++) worst = Math.min(worst, Stats.cosine(d.factors()[perm[m]], comp[m]));
      if (worst > best) {
        best = worst;
        bestPerm = perm;
      }
    }
    assertThat(best).as("worst cosine of matched NMF factors").isGreaterThanOrEqualTo(0.98);
    for (int m = 0; m < k; m++) {
      assertThat(Stats.correlation(d.loadings()[bestPerm[m]], load[m])).isGreaterThan(0.95);
    }
    assertThat(d.relativeError()).isLessThan(0.1);
  }
}
