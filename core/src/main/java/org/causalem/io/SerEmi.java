package org.causalem.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.data.Metadata;

/**
 * The metadata of a TIA EMI file: one XML fragment {@code <ObjectInfo>...</ObjectInfo>} per series
 * file, embedded in a binary file. Collected are the labelled experimental conditions
 * ({@code <Data><Label>High tension</Label><Value>300</Value><Unit>kV</Unit></Data>} becomes
 * {@code "High tension_kV" = "300"}) and every other leaf element by name.
 */
final class SerEmi {
  private static final long MAX_BYTES = 64L << 20;
  private static final Pattern LABELLED = Pattern.compile(
      "<Data>\\s*<Label>([^<]*)</Label>\\s*<Value>([^<]*)</Value>\\s*<Unit>([^<]*)</Unit>\\s*</Data>");
  private static final Pattern LEAF = Pattern.compile("<([A-Za-z_][\\w.-]*)>([^<>]*)</\\1>");

  private SerEmi() {}

  /**
   * The fields of ObjectInfo number {@code index} (0-based: {@code name_1.ser} is 0), or of the last
   * one when there are fewer; empty when there is none.
   */
  static Map<String, Object> read(Path emi, int index) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    if (Files.size(emi) > MAX_BYTES) return out;
    String text = new String(Files.readAllBytes(emi), StandardCharsets.ISO_8859_1);
    String object = null;
    int from = 0;
    for (int k = 0; k <= index; k++) {
      int start = text.indexOf("<ObjectInfo>", from);
      if (start < 0) break;
      int end = text.indexOf("</ObjectInfo>", start);
      if (end < 0) break;
      object = text.substring(start, end);
      from = end;
    }
    if (object == null) return out;
    Matcher d = LABELLED.matcher(object);
    while (d.find()) {
      String unit = d.group(3).trim();
      out.put(d.group(1).trim() + (unit.isEmpty() ? "" : "_" + unit), d.group(2).trim());
    }
    Matcher m = LEAF.matcher(LABELLED.matcher(object).replaceAll(""));
    while (m.find()) out.putIfAbsent(m.group(1), m.group(2).trim());
    return out;
  }

  /** Voltage, magnification, mode, microscope, camera length and date. */
  static void summarise(Map<String, Object> emi, Map<String, Object> summary) {
    double kv = number(emi.get("High tension_kV"));
    double v = number(emi.get("AcceleratingVoltage"));
    if (Double.isFinite(kv) && kv > 0) summary.put(Metadata.VOLTAGE_KV, kv);
    else if (Double.isFinite(v) && v > 0) summary.put(Metadata.VOLTAGE_KV, v / 1000);
    double mag = number(emi.getOrDefault("Magnification_x", emi.get("Magnification")));
    if (Double.isFinite(mag) && mag > 0) summary.put(Metadata.MAGNIFICATION, mag);
    if (emi.get("Mode") instanceof String mode && !mode.isEmpty()) summary.put("mode", mode);
    if (emi.get("Microscope") instanceof String mic && !mic.isEmpty()) summary.put(Metadata.MICROSCOPE, mic.replace("Microscope ", ""));
    double cl = number(emi.get("Camera length_m"));
    if (Double.isFinite(cl) && cl > 0) summary.put(Metadata.CAMERA_LENGTH_MM, cl * 1000);
    if (emi.get("AcquireDate") instanceof String date && !date.isEmpty()) {
      LocalDateTime t = parseDate(date);
      if (t != null) {
        summary.put(Metadata.DATE, t.toLocalDate().toString());
        summary.put(Metadata.TIME, t.toLocalTime().toString());
      } else {
        summary.put(Metadata.DATE, date);
      }
    }
  }

  /** TIA writes dates like {@code Thu Sep 15 12:45:57 2016}. */
  static LocalDateTime parseDate(String s) {
    try {
      return LocalDateTime.parse(s.trim().replaceAll("\\s+", " "), DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static double number(Object o) {
    if (!(o instanceof String s)) return Double.NaN;
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
