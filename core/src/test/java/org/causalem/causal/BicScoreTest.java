package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

class BicScoreTest extends ScoreContract {
  static DescriptorTable gaussianChain(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] c = new double[4][n];
    for (int i = 0; i < n; i++) {
      double a = normal(rng);
      double b = 0.8 * a + normal(rng);
      double cc = -0.7 * b + normal(rng);
      c[0][i] = a;
      c[1][i] = b;
      c[2][i] = cc;
      c[3][i] = 3 + 2 * normal(rng);
    }
    return DescriptorTable.of(List.of("A", "B", "C", "D"), c);
  }

  static double normal(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @Override DescriptorTable chain(long seed) { return gaussianChain(seed, 2000); }

  @Override Score create(DescriptorTable data) { return new BicScore(data, BicScore.Options.defaults()); }

  @Test
  void localScoreIsMinusNLogResidualVarianceMinusThePenalty() {
    // B = 2A exactly plus known noise: residual variance computed here by explicit least squares
    DescriptorTable t = chain(3);
    double[] a = t.column("A");
    double[] b = t.column("B");
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i] / n;
      mb += b[i] / n;
    }
    double sab = 0;
    double saa = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
    }
    double slope = sab / saa;
    double rss = 0;
    for (int i = 0; i < n; i++) {
      double r = b[i] - mb - slope * (a[i] - ma);
      rss += r * r;
    }
    double expected = -n * Math.log(rss / n) - 2 * 2 * Math.log(n);
    BicScore s = new BicScore(t, new BicScore.Options(2.0));
    assertThat(s.localScore(1, new int[] {0})).isCloseTo(expected, within(1e-6));
  }

  @Test
  void collinearParentsDoNotBreakTheScore() {
    DescriptorTable t = chain(3);
    double[][] c = {t.column("A"), t.column("B"), t.column("A").clone()};
    for (int i = 0; i < c[2].length; i++) c[2][i] *= 2;
    BicScore s = new BicScore(DescriptorTable.of(List.of("A", "B", "A2"), c), BicScore.Options.defaults());
    double one = s.localScore(1, new int[] {0});
    double both = s.localScore(1, new int[] {0, 2});
    assertThat(both).isCloseTo(one - Math.log(c[0].length), within(1e-6));
  }

  @Test
  void rejectsBadPenalty() {
    assertThatThrownBy(() -> new BicScore.Options(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("penaltyDiscount");
  }
}
