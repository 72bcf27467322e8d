package org.causalem.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.numeric.Units;

/**
 * One dimension's calibration from {@code ImageData.Calibrations.Dimension}: the value at index i is
 * {@code (i - origin) * scale} in the file's unit. Converts to the project's units (nm, 1/nm, eV, s) through {@link Units}.
 */
record DmCalibration(double origin, double scale, String unit) {
  static final DmCalibration NONE = new DmCalibration(0, 1, "");

  /** Reads the calibration group of one dimension; a missing or malformed group means uncalibrated. */
  static DmCalibration of(Object group) {
    if (!(group instanceof Map<?, ?> m)) return NONE;
    double origin = number(m.get("Origin"), 0);
    double scale = number(m.get("Scale"), 1);
    Object u = m.get("Units");
    String unit = u instanceof String s ? s.trim() : "";
    return new DmCalibration(origin, scale, unit);
  }

  /** A float32 tag value is taken at its shortest decimal form (0.1f gives 0.1, not 0.10000000149). */
  private static double number(Object v, double fallback) {
    if (v instanceof Float f) return Double.parseDouble(f.toString());
    return v instanceof Number n ? n.doubleValue() : fallback;
  }

  /** Rounds away the last bits of float arithmetic: 2400 × 0.1 gives 240, not 240.00000000000003. */
  private static double tidy(double x) {
    if (x == 0 || !Double.isFinite(x)) return x;
    return new BigDecimal(x).round(new MathContext(12)).doubleValue();
  }

  Units.Quantity quantity() { return Units.of(unit).quantity(); }

  boolean isEnergy() { return quantity() == Units.Quantity.ENERGY; }

  boolean isReciprocal() { return quantity() == Units.Quantity.RECIPROCAL_LENGTH; }

  /**
   * The axis in the project's units. Uncalibrated dimensions (no unit or a pixel unit, or a scale that is
   * zero or not finite) become pixel axes: unit {@code px}, offset 0, scale 1.
   */
  Axis toAxis(String name, int size) {
    if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(origin)) return Axis.pixels(name, size);
    Units.Conversion c = Units.of(unit);
    if (c.quantity() == Units.Quantity.PIXEL) return Axis.pixels(name, size);
    // a unit the table does not know is kept as the file writes it, unconverted (factor 1)
    double factor = c.factor();
    String projectUnit = c.unit();
    double s = tidy(scale * factor);
    double offset = tidy(-origin * s);
    if (!Double.isFinite(s) || s == 0 || !Double.isFinite(offset)) return Axis.pixels(name, size);
    return new Axis(name, size, offset == 0 ? 0 : offset, s, projectUnit);
  }
}
