package org.causalem.io;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.numeric.Units;

/**
 * ImageJ's calibration in its description ({@code ImageJ=} first line), as ImageJ defines it:
 * XResolution/YResolution are pixels per {@code unit} (µ and Å written as Java escapes);
 * {@code spacing} is the slice (voxel) depth in {@code zunit}, which is {@code unit} when absent;
 * {@code finterval} the time between frames in {@code tunit} (seconds when absent).
 */
final class TiffImageJ {
  private TiffImageJ() {}

  /** {@code {frame interval s, slice spacing nm}} (NaN when not stated); notes on doubtful units. */
  static double[] frames(Map<String, String> imagej, List<String> notes) {
    double interval = TiffCalibration.positiveDouble(imagej.get("finterval"));
    if (Double.isFinite(interval)) {
      String tunit = imagej.get("tunit");
      double perUnit = secondsPer(tunit);
      if (!Double.isFinite(perUnit)) notes.add("frame axis: ImageJ finterval " + imagej.get("finterval") + " in tunit '" + tunit
          + "', not a time unit; frame axis in px");
      interval *= perUnit;
    }
    double spacing = TiffCalibration.positiveDouble(imagej.get("spacing"));
    String unit = imagej.get("unit");
    String zunit = imagej.get("zunit");
    if (Double.isFinite(spacing) && (zunit != null || unit != null)) {
      String z = unescape(zunit != null ? zunit : unit);
      double nm = Units.nmPer(z);
      if (!Double.isFinite(nm)) {
        notes.add("frame axis: ImageJ slice spacing " + imagej.get("spacing") + " " + z + " is not a length; frame axis in px");
      } else if (zunit == null && !Double.isFinite(interval)) {
        notes.add("frame axis: ImageJ slice spacing " + imagej.get("spacing") + " " + z + " = " + Plausibility.fmt(spacing * nm)
            + " nm, in the image's unit as ImageJ defines it (no zunit= given); if the slices are not depths"
            + " (a time, tilt or focal series saved by an older ImageJ), this axis is not a length");
      }
      spacing *= nm;
    } else {
      spacing = Double.NaN;
    }
    return new double[] {interval, spacing};
  }

  /** The pixel size from {@code unit} and XResolution/YResolution (pixels per unit), or null. */
  static TiffCalibration.Planar planar(TiffIfd ifd, Map<String, String> imagej) throws IOException {
    String unit = imagej.get("unit");
    double xres = ifd.number(TiffIfd.X_RESOLUTION);
    double yres = ifd.number(TiffIfd.Y_RESOLUTION);
    if (!(yres > 0) || !Double.isFinite(yres)) yres = xres;
    if (unit == null || !(xres > 0) || !Double.isFinite(xres)) return null;
    Units.Conversion u = Units.of(unescape(unit));
    if (u.quantity() == Units.Quantity.PIXEL) return null;
    // lengths in nm; a unit the table does not know is kept unconverted (factor 1)
    return new TiffCalibration.Planar(new TiffCalibration.Cal("x", 0, u.factor() / xres, u.unit()),
        new TiffCalibration.Cal("y", 0, u.factor() / yres, u.unit()), "ImageJ unit", List.of());
  }

  /** Seconds per ImageJ time unit ({@code sec} when null); NaN when not a time unit. */
  static double secondsPer(String tunit) {
    if (tunit == null) return 1;
    Units.Conversion c = Units.of(unescape(tunit));
    return c.quantity() == Units.Quantity.TIME ? c.factor() : Double.NaN;
  }

  /** ImageJ writes µ and Å as Java escapes. */
  static String unescape(String u) {
    return u.replace("\\u00B5", "µ").replace("\\u00b5", "µ").replace("\\u00C5", "Å").replace("\\u00c5", "Å");
  }
}
