package org.causalem.causal;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;

class FisherZTestTest extends IndependenceTestContract {
  /** A linear-Gaussian chain: B = 0.8 A + e, C = 0.8 B + e; D independent. */
  @Override DescriptorTable chain(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1000;
    double[][] c = new double[4][n];
    for (int i = 0; i < n; i++) {
      c[0][i] = BicScoreTest.normal(rng);
      c[1][i] = 0.8 * c[0][i] + BicScoreTest.normal(rng);
      c[2][i] = 0.8 * c[1][i] + BicScoreTest.normal(rng);
      c[3][i] = BicScoreTest.normal(rng);
    }
    return DescriptorTable.of(List.of("A", "B", "C", "D"), c);
  }

  @Override IndependenceTest create(DescriptorTable data, double alpha) {
    return new FisherZTest(data.names(), data.columns(), alpha);
  }
}
