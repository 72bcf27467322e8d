package org.causalem.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Contract of the descriptive statistics: hand-counted answers, both median conventions, NaN and empty input. */
class StatsTest {
  @Test void dotByHand() {
    assertThat(Stats.dot(new double[] {1, 2, 3}, new double[] {4, -5, 6})).isEqualTo(12); // 4 − 10 + 18
    assertThat(Stats.dot(new double[0], new double[0])).isZero();
    assertThatThrownBy(() -> Stats.dot(new double[2], new double[3])).hasMessageContaining("2 and 3");
  }

  @Test void finiteRangeSkipsNaNAndInfinities() {
    assertThat(Stats.finiteRange(new double[] {3, Double.NaN, -2, Double.POSITIVE_INFINITY, 7})).containsExactly(-2, 7);
    assertThat(Stats.finiteRange(new double[] {Double.NaN})).containsExactly(Double.NaN, Double.NaN);
  }

  @Test void medianOfOddAndEvenCounts() {
    double[] odd = {5, 1, 3};
    assertThat(Stats.median(odd)).isEqualTo(3);
    assertThat(odd).containsExactly(5, 1, 3); // not reordered
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5); // (2 + 3) / 2
    assertThat(Stats.median(new double[] {7})).isEqualTo(7);
  }

  @Test void upperMedianIsAlwaysOneOfTheData() {
    assertThat(Stats.upperMedian(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Stats.upperMedian(new double[] {4, 1, 3, 2})).isEqualTo(3); // index 4/2 of 1 2 3 4
    assertThat(Stats.upperMedian(new double[] {2, 1})).isEqualTo(2);
  }

  @Test void prefixCountsOnlyTheFirstValues() {
    double[] v = {9, 1, 5, 100, -100};
    assertThat(Stats.median(v, 3)).isEqualTo(5);
    assertThat(Stats.median(v, 2)).isEqualTo(5); // (1 + 9) / 2
    assertThat(Stats.upperMedian(v, 2)).isEqualTo(9);
    assertThatThrownBy(() -> Stats.median(v, 6)).hasMessageContaining("count 6");
  }

  @Test void nanIsIgnoredAndNoValuesGiveNaN() {
    assertThat(Stats.median(new double[] {Double.NaN, 4, 1, Double.NaN, 3})).isEqualTo(3);
    assertThat(Stats.upperMedian(new double[] {Double.NaN, 2, 1})).isEqualTo(2);
    assertThat(Stats.median(new double[0])).isNaN();
    assertThat(Stats.median(new double[] {Double.NaN})).isNaN();
    assertThat(Stats.upperMedian(new double[0])).isNaN();
    // infinities are values
    assertThat(Stats.median(new double[] {Double.NEGATIVE_INFINITY, 0, Double.POSITIVE_INFINITY})).isZero();
  }

  @Test void floatMedianAddsTheMiddlePairInFloat() {
    assertThat(Stats.median(new float[] {3f, Float.NaN, 1f, 2f})).isEqualTo(2);
    assertThat(Stats.median(new float[] {1f, 2f})).isEqualTo(1.5);
    // 16777216 + 1 is not representable in float: the pair sums to 16777216f, the median is 8388608
    assertThat(Stats.median(new float[] {16777216f, 1f})).isEqualTo(8388608.0);
    assertThat(Stats.median(new float[] {Float.NaN})).isNaN();
  }
}
