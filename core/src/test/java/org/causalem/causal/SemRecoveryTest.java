package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.causalem.simulate.LinearSem;
import org.causalem.simulate.RandomDag;
import org.junit.jupiter.api.Test;

/**
 * PC-stable (Fisher z) and GES (BIC) on Gaussian linear SEMs recover the true CPDAG: 20 nodes, 1.5
 * neighbours per node on average, coefficients ±U(0.2, 0.7), unit noise, n = 5000, 10 seeds.
 */
class SemRecoveryTest {
  private static final int SEEDS = 10;

  private static LinearSem.Sample sem(long seed) {
    var dag = RandomDag.generate(20, 1.5, seed);
    var sem = new LinearSem(new LinearSem.Options(0.2, 0.7, LinearSem.Noise.GAUSSIAN, 1.0));
    return sem.simulate(dag, 5000, new SplittableRandom(seed + 1000));
  }

  @Test
  void pcOnTwentyNodeSems() {
    double total = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      LinearSem.Sample s = sem(seed);
      FisherZTest test = new FisherZTest(s.data().names(), s.data().columns(), 0.01);
      Graph out = new PcStable(PcStable.Options.defaults()).search(test);
      total += GraphComparison.compare(Cpdag.of(s.dag()), out).structuralHammingDistance();
    }
    assertThat(total / SEEDS).isLessThanOrEqualTo(3.0);
  }

  @Test
  void gesOnTwentyNodeSems() {
    double total = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      LinearSem.Sample s = sem(seed);
      Graph out = new Ges(Ges.Options.defaults()).search(new BicScore(s.data(), new BicScore.Options(1.0)));
      total += GraphComparison.compare(Cpdag.of(s.dag()), out).structuralHammingDistance();
    }
    assertThat(total / SEEDS).isLessThanOrEqualTo(3.0);
  }

  @Test
  void fisherZMatchesAnalyticPartialCorrelation() {
    // x = e1, y = x + e2, z = y + e3: corr(x, z | y) = 0; corr(x, y) = 1/sqrt(2); corr(x, z) = 1/sqrt(3)
    java.util.Random r = new java.util.Random(5);
    int n = 200_000;
    double[][] c = new double[3][n];
    for (int i = 0; i < n; i++) {
      c[0][i] = r.nextGaussian();
      c[1][i] = c[0][i] + r.nextGaussian();
      c[2][i] = c[1][i] + r.nextGaussian();
    }
    FisherZTest t = new FisherZTest(java.util.List.of("x", "y", "z"), c, 0.05);
    assertThat(t.partialCorrelation(0, 1, new int[0])).isCloseTo(1 / Math.sqrt(2), org.assertj.core.api.Assertions.within(0.005));
    assertThat(t.partialCorrelation(0, 2, new int[0])).isCloseTo(1 / Math.sqrt(3), org.assertj.core.api.Assertions.within(0.005));
    assertThat(t.partialCorrelation(0, 2, new int[] {1})).isCloseTo(0, org.assertj.core.api.Assertions.within(0.01));
    // x and y stay strongly dependent given z; x and z are independent given y
    assertThat(t.pValue(0, 1, new int[] {2})).isLessThan(1e-10);
    assertThat(t.pValue(0, 2, new int[] {1})).isGreaterThan(0.001);
  }
}
