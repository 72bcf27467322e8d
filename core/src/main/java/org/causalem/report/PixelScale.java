package org.causalem.report;

import java.util.Locale;
import org.causalem.data.Axis;

/**
 * The physical size of one map pixel along both axes, for figure axes and scale bars. Lengths are
 * converted to nm; an uncalibrated axis gives {@code 1 px}.
 *
 * @param step size of one pixel in {@code unit}
 * @param unit "nm" when calibrated in a length unit, "px" when uncalibrated, else the axis's own unit
 */
public record PixelScale(double step, String unit) {
  public PixelScale {
    if (!(step > 0) || !Double.isFinite(step)) throw new IllegalArgumentException("pixel step must be finite and > 0, got " + step);
    if (unit == null || unit.isBlank()) throw new IllegalArgumentException("pixel unit must be given");
  }

  /** One pixel per pixel: axes in px, no scale bar. */
  public static PixelScale pixels() { return new PixelScale(1, "px"); }

  /** The scale of {@code axis}, in nm when its unit is a length; px when uncalibrated or the step is unusable. */
  public static PixelScale of(Axis axis) {
    if (axis == null || !axis.calibrated() || !(Math.abs(axis.scale()) > 0) || !Double.isFinite(axis.scale())) return pixels();
    double toNm = nmPer(axis.unit());
    double step = Math.abs(axis.scale());
    return Double.isNaN(toNm) ? new PixelScale(step, axis.unit()) : new PixelScale(step * toNm, "nm");
  }

  /** The common scale of two image axes: their x axis when both agree within 1 %, px otherwise. */
  public static PixelScale of(Axis y, Axis x) {
    PixelScale sx = of(x);
    PixelScale sy = of(y);
    if (!sx.unit.equals(sy.unit) || Math.abs(sx.step - sy.step) > 0.01 * sx.step) return pixels();
    return sx;
  }

  /** One map pixel per unit cell: axes in cell indices, no scale bar. */
  public static PixelScale cells() { return new PixelScale(1, "cell"); }

  /** One map pixel per analysis window: axes in window indices, no scale bar. */
  public static PixelScale windows() { return new PixelScale(1, "window"); }

  /** Whether this is a physical calibration (not px, cell or window indices): axes in it and a scale bar. */
  public boolean calibrated() { return !"px".equals(unit) && !"cell".equals(unit) && !"window".equals(unit); }

  /** Axis title such as "x (nm)", "x (px, uncalibrated)" or "x (unit cells)". */
  public String axisTitle(String axis) {
    if ("cell".equals(unit)) return axis + " (unit cells)";
    if ("window".equals(unit)) return axis + " (window index)";
    return axis + (calibrated() ? " (" + unit + ")" : " (px, uncalibrated)");
  }

  /** nm per unit of a length unit; NaN when {@code unit} is not a length. */
  static double nmPer(String unit) {
    return switch (unit.trim().toLowerCase(Locale.ROOT)) {
      case "m" -> 1e9;
      case "mm" -> 1e6;
      case "µm", "μm", "um", "micron" -> 1e3;
      case "nm" -> 1;
      case "å", "a", "angstrom", "ångström" -> 0.1;
      case "pm" -> 1e-3;
      default -> Double.NaN;
    };
  }
}
