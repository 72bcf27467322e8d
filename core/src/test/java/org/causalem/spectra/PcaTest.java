package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;

class PcaTest {
  private static final int W = 40;
  private static final int H = 30;
  private static final int C = 160;
  private static final double[] SIGMA = {30, 12, 5};

  /** mean + Σ_m σ_m·√n·u_m v_mᵀ with orthonormal v_m (sines) and unit-variance scores, plus small noise. */
  private static SpectrumImage lowRank(double[][] v, double noise, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = W * H;
    for (int m = 0; m < v.length; m++) {
      double norm = 0;
      for (int j = 0; j < C; j++) {
        v[m][j] = Math.sin(Math.PI * (m + 1) * (j + 0.5) / C);
        norm += v[m][j] * v[m][j];
      }
      for (int j = 0; j < C; j++) v[m][j] /= Math.sqrt(norm);
    }
    float[] px = new float[n * C];
    for (int i = 0; i < n; i++) {
      double[] score = new double[v.length];
      for (int m = 0; m < v.length; m++) score[m] = SIGMA[m] * Pca.gaussian(rng);
      for (int j = 0; j < C; j++) {
        double x = 100 + 0.2 * j;
        for (int m = 0; m < v.length; m++) x += score[m] * v[m][j];
        px[i * C + j] = (float) (x + noise * Pca.gaussian(rng));
      }
    }
    return new SpectrumImage("low rank", Pixels.ofFloats(px), Axis.pixels("y", H), Axis.pixels("x", W),
        new Axis("energy", C, 100, 1, "eV"), Metadata.EMPTY);
  }

  private static void assertRecovers(Decomposition d, double[][] v) {
    assertThat(d.components()).isEqualTo(3);
    for (int m = 0; m < 3; m++) {
      double cos = Math.abs(Stats.cosine(d.factors()[m], v[m]));
      assertThat(cos).as("|cos| of component %d with truth", m).isGreaterThan(0.999);
      assertThat(Math.sqrt(d.weights()[m])).isCloseTo(SIGMA[m], within(0.1 * SIGMA[m]));
    }
    // loadings are the projections: their variance is the explained variance
    double var = 0;
    for (float l : d.loadings()[0]) var += l * l;
    assertThat(var / (W * H - 1)).isCloseTo(d.weights()[0], within(1e-3 * d.weights()[0]));
    // the mean spectrum was removed
    assertThat((double) d.mean()[10]).isCloseTo(102, within(1.5));
  }

  @Test
  void exactSvdRecoversKnownLowRankStructure() {
    double[][] v = new double[3][C];
    SpectrumImage si = lowRank(v, 0.5, 1);
    Decomposition d = new Pca(new Pca.Options(3, Long.MAX_VALUE, 10, 2, 1)).fit(si);
    assertThat(d.method()).isEqualTo("pca");
    assertRecovers(d, v);
    assertThat(d.relativeError()).isLessThan(0.01);
  }

  @Test
  void randomizedSvdRecoversKnownLowRankStructure() {
    double[][] v = new double[3][C];
    SpectrumImage si = lowRank(v, 0.5, 2);
    Decomposition d = new Pca(new Pca.Options(3, 0, 10, 2, 7)).fit(si);
    assertThat(d.method()).isEqualTo("pca-randomized");
    assertRecovers(d, v);
  }
}
