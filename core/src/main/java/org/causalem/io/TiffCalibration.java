package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.numeric.Units;

/**
 * The calibration a TIFF states, converted to the project's units (nm, 1/nm, s). See {@link TiffReader}
 * for the order in which sources are tried.
 *
 * @param x the x axis without its size (name, offset, step, unit; px when uncalibrated)
 * @param y the y axis likewise
 * @param frameIntervalS seconds between frames, or NaN
 * @param frameSpacingNm distance between slices (ImageJ {@code spacing=}, DigitalMicrograph's z), or NaN
 * @param source which tags gave the calibration
 * @param fei the FEI/Thermo Fisher metadata text, or null
 * @param notes what the user must know about this calibration (kept in the dataset's notes)
 * @param summary facts for {@link Metadata#summary()} found on the way (voltage, magnification, ...)
 * @param tree vendor entries for {@link Metadata#tree()} (a streak camera's axis tables)
 */
record TiffCalibration(Cal x, Cal y, double frameIntervalS, double frameSpacingNm, String source, String fei,
                       List<String> notes, Map<String, Object> summary, Map<String, Object> tree) {
  private static final double[] DISPLAY_DPI = {72, 96, 150, 300, 600};
  /** A pixel this large (10 µm) from the bare resolution tags is a print or screen resolution, not a specimen's. */
  static final double MAX_RESOLUTION_PIXEL_NM = 1e4;

  TiffCalibration {
    notes = List.copyOf(notes);
    summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    tree = Collections.unmodifiableMap(new LinkedHashMap<>(tree));
  }

  /** One axis without its size. */
  record Cal(String name, double offset, double scale, String unit) {
    Axis axis(int size) {
      boolean ok = !unit.equals("px") && scale > 0 && Double.isFinite(scale) && Double.isFinite(offset);
      return ok ? new Axis(name, size, offset, scale, unit) : Axis.pixels(name, size);
    }

    static Cal pixels(String name) { return new Cal(name, 0, 1, "px"); }
  }

  /** The in-plane part found in one source. */
  record Planar(Cal x, Cal y, String source, List<String> notes) {
    static Planar square(double nm, String source, String note) {
      return new Planar(new Cal("x", 0, nm, "nm"), new Cal("y", 0, nm, "nm"), source, note == null ? List.of() : List.of(note));
    }

    static Planar none(String note) {
      return new Planar(Cal.pixels("x"), Cal.pixels("y"), "none", note == null ? List.of() : List.of(note));
    }
  }

  Axis xAxis(int size) { return x.axis(size); }

  Axis yAxis(int size) { return y.axis(size); }

  /** Whether the two axes are the image plane (y, x); false for e.g. a streak camera's time × wavelength. */
  boolean spatial() { return x.name().equals("x") && y.name().equals("y"); }

  Axis frameAxis(int frames) {
    if (Double.isFinite(frameIntervalS) && frameIntervalS > 0) return new Axis("frame", frames, 0, frameIntervalS, "s");
    if (Double.isFinite(frameSpacingNm) && frameSpacingNm > 0) return new Axis("frame", frames, 0, frameSpacingNm, "nm");
    return Axis.pixels("frame", frames);
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

  /** The calibration of a page without an ImageJ description of its own (later pages of a file). */
  static TiffCalibration of(TiffIfd ifd, int width, int height) throws IOException {
    return of(ifd, Map.of(), ifd.text(TiffIfd.IMAGE_DESCRIPTION, 1 << 20), width, height);
  }

  static TiffCalibration of(TiffIfd ifd, Map<String, String> imagej, String description, int width, int height) throws IOException {
    List<String> notes = new ArrayList<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, Object> tree = new LinkedHashMap<>();
    double[] frames = TiffImageJ.frames(imagej, notes);
    String fei = ifd.text(TiffIfd.FEI_HELIOS, 1 << 20);
    if (fei == null) fei = ifd.text(TiffIfd.FEI_SFEG, 1 << 20);
    Planar p = null;
    if (TiffStreak.is(ifd)) {
      TiffStreak.Axes s = TiffStreak.read(ifd, description, width, height);
      p = s.planar();
      tree.putAll(s.tree());
    }
    if (p == null && fei != null) p = fei(fei);
    String zeiss = p == null ? ifd.text(TiffIfd.ZEISS_SEM, 1 << 22) : null;
    if (zeiss != null) p = TiffZeiss.calibration(zeiss, width, summary);
    if (p == null && TiffJeol.is(ifd.text(TiffIfd.MAKE, 1 << 12), description)) p = jeol(ifd, description, summary);
    if (p == null && ifd.has(TiffIfd.DM_SCALE_X)) p = dm(ifd, frames);
    if (p == null && ifd.has(TiffIfd.OLYMPUS_SIS)) p = olympusSis(ifd, summary);
    if (p == null) p = TiffImageJ.planar(ifd, imagej);
    if (p == null) p = resolution(ifd);
    notes.addAll(p.notes());
    return new TiffCalibration(p.x(), p.y(), frames[0], frames[1], p.source(), fei, notes, summary, tree);
  }

  private static Planar jeol(TiffIfd ifd, String description, Map<String, Object> summary) throws IOException {
    double[] res = resolutionNmPerPixel(ifd);
    TiffJeol.Result r = TiffJeol.read(description, res[0] * 1e-9, res[1] * 1e-9);
    if (r.voltageKv() > 0) summary.put(Metadata.VOLTAGE_KV, r.voltageKv());
    if (r.magnification() > 0) summary.put(Metadata.MAGNIFICATION, r.magnification());
    if (r.cameraLengthMm() > 0) {
      summary.put(Metadata.CAMERA_LENGTH_MM, r.cameraLengthMm());
      summary.put(Metadata.SIGNAL, "diffraction");
    }
    if (r.x() == null) return new Planar(Cal.pixels("x"), Cal.pixels("y"), r.source(), r.notes());
    return new Planar(r.x(), r.y(), r.source(), r.notes());
  }

  /**
   * FEI/Thermo Fisher: {@code [Scan] PixelWidth/PixelHeight} in m (any section's when there is no [Scan]);
   * without them the field width of the beam named in {@code [Beam] Beam=} (HFW/VFW in m) over
   * {@code [Image] ResolutionX/Y} (the navigation camera's images).
   */
  static Planar fei(String fei) {
    double w = feiValue(fei, "PixelWidth");
    double h = feiValue(fei, "PixelHeight");
    if (w > 0) return new Planar(new Cal("x", 0, w * 1e9, "nm"), new Cal("y", 0, (h > 0 ? h : w) * 1e9, "nm"), "FEI [Scan] PixelWidth", List.of());
    String beam = feiString(fei, "[Beam]", "Beam");
    if (beam == null || beam.isBlank()) return null;
    double hfw = positiveDouble(feiString(fei, "[" + beam.trim() + "]", "HFW"));
    double vfw = positiveDouble(feiString(fei, "[" + beam.trim() + "]", "VFW"));
    double nx = positiveDouble(feiString(fei, "[Image]", "ResolutionX"));
    double ny = positiveDouble(feiString(fei, "[Image]", "ResolutionY"));
    if (!(hfw > 0 && nx > 0)) return null;
    double px = hfw / nx * 1e9;
    double py = vfw > 0 && ny > 0 ? vfw / ny * 1e9 : px;
    String note = "pixel size = [" + beam.trim() + "] field width HFW " + Plausibility.fmt(hfw) + " m / [Image] ResolutionX "
        + (long) nx + " (the file has no [Scan] PixelWidth)";
    return new Planar(new Cal("x", 0, px, "nm"), new Cal("y", 0, py, "nm"), "FEI [" + beam.trim() + "] HFW / ResolutionX", List.of(note));
  }

  /**
   * Olympus SIS (tag 33560): an undocumented little-endian structure, read as tifffile reads it — magic
   * {@code SIS0}, the number of entries at byte 58, 8-byte entries from byte 60 (type, count, offset); the
   * type-1 entry holds a power of ten (short at +10), the x and y pixel sizes (doubles at +12 and +20,
   * times that power, in m) and the magnification (double at +36).
   */
  private static Planar olympusSis(TiffIfd ifd, Map<String, Object> summary) throws IOException {
    long at = ifd.single(TiffIfd.OLYMPUS_SIS, 0);
    ByteBuffer h = ifd.bytes(at, 60).order(ByteOrder.LITTLE_ENDIAN);
    if (h.get(0) != 'S' || h.get(1) != 'I' || h.get(2) != 'S' || h.get(3) != '0') return null;
    int n = h.getShort(58);
    if (n < 1 || n > 256) return null;
    ByteBuffer e = ifd.bytes(at + 60, 8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (e.getShort(8 * i) != 1) continue;
      ByteBuffer g = ifd.bytes(e.getInt(8 * i + 4) & 0xFFFFFFFFL, 44).order(ByteOrder.LITTLE_ENDIAN);
      double pow = Math.pow(10, g.getShort(10));
      double x = g.getDouble(12) * pow * 1e9;
      double y = g.getDouble(20) * pow * 1e9;
      double mag = g.getDouble(36);
      if (!(x > 0) || !Double.isFinite(x)) return null;
      if (mag > 0 && Double.isFinite(mag)) summary.put(Metadata.MAGNIFICATION, mag);
      return new Planar(new Cal("x", 0, x, "nm"), new Cal("y", 0, y > 0 && Double.isFinite(y) ? y : x, "nm"), "Olympus SIS tag 33560",
          List.of("pixel size from the Olympus SIS tag 33560, an undocumented structure (fields as tifffile reads them)"));
    }
    return null;
  }

  /**
   * DigitalMicrograph's TIFF export: unit (65003 + d), origin (65006 + d) and step (65009 + d) of
   * dimension d = 0 (x), 1 (y), 2 (z, the frames); the origin is the physical value of the first pixel.
   */
  private static Planar dm(TiffIfd ifd, double[] frames) throws IOException {
    Cal x = dmAxis(ifd, 0, "x");
    Cal y = dmAxis(ifd, 1, "y");
    String zUnit = ifd.text(TiffIfd.DM_UNIT_X + 2, 1 << 10);
    double zScale = ifd.number(TiffIfd.DM_SCALE_X + 2);
    if (zUnit != null && zScale > 0 && Double.isFinite(zScale)) {
      Units.Conversion c = Units.of(zUnit);
      if (c.quantity() == Units.Quantity.TIME) frames[0] = zScale * c.factor();
      if (c.quantity() == Units.Quantity.LENGTH) frames[1] = zScale * c.factor();
    }
    if (x == null || y == null) return null;
    return new Planar(x, y, "DigitalMicrograph tags 65003-65011", List.of());
  }

  private static Cal dmAxis(TiffIfd ifd, int d, String name) throws IOException {
    String unit = ifd.text(TiffIfd.DM_UNIT_X + d, 1 << 10);
    double scale = ifd.number(TiffIfd.DM_SCALE_X + d);
    double offset = ifd.number(TiffIfd.DM_OFFSET_X + d);
    if (!Double.isFinite(offset)) offset = 0;
    if (unit == null || !(scale > 0) || !Double.isFinite(scale)) return null;
    Units.Conversion c = Units.of(unit);
    if (c.quantity() == Units.Quantity.PIXEL) return Cal.pixels(name);
    return new Cal(name, offset * c.factor() + 0.0, scale * c.factor(), c.unit());
  }

  /**
   * XResolution/YResolution with ResolutionUnit inch or cm. A pixel of 10 µm or more is a print or
   * screen resolution (72 or 93 dpi...), said in a note unless it is one of the usual display defaults.
   */
  private static Planar resolution(TiffIfd ifd) throws IOException {
    double[] nm = resolutionNmPerPixel(ifd);
    if (!(nm[0] > 0) || !Double.isFinite(nm[0])) return Planar.none(null);
    long resUnit = ifd.single(TiffIfd.RESOLUTION_UNIT, 2);
    String source = resUnit == 2 ? "XResolution (inch)" : "XResolution (cm)";
    if (nm[0] < MAX_RESOLUTION_PIXEL_NM) return new Planar(new Cal("x", 0, nm[0], "nm"), new Cal("y", 0, nm[1], "nm"), source, List.of());
    double perUnit = ifd.number(TiffIfd.X_RESOLUTION);
    boolean display = false;
    if (resUnit == 2) for (double d : DISPLAY_DPI) display |= Math.abs(perUnit - d) < 1e-9;
    if (display) return Planar.none(null);
    return Planar.none(String.format(Locale.ROOT, "XResolution %s pixels per %s (a pixel of %s µm) is a print or screen resolution, "
        + "not a specimen calibration; axes in px", Plausibility.fmt(perUnit), resUnit == 2 ? "inch" : "cm", Plausibility.fmt(nm[0] / 1e3)));
  }

  /** nm per pixel (x, y) from XResolution/YResolution and ResolutionUnit inch or cm; NaN otherwise. */
  static double[] resolutionNmPerPixel(TiffIfd ifd) throws IOException {
    double xres = ifd.number(TiffIfd.X_RESOLUTION);
    double yres = ifd.number(TiffIfd.Y_RESOLUTION);
    if (!(yres > 0) || !Double.isFinite(yres)) yres = xres;
    long resUnit = ifd.single(TiffIfd.RESOLUTION_UNIT, 2);
    if (!(xres > 0) || !Double.isFinite(xres) || (resUnit != 2 && resUnit != 3)) return new double[] {Double.NaN, Double.NaN};
    double perUnitNm = resUnit == 2 ? 2.54e7 : 1e7;
    return new double[] {perUnitNm / xres, perUnitNm / yres};
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

  /** The text of {@code key=} in {@code section} of an FEI metadata text, or null. */
  static String feiString(String text, String section, String key) {
    String current = "";
    for (String line : text.split("\r?\n")) {
      String t = line.trim();
      if (t.startsWith("[") && t.endsWith("]")) current = t;
      else if (current.equals(section) && t.startsWith(key + "=")) return t.substring(key.length() + 1).trim();
    }
    return null;
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
