package org.causalem.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.data.Metadata;

/**
 * The key facts of one DM image under the project's standard summary names and units: voltage (the
 * file states volts), magnification, camera length, detector, microscope, signal, acquisition date
 * and time (ISO), exposure and dwell time (s).
 */
final class DmSummary {
  private static final Pattern SLASH_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
  private static final Pattern DOT_DATE = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})");
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([AaPp][Mm])?");

  private DmSummary() {}

  /**
   * @param entry one ImageList entry (with its {@code ImageTags} and {@code Name})
   * @param reciprocal whether the image's axes are reciprocal lengths (a diffraction pattern)
   */
  static Map<String, Object> of(Map<?, ?> entry, boolean reciprocal) {
    Map<String, Object> s = new LinkedHashMap<>();
    Object tags = entry.get("ImageTags");
    Map<?, ?> t = tags instanceof Map<?, ?> m ? m : Map.of();
    String title = text(entry.get("Name"));
    if (title != null) s.put(Metadata.TITLE, title);

    Double volts = number(t, "Microscope Info", "Voltage");
    if (volts != null && volts > 0) s.put(Metadata.VOLTAGE_KV, volts / 1000);
    Double mag = number(t, "Microscope Info", "Indicated Magnification");
    if (mag != null && mag > 0) s.put(Metadata.MAGNIFICATION, mag);
    Double cameraLength = number(t, "Microscope Info", "STEM Camera Length");
    if (cameraLength != null && cameraLength > 0) s.put(Metadata.CAMERA_LENGTH_MM, cameraLength);

    String detector = firstText(t, List.of("DataBar", "Device Name"), List.of("Acquisition", "Device", "Name"));
    if (detector != null) s.put(Metadata.DETECTOR, detector);
    String microscope = firstText(t, List.of("Microscope Info", "Microscope"), List.of("Session Info", "Microscope"),
        List.of("Microscope Info", "Name"));
    if (microscope != null && !microscope.equalsIgnoreCase("Unknown")) s.put(Metadata.MICROSCOPE, microscope);

    String signal = firstText(t, List.of("Meta Data", "Signal"));
    if (signal == null && reciprocal) signal = "diffraction";
    if (signal != null) s.put(Metadata.SIGNAL, signal);

    String date = firstText(t, List.of("DataBar", "Acquisition Date"), List.of("EELS", "Acquisition", "Date"),
        List.of("SI", "Acquisition", "Date"));
    if (date != null) s.put(Metadata.DATE, isoDate(date));
    String time = firstText(t, List.of("DataBar", "Acquisition Time"), List.of("EELS", "Acquisition", "Start time"),
        List.of("SI", "Acquisition", "Start time"));
    if (time != null) s.put(Metadata.TIME, isoTime(time));

    Double exposure = firstNumber(t, List.of("DataBar", "Exposure Time (s)"), List.of("EELS", "Acquisition", "Exposure (s)"),
        List.of("Acquisition", "Parameters", "High Level", "Exposure (s)"));
    if (exposure != null && exposure > 0) s.put(Metadata.EXPOSURE_S, exposure);
    Double dwellUs = number(t, "DigiScan", "Sample Time");
    if (dwellUs != null && dwellUs > 0) s.put(Metadata.DWELL_TIME_S, dwellUs * 1e-6);
    return s;
  }

  /**
   * A DM date as ISO {@code yyyy-mm-dd}. DM writes the date in the acquiring computer's locale:
   * {@code 12/14/2019} (month first, the default), {@code 14/05/2019} (day first when the first field
   * exceeds 12), {@code 14.05.2019}. Unrecognised text is returned unchanged.
   */
  static String isoDate(String text) {
    Matcher m = ISO_DATE.matcher(text);
    if (m.find()) return iso(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), text);
    m = DOT_DATE.matcher(text);
    if (m.find()) return iso(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)), text);
    m = SLASH_DATE.matcher(text);
    if (m.find()) {
      int a = Integer.parseInt(m.group(1));
      int b = Integer.parseInt(m.group(2));
      int year = Integer.parseInt(m.group(3));
      return a > 12 ? iso(year, b, a, text) : iso(year, a, b, text);
    }
    return text;
  }

  private static String iso(int year, int month, int day, String original) {
    if (month < 1 || month > 12 || day < 1 || day > 31) return original;
    return String.format("%04d-%02d-%02d", year, month, day);
  }

  /** A DM time as ISO {@code hh:mm:ss} (24 h); {@code 3:14:22 PM} gives {@code 15:14:22}. */
  static String isoTime(String text) {
    Matcher m = TIME.matcher(text);
    if (!m.find()) return text;
    int h = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    String ampm = m.group(4);
    if (ampm != null) {
      boolean pm = ampm.equalsIgnoreCase("PM");
      if (h < 1 || h > 12) return text;
      h = h % 12 + (pm ? 12 : 0);
    }
    if (h > 23 || min > 59 || sec > 60) return text;
    return String.format("%02d:%02d:%02d", h, min, sec);
  }

  @SafeVarargs
  private static String firstText(Map<?, ?> t, List<String>... paths) {
    for (List<String> p : paths) {
      String v = text(get(t, p));
      if (v != null) return v;
    }
    return null;
  }

  @SafeVarargs
  private static Double firstNumber(Map<?, ?> t, List<String>... paths) {
    for (List<String> p : paths) {
      Object v = get(t, p);
      if (v instanceof Float f && Float.isFinite(f)) return Double.parseDouble(f.toString());
      if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
    }
    return null;
  }

  private static Double number(Map<?, ?> t, String... path) {
    return firstNumber(t, List.of(path));
  }

  private static String text(Object v) {
    if (!(v instanceof String s)) return null;
    String trimmed = s.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static Object get(Map<?, ?> t, List<String> path) {
    Object node = t;
    for (String part : path) {
      if (!(node instanceof Map<?, ?> m)) return null;
      node = m.get(part);
    }
    return node;
  }
}
