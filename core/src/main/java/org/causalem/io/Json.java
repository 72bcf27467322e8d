package org.causalem.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** JSON reading and writing (Jackson), shared by every output. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** The shared mapper (do not reconfigure). */
  public static ObjectMapper mapper() { return MAPPER; }

  /**
   * Serialises {@code value} (maps, lists, records, numbers, strings) as indented JSON. Non-finite
   * doubles are written as {@code null}, so the output is always valid JSON.
   */
  public static String toString(Object value) {
    try {
      return MAPPER.writeValueAsString(sanitize(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code value} as JSON to {@code file}, atomically. */
  public static void write(Path file, Object value) throws IOException {
    String text = toString(value) + "\n";
    AtomicFiles.write(file, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static Object sanitize(Object v) {
    if (v instanceof Double d && !Double.isFinite(d)) return null;
    if (v instanceof Float f && !Float.isFinite(f)) return null;
    if (v instanceof java.util.Map<?, ?> m) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, sanitize(x)));
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
    return v;
  }
}
