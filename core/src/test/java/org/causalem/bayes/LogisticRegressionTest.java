package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
  @Test
  void recoversKnownWeightsWithWeakPrior() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 20000;
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian() * 2;
      double p = 1 / (1 + Math.exp(-(-0.5 + 1.5 * x[i][0] - 0.75 * x[i][1])));
      y[i] = r.nextDouble() < p ? 1 : 0;
    }
    LogisticRegression.Model m = new LogisticRegression(new LogisticRegression.Options(1e-6, 100, 1e-10)).fit(x, y);
    assertThat(m.converged()).isTrue();
    assertThat(m.rawWeights()[0]).isCloseTo(1.5, within(0.08));
    assertThat(m.rawWeights()[1]).isCloseTo(-0.75, within(0.05));
    assertThat(m.probability(new double[] {0, 0})).isCloseTo(1 / (1 + Math.exp(0.5)), within(0.03));
  }

  @Test
  void aucByHandAndBounds() {
    // positives 0.9, 0.4; negatives 0.5, 0.1: pairs (0.9>0.5, 0.9>0.1, 0.4<0.5, 0.4>0.1) -> 3/4
    assertThat(Roc.auc(new double[] {0.9, 0.4, 0.5, 0.1}, new int[] {1, 1, 0, 0})).isEqualTo(0.75);
    // a tie counts one half
    assertThat(Roc.auc(new double[] {0.5, 0.5}, new int[] {1, 0})).isEqualTo(0.5);
    Roc.Auc ci = Roc.aucWithInterval(new double[] {0.9, 0.8, 0.7, 0.3, 0.2, 0.6, 0.1, 0.4}, new int[] {1, 1, 1, 1, 0, 0, 0, 0}, 500, 0.95, 1);
    assertThat(ci.lo()).isLessThanOrEqualTo(ci.auc());
    assertThat(ci.hi()).isGreaterThanOrEqualTo(ci.auc());
  }
}
