package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.causalem.table.DescriptorTable;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class GSquareTestTest extends IndependenceTestContract {
  @Override DescriptorTable chain(long seed) { return DiscreteChains.chain(seed, 3000); }

  @Override IndependenceTest create(DescriptorTable data, double alpha) { return new GSquareTest(data, alpha); }

  @Test
  void twoByTwoTableMatchesTheLikelihoodRatioStatistic() {
    GSquareTest t = new GSquareTest(ChiSquareTestTest.table(ChiSquareTestTest.TWO_BY_TWO), 0.05);
    double g2 = 2 * (10 * Math.log(10 / 12.0) + 20 * Math.log(20 / 18.0) + 30 * Math.log(30 / 28.0) + 40 * Math.log(40 / 42.0));
    assertThat(t.statistic(0, 1, new int[0])[0]).isCloseTo(g2, within(1e-12));
    double p = 2 * (1 - new NormalDistribution(0, 1).cumulativeProbability(Math.sqrt(g2)));
    assertThat(t.pValue(0, 1, new int[0])).isCloseTo(p, within(1e-10));
  }

  @Test
  void emptyCellsContributeNothing() {
    // [[10, 0], [5, 5]]: expected [[7.5, 2.5], [7.5, 2.5]]; the empty cell adds 0
    int[][] rows = {{0, 0, 0, 10}, {1, 0, 0, 5}, {1, 1, 0, 5}};
    GSquareTest t = new GSquareTest(ChiSquareTestTest.table(rows), 0.05);
    double g2 = 2 * (10 * Math.log(10 / 7.5) + 5 * Math.log(5 / 7.5) + 5 * Math.log(5 / 2.5));
    assertThat(t.statistic(0, 1, new int[0])[0]).isCloseTo(g2, within(1e-12));
  }
}
