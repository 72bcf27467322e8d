package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PredictabilityMapTest {
  @Test void smoothFieldIsPredictableFromNeighboursWhiteNoiseIsNot() {
    SplittableRandom rnd = new SplittableRandom(6);
    int side = 14;
    int n = side * side;
    double[] xp = new double[n];
    double[] yp = new double[n];
    double[] smooth = new double[n];
    double[] noise = new double[n];
    for (int i = 0; i < n; i++) {
      xp[i] = i % side;
      yp[i] = i / side;
      smooth[i] = Math.sin(xp[i] / 3) * Math.cos(yp[i] / 4) + 0.05 * BayesianLinearRegressionTest.gauss(rnd);
      noise[i] = BayesianLinearRegressionTest.gauss(rnd);
    }
    PredictabilityMap.Options o = new PredictabilityMap.Options(2, 2, new GaussianProcess.Options(Kernel.RBF, false, 1, 100, 600, Double.POSITIVE_INFINITY, 1));
    CrossValidation good = PredictabilityMap.compute(xp, yp, PredictabilityMap.neighbourFeatures(xp, yp, smooth, 4), smooth, o);
    CrossValidation bad = PredictabilityMap.compute(xp, yp, PredictabilityMap.neighbourFeatures(xp, yp, noise, 4), noise, o);
    assertThat(good.r2()).isGreaterThan(0.8);
    assertThat(bad.r2()).isLessThan(0.1);
    assertThat(bad.coverage95()).isBetween(0.88, 1.0);
    int[] blocks = PredictabilityMap.spatialBlocks(xp, yp, 2, 2);
    assertThat(blocks[0]).isEqualTo(0);
    assertThat(blocks[n - 1]).isEqualTo(3);
    assertThat(blocks[side - 1]).isEqualTo(1);
  }

  @Test void neighbourFeaturesAreNearestFirst() {
    double[] x = {0, 1, 3, 7};
    double[] y = {0, 0, 0, 0};
    double[] v = {10, 11, 13, 17};
    double[][] f = PredictabilityMap.neighbourFeatures(x, y, v, 2);
    assertThat(f[0]).containsExactly(11, 13);
    assertThat(f[3]).containsExactly(13, 11);
  }
}
