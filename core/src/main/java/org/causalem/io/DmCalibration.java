package org.causalem.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import org.causalem.data.Axis;

/**
 * One dimension's calibration from {@code ImageData.Calibrations.Dimension}: the value at index i is
 * {@code (i - origin) * scale} in the file's unit. Converts to the project's units (nm, 1/nm, eV).
 */
record DmCalibration(double origin, double scale, String unit) {
  /** What a dimension measures, from its unit. */
  enum Quantity { LENGTH, RECIPROCAL_LENGTH, ENERGY, OTHER, NONE }

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

  Quantity quantity() {
    if (unit.isEmpty()) return Quantity.NONE;
    if (lengthFactor(unit) > 0) return Quantity.LENGTH;
    if (unit.startsWith("1/") && lengthFactor(unit.substring(2).trim()) > 0) return Quantity.RECIPROCAL_LENGTH;
    if (energyFactor(unit) > 0) return Quantity.ENERGY;
    return Quantity.OTHER;
  }

  boolean isEnergy() { return quantity() == Quantity.ENERGY; }

  boolean isReciprocal() { return quantity() == Quantity.RECIPROCAL_LENGTH; }

  /**
   * The axis in the project's units. Uncalibrated dimensions (no unit, or a scale that is zero or not
   * finite) become pixel axes: unit {@code px}, offset 0, scale 1.
   */
  Axis toAxis(String name, int size) {
    if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(origin)) return Axis.pixels(name, size);
    double factor;
    String projectUnit;
    switch (quantity()) {
      case LENGTH:
        factor = lengthFactor(unit);
        projectUnit = "nm";
        break;
      case RECIPROCAL_LENGTH:
        factor = 1 / lengthFactor(unit.substring(2).trim());
        projectUnit = "1/nm";
        break;
      case ENERGY:
        factor = energyFactor(unit);
        projectUnit = "eV";
        break;
      case OTHER:
        factor = 1;
        projectUnit = unit;
        break;
      default:
        return Axis.pixels(name, size);
    }
    double s = tidy(scale * factor);
    double offset = tidy(-origin * s);
    if (!Double.isFinite(s) || s == 0 || !Double.isFinite(offset)) return Axis.pixels(name, size);
    return new Axis(name, size, offset == 0 ? 0 : offset, s, projectUnit);
  }

  /** Nanometres per unit, or 0 when {@code u} is not a length. */
  static double lengthFactor(String u) {
    switch (u) {
      case "nm": return 1;
      case "\u00B5m": case "\u03BCm": case "um": case "micron": return 1e3;
      case "mm": return 1e6;
      case "m": return 1e9;
      case "pm": return 1e-3;
      case "\u00C5": case "\u212B": case "A": case "Angstrom": case "Ang": return 0.1;
      default: return 0;
    }
  }

  /** Electronvolts per unit, or 0 when {@code u} is not an energy. */
  static double energyFactor(String u) {
    switch (u) {
      case "eV": return 1;
      case "keV": return 1e3;
      case "meV": return 1e-3;
      case "MeV": return 1e6;
      default: return 0;
    }
  }
}
