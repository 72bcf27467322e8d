package org.causalem.simulate;

/**
 * What a real STEM adds to the ideal image: the scan does not visit the specimen on a perfect grid, and
 * the probe is not a perfect Gaussian. {@link HaadfRenderer} renders by evaluating the specimen at the
 * distorted scan position of every pixel (see {@link ScanMap}), never by warping a finished image.
 *
 * <p>Pixel (col j, row i) samples the specimen at
 * <pre>
 *   x = F(j) − jitter(i) − driftXPxPerLine·i,     y = i·(1 − driftYPxPerLine)
 *   F'(j) = 1 − flybackSlowdown·exp(−j / flybackSettlePx) + lineGradient·(j / (W − 1) − ½)
 * </pre>
 * so {@code F'(j)} is the specimen step per pixel (the beam's x-speed): the beam is slow just after the
 * flyback and settles exponentially, with a gentle gradient along the line. Where it is slow the local
 * magnification {@code 1/F'} is larger, columns cover more pixels and cells look longer in x.
 * {@code jitter(i)} is a per-line x offset, an AR(1) series of RMS {@code jitterRmsPx} and lag-one
 * correlation {@code exp(−1/jitterCorrelationLines)} (0 lines: independent lines); a positive value moves the
 * line's content to +x. Drift adds a shear ({@code driftXPxPerLine}) and a y scale ({@code driftYPxPerLine}).
 *
 * <p>The probe has a weak, broad, offset tail: a fraction {@code tailFraction} of every column's integrated
 * counts is spread as a Gaussian of width {@code tailSigmaPx} (added in quadrature to the column width),
 * centred {@code (tailOffsetXPx, tailOffsetYPx)} from the column (asymmetric probe, e.g. residual coma).
 * A fitted Gaussian centre is pulled towards the tail, more so the larger the fit window.
 *
 * @param flybackSlowdown fractional x-speed deficit at the start of a line (0 for none)
 * @param flybackSettlePx e-folding length of the settling after flyback, in pixels of the line
 * @param lineGradient fractional x-speed change from the first to the last pixel of a line
 * @param jitterRmsPx RMS per-line x offset (px)
 * @param jitterCorrelationLines correlation length of the line offsets in lines (0 = independent)
 * @param driftXPxPerLine specimen x drift per scan line (shear), px
 * @param driftYPxPerLine specimen y drift per scan line (y scale), px
 * @param tailFraction fraction of a column's integrated counts in the probe tail (0 for none)
 * @param tailSigmaPx width of the probe tail (px)
 * @param tailOffsetXPx x offset of the tail's centre from the column (px)
 * @param tailOffsetYPx y offset of the tail's centre (px)
 */
public record ScanDistortion(double flybackSlowdown, double flybackSettlePx, double lineGradient,
                             double jitterRmsPx, double jitterCorrelationLines,
                             double driftXPxPerLine, double driftYPxPerLine,
                             double tailFraction, double tailSigmaPx, double tailOffsetXPx, double tailOffsetYPx) {
  public ScanDistortion {
    finite("flybackSlowdown", flybackSlowdown);
    finite("lineGradient", lineGradient);
    if (Math.abs(flybackSlowdown) + Math.abs(lineGradient) / 2 >= 0.5) {
      throw new IllegalArgumentException("|flybackSlowdown| + |lineGradient|/2 must stay below 0.5 (the beam must keep moving forward), got "
          + flybackSlowdown + " and " + lineGradient);
    }
    if (!(flybackSettlePx > 0) || !Double.isFinite(flybackSettlePx)) throw new IllegalArgumentException("flybackSettlePx must be > 0, got " + flybackSettlePx);
    if (!(jitterRmsPx >= 0 && jitterRmsPx <= 5)) throw new IllegalArgumentException("jitterRmsPx must be within [0, 5], got " + jitterRmsPx);
    if (!(jitterCorrelationLines >= 0) || !Double.isFinite(jitterCorrelationLines)) {
      throw new IllegalArgumentException("jitterCorrelationLines must be >= 0, got " + jitterCorrelationLines);
    }
    if (!Double.isFinite(driftXPxPerLine) || Math.abs(driftXPxPerLine) > 0.5) throw new IllegalArgumentException("driftXPxPerLine must be within ±0.5, got " + driftXPxPerLine);
    if (!Double.isFinite(driftYPxPerLine) || Math.abs(driftYPxPerLine) > 0.5) throw new IllegalArgumentException("driftYPxPerLine must be within ±0.5, got " + driftYPxPerLine);
    if (!(tailFraction >= 0 && tailFraction <= 0.5)) throw new IllegalArgumentException("tailFraction must be within [0, 0.5], got " + tailFraction);
    if (!(tailSigmaPx > 0) || !Double.isFinite(tailSigmaPx)) throw new IllegalArgumentException("tailSigmaPx must be > 0, got " + tailSigmaPx);
    finite("tailOffsetXPx", tailOffsetXPx);
    finite("tailOffsetYPx", tailOffsetYPx);
  }

  /** The ideal instrument: a perfect scan grid and a Gaussian probe. */
  public static ScanDistortion none() { return new ScanDistortion(0, 32, 0, 0, 0, 0, 0, 0, 4, 0, 0); }

  /**
   * Realistic defaults for an aberration-corrected STEM at a few µs dwell (the demo's): the beam 5 % slow
   * after flyback settling over 48 px, a 2 % speed gradient along the line; line jitter 0.3 px RMS
   * correlated over 3 lines; drift 0.004 px/line in x (a 0.23° shear) and 0.002 px/line in y (0.2 % scale);
   * a probe tail (e.g. residual coma) holding 15 % of the counts, 3 px wide, offset (+1.2, −1.2) px — with 16 px
   * cells of a 0.39 nm perovskite, a 70 pm wide tail 30 pm off each axis.
   */
  public static ScanDistortion realistic() { return new ScanDistortion(0.05, 48, 0.02, 0.3, 3, 0.004, 0.002, 0.15, 3, 1.2, -1.2); }

  /** True when every effect is off. */
  public boolean isNone() {
    return flybackSlowdown == 0 && lineGradient == 0 && jitterRmsPx == 0 && driftXPxPerLine == 0 && driftYPxPerLine == 0
        && tailFraction == 0;
  }

  public ScanDistortion withFastScan(double slowdown, double settlePx, double gradient) {
    return new ScanDistortion(slowdown, settlePx, gradient, jitterRmsPx, jitterCorrelationLines, driftXPxPerLine, driftYPxPerLine,
        tailFraction, tailSigmaPx, tailOffsetXPx, tailOffsetYPx);
  }

  public ScanDistortion withJitter(double rmsPx, double correlationLines) {
    return new ScanDistortion(flybackSlowdown, flybackSettlePx, lineGradient, rmsPx, correlationLines, driftXPxPerLine, driftYPxPerLine,
        tailFraction, tailSigmaPx, tailOffsetXPx, tailOffsetYPx);
  }

  public ScanDistortion withDrift(double xPxPerLine, double yPxPerLine) {
    return new ScanDistortion(flybackSlowdown, flybackSettlePx, lineGradient, jitterRmsPx, jitterCorrelationLines, xPxPerLine, yPxPerLine,
        tailFraction, tailSigmaPx, tailOffsetXPx, tailOffsetYPx);
  }

  public ScanDistortion withProbeTail(double fraction, double sigmaPx, double offsetXPx, double offsetYPx) {
    return new ScanDistortion(flybackSlowdown, flybackSettlePx, lineGradient, jitterRmsPx, jitterCorrelationLines, driftXPxPerLine,
        driftYPxPerLine, fraction, sigmaPx, offsetXPx, offsetYPx);
  }

  /** Lag-one correlation of the line jitter. */
  public double jitterLagOneCorrelation() { return jitterCorrelationLines == 0 ? 0 : Math.exp(-1 / jitterCorrelationLines); }

  /** The parameters by name, for run records and reports. */
  public java.util.Map<String, Object> asMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("flyback_slowdown", flybackSlowdown);
    m.put("flyback_settle_px", flybackSettlePx);
    m.put("line_gradient", lineGradient);
    m.put("jitter_rms_px", jitterRmsPx);
    m.put("jitter_correlation_lines", jitterCorrelationLines);
    m.put("drift_x_px_per_line", driftXPxPerLine);
    m.put("drift_y_px_per_line", driftYPxPerLine);
    m.put("probe_tail_fraction", tailFraction);
    m.put("probe_tail_sigma_px", tailSigmaPx);
    m.put("probe_tail_offset_x_px", tailOffsetXPx);
    m.put("probe_tail_offset_y_px", tailOffsetYPx);
    return m;
  }

  private static void finite(String name, double v) {
    if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " must be finite, got " + v);
  }
}
