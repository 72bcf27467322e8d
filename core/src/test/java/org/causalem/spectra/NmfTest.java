package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;

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
    Decomposition d = new Nmf(Nmf.Options.of(k, 42)).fit(si);
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
