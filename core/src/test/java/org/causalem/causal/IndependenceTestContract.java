package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link IndependenceTest} keeps. Subclasses supply data from the chain
 * {@code A → B → C} plus an independent {@code D} (columns A, B, C, D) and build the test.
 */
abstract class IndependenceTestContract {
  /** Data from A → B → C with D independent of all, drawn with {@code seed}. */
  abstract DescriptorTable chain(long seed);

  abstract IndependenceTest create(DescriptorTable data, double alpha);

  private IndependenceTest test() { return create(chain(7), 0.05); }

  @Test
  void namesTheVariablesAndKeepsAlpha() {
    IndependenceTest t = test();
    assertThat(t.variables()).containsExactly("A", "B", "C", "D");
    assertThat(t.alpha()).isEqualTo(0.05);
  }

  @Test
  void detectsDirectAndIndirectDependence() {
    IndependenceTest t = test();
    assertThat(t.pValue(0, 1, new int[0])).isLessThan(0.001);
    assertThat(t.pValue(1, 2, new int[0])).isLessThan(0.001);
    assertThat(t.pValue(0, 2, new int[0])).isLessThan(0.01);
    assertThat(t.independent(0, 2, new int[0])).isFalse();
    assertThat(t.pValue(0, 1, new int[] {2})).isLessThan(0.001);
  }

  @Test
  void acceptsMarginalAndConditionalIndependence() {
    IndependenceTest t = test();
    assertThat(t.pValue(0, 2, new int[] {1})).isGreaterThan(0.01);
    assertThat(t.pValue(0, 3, new int[0])).isGreaterThan(0.01);
    assertThat(t.pValue(2, 3, new int[] {1})).isGreaterThan(0.01);
    assertThat(t.independent(0, 2, new int[] {1})).isTrue();
  }

  @Test
  void pValueIsAProbabilitySymmetricInXAndYAndInTheOrderOfZ() {
    IndependenceTest t = test();
    for (int x = 0; x < 4; x++) {
      for (int y = 0; y < 4; y++) {
        if (x == y) continue;
        double p = t.pValue(x, y, new int[0]);
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(t.pValue(y, x, new int[0])).isCloseTo(p, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    int[] z1 = {1, 3};
    int[] z2 = {3, 1};
    assertThat(t.pValue(0, 2, z1)).isCloseTo(t.pValue(2, 0, z2), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void givesTheSameAnswersFromSeveralThreads() throws Exception {
    IndependenceTest t = test();
    double[] expected = {t.pValue(0, 1, new int[0]), t.pValue(0, 2, new int[] {1}), t.pValue(1, 3, new int[] {0, 2})};
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        futures.add(pool.submit(() -> new double[] {t.pValue(0, 1, new int[0]), t.pValue(0, 2, new int[] {1}), t.pValue(1, 3, new int[] {0, 2})}));
      }
      for (Future<double[]> f : futures) assertThat(f.get()).containsExactly(expected);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void rejectsBadArguments() {
    IndependenceTest t = test();
    assertThatThrownBy(() -> t.pValue(0, 0, new int[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.pValue(0, 1, new int[] {1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.pValue(0, 9, new int[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> create(chain(1), 1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
