package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes DM3/DM4 files for tests, byte by byte from the layout (independent of the reader), and checks
 * the writer itself against the header bytes of the format.
 */
class DmFileWriterTest {
  /** A tag group: ordered entries, each a label (empty: unnamed) and a group or a data value. */
  static final class Group {
    final List<String> labels = new ArrayList<>();
    final List<Object> values = new ArrayList<>();

    Group put(String label, Object value) {
      labels.add(label);
      values.add(value);
      return this;
    }

    Group add(Object value) { return put("", value); }

    Group group(String label) {
      Group g = new Group();
      put(label, g);
      return g;
    }
  }

  /** A data tag: its type description and its value bytes in the order {@code order}. */
  record Data(long[] info, Values values) {}

  /** Writes the value bytes of a data tag. */
  @FunctionalInterface
  interface Values {
    void write(ByteBuffer b);
  }

  static final int INT16 = 2, INT32 = 3, UINT16 = 4, UINT32 = 5, FLOAT32 = 6, FLOAT64 = 7, BOOL = 8, CHAR = 9,
      OCTET = 10, INT64 = 11, UINT64 = 12, STRUCT = 15, STRING = 18, ARRAY = 20;

  static int size(int type) {
    switch (type) {
      case INT16: case UINT16: return 2;
      case INT32: case UINT32: case FLOAT32: return 4;
      case FLOAT64: case INT64: case UINT64: return 8;
      case BOOL: case CHAR: case OCTET: return 1;
      default: throw new IllegalArgumentException("type " + type);
    }
  }

  static void put(ByteBuffer b, int type, double v) {
    switch (type) {
      case INT16: case UINT16: b.putShort((short) (long) v); break;
      case INT32: case UINT32: b.putInt((int) (long) v); break;
      case FLOAT32: b.putFloat((float) v); break;
      case FLOAT64: b.putDouble(v); break;
      case INT64: case UINT64: b.putLong((long) v); break;
      case BOOL: case CHAR: case OCTET: b.put((byte) (long) v); break;
      default: throw new IllegalArgumentException("type " + type);
    }
  }

  static Data scalar(int type, double v) { return new Data(new long[] {type}, b -> put(b, type, v)); }

  static Data int64(long v) { return new Data(new long[] {INT64}, b -> b.putLong(v)); }

  static Data uint64(long bits) { return new Data(new long[] {UINT64}, b -> b.putLong(bits)); }

  static Data array(int type, double... v) {
    return new Data(new long[] {ARRAY, type, v.length}, b -> {
      for (double x : v) put(b, type, x);
    });
  }

  /** An array of {@code count} elements of {@code type}, value k = f(k). */
  static Data array(int type, int count, java.util.function.IntToDoubleFunction f) {
    return new Data(new long[] {ARRAY, type, count}, b -> {
      for (int k = 0; k < count; k++) put(b, type, f.applyAsDouble(k));
    });
  }

  /** DM's usual text: an array of UTF-16 code units. */
  static Data text(String s) {
    return new Data(new long[] {ARRAY, UINT16, s.length()}, b -> {
      for (int i = 0; i < s.length(); i++) b.putChar(s.charAt(i));
    });
  }

  /** A type-18 string of Latin-1 bytes. */
  static Data string(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    return new Data(new long[] {STRING, bytes.length}, b -> b.put(bytes));
  }

  static Data struct(int[] types, double[] v) {
    long[] info = new long[3 + 2 * types.length];
    info[0] = STRUCT;
    info[2] = types.length;
    for (int f = 0; f < types.length; f++) info[4 + 2 * f] = types[f];
    return new Data(info, b -> {
      for (int f = 0; f < types.length; f++) put(b, types[f], v[f]);
    });
  }

  static Data structArray(int[] types, double[][] elements) {
    long[] info = new long[5 + 2 * types.length];
    info[0] = ARRAY;
    info[1] = STRUCT;
    info[3] = types.length;
    for (int f = 0; f < types.length; f++) info[5 + 2 * f] = types[f];
    info[info.length - 1] = elements.length;
    return new Data(info, b -> {
      for (double[] e : elements) for (int f = 0; f < types.length; f++) put(b, types[f], e[f]);
    });
  }

  /** Raw bytes as an array of octets (for image data of any type). */
  static Data raw(int elementType, int count, byte[] bytes) {
    return new Data(new long[] {ARRAY, elementType, count}, b -> b.put(bytes));
  }

  /**
   * An ImageList entry: {@code dims} fastest first, data bytes as given, calibrations as (origin,
   * scale, unit) per dimension (null: none).
   */
  static Group image(String name, int dataType, int[] dims, int elementType, byte[] data, Object[][] calibrations) {
    Group entry = new Group();
    Group imageData = entry.group("ImageData");
    if (calibrations != null) {
      Group dimension = imageData.group("Calibrations").group("Dimension");
      for (Object[] c : calibrations) {
        Group d = new Group();
        d.put("Origin", scalar(FLOAT32, ((Number) c[0]).doubleValue()));
        d.put("Scale", scalar(FLOAT32, ((Number) c[1]).doubleValue()));
        d.put("Units", text((String) c[2]));
        dimension.add(d);
      }
    }
    imageData.put("Data", raw(elementType, data.length / size(elementType), data));
    imageData.put("DataType", scalar(INT32, dataType));
    Group dimensions = imageData.group("Dimensions");
    for (int d : dims) dimensions.add(scalar(UINT32, d));
    entry.group("ImageTags");
    entry.put("Name", text(name));
    return entry;
  }

  /** Serialises a root group as a DM3 (version 3) or DM4 (version 4) file with the given data byte order. */
  static byte[] write(int version, ByteOrder order, Group root) {
    boolean wide = version == 4;
    ByteBuffer body = ByteBuffer.allocate(1 << 24);
    writeGroup(body, root, wide, order);
    int bodyLength = body.position();
    int header = wide ? 16 : 12;
    int trailer = 8;
    ByteBuffer out = ByteBuffer.allocate(header + bodyLength + trailer).order(ByteOrder.BIG_ENDIAN);
    out.putInt(version);
    long total = header + bodyLength + trailer;
    if (wide) out.putLong(total - 24);
    else out.putInt((int) (total - 16));
    out.putInt(order == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
    out.put(body.array(), 0, bodyLength);
    return out.array();
  }

  private static void count(ByteBuffer b, long v, boolean wide) {
    if (wide) b.putLong(v);
    else b.putInt((int) v);
  }

  private static void writeGroup(ByteBuffer b, Group g, boolean wide, ByteOrder order) {
    b.order(ByteOrder.BIG_ENDIAN);
    b.put((byte) 0).put((byte) 0);
    count(b, g.labels.size(), wide);
    for (int i = 0; i < g.labels.size(); i++) {
      byte[] label = g.labels.get(i).getBytes(StandardCharsets.ISO_8859_1);
      Object v = g.values.get(i);
      b.order(ByteOrder.BIG_ENDIAN);
      b.put((byte) (v instanceof Group ? 20 : 21));
      b.putShort((short) label.length);
      b.put(label);
      int sizeAt = b.position();
      if (wide) b.putLong(0);
      int start = b.position();
      if (v instanceof Group child) {
        writeGroup(b, child, wide, order);
      } else {
        Data d = (Data) v;
        b.order(ByteOrder.BIG_ENDIAN);
        b.put("%%%%".getBytes(StandardCharsets.US_ASCII));
        count(b, d.info().length, wide);
        for (long x : d.info()) count(b, x, wide);
        b.order(order);
        d.values().write(b);
      }
      if (wide) b.order(ByteOrder.BIG_ENDIAN).putLong(sizeAt, b.position() - start);
    }
    b.order(ByteOrder.BIG_ENDIAN);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  @Test
  void headersFollowTheLayout() {
    Group root = new Group().put("a", scalar(INT16, 7));
    byte[] dm3 = write(3, ByteOrder.LITTLE_ENDIAN, root);
    ByteBuffer b = ByteBuffer.wrap(dm3);
    assertThat(b.getInt(0)).isEqualTo(3);
    assertThat(b.getInt(4)).isEqualTo(dm3.length - 16);
    assertThat(b.getInt(8)).isEqualTo(1);
    // root: sorted, open, 1 entry; entry: kind 21, label length 1, "a", "%%%%", 1, [2], value 7 LE
    assertThat(b.getInt(14)).isEqualTo(1);
    assertThat(dm3[18]).isEqualTo((byte) 21);
    assertThat(b.getShort(19)).isEqualTo((short) 1);
    assertThat(dm3[21]).isEqualTo((byte) 'a');
    assertThat(b.getInt(22)).isEqualTo(0x25252525);
    assertThat(b.getInt(26)).isEqualTo(1);
    assertThat(b.getInt(30)).isEqualTo(2);
    assertThat(b.order(ByteOrder.LITTLE_ENDIAN).getShort(34)).isEqualTo((short) 7);

    byte[] dm4 = write(4, ByteOrder.BIG_ENDIAN, root);
    ByteBuffer c = ByteBuffer.wrap(dm4);
    assertThat(c.getInt(0)).isEqualTo(4);
    assertThat(c.getLong(4)).isEqualTo(dm4.length - 24);
    assertThat(c.getInt(12)).isEqualTo(0);
    assertThat(c.getLong(18)).isEqualTo(1);
    // entry: kind, label length, "a", size (8), "%%%%", 1 (8), [2] (8), value 7 BE
    assertThat(c.getLong(30)).isEqualTo(4 + 8 + 8 + 2);
    assertThat(c.getInt(38)).isEqualTo(0x25252525);
    assertThat(c.getLong(42)).isEqualTo(1);
    assertThat(c.getLong(50)).isEqualTo(2);
    assertThat(c.getShort(58)).isEqualTo((short) 7);
  }
}
