package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {
  /** Three well-separated 2-D clusters of known means and sizes. */
  private static double[][] threeClusters(int[] labels) {
    SplittableRandom r = new SplittableRandom(3);
    double[][] mu = {{0, 0}, {6, 0}, {0, 5}};
    double[][] x = new double[labels.length][];
    for (int i = 0; i < x.length; i++) {
      int c = i % 3 == 0 ? 0 : (i % 3 == 1 ? 1 : 2);
      labels[i] = c;
      x[i] = new double[] {mu[c][0] + r.nextGaussian() * (c == 1 ? 0.5 : 1), mu[c][1] + r.nextGaussian() * 0.8};
    }
    return x;
  }

  @Test
  void bicPicksThreeClassesAndRecoversMeans() {
    int[] truth = new int[900];
    double[][] x = threeClusters(truth);
    GaussianMixture.Model m = new GaussianMixture(GaussianMixture.Options.defaults(1)).fitBest(x);
    assertThat(m.classes()).isEqualTo(3);
    int[] c = m.classify(x);
    // map each fitted class to the true cluster of its mean, then count agreement
    int[] map = new int[3];
    double[][] mu = {{0, 0}, {6, 0}, {0, 5}};
    for (int j = 0; j < 3; j++) {
      double best = Double.MAX_VALUE;
      for (int t = 0; t < 3; t++) {
        double d = Math.hypot(m.means()[j][0] - mu[t][0], m.means()[j][1] - mu[t][1]);
        if (d < best) {
          best = d;
          map[j] = t;
        }
      }
      assertThat(best).isLessThan(0.2);
      assertThat(m.weights()[j]).isCloseTo(1.0 / 3, within(0.02));
    }
    int agree = 0;
    for (int i = 0; i < x.length; i++) if (map[c[i]] == truth[i]) agree++;
    assertThat(agree).isGreaterThan(880);
  }

  @Test
  void logDensityMatchesClosedFormInOneDimension() {
    double v = GaussianMixture.logDensity(new double[] {1.5}, new double[] {0.5}, new double[][] {{4}});
    double expected = -0.5 * Math.log(2 * Math.PI * 4) - 0.5 * 1.0 / 4;
    assertThat(v).isCloseTo(expected, within(1e-12));
  }
}
