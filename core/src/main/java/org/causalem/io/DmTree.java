package org.causalem.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts a parsed DM tag tree into plain metadata: arrays left in the file become their description. */
final class DmTree {
  private DmTree() {}

  static Map<String, Object> plain(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
    return out;
  }

  private static Object value(Object v) {
    if (v instanceof DmArray a) return a.describe();
    if (v instanceof Map<?, ?> m) return plain(m);
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object x : l) out.add(value(x));
      return out;
    }
    return v;
  }
}
