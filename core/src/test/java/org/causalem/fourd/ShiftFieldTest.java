package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShiftFieldTest {
  private static ShiftField field(int w, int h, java.util.function.IntBinaryOperator unused,
                                  java.util.function.BiFunction<Integer, Integer, double[]> f) {
    float[] x = new float[w * h];
    float[] y = new float[w * h];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        double[] v = f.apply(q, r);
        x[r * w + q] = (float) v[0];
        y[r * w + q] = (float) v[1];
      }
    }
    return new ShiftField(w, h, x, y);
  }

  @Test
  void divergenceAndCurlOfAnAnalyticField() {
    // F = (0.01·col² + 0.2·row, 0.03·row·col − 0.1·col): div = 0.02·col + 0.03·col, curl = 0.03·row − 0.1 − 0.2
    int w = 15;
    int h = 11;
    ShiftField f = field(w, h, null, (q, r) -> new double[] {0.01 * q * q + 0.2 * r, 0.03 * r * q - 0.1 * q});
    float[] div = f.divergence();
    float[] curl = f.curl();
    for (int r = 1; r < h - 1; r++) {
      for (int q = 1; q < w - 1; q++) {
        assertThat((double) div[r * w + q]).isCloseTo(0.05 * q, within(1e-4));
        assertThat((double) curl[r * w + q]).isCloseTo(0.03 * r - 0.3, within(1e-4));
      }
    }
  }

  @Test
  void rotationCalibrationRecoversTheDetectorRotationOfAGradientField() {
    int w = 40;
    int h = 32;
    // u = ∇φ for φ = sin(2πq/20)·cos(2πr/16) + 0.01 q r: curl-free, with divergence
    ShiftField truth = field(w, h, null, (q, r) -> new double[] {
        2 * Math.PI / 20 * Math.cos(2 * Math.PI * q / 20) * Math.cos(2 * Math.PI * r / 16) + 0.01 * r,
        -2 * Math.PI / 16 * Math.sin(2 * Math.PI * q / 20) * Math.sin(2 * Math.PI * r / 16) + 0.01 * q});
    for (double angle : new double[] {-63.0, 17.5, 40.0}) {
      ShiftField measured = truth.rotate(-angle, false);
      RotationCalibration cal = RotationCalibration.find(measured);
      assertThat(cal.flip()).isFalse();
      assertThat(cal.angleDeg()).isCloseTo(angle, within(0.5));
      ShiftField back = measured.rotate(cal.angleDeg(), cal.flip());
      assertThat((double) back.x()[100]).isCloseTo(truth.x()[100], within(0.02));
    }
    // a transposed detector
    ShiftField transposed = truth.rotate(-25, false).rotate(0, true);
    RotationCalibration cal = RotationCalibration.find(transposed);
    assertThat(cal.flip()).isTrue();
  }

  @Test
  void integrationRecoversThePotentialOfAGradientField() {
    int w = 48;
    int h = 40;
    // φ = Gaussian bump + a tilt (not periodic: the mirror extension must cope with the edges)
    java.util.function.BiFunction<Integer, Integer, Double> phi =
        (q, r) -> 5 * Math.exp(-((q - 20.0) * (q - 20.0) + (r - 22.0) * (r - 22.0)) / (2 * 36)) + 0.02 * q;
    ShiftField grad = field(w, h, null, (q, r) -> new double[] {
        -5 * (q - 20.0) / 36 * Math.exp(-((q - 20.0) * (q - 20.0) + (r - 22.0) * (r - 22.0)) / (2 * 36)) + 0.02,
        -5 * (r - 22.0) / 36 * Math.exp(-((q - 20.0) * (q - 20.0) + (r - 22.0) * (r - 22.0)) / (2 * 36))});
    float[] rec = grad.integrate();
    double mean = 0;
    for (int r = 0; r < h; r++) for (int q = 0; q < w; q++) mean += phi.apply(q, r);
    mean /= w * h;
    double ss = 0;
    double var = 0;
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        double t = phi.apply(q, r) - mean;
        ss += (rec[r * w + q] - t) * (rec[r * w + q] - t);
        var += t * t;
      }
    }
    assertThat(Math.sqrt(ss / var)).isLessThan(0.05);
  }

  @Test
  void planeFitIsExactOnAPlaneAndSurvivesASingleRow() {
    float[] v = new float[12];
    for (int q = 0; q < 12; q++) v[q] = 2 + 0.5f * q;
    double[] p = ShiftField.fitPlane(v, 12, 1, true);
    assertThat(p[0]).isCloseTo(2, within(1e-5));
    assertThat(p[1]).isCloseTo(0.5, within(1e-6));
    assertThat(p[2]).isEqualTo(0);
  }
}
