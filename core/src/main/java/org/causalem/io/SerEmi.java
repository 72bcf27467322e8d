package org.causalem.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.data.Metadata;

/**
 * The metadata of a TIA EMI file: an XML fragment {@code <ObjectInfo>...</ObjectInfo>} embedded in a
 * binary file. Leaf elements are collected by name (the last occurrence wins); the nesting is not
 * needed for the key facts.
 */
final class SerEmi {
  private static final long MAX_BYTES = 64L << 20;
  private static final Pattern LEAF = Pattern.compile("<([A-Za-z_][\\w.-]*)>([^<>]*)</\\1>");

  private SerEmi() {}

  /** Leaf elements of the ObjectInfo fragment; empty when there is none. */
  static Map<String, Object> read(Path emi) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    if (Files.size(emi) > MAX_BYTES) return out;
    String text = new String(Files.readAllBytes(emi), StandardCharsets.ISO_8859_1);
    int start = text.indexOf("<ObjectInfo>");
    int end = text.indexOf("</ObjectInfo>", Math.max(start, 0));
    if (start < 0 || end < 0) return out;
    Matcher m = LEAF.matcher(text.substring(start, end));
    while (m.find()) out.put(m.group(1), m.group(2).trim());
    return out;
  }

  /** Voltage (V → kV), magnification, mode, camera length, date from the leaf elements. */
  static void summarise(Map<String, Object> emi, Map<String, Object> summary) {
    double v = number(emi.get("AcceleratingVoltage"));
    if (Double.isFinite(v) && v > 0) summary.put(Metadata.VOLTAGE_KV, v / 1000);
    double mag = number(emi.get("Magnification"));
    if (Double.isFinite(mag) && mag > 0) summary.put(Metadata.MAGNIFICATION, mag);
    if (emi.get("Mode") instanceof String mode && !mode.isEmpty()) summary.put("mode", mode);
    double cl = number(emi.get("CameraLength"));
    if (Double.isFinite(cl) && cl > 0) summary.put(Metadata.CAMERA_LENGTH_MM, cl * 1000);
    if (emi.get("AcquireDate") instanceof String date && !date.isEmpty()) summary.put(Metadata.DATE, date);
    if (emi.get("Name") instanceof String name && !name.isEmpty()) summary.put(Metadata.TITLE, name);
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
