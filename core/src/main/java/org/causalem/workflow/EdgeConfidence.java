package org.causalem.workflow;

/**
 * The confidence the ferroic workflow reports for a consensus edge: its bootstrap frequency mapped, by
 * status, to the fraction of such edges that were true over many simulated images with known
 * mechanisms and realistic scan distortions (null scenes and demo scenes). Among edges reported at
 * confidence ≥ c, the fraction true should be ≥ c.
 *
 * <p>How the table was made ({@code ConfidenceCalibrationRun}, a test-scope program): the workflow ran on
 * 100 simulated images of seed set A (seeds 1001–1100: 50 null scenes, 50 with the demo's mechanism; 16 × 16
 * cells, lattice 17° to the scan, realistic scan distortions, bootstrap 20) and recorded, for each of its 228
 * consensus edges, the status, the bootstrap frequency and whether the edge is true. A monotone
 * (pool-adjacent-violators) fit of "true" on the frequency, per status, gave the steps below, rounded down
 * to two decimals; two deliberate departures: a supported edge is never reported above 0.95 (set A had no
 * false one above 0.925, which is not certainty), and an {@code instrument} edge never above 0.08 (the one
 * top block of set A, frequency 1, held too few edges to stand alone; set B: 3 of 57 instrument edges were
 * true). The map is a step function: the value of the last step at or below the frequency, 0 below the
 * first. Checked on seed set B (2001–2100): BENCHMARKS.md, "Edge confidence calibration".
 */
public final class EdgeConfidence {
  private EdgeConfidence() {}

  // steps: bootstrap frequency → fraction true, per status
  private static final double[] FREQ_SUPPORTED = {0.85, 0.90, 0.925};
  private static final double[] TRUE_SUPPORTED = {0.37, 0.66, 0.95};
  private static final double[] FREQ_INSTRUMENT = {0.60, 0.85};
  private static final double[] TRUE_INSTRUMENT = {0.03, 0.08};
  private static final double[] FREQ_UNSTABLE = {0.675, 0.90, 0.95, 1.0};
  private static final double[] TRUE_UNSTABLE = {0.50, 0.62, 0.66, 0.92};

  /** The calibrated confidence of an edge with bootstrap frequency {@code frequency} and status {@code status}. */
  public static double calibrated(double frequency, FerroicAnalysis.Status status) {
    return switch (status) {
      case SUPPORTED -> interpolate(FREQ_SUPPORTED, TRUE_SUPPORTED, frequency);
      case INSTRUMENT -> interpolate(FREQ_INSTRUMENT, TRUE_INSTRUMENT, frequency);
      case UNSTABLE -> interpolate(FREQ_UNSTABLE, TRUE_UNSTABLE, frequency);
    };
  }

  /** The value of the last step at or below x; 0 below the first. */
  static double interpolate(double[] steps, double[] values, double x) {
    double v = 0;
    for (int k = 0; k < steps.length; k++) if (x >= steps[k] - 1e-12) v = values[k];
    return v;
  }
}
