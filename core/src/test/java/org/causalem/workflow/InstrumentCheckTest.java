package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Banding, uncertainty calibration and off-centring against answers known by construction. */
class InstrumentCheckTest {
  private static final int ROWS = 40;
  private static final int COLS = 40;
  private static final double CELL_PX = 16;

  @Test
  void bandingFindsTheShareOfVarianceInScanRows() {
    // v = row offset (variance 1) + independent noise (variance 3): scan rows explain a quarter
    SplittableRandom rng = new SplittableRandom(3);
    int n = ROWS * COLS;
    double[] v = new double[n];
    double[] x = new double[n];
    double[] y = new double[n];
    double[] rowOffset = new double[ROWS];
    for (int r = 0; r < ROWS; r++) rowOffset[r] = gaussian(rng);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        int i = r * COLS + c;
        x[i] = (c + 0.5) * CELL_PX;
        y[i] = (r + 0.5) * CELL_PX;
        v[i] = rowOffset[r] + Math.sqrt(3) * gaussian(rng);
      }
    }
    InstrumentCheck.Banding b = InstrumentCheck.banding("v", v, x, y, CELL_PX);
    double rowVar = variance(rowOffset);
    double expected = rowVar / (rowVar + 3) + (ROWS - 1.0) / (n - 1.0) * 3 / (rowVar + 3);
    assertThat(b.rowFraction()).isCloseTo(expected, within(0.04));
    assertThat(b.columnFraction()).isCloseTo((COLS - 1.0) / (n - 1.0), within(0.02));
    assertThat(b.rowChance()).isCloseTo((ROWS - 1.0) / (n - 1.0), within(1e-12));
    assertThat(b.banded()).isTrue();
    assertThat(InstrumentCheck.banding("noise", noise(n, 9), x, y, CELL_PX).banded()).isFalse();
  }

  @Test
  void calibrationRatioIsOneForHonestErrorsAndTwoForHalvedOnes() {
    SplittableRandom rng = new SplittableRandom(5);
    int n = ROWS * COLS;
    double[] v = new double[n];
    double[] sigma = new double[n];
    double[] half = new double[n];
    int[] row = new int[n];
    int[] col = new int[n];
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        int i = r * COLS + c;
        row[i] = r;
        col[i] = c;
        sigma[i] = 0.1 + 0.2 * rng.nextDouble();       // heteroscedastic, honest
        half[i] = sigma[i] / 2;
        v[i] = 5 + 0.01 * r + 0.02 * c + sigma[i] * gaussian(rng); // a linear trend cancels
      }
    }
    InstrumentCheck.Calibration honest = InstrumentCheck.calibration("v", "v_sigma", v, sigma, row, col);
    InstrumentCheck.Calibration tooSmall = InstrumentCheck.calibration("v", "v_sigma", v, half, row, col);
    assertThat(honest.ratio()).isCloseTo(1.0, within(0.06));
    assertThat(tooSmall.ratio()).isCloseTo(2.0, within(0.12));
    assertThat(honest.cells()).isEqualTo(n);
  }

  @Test
  void offCentringIsSignificantOnlyWhenTheMeanIsBeyondItsStripError() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = ROWS * COLS;
    double[] px = new double[n];
    double[] py = new double[n];
    double[] y = new double[n];
    double[] lineShift = new double[ROWS];
    for (int r = 0; r < ROWS; r++) lineShift[r] = 0.3 * gaussian(rng); // shared by a scan row: jitter
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        int i = r * COLS + c;
        y[i] = (r + 0.5) * CELL_PX;
        px[i] = lineShift[r] + 0.2 * gaussian(rng);
        py[i] = 0.2 * gaussian(rng);
      }
    }
    InstrumentCheck.OffCentring zero = InstrumentCheck.offCentring(px, py, y, CELL_PX);
    // the strip error knows the row-shared scatter: ~0.3/√40 ≈ 0.047, far above 0.2/√1600 = 0.005
    assertThat(zero.seXPx()).isBetween(0.03, 0.07);
    assertThat(zero.significant()).isFalse();
    for (int i = 0; i < n; i++) py[i] += 0.1;
    InstrumentCheck.OffCentring shifted = InstrumentCheck.offCentring(px, py, y, CELL_PX);
    assertThat(shifted.meanYPx()).isCloseTo(0.1, within(0.02));
    assertThat(shifted.significant()).isTrue();
  }

  private static double[] noise(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = gaussian(rng);
    return v;
  }

  private static double variance(double[] v) {
    double m = 0;
    for (double d : v) m += d / v.length;
    double s = 0;
    for (double d : v) s += (d - m) * (d - m) / v.length;
    return s;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = Math.max(1e-300, rng.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
