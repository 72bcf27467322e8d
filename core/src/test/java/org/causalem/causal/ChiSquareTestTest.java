package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.causalem.table.DescriptorTable;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

class ChiSquareTestTest extends IndependenceTestContract {
  @Override DescriptorTable chain(long seed) { return DiscreteChains.chain(seed, 3000); }

  @Override IndependenceTest create(DescriptorTable data, double alpha) { return new ChiSquareTest(data, alpha); }

  /** Rows (x, y, z) repeated by count. */
  static DescriptorTable table(int[][] xyzCount) {
    List<double[]> rows = new ArrayList<>();
    for (int[] r : xyzCount) for (int k = 0; k < r[3]; k++) rows.add(new double[] {r[0], r[1], r[2]});
    double[][] c = new double[3][rows.size()];
    for (int i = 0; i < rows.size(); i++) for (int j = 0; j < 3; j++) c[j][i] = rows.get(i)[j];
    return DescriptorTable.of(List.of("X", "Y", "Z"), c);
  }

  // [[10, 20], [30, 40]]: row sums 30, 70; column sums 40, 60; expected [[12, 18], [28, 42]]
  static final int[][] TWO_BY_TWO = {{0, 0, 0, 10}, {0, 1, 0, 20}, {1, 0, 0, 30}, {1, 1, 0, 40}};

  @Test
  void twoByTwoTableMatchesTheTextbookStatistic() {
    ChiSquareTest t = new ChiSquareTest(table(TWO_BY_TWO), 0.05);
    double chi2 = 4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42;
    double[] s = t.statistic(0, 1, new int[0]);
    assertThat(s[0]).isCloseTo(chi2, within(1e-12));
    assertThat(s[1]).isEqualTo(1);
    // df = 1: p = 2 (1 − Φ(√χ²))
    double p = 2 * (1 - new NormalDistribution(0, 1).cumulativeProbability(Math.sqrt(chi2)));
    assertThat(t.pValue(0, 1, new int[0])).isCloseTo(p, within(1e-10));
  }

  @Test
  void strataAreSummedAndAbsentStatesReduceTheDegreesOfFreedom() {
    // Z = 0: the 2×2 table above; Z = 1: X is always 0 → that layer adds (2−1−1)(2−1) = 0 df and 0 statistic
    int[][] rows = {{0, 0, 0, 10}, {0, 1, 0, 20}, {1, 0, 0, 30}, {1, 1, 0, 40}, {0, 0, 1, 15}, {0, 1, 1, 5}};
    ChiSquareTest t = new ChiSquareTest(table(rows), 0.05);
    double[] s = t.statistic(0, 1, new int[] {2});
    assertThat(s[0]).isCloseTo(4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42, within(1e-12));
    assertThat(s[1]).isEqualTo(1);
  }

  @Test
  void threeByThreeTableAgainstTheChiSquaredDistribution() {
    // counts o[x][y]
    int[][] o = {{20, 5, 5}, {5, 20, 10}, {8, 7, 30}};
    List<int[]> rows = new ArrayList<>();
    for (int x = 0; x < 3; x++) for (int y = 0; y < 3; y++) rows.add(new int[] {x, y, 0, o[x][y]});
    ChiSquareTest t = new ChiSquareTest(table(rows.toArray(new int[0][])), 0.05);
    double n = 110;
    double[] rs = {30, 35, 45};
    double[] cs = {33, 32, 45};
    double chi2 = 0;
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        double e = rs[x] * cs[y] / n;
        chi2 += (o[x][y] - e) * (o[x][y] - e) / e;
      }
    }
    assertThat(t.statistic(0, 1, new int[0])[0]).isCloseTo(chi2, within(1e-9));
    double p = 1 - new ChiSquaredDistribution(4).cumulativeProbability(chi2);
    assertThat(t.pValue(0, 1, new int[0])).isCloseTo(p, within(1e-12));
  }

  @Test
  void aTableWithOneRowHasNoDegreesOfFreedomAndPOne() {
    ChiSquareTest t = new ChiSquareTest(table(new int[][] {{0, 0, 0, 5}, {0, 1, 0, 7}}), 0.05);
    assertThat(t.pValue(0, 1, new int[0])).isEqualTo(1.0);
  }
}
