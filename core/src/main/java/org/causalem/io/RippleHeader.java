package org.causalem.io;

import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.PixelType;

/**
 * A Lispix ripple header ({@code .rpl}): tab-separated {@code key value} lines, keys in any order and any letter
 * case, {@code ;} starting a comment; the first line names the two columns ({@code key value}). Oxford INCA's variant
 * ({@code (MLX::width : 128)}) is read too. It describes the {@code .raw} file beside it: {@code width × height × depth}
 * values of one type after {@code offset} bytes, recorded by {@code image} (a stack: depth images of height rows) or
 * by {@code vector} (a spectrum image: the depth values of each pixel together, pixels row by row).
 *
 * @param keys every key (lower case) and value, in file order
 * @param order little-endian when the file says {@code dont-care} (the byte order of the PCs that write these files)
 */
record RippleHeader(Map<String, String> keys, int width, int height, int depth, long offset, PixelType type, ByteOrder order,
                    String recordBy) {
  /** The keys a header must have to be recognised as one. */
  static final List<String> REQUIRED = List.of("width", "height", "data-type", "data-length");

  /** The keys and values of {@code text} (lower-case keys); lines that are not {@code key<TAB>value} are skipped. */
  static Map<String, String> keys(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\r\n|\r|\n")) {
      String line = raw;
      int semi = line.indexOf(';');
      if (semi >= 0) line = line.substring(0, semi);
      String l = line.strip();
      if (l.regionMatches(true, 0, "(MLX::", 0, 6)) l = l.substring(6).replace(")", "").replaceFirst("\\s*:\\s*|\\s+", "\t");
      int tab = l.indexOf('\t');
      if (tab <= 0) continue;
      String key = l.substring(0, tab).strip().toLowerCase(Locale.ROOT);
      String rest = l.substring(tab + 1).strip();
      int more = rest.indexOf('\t');
      out.put(key, (more < 0 ? rest : rest.substring(0, more)).strip());
    }
    return out;
  }

  /** Whether {@code text} (a file's first bytes) has the keys of a ripple header. */
  static boolean looksLikeOne(String text) {
    return keys(text).keySet().containsAll(REQUIRED);
  }

  /**
   * The header of {@code text}.
   *
   * @param fn the .rpl file's name, for messages
   * @throws BadInputException naming the file, the key, its value and what was expected
   */
  static RippleHeader parse(String fn, String text) {
    Map<String, String> k = keys(text);
    for (String r : REQUIRED) {
      if (!k.containsKey(r)) throw new BadInputException(fn + ": no '" + r + "' key; a ripple header needs width, height, depth, "
          + "data-type, data-length (and offset, byte-order, record-by)");
    }
    int width = positive(fn, k, "width", null);
    int height = positive(fn, k, "height", null);
    int depth = positive(fn, k, "depth", "1");
    long offset = integer(fn, k, "offset", "0", 0, Long.MAX_VALUE, "a byte count >= 0");
    PixelType type = type(fn, k);
    ByteOrder order = order(fn, k);
    String recordBy = recordBy(fn, k, depth);
    return new RippleHeader(k, width, height, depth, offset, type, order, recordBy);
  }

  private static int positive(String fn, Map<String, String> k, String key, String fallback) {
    return (int) integer(fn, k, key, fallback, 1, Integer.MAX_VALUE, "a whole number >= 1");
  }

  private static long integer(String fn, Map<String, String> k, String key, String fallback, long min, long max, String expected) {
    String v = k.getOrDefault(key, fallback);
    long n;
    try {
      n = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException(fn + ": " + key + " '" + v + "': expected " + expected);
    }
    if (n < min || n > max) throw new BadInputException(fn + ": " + key + " " + n + ": expected " + expected);
    return n;
  }

  private static PixelType type(String fn, Map<String, String> k) {
    String t = k.get("data-type").toLowerCase(Locale.ROOT);
    String len = k.get("data-length");
    String key = t + " " + len;
    switch (key) {
      case "signed 1": return PixelType.INT8;
      case "signed 2": return PixelType.INT16;
      case "signed 4": return PixelType.INT32;
      case "signed 8": return PixelType.INT64;
      case "unsigned 1": return PixelType.UINT8;
      case "unsigned 2": return PixelType.UINT16;
      case "unsigned 4": return PixelType.UINT32;
      case "unsigned 8": return PixelType.UINT64;
      case "float 4": return PixelType.FLOAT32;
      case "float 8": return PixelType.FLOAT64;
      default: break;
    }
    if (!List.of("signed", "unsigned", "float").contains(t)) {
      throw new BadInputException(fn + ": data-type '" + k.get("data-type") + "': expected signed, unsigned or float");
    }
    throw new BadInputException(fn + ": data-length '" + len + "' for data-type " + t + ": expected "
        + (t.equals("float") ? "4 or 8" : "1, 2, 4 or 8"));
  }

  private static ByteOrder order(String fn, Map<String, String> k) {
    String b = k.getOrDefault("byte-order", "dont-care").toLowerCase(Locale.ROOT);
    switch (b) {
      case "big-endian": return ByteOrder.BIG_ENDIAN;
      case "little-endian": case "dont-care": return ByteOrder.LITTLE_ENDIAN;
      default: throw new BadInputException(fn + ": byte-order '" + k.get("byte-order") + "': expected little-endian, big-endian or dont-care");
    }
  }

  private static String recordBy(String fn, Map<String, String> k, int depth) {
    String r = k.getOrDefault("record-by", "dont-care").toLowerCase(Locale.ROOT);
    if (!List.of("image", "vector", "dont-care").contains(r)) {
      throw new BadInputException(fn + ": record-by '" + k.get("record-by") + "': expected image, vector or dont-care");
    }
    if (depth > 1 && r.equals("dont-care")) {
      throw new BadInputException(fn + ": record-by " + (k.containsKey("record-by") ? "dont-care" : "missing") + " with depth " + depth
          + ": expected image (a stack of " + depth + " images) or vector (a spectrum image of " + depth + " channels)");
    }
    return depth == 1 ? "dont-care" : r;
  }

  /** The number of bytes the header describes after the offset. */
  long dataBytes() {
    return Math.multiplyExact(Math.multiplyExact((long) width * height, (long) depth), (long) type.bytes());
  }

  /** Whether the file left the byte order to the reader for multi-byte values (then little-endian is assumed). */
  boolean orderAssumed() {
    return type.bytes() > 1 && k("byte-order", "dont-care").equalsIgnoreCase("dont-care");
  }

  private String k(String key, String fallback) { return keys.getOrDefault(key, fallback); }
}
