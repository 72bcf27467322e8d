package org.causalem.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.numeric.Units;

/**
 * The specimen calibration a microscope writes into a JPEG's EXIF. Only Renishaw (Make {@code Renishaw}, WiRE's
 * white-light images) is known: it stores the field of view, not a camera's sensor resolution, in
 * FocalPlaneXResolution/YResolution (tags 41486/41487) in FocalPlaneResolutionUnit (41488: 2 inch, 3 cm, 4 mm,
 * 5 µm), and the image origin in its own tag 0xFEA0 in the same unit, as RosettaSciIO reads them. Standard EXIF gives
 * those tags the camera sensor's pixels per unit, which say nothing about the specimen: other makes are not read.
 */
final class JpegExif {
  static final int MAKE = 271;
  static final int EXIF_IFD = 34665;
  static final int FOV_X = 41486;
  static final int FOV_Y = 41487;
  static final int FOV_UNIT = 41488;
  static final int RENISHAW_ORIGIN = 0xFEA0;
  private static final int MAX_SEGMENTS = 64;

  private JpegExif() {}

  /** A field of view (x, y) and origin in nm over the picture's pixels. */
  record Calibration(double fovXNm, double fovYNm, double originXNm, double originYNm, Map<String, Object> tree) {
    Axis x(int w) { return new Axis("x", w, originXNm, fovXNm / w, "nm"); }

    Axis y(int h) { return new Axis("y", h, originYNm, fovYNm / h, "nm"); }

    String note() {
      return "pixel size from Renishaw's EXIF: field of view " + Plausibility.fmt(fovXNm / 1e3) + " × " + Plausibility.fmt(fovYNm / 1e3)
          + " µm (FocalPlaneX/YResolution), origin from tag 0xFEA0";
    }
  }

  /** The Renishaw calibration of {@code file}; null when it has no EXIF, another make, or incomplete tags. */
  static Calibration read(Path file) throws IOException {
    ByteBuffer tiff = exif(file);
    if (tiff == null) return null;
    try {
      return parse(tiff);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null; // EXIF is optional: a damaged block leaves the picture uncalibrated, as if absent
    }
  }

  /** The TIFF structure inside the first APP1 "Exif" segment before the scan data; null when none. */
  private static ByteBuffer exif(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      if (in.read() != 0xFF || in.read() != 0xD8) return null;
      for (int k = 0; k < MAX_SEGMENTS; k++) {
        int ff = in.read();
        int marker = in.read();
        if (ff != 0xFF || marker < 0 || marker == 0xDA || marker == 0xD9) return null;
        int len = (in.read() << 8 | in.read()) - 2;
        if (len < 0) return null;
        byte[] seg = in.readNBytes(len);
        if (seg.length < len) return null;
        if (marker == 0xE1 && len > 6 && new String(seg, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
          return ByteBuffer.wrap(seg, 6, len - 6).slice();
        }
      }
      return null;
    }
  }

  private static Calibration parse(ByteBuffer t) {
    t.order(t.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int ifd0 = t.getInt(4);
    String make = ascii(t, find(t, ifd0, MAKE));
    if (make == null || !make.trim().startsWith("Renishaw")) return null;
    int exifEntry = find(t, ifd0, EXIF_IFD);
    if (exifEntry < 0) return null;
    int exifIfd = t.getInt(exifEntry + 8);
    double fx = number(t, find(t, exifIfd, FOV_X), 0);
    double fy = number(t, find(t, exifIfd, FOV_Y), 0);
    int unitEntry = find(t, exifIfd, FOV_UNIT);
    int unit = unitEntry < 0 ? 0 : t.getShort(unitEntry + 8) & 0xFFFF;
    String unitName = switch (unit) {
      case 2 -> "inch";
      case 3 -> "cm";
      case 4 -> "mm";
      case 5 -> "µm";
      default -> null;
    };
    if (unitName == null || !(fx > 0) || !(fy > 0)) return null;
    double nm = unit == 2 ? 2.54e7 : Units.of(unitName).factor();
    int origin = find(t, ifd0, RENISHAW_ORIGIN);
    double ox = origin < 0 ? 0 : number(t, origin, 0);
    double oy = origin < 0 ? 0 : number(t, origin, 1);
    if (!Double.isFinite(ox) || !Double.isFinite(oy)) ox = oy = 0;
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("Make", make.trim());
    tree.put("FocalPlaneXResolution", fx);
    tree.put("FocalPlaneYResolution", fy);
    tree.put("FocalPlaneResolutionUnit", unitName);
    if (origin >= 0) tree.put("FocalPlaneXYOrigins", java.util.List.of(ox, oy));
    return new Calibration(fx * nm, fy * nm, ox * nm + 0.0, oy * nm + 0.0, tree);
  }

  /** The offset of the 12-byte entry of {@code tag} in the IFD at {@code ifd}; -1 when absent. */
  private static int find(ByteBuffer t, int ifd, int tag) {
    int n = t.getShort(ifd) & 0xFFFF;
    for (int i = 0; i < n; i++) {
      int e = ifd + 2 + 12 * i;
      if ((t.getShort(e) & 0xFFFF) == tag) return e;
    }
    return -1;
  }

  private static String ascii(ByteBuffer t, int e) {
    if (e < 0 || t.getShort(e + 2) != 2) return null;
    int count = t.getInt(e + 4);
    if (count < 0 || count > t.limit()) return null; // a count the segment cannot hold: never an allocation from it
    int at = count <= 4 ? e + 8 : t.getInt(e + 8);
    byte[] b = new byte[count];
    t.get(at, b);
    int end = 0;
    while (end < b.length && b[end] != 0) end++;
    return new String(b, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** Value {@code k} of a RATIONAL, SRATIONAL, FLOAT, DOUBLE, SHORT or LONG entry; NaN otherwise. */
  private static double number(ByteBuffer t, int e, int k) {
    if (e < 0 || k >= t.getInt(e + 4)) return Double.NaN;
    int type = t.getShort(e + 2);
    int size = switch (type) {
      case 3 -> 2;
      case 4, 9, 11 -> 4;
      case 5, 10, 12 -> 8;
      default -> 0;
    };
    if (size == 0) return Double.NaN;
    int count = t.getInt(e + 4);
    int at = (long) size * count <= 4 ? e + 8 + size * k : t.getInt(e + 8) + size * k;
    return switch (type) {
      case 3 -> t.getShort(at) & 0xFFFF;
      case 4 -> t.getInt(at) & 0xFFFFFFFFL;
      case 9 -> t.getInt(at);
      case 11 -> t.getFloat(at);
      case 5 -> (t.getInt(at) & 0xFFFFFFFFL) / (double) (t.getInt(at + 4) & 0xFFFFFFFFL);
      case 10 -> t.getInt(at) / (double) t.getInt(at + 4);
      default -> t.getDouble(at);
    };
  }
}
