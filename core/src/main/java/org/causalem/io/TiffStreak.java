package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.numeric.Units;

/**
 * Hamamatsu streak-camera TIFFs (HPD-TA; Artist {@code Copyright Hamamatsu}): the description's
 * {@code [Scaling]} line names, per axis, a unit and a table of float32 values at an offset of the file
 * ({@code ScalingXScalingFile="#offset,count"}). The x axis is then the wavelength, the y axis the time
 * (streak mode) — not a specimen's image plane. Axes are linear fits of the tables; the time sweep is
 * not linear, and how far the fit departs from the table is said in a note (the tables are kept in the
 * metadata tree under {@code Hamamatsu}).
 */
final class TiffStreak {
  private static final Pattern PAIR = Pattern.compile("(\\w+)=(\"[^\"]*\"|[^,\\[\\r\\n]*)");
  private static final Pattern TABLE = Pattern.compile("#(\\d+),(\\d+)");
  /** A fit departing from the table by less than this share of a step is exact enough to say nothing. */
  private static final double SILENT_STEPS = 0.05;

  record Axes(TiffCalibration.Planar planar, Map<String, Object> tree) {}

  private TiffStreak() {}

  static boolean is(TiffIfd ifd) throws IOException {
    String artist = ifd.text(TiffIfd.ARTIST, 1 << 12);
    String software = ifd.text(TiffIfd.SOFTWARE, 1 << 12);
    return artist != null && artist.startsWith("Copyright Hamamatsu") && software != null && software.startsWith("HPD-TA");
  }

  /** The {@code key=value} pairs of the description's {@code [Scaling]} section (quotes removed). */
  static Map<String, String> scaling(String description) {
    Map<String, String> m = new LinkedHashMap<>();
    if (description == null) return m;
    int a = description.indexOf("[Scaling]");
    if (a < 0) return m;
    int end = description.indexOf('[', a + 1);
    int nl = description.indexOf('\n', a);
    if (end < 0 || (nl >= 0 && nl < end)) end = nl;
    Matcher mt = PAIR.matcher(description.substring(a + 9, end < 0 ? description.length() : end));
    while (mt.find()) m.put(mt.group(1), mt.group(2).replace("\"", "").trim());
    return m;
  }

  static Axes read(TiffIfd ifd, String description, int width, int height) throws IOException {
    Map<String, String> s = scaling(description);
    List<String> notes = new ArrayList<>();
    Map<String, Object> tables = new LinkedHashMap<>();
    TiffCalibration.Cal x = axis(ifd, s, "X", "x", width, notes, tables);
    TiffCalibration.Cal y = axis(ifd, s, "Y", "y", height, notes, tables);
    String what = x.name().equals("x") && y.name().equals("y") ? "no axis calibration in the file"
        : "axes are " + y.name() + " × " + x.name() + ", not a specimen image";
    notes.add(0, "Hamamatsu streak camera (HPD-TA): " + what);
    Map<String, Object> tree = tables.isEmpty() ? Map.of() : Map.of("Hamamatsu", tables);
    return new Axes(new TiffCalibration.Planar(x, y, "Hamamatsu [Scaling] tables", notes), tree);
  }

  private static TiffCalibration.Cal axis(TiffIfd ifd, Map<String, String> s, String key, String name, int size,
                                          List<String> notes, Map<String, Object> tables) throws IOException {
    String unit = s.get("Scaling" + key + "Unit");
    String file = s.get("Scaling" + key + "ScalingFile");
    Matcher m = file == null ? null : TABLE.matcher(file);
    if (unit == null || unit.isEmpty() || m == null || !m.matches()) return TiffCalibration.Cal.pixels(name);
    long offset = Long.parseLong(m.group(1));
    long count = Long.parseLong(m.group(2));
    double[] factorName = quantity(unit);
    if (count != size || !Double.isFinite(factorName[0])) {
      notes.add(name + " axis: the streak table holds " + count + " values in '" + unit + "' for " + size + " pixels; axis in px");
      return TiffCalibration.Cal.pixels(name);
    }
    ByteBuffer b = ifd.bytes(offset, (int) count * 4);
    double[] v = new double[size];
    for (int i = 0; i < size; i++) v[i] = b.getFloat(4 * i) * factorName[0];
    String axisName = factorName[1] == 0 ? "wavelength" : "time";
    String projectUnit = factorName[1] == 0 ? "nm" : "s";
    List<Object> table = new ArrayList<>(size);
    for (double d : v) table.add(d);
    tables.put(axisName + "_" + projectUnit, table);
    double[] fit = linearFit(v);
    double worst = 0;
    for (int i = 0; i < size; i++) worst = Math.max(worst, Math.abs(v[i] - (fit[0] + fit[1] * i)));
    if (!(fit[1] > 0) && !(fit[1] < 0)) return TiffCalibration.Cal.pixels(name);
    if (worst > SILENT_STEPS * Math.abs(fit[1])) {
      double shown = worst / factorName[0];
      notes.add(axisName + " axis: the file's table is not linear; this linear axis departs from it by up to "
          + Plausibility.fmt(shown) + " " + unit + " (" + Plausibility.fmt(worst / Math.abs(fit[1])) + " px); the table is in the metadata (Hamamatsu."
          + axisName + "_" + projectUnit + ")");
    }
    return new TiffCalibration.Cal(axisName, fit[0], fit[1], projectUnit);
  }

  /** {factor to nm or s, 0 for a length / 1 for a time}; factor NaN for any other unit. */
  private static double[] quantity(String unit) {
    Units.Conversion c = Units.of(unit);
    if (c.quantity() == Units.Quantity.LENGTH) return new double[] {c.factor(), 0};
    return new double[] {c.quantity() == Units.Quantity.TIME ? c.factor() : Double.NaN, 1};
  }

  /** Least-squares {offset, slope} of v against its index. */
  static double[] linearFit(double[] v) {
    int n = v.length;
    double mi = (n - 1) / 2.0;
    double mv = 0;
    for (double d : v) mv += d;
    mv /= n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - mi) * (v[i] - mv);
      sxx += (i - mi) * (i - mi);
    }
    double slope = sxx > 0 ? sxy / sxx : 0;
    return new double[] {mv - slope * mi, slope};
  }
}
