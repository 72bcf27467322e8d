package org.causalem.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** JSON reading (Jackson) and writing (plain values here, anything else through Jackson), shared by every output. */
public final class Json {
  /** The mapper, created on first use: loading Jackson costs a few hundred classes, which plain outputs do not need. */
  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Jackson's text of {@code v} (here, so that writing plain values does not even load Jackson's exceptions). */
    static String write(Object v, Object original) {
      try {
        return MAPPER.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise " + original.getClass().getName() + ": " + e.getMessage(), e);
      }
    }
  }

  private Json() {}

  /** The shared mapper (do not reconfigure). */
  public static ObjectMapper mapper() { return Holder.MAPPER; }

  /**
   * Serialises {@code value} (maps, lists, records, numbers, strings) as indented JSON. Non-finite
   * doubles are written as {@code null}, so the output is always valid JSON.
   */
  public static String toString(Object value) {
    Object v = sanitize(value);
    if (plain(v)) {
      // maps with string keys, lists, arrays, strings, booleans, integers and finite floats and doubles: written here,
      // exactly as Jackson's indented output (Jackson's start-up costs more than many a command's analysis)
      StringBuilder sb = new StringBuilder(256);
      writePlain(sb, v, 0);
      return sb.toString();
    }
    return Holder.write(v, value);
  }

  /**
   * A JSON object with the keys in the order given ({@code key1, value1, key2, value2, ...}): unlike {@code Map.of},
   * whose iteration order changes from one JVM to the next, it gives the same file on every run.
   */
  public static java.util.Map<String, Object> object(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must alternate, got " + keysAndValues.length + " items");
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      if (m.containsKey(key)) throw new IllegalArgumentException("duplicate key " + key);
      m.put(key, keysAndValues[i + 1]);
    }
    return m;
  }

  /** True when {@code value} is written by this class's own writer, without Jackson (for tests). */
  static boolean writtenWithoutJackson(Object value) { return plain(sanitize(value)); }

  /** Writes {@code value} as JSON to {@code file}, atomically. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.write(file, (toString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** True when {@code v} is built only of what {@link #writePlain} writes. */
  private static boolean plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      return true;
    }
    if (v instanceof Double d) return Double.isFinite(d);
    if (v instanceof Float f) return Float.isFinite(f);
    if (v instanceof java.util.Map<?, ?> m) {
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) if (!(e.getKey() instanceof String) || !plain(e.getValue())) return false;
      return true;
    }
    if (v instanceof java.util.List<?> l) {
      for (Object x : l) if (!plain(x)) return false;
      return true;
    }
    return false;
  }

  /**
   * Jackson's default pretty printer: objects one entry per line, {@code "key" : value}, indented by two spaces per
   * enclosing object, {@code { }} when empty; arrays on one line, {@code [ a, b ]}, {@code [ ]} when empty.
   */
  private static void writePlain(StringBuilder sb, Object v, int level) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String str) {
      quote(sb, str);
    } else if (v instanceof Double d) {
      sb.append(Double.toString(d));
    } else if (v instanceof Float f) {
      sb.append(Float.toString(f));   // Jackson writes a float with Float.toString, not widened to double
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      sb.append(v);
    } else if (v instanceof java.util.Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{ }");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        sb.append('\n');
        for (int i = 0; i <= level; i++) sb.append("  ");
        quote(sb, (String) e.getKey());
        sb.append(" : ");
        writePlain(sb, e.getValue(), level + 1);
      }
      sb.append('\n');
      for (int i = 0; i < level; i++) sb.append("  ");
      sb.append('}');
    } else {
      java.util.List<?> l = (java.util.List<?>) v;
      if (l.isEmpty()) {
        sb.append("[ ]");
        return;
      }
      sb.append("[ ");
      boolean first = true;
      for (Object x : l) {
        if (!first) sb.append(", ");
        first = false;
        writePlain(sb, x, level);
      }
      sb.append(" ]");
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A JSON string as Jackson writes it: quote, backslash and control characters escaped, everything else as is. */
  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  private static Object sanitize(Object v) {
    if (v instanceof Double d && !Double.isFinite(d)) return null;
    if (v instanceof Float f && !Float.isFinite(f)) return null;
    if (v instanceof java.util.Map<?, ?> m) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey(), sanitize(e.getValue()));
      return out;
    }
    if (v instanceof java.util.Collection<?> c) {
      java.util.List<Object> out = new java.util.ArrayList<>(c.size());
      for (Object x : c) out.add(sanitize(x));
      return out;
    }
    if (v instanceof double[] a) {
      java.util.List<Object> out = new java.util.ArrayList<>(a.length);
      for (double x : a) out.add(Double.isFinite(x) ? x : null);
      return out;
    }
    if (v != null && v.getClass().isArray()) return asJackson(v);
    return v;
  }

  /**
   * An array as the list Jackson writes for it, element for element (so the text is the same whichever writer is used):
   * a non-finite float or double inside an array is the text "NaN", "Infinity" or "-Infinity", as Jackson writes it;
   * nested arrays likewise. byte[] and char[], which Jackson writes as text, and what is not an array are returned as
   * they are. (A double[] given directly as a value is turned into a list with null for non-finite values by
   * {@link #sanitize}, as before.)
   */
  private static Object asJackson(Object v) {
    if (v instanceof byte[] || v instanceof char[]) return v;
    int n = java.lang.reflect.Array.getLength(v);
    java.util.List<Object> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object x = java.lang.reflect.Array.get(v, i);
      if (x instanceof Double d && !Double.isFinite(d)) out.add(Double.toString(d));
      else if (x instanceof Float f && !Float.isFinite(f)) out.add(Float.toString(f));
      else out.add(x != null && x.getClass().isArray() ? asJackson(x) : x);
    }
    return out;
  }
}
