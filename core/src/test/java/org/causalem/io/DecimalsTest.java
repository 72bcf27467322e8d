package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Decimals} against the formatter it stands in for, on the same values, character for character. */
class DecimalsTest {
  /** Values that stress the rounding: ties on the decimal digits, carries, tick positions, every magnitude. */
  static List<Double> values() {
    List<Double> v = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 9.995,
        99.95, 999.5, 9.9999999, 0.05, 0.005, 0.0005, 0.00049, 0.0001, 0.00009999, 1e-5, 123456.789, 1e10, 1e15, 1e16,
        1e22, 1e23, 2e23, 1.7976931348623157e308, Double.MIN_VALUE, 2.2250738585072014e-308, 0.1 + 0.2, 1 - 1e-16,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4.35, 0.45, 1e7, 9999999.5, 12345678.0));
    SplittableRandom r = new SplittableRandom(17);
    double[] steps = {1, 2, 2.5, 5};
    for (int j = -7; j <= 8; j++) {
      for (double s : steps) {
        double step = s * Math.pow(10, j);
        double start = Math.floor(r.nextDouble(-50, 50)) * step;
        for (int i = 0; i <= 12; i++) v.add(start + i * step);   // tick values as ChartAxis makes them
      }
    }
    for (int i = 0; i < 150; i++) {
      double mag = Math.pow(10, r.nextInt(-12, 13));
      v.add((r.nextBoolean() ? -1 : 1) * r.nextDouble() * mag);
      v.add(Math.round(r.nextDouble() * 100000) / Math.pow(10, r.nextInt(0, 8)) + 5 * Math.pow(10, -r.nextInt(1, 9)));   // ties
      v.add((double) r.nextInt(-1000000, 1000000));
      v.add((double) (float) (r.nextDouble() * mag));
    }
    return v;
  }

  @Test
  void writesWhatTheFormatterWrites() {
    List<String> wrong = new ArrayList<>();
    int compared = 0;
    for (double x : values()) {
      for (int d = 0; d <= 5; d++) {
        compared += 3;
        check(wrong, "%." + d + "f", x, Decimals.fixed(x, d));
        check(wrong, "%." + d + "e", x, Decimals.scientific(x, d));
        check(wrong, "%." + d + "g", x, Decimals.general(x, d));
      }
    }
    assertThat(compared).isGreaterThan(20_000);
    assertThat(wrong).isEmpty();
  }

  private static void check(List<String> wrong, String format, double x, String ours) {
    String expected = String.format(Locale.ROOT, format, x);
    if (!ours.equals(expected)) wrong.add(format + " of " + x + ": " + ours + ", formatter " + expected);
  }

  @Test
  void examples() {
    assertThat(Decimals.fixed(1.005, 2)).isEqualTo("1.01");
    assertThat(Decimals.fixed(-0.001, 2)).isEqualTo("-0.00");
    assertThat(Decimals.fixed(999.96, 1)).isEqualTo("1000.0");
    assertThat(Decimals.general(2, 4)).isEqualTo("2.000");
    assertThat(Decimals.general(123456, 4)).isEqualTo("1.235e+05");
    assertThat(Decimals.general(0.0001234, 3)).isEqualTo("0.000123");
    assertThat(Decimals.general(0.00001234, 3)).isEqualTo("1.23e-05");
    assertThat(Decimals.scientific(0, 2)).isEqualTo("0.00e+00");
    assertThatThrownBy(() -> Decimals.fixed(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
