package org.causalem.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.Metadata;
import org.causalem.numeric.Units;

/**
 * Zeiss SEM (SmartSEM) TIFFs: tag 34118 holds a block of numbers, then pairs of lines
 * {@code AP_NAME} / {@code Label = value unit}. The pixel of the stored image is
 * {@code AP_IMAGE_PIXEL_SIZE} when present (newer software); otherwise the scanned field width
 * {@code AP_WIDTH} divided by the image width ({@code AP_PIXEL_SIZE} refers to a 1024-pixel-wide
 * frame). The text gives 4 digits; the block of numbers before it starts with the same
 * {@code AP_PIXEL_SIZE} in m to 7 digits, which scaled by 1024 / image width gives the stored pixel
 * to 7 digits — used when it agrees with the text's value to 0.1 %, the text's value otherwise.
 */
final class TiffZeiss {
  private TiffZeiss() {}

  /** {@code AP_…}/{@code DP_…} names to their {@code value unit} text. */
  static Map<String, String> parameters(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n|\r");
    for (int i = 0; i + 1 < lines.length; i++) {
      String key = lines[i].trim();
      if (!key.matches("[A-Z][A-Z0-9]*_[A-Z0-9_]+")) continue;
      String next = lines[i + 1];
      int eq = next.indexOf('=');
      if (eq > 0) m.putIfAbsent(key, next.substring(eq + 1).trim());
    }
    return m;
  }

  /** A {@code value unit} length in nm, NaN when it is not one (or not positive). */
  static double lengthNm(String valueUnit) {
    if (valueUnit == null) return Double.NaN;
    String[] p = valueUnit.trim().split("\\s+", 2);
    if (p.length < 2) return Double.NaN;
    double v = TiffCalibration.positiveDouble(p[0]);
    return v * Units.nmPer(p[1]);
  }

  /**
   * The stored image's pixel size in nm with its source, or null; puts the accelerating voltage
   * ({@code AP_ACTUALKV}), magnification ({@code AP_MAG}, {@code 50.00 K X}) and detector
   * ({@code DP_DETECTOR_CHANNEL}) into {@code summary}.
   */
  static TiffCalibration.Planar calibration(String text, int width, Map<String, Object> summary) {
    Map<String, String> m = parameters(text);
    summarise(m, summary);
    double px = lengthNm(m.get("AP_IMAGE_PIXEL_SIZE"));
    String source = "Zeiss AP_IMAGE_PIXEL_SIZE";
    double field = lengthNm(m.get("AP_WIDTH"));
    if (!(px > 0 && Double.isFinite(px)) && field > 0 && Double.isFinite(field) && width > 0) {
      px = field / width;
      source = "Zeiss AP_WIDTH / image width";
    }
    if (!(px > 0 && Double.isFinite(px))) return null;
    double precise = headerPixelM(text) * 1e9 * 1024 / width;
    if (Math.abs(precise / px - 1) < 1e-3) return TiffCalibration.Planar.square(precise, source + " (7 digits from the numeric header)", null);
    return TiffCalibration.Planar.square(px, source, null);
  }

  private static void summarise(Map<String, String> m, Map<String, Object> summary) {
    String kv = m.get("AP_ACTUALKV");
    if (kv != null && kv.trim().endsWith("kV")) {
      double v = TiffCalibration.positiveDouble(kv.trim().replace("kV", ""));
      if (v > 0) summary.put(Metadata.VOLTAGE_KV, v);
    }
    String mag = m.get("AP_MAG");
    if (mag != null && mag.trim().endsWith("X")) {
      String t = mag.trim();
      t = t.substring(0, t.length() - 1).trim();
      double factor = 1;
      if (t.endsWith("K")) {
        factor = 1e3;
        t = t.substring(0, t.length() - 1);
      }
      double v = TiffCalibration.positiveDouble(t) * factor;
      if (v > 0) summary.put(Metadata.MAGNIFICATION, v);
    }
    String det = m.get("DP_DETECTOR_CHANNEL");
    if (det != null && !det.isBlank()) summary.put(Metadata.DETECTOR, det.trim());
  }

  /** The fourth number of the block before the first parameter (AP_PIXEL_SIZE in m), NaN when absent. */
  static double headerPixelM(String text) {
    int k = 0;
    for (String line : text.split("\r?\n|\r")) {
      String t = line.trim();
      if (t.isEmpty()) continue;
      if (!t.matches("[-+0-9.eE]+")) return Double.NaN;
      if (++k == 4) return TiffCalibration.positiveDouble(t);
    }
    return Double.NaN;
  }
}
