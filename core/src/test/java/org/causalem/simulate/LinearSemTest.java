package org.causalem.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.causal.Graph;
import org.junit.jupiter.api.Test;

class LinearSemTest {
  private static double[] moments(double[] x) {
    int n = x.length;
    double m = 0;
    for (double v : x) m += v / n;
    double m2 = 0;
    double m4 = 0;
    for (double v : x) {
      double d = v - m;
      m2 += d * d / n;
      m4 += d * d * d * d / n;
    }
    return new double[] {m, m2, m4 / (m2 * m2) - 3};
  }

  @Test
  void noiseHasTheRequestedSdAndShape() {
    Graph one = new Graph(List.of("X"));
    double[][] expectedKurtosis = {{0}, {-1.2}, {3}};
    LinearSem.Noise[] kinds = LinearSem.Noise.values();
    for (int k = 0; k < kinds.length; k++) {
      LinearSem sem = new LinearSem(new LinearSem.Options(0.5, 2, kinds[k], 2.0));
      double[] m = moments(sem.simulate(one, 200_000, new SplittableRandom(k)).data().column("X"));
      assertThat(m[0]).isCloseTo(0, within(0.03));
      assertThat(m[1]).isCloseTo(4, within(0.1));
      assertThat(m[2]).as(kinds[k].toString()).isCloseTo(expectedKurtosis[k][0], within(0.15));
    }
  }

  @Test
  void coefficientsLieInTheRangeAndAreRecoveredByRegression() {
    Graph g = new Graph(List.of("A", "B"));
    g.addDirected(0, 1);
    LinearSem sem = new LinearSem(LinearSem.Options.of(LinearSem.Noise.UNIFORM));
    LinearSem.Sample s = sem.simulate(g, 50_000, new SplittableRandom(3));
    double b = s.coefficients()[1][0];
    assertThat(Math.abs(b)).isBetween(0.5, 2.0);
    assertThat(s.coefficients()[0][1]).isZero();
    double[] a = s.data().column("A");
    double[] y = s.data().column("B");
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < a.length; i++) {
      sxy += a[i] * y[i];
      sxx += a[i] * a[i];
    }
    assertThat(sxy / sxx).isCloseTo(b, within(0.02));
    assertThat(s.dag()).isEqualTo(g);
  }

  @Test
  void sameSeedSameDataAndCoefficientsOffTheGraphAreRejected() {
    Graph g = RandomDag.generate(6, 2, 1);
    LinearSem sem = new LinearSem(LinearSem.Options.of(LinearSem.Noise.LAPLACE));
    assertThat(sem.simulate(g, 100, new SplittableRandom(9)).data().columns())
        .isDeepEqualTo(sem.simulate(g, 100, new SplittableRandom(9)).data().columns());
    Graph ab = new Graph(List.of("A", "B"));
    ab.addDirected(0, 1);
    assertThatThrownBy(() -> sem.simulate(ab, new double[][] {{0, 1}, {0, 0}}, 10, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no edge");
  }

  @Test
  void perNodeNoiseScales() {
    Graph g = new Graph(List.of("A", "B"));
    LinearSem sem = new LinearSem(LinearSem.Options.of(LinearSem.Noise.GAUSSIAN));
    LinearSem.Sample s = sem.simulate(g, new double[2][2], new double[] {0.5, 3}, 100_000, new SplittableRandom(4));
    assertThat(moments(s.data().column("A"))[1]).isCloseTo(0.25, within(0.01));
    assertThat(moments(s.data().column("B"))[1]).isCloseTo(9, within(0.2));
    assertThatThrownBy(() -> sem.simulate(g, new double[2][2], new double[] {1, 0}, 10, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noiseSds[1]");
  }
}
