package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Json's own writer for plain values gives Jackson's indented text character for character. */
class JsonTest {
  @Test
  void plainValuesAreWrittenExactlyAsJacksonWrites() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "a\"b\\c\n\t\r\b\f\u0001\u001f\u007f é ✓ / end");
    m.put("empty_map", new LinkedHashMap<>());
    m.put("empty_list", new ArrayList<>());
    m.put("null", null);
    m.put("flag", true);
    m.put("numbers", List.of(1.0, -0.0, 1e-7, 1e21, 123456.789, Double.MIN_VALUE, 3L, 7, Long.MIN_VALUE));
    m.put("nested", List.of(Map.of("x", List.of(Map.of("y", 1))), List.of(List.of()), Map.of()));
    m.put("non_finite", Double.NaN);
    m.put("array", new double[] {1.5, Double.POSITIVE_INFINITY});
    SplittableRandom rng = new SplittableRandom(4);
    for (int k = 0; k < 30; k++) m.put("random_" + k, random(rng, 0));
    assertThat(Json.toString(m)).isEqualTo(Json.mapper().writeValueAsString(Json.mapper().readValue(Json.toString(m), Object.class)));
  }

  @Test
  void arraysAndFloatsAreWrittenExactlyAsJacksonWrites() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shape", new int[] {16, 1, 2048});
    m.put("long", new long[] {Long.MIN_VALUE, 0, 3});
    m.put("short", new short[] {-2, 7});
    m.put("flags", new boolean[] {true, false});
    m.put("empty", new int[0]);
    m.put("floats", new float[] {0.1f, 1e-9f, 3.4e38f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
    m.put("float", 0.1f);
    m.put("names", new String[] {"a", null, "b\"c"});
    m.put("mixed", new Object[] {"x", null, 1.5, Double.NaN, Float.NEGATIVE_INFINITY, 2, new double[] {1, Double.NaN},
        new float[][] {{1f, Float.NaN}, {}}, List.of(1, 2), Map.of("k", 3)});
    m.put("nested", List.of(new int[] {1, 2}, Map.of("f", new float[] {2.5f})));
    assertThat(Json.writtenWithoutJackson(m)).isTrue();
    assertThat(Json.toString(m)).isEqualTo(Json.mapper().writeValueAsString(m));
  }

  @Test
  void objectKeepsTheOrderGivenAndRefusesADuplicateKey() {
    assertThat(Json.toString(Json.object("z", 1, "a", 2.5, "m", null))).isEqualTo("{\n  \"z\" : 1,\n  \"a\" : 2.5,\n  \"m\" : null\n}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.object("a", 1, "a", 2)).isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.object("a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherValuesStillGoThroughJackson() {
    record Point(double x, double y) {}
    assertThat(Json.writtenWithoutJackson(Map.of("p", new Point(1, 2)))).isFalse();
    assertThat(Json.toString(Map.of("p", new Point(1, 2)))).contains("\"x\" : 1.0").contains("\"y\" : 2.0");
  }

  private static Object random(SplittableRandom rng, int depth) {
    int kind = rng.nextInt(depth > 3 ? 4 : 6);
    switch (kind) {
      case 0: return rng.nextDouble() * Math.pow(10, rng.nextInt(-12, 12));
      case 1: return rng.nextLong();
      case 2: return "s" + rng.nextInt(1000) + (rng.nextBoolean() ? "\"\\" : "");
      case 3: return rng.nextBoolean() ? Boolean.TRUE : null;
      case 4: {
        List<Object> l = new ArrayList<>();
        for (int i = rng.nextInt(4); i > 0; i--) l.add(random(rng, depth + 1));
        return l;
      }
      default: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = rng.nextInt(4); i > 0; i--) m.put("k" + i, random(rng, depth + 1));
        return m;
      }
    }
  }
}
