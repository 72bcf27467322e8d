package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

class KciTestTest extends IndependenceTestContract {
  /** A nonlinear chain: B = sin(3A) + noise, C = tanh(2B) + noise; D independent. */
  @Override DescriptorTable chain(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 500;
    double[][] c = new double[4][n];
    for (int i = 0; i < n; i++) {
      double a = 2 * rng.nextDouble() - 1;
      double b = Math.sin(3 * a) + 0.3 * BicScoreTest.normal(rng);
      c[0][i] = a;
      c[1][i] = b;
      c[2][i] = Math.tanh(2 * b) + 0.3 * BicScoreTest.normal(rng);
      c[3][i] = BicScoreTest.normal(rng);
    }
    return DescriptorTable.of(List.of("A", "B", "C", "D"), c);
  }

  @Override IndependenceTest create(DescriptorTable data, double alpha) { return new KciTest(data, KciTest.Options.defaults(alpha)); }

  @Test
  void seesDependenceWithoutCorrelation() {
    // Y = X² with X symmetric: correlation 0, but dependent
    SplittableRandom rng = new SplittableRandom(3);
    int n = 300;
    double[][] c = new double[2][n];
    for (int i = 0; i < n; i++) {
      c[0][i] = 2 * rng.nextDouble() - 1;
      c[1][i] = c[0][i] * c[0][i] + 0.1 * BicScoreTest.normal(rng);
    }
    KciTest t = new KciTest(DescriptorTable.of(List.of("X", "Y"), c), KciTest.Options.defaults(0.05));
    assertThat(t.pValue(0, 1, new int[0])).isLessThan(1e-4);
  }

  @Test
  void nullPValuesAreRoughlyUniform() {
    int rejections = 0;
    for (long seed = 0; seed < 40; seed++) {
      SplittableRandom rng = new SplittableRandom(seed);
      double[] x = new double[150];
      double[] y = new double[150];
      for (int i = 0; i < 150; i++) {
        x[i] = BicScoreTest.normal(rng);
        y[i] = rng.nextDouble();
      }
      if (Hsic.test(x, y).pValue() < 0.05) rejections++;
    }
    // 40 null tests at 5 %: expect 2; more than 8 means a miscalibrated null
    assertThat(rejections).isLessThanOrEqualTo(8);
  }
}
