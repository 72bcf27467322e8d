package org.causalem.io;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.numeric.Units;

/**
 * The pixel size (and frame interval) a TIFF states, converted to nm (s for frames). See
 * {@link TiffReader} for the order in which sources are tried.
 *
 * @param xScale size of a pixel along x in {@code unit} (1 when uncalibrated)
 * @param unit nm, 1/nm, another unit the file names, or px
 * @param frameIntervalS seconds between frames, or NaN
 * @param frameSpacingNm distance between slices (ImageJ {@code spacing=} in its unit), or NaN
 * @param source which tags gave the calibration
 * @param fei the FEI/Thermo Fisher metadata text, or null
 */
record TiffCalibration(double xScale, double yScale, String unit, double frameIntervalS, double frameSpacingNm, String source,
                       String fei) {
  private static final double[] DISPLAY_DPI = {72, 96, 150, 300, 600};

  Axis xAxis(int size) { return axis("x", size, xScale); }

  Axis yAxis(int size) { return axis("y", size, yScale); }

  Axis frameAxis(int frames) {
    if (Double.isFinite(frameIntervalS) && frameIntervalS > 0) return new Axis("frame", frames, 0, frameIntervalS, "s");
    if (Double.isFinite(frameSpacingNm) && frameSpacingNm > 0) return new Axis("frame", frames, 0, frameSpacingNm, "nm");
    return Axis.pixels("frame", frames);
  }

  private Axis axis(String name, int size, double scale) {
    return unit.equals("px") || !(scale > 0) || !Double.isFinite(scale) ? Axis.pixels(name, size) : new Axis(name, size, 0, scale, unit);
  }

  /** Key = value lines of an ImageJ description (empty unless it starts with {@code ImageJ=}). */
  static Map<String, String> imageJ(String description) {
    if (description == null || !description.startsWith("ImageJ=")) return Map.of();
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : description.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return Collections.unmodifiableMap(m);
  }

  static TiffCalibration of(TiffIfd ifd, Map<String, String> imagej) throws IOException {
    double interval = positiveDouble(imagej.get("finterval"));
    double spacing = Double.NaN;
    String ijUnitRaw = imagej.get("unit");
    if (ijUnitRaw != null) spacing = positiveDouble(imagej.get("spacing")) * Units.nmPer(unescape(ijUnitRaw));
    String fei = ifd.text(TiffIfd.FEI_HELIOS, 1 << 20);
    if (fei == null) fei = ifd.text(TiffIfd.FEI_SFEG, 1 << 20);
    if (fei != null) {
      double w = feiValue(fei, "PixelWidth");
      double h = feiValue(fei, "PixelHeight");
      if (w > 0) return new TiffCalibration(w * 1e9, (h > 0 ? h : w) * 1e9, "nm", interval, spacing, "FEI [Scan] PixelWidth", fei);
    }
    double xres = ifd.number(TiffIfd.X_RESOLUTION);
    double yres = ifd.number(TiffIfd.Y_RESOLUTION);
    if (!(yres > 0) || !Double.isFinite(yres)) yres = xres;
    boolean haveRes = xres > 0 && Double.isFinite(xres);
    String ijUnit = imagej.get("unit");
    if (ijUnit != null && haveRes) {
      Units.Conversion u = Units.of(unescape(ijUnit));
      // lengths in nm; a unit the table does not know is kept unconverted (factor 1)
      if (u.quantity() != Units.Quantity.PIXEL) {
        return new TiffCalibration(u.factor() / xres, u.factor() / yres, u.unit(), interval, spacing, "ImageJ unit", fei);
      }
    }
    long resUnit = ifd.single(TiffIfd.RESOLUTION_UNIT, 2);
    if (haveRes && (resUnit == 2 || resUnit == 3)) {
      boolean display = false;
      if (resUnit == 2) for (double d : DISPLAY_DPI) display |= Math.abs(xres - d) < 1e-9;
      if (!display) {
        double perUnitNm = resUnit == 2 ? 2.54e7 : 1e7;
        return new TiffCalibration(perUnitNm / xres, perUnitNm / yres, "nm", interval, spacing, resUnit == 2 ? "XResolution (inch)" : "XResolution (cm)", fei);
      }
    }
    return new TiffCalibration(1, 1, "px", interval, spacing, "none", fei);
  }

  /** ImageJ writes µ and Å as Java escapes. */
  private static String unescape(String u) {
    return u.replace("\\u00B5", "µ").replace("\\u00b5", "µ").replace("\\u00C5", "Å").replace("\\u00c5", "Å");
  }

  /** A {@code key=value} number from the FEI [Scan] section (any section if there is none); 0 when absent. */
  private static double feiValue(String text, String key) {
    double any = 0;
    String section = "";
    for (String line : text.split("\r?\n")) {
      String t = line.trim();
      if (t.startsWith("[") && t.endsWith("]")) section = t;
      if (t.startsWith(key + "=")) {
        double v = positiveDouble(t.substring(key.length() + 1));
        if (v > 0 && section.equals("[Scan]")) return v;
        if (v > 0 && any == 0) any = v;
      }
    }
    return any;
  }

  static double positiveDouble(String s) {
    if (s == null) return Double.NaN;
    try {
      double v = Double.parseDouble(s.trim());
      return v > 0 && Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  static long positiveLong(String s) {
    if (s == null) return 0;
    try {
      long v = Long.parseLong(s.trim());
      return Math.max(v, 0);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
