package org.causalem.causal;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;

/** Discrete test data: A → B → C with three states each, D independent with two states. */
final class DiscreteChains {
  private DiscreteChains() {}

  static DescriptorTable chain(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] c = new double[4][n];
    for (int i = 0; i < n; i++) {
      int a = rng.nextInt(3);
      int b = rng.nextDouble() < 0.6 ? a : rng.nextInt(3);
      int cc = rng.nextDouble() < 0.6 ? (b + 1) % 3 : rng.nextInt(3);
      c[0][i] = a;
      c[1][i] = b;
      c[2][i] = cc;
      c[3][i] = 10 + 5 * rng.nextInt(2); // non-contiguous codes on purpose
    }
    return DescriptorTable.of(List.of("A", "B", "C", "D"), c);
  }
}
