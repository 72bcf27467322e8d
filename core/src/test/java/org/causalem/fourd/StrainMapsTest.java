package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strain tensor carried into the scan frame against explicit matrix products. */
class StrainMapsTest {
  @ParameterizedTest
  @CsvSource({"0, false", "90, false", "30, false", "-47.5, false", "0, true", "90, true", "30, true", "200, true"})
  void tensorTransformsAsMEpsMTranspose(double angleDeg, boolean flip) {
    double[][] eps = {{0.01, 0.003}, {0.003, -0.004}};
    float rot = 1.5f;
    StrainMaps det = new StrainMaps(1, 1, new float[] {(float) eps[0][0]}, new float[] {(float) eps[1][1]},
        new float[] {(float) eps[0][1]}, new float[] {rot}, new float[1], new float[1], new float[1], new float[1],
        new float[1], new Lattice(0, 0, 1, 0, 0, 1), "detector");
    // a detector vector v goes to R·P·v (ShiftField.rotate): build M column by column from unit vectors
    double[][] m = new double[2][2];
    for (int col = 0; col < 2; col++) {
      ShiftField unit = new ShiftField(1, 1, new float[] {col == 0 ? 1 : 0}, new float[] {col == 1 ? 1 : 0});
      ShiftField moved = unit.rotate(angleDeg, flip);
      m[0][col] = moved.x()[0];
      m[1][col] = moved.y()[0];
    }
    double[][] expected = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        for (int k = 0; k < 2; k++) for (int l = 0; l < 2; l++) expected[i][j] += m[i][k] * eps[k][l] * m[j][l];
      }
    }
    StrainMaps scan = det.toScanFrame(angleDeg, flip);
    assertThat(scan.frame()).isEqualTo("scan");
    assertThat((double) scan.exx()[0]).isCloseTo(expected[0][0], within(1e-6));
    assertThat((double) scan.eyy()[0]).isCloseTo(expected[1][1], within(1e-6));
    assertThat((double) scan.exy()[0]).isCloseTo(expected[0][1], within(1e-6));
    // the trace is frame-independent; the rotation flips sign with a reflection
    assertThat((double) scan.exx()[0] + scan.eyy()[0]).isCloseTo(eps[0][0] + eps[1][1], within(1e-6));
    assertThat(scan.rotationDeg()[0]).isEqualTo(flip ? -rot : rot);
  }
}
