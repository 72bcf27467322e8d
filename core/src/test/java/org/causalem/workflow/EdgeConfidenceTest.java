package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shipped calibration map: monotone in the bootstrap frequency, bounded, and ordered by status. */
class EdgeConfidenceTest {
  @Test
  void monotoneBoundedAndOrderedByStatus() {
    for (FerroicAnalysis.Status s : FerroicAnalysis.Status.values()) {
      double previous = -1;
      for (int k = 0; k <= 100; k++) {
        double c = EdgeConfidence.calibrated(k / 100.0, s);
        assertThat(c).isBetween(0.0, 0.95).isGreaterThanOrEqualTo(previous);
        previous = c;
      }
    }
    // an association the instrument explains is never reported as likely, a low-frequency supported edge is not believed
    assertThat(EdgeConfidence.calibrated(1.0, FerroicAnalysis.Status.INSTRUMENT)).isLessThan(0.1);
    assertThat(EdgeConfidence.calibrated(0.7, FerroicAnalysis.Status.SUPPORTED)).isZero();
    assertThat(EdgeConfidence.calibrated(1.0, FerroicAnalysis.Status.SUPPORTED)).isEqualTo(0.95);
  }
}
