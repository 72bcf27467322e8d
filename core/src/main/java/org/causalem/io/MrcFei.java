package org.causalem.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.Metadata;

/**
 * Thermo Fisher FEI1/FEI2 extended-header blocks (one per frame, each starting with its own size):
 * timestamp (days since 1899-12-30), microscope, application, high tension (V), dose, tilts, stage,
 * pixel size (m).
 */
final class MrcFei {
  private static final int MIN_BLOCK = 172;

  private MrcFei() {}

  record Frame(double timestampDays, String microscope, String application, String applicationVersion, double htV,
               double dose, double alphaTiltDeg, double betaTiltDeg, double pixelSizeXm, double pixelSizeYm) {
    Map<String, Object> tree() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("timestamp_days", timestampDays);
      m.put("microscope_type", microscope);
      m.put("application", application);
      m.put("application_version", applicationVersion);
      m.put("ht_V", htV);
      m.put("dose", dose);
      m.put("alpha_tilt", alphaTiltDeg);
      m.put("beta_tilt", betaTiltDeg);
      m.put("pixel_size_x_m", pixelSizeXm);
      m.put("pixel_size_y_m", pixelSizeYm);
      return m;
    }

    void summarise(Map<String, Object> s) {
      if (htV > 0 && Double.isFinite(htV)) s.put(Metadata.VOLTAGE_KV, htV / 1000);
      if (!microscope.isEmpty()) s.put(Metadata.MICROSCOPE, microscope);
      LocalDateTime t = dateTime();
      if (t != null) {
        s.put(Metadata.DATE, t.toLocalDate().toString());
        s.put(Metadata.TIME, t.toLocalTime().withNano(0).toString());
      }
    }

    LocalDateTime dateTime() {
      if (!(timestampDays > 1 && timestampDays < 200_000)) return null;
      long seconds = Math.round(timestampDays * 86400.0);
      return LocalDateTime.of(1899, 12, 30, 0, 0).plusSeconds(seconds);
    }
  }

  /** The blocks of up to {@code frames} frames; stops at the first block whose size field is not sane. */
  static List<Frame> parse(ByteBuffer eh, int frames) {
    List<Frame> out = new ArrayList<>();
    int at = 0;
    for (int k = 0; k < frames; k++) {
      if (at + MIN_BLOCK > eh.limit()) break;
      int size = eh.getInt(at);
      if (size < MIN_BLOCK || at + size > eh.limit()) break;
      out.add(new Frame(eh.getDouble(at + 12), text(eh, at + 20, 16), text(eh, at + 52, 16), text(eh, at + 68, 16),
          eh.getDouble(at + 84), eh.getDouble(at + 92), eh.getDouble(at + 100), eh.getDouble(at + 108),
          eh.getDouble(at + 156), eh.getDouble(at + 164)));
      at += size;
    }
    return out;
  }

  /** Seconds from the first frame, when every frame has a timestamp. */
  static double[] frameTimes(List<Frame> fei, int frames) {
    if (fei.size() != frames || frames == 0) return null;
    double[] t = new double[frames];
    for (int k = 0; k < frames; k++) {
      if (fei.get(k).dateTime() == null) return null;
      t[k] = (fei.get(k).timestampDays() - fei.get(0).timestampDays()) * 86400.0;
    }
    return t;
  }

  /** Per-frame dose when every frame states a positive one. */
  static double[] frameDoses(List<Frame> fei, int frames) {
    if (fei.size() != frames || frames == 0) return null;
    double[] d = new double[frames];
    for (int k = 0; k < frames; k++) {
      d[k] = fei.get(k).dose();
      if (!(d[k] > 0) || !Double.isFinite(d[k])) return null;
    }
    return d;
  }

  private static String text(ByteBuffer b, int at, int n) {
    byte[] s = new byte[n];
    int len = 0;
    for (int i = 0; i < n; i++) {
      byte c = b.get(at + i);
      if (c == 0) break;
      s[len++] = c;
    }
    return new String(s, 0, len, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7E]", "").trim();
  }
}
