package org.causalem.io;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;

/**
 * One zarr v2 array: its {@code .zarray} (shape, chunks, dtype, order, fill_value, compressor, filters,
 * dimension_separator) and its chunks, read one at a time into one buffer. A missing chunk holds fill_value; edge
 * chunks are stored whole and cut to the array. C and F order (within a chunk) are read; filters are refused.
 */
record ZarrArray(String path, long[] shape, int[] chunks, PixelType type, ByteOrder order, boolean fortran, Object fill,
                 Map<?, ?> compressor, String separator) {

  /** The JSON object stored under {@code key}, or null when there is none. */
  static Map<String, Object> json(ZarrStore store, String key) throws IOException {
    byte[] b = store.get(key);
    if (b == null) return null;
    try {
      Map<String, Object> m = Json.mapper().readerFor(LinkedHashMap.class).with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).readValue(b);
      return m == null ? new LinkedHashMap<>() : m;
    } catch (IOException e) {
      throw new BadInputException(store.where(key) + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
  }

  /** The array at {@code path}, as its .zarray describes it. */
  static ZarrArray open(ZarrStore store, String path) throws IOException {
    String key = ZarrStore.join(path, ".zarray");
    Map<String, Object> m = json(store, key);
    if (m == null) throw new BadInputException(store.where(key) + ": missing; expected a zarr array here");
    String where = store.where(key);
    if (!Integer.valueOf(2).equals(m.get("zarr_format"))) throw new BadInputException(where + ": zarr_format " + m.get("zarr_format") + "; expected 2");
    long[] shape = longs(m.get("shape"), where, "shape");
    long[] ch = longs(m.get("chunks"), where, "chunks");
    if (ch.length != shape.length) throw new BadInputException(where + ": chunks " + List.of(m.get("chunks")) + " do not match shape " + m.get("shape"));
    int[] chunks = new int[ch.length];
    for (int i = 0; i < ch.length; i++) {
      if (ch[i] < 1 || ch[i] > Integer.MAX_VALUE) throw new BadInputException(where + ": chunk side " + ch[i] + "; expected 1 to 2^31-1");
      chunks[i] = (int) ch[i];
    }
    Object dtype = m.get("dtype");
    PixelType type = type(dtype, where);
    ByteOrder order = String.valueOf(dtype).startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Object o = m.get("order");
    if (!"C".equals(o) && !"F".equals(o)) throw new BadInputException(where + ": order " + o + "; expected \"C\" or \"F\"");
    Object filters = m.get("filters");
    if (filters instanceof List<?> l && !l.isEmpty()) throw new BadInputException(where + ": filters " + filters + " are not supported (expected none)");
    Object c = m.get("compressor");
    if (c != null && !(c instanceof Map)) throw new BadInputException(where + ": compressor " + c + "; expected an object or null");
    String sep = String.valueOf(m.getOrDefault("dimension_separator", "."));
    if (!sep.equals(".") && !sep.equals("/")) throw new BadInputException(where + ": dimension_separator " + sep + "; expected \".\" or \"/\"");
    return new ZarrArray(path, shape, chunks, type, order, "F".equals(o), m.get("fill_value"), (Map<?, ?>) c, sep);
  }

  private static long[] longs(Object v, String where, String field) {
    if (!(v instanceof List<?> l)) throw new BadInputException(where + ": " + field + " " + v + "; expected a list of integers");
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
        throw new BadInputException(where + ": " + field + " " + v + "; expected a list of integers ≥ 0");
      }
      out[i] = n.longValue();
    }
    return out;
  }

  /** numpy's type string ("<f4", "|u1", ">i2") as a pixel type. */
  static PixelType type(Object dtype, String where) {
    String s = dtype instanceof String t ? t : String.valueOf(dtype);
    String numeric = s.length() >= 3 && "<>|".indexOf(s.charAt(0)) >= 0 ? s.substring(1) : "";
    switch (numeric) {
      case "b1": return PixelType.BOOL;
      case "i1": return PixelType.INT8;
      case "u1": return PixelType.UINT8;
      case "i2": return PixelType.INT16;
      case "u2": return PixelType.UINT16;
      case "i4": return PixelType.INT32;
      case "u4": return PixelType.UINT32;
      case "i8": return PixelType.INT64;
      case "u8": return PixelType.UINT64;
      case "f2": return PixelType.FLOAT16;
      case "f4": return PixelType.FLOAT32;
      case "f8": return PixelType.FLOAT64;
      case "c8": return PixelType.COMPLEX64;
      case "c16": return PixelType.COMPLEX128;
      default:
        throw new BadInputException(where + ": dtype " + s + " is not supported (expected a number type such as <f4, <i8, |u1; "
            + "not strings, objects, dates or records)");
    }
  }

  long count() {
    long n = 1;
    for (long v : shape) n = Math.multiplyExact(n, v);
    return n;
  }

  /**
   * Reads every chunk into one buffer in C order.
   *
   * @throws BadInputException when the array is larger than {@code maxBytes}, or a chunk is corrupt or of the wrong size
   */
  Pixels read(ZarrStore store, long maxBytes) throws IOException {
    long bytes = Math.multiplyExact(count(), (long) type.bytes());
    if (bytes > maxBytes) {
      throw new BadInputException(store.where(path) + ": " + bytes + " bytes (" + shapeText() + " " + type.numpyName()
          + "); arrays above " + maxBytes + " bytes are not loaded (compressed chunks cannot be memory-mapped)");
    }
    ByteBuffer out = ByteBuffer.allocate((int) bytes).order(order);
    fill(out, store.where(ZarrStore.join(path, ".zarray")));
    int rank = shape.length;
    long[] grid = new long[rank];
    long nChunks = 1;
    for (int d = 0; d < rank; d++) {
      grid[d] = (shape[d] + chunks[d] - 1) / chunks[d];
      nChunks *= grid[d];
    }
    long chunkBytes = type.bytes();
    for (int c : chunks) chunkBytes = Math.multiplyExact(chunkBytes, (long) c);
    if (chunkBytes > Math.min(maxBytes, Integer.MAX_VALUE - 16)) {
      throw new BadInputException(store.where(path) + ": chunks of " + chunkBytes + " bytes; chunks above " + Math.min(maxBytes, Integer.MAX_VALUE - 16)
          + " bytes are not read");
    }
    long[] idx = new long[rank];
    for (long k = 0; k < nChunks && count() > 0; k++) {
      long r = k;
      for (int d = rank - 1; d >= 0; d--) { idx[d] = r % grid[d]; r /= grid[d]; }
      String key = chunkKey(idx);
      byte[] raw = store.get(key);
      if (raw == null) continue;
      byte[] chunk = ZarrCodecs.decode(compressor, raw, (int) chunkBytes, store.where(key));
      place(chunk, idx, out);
    }
    return Pixels.ofBytes(type, out.rewind(), count());
  }

  private String chunkKey(long[] idx) {
    StringBuilder sb = new StringBuilder();
    for (int d = 0; d < idx.length; d++) sb.append(d == 0 ? "" : separator).append(idx[d]);
    return ZarrStore.join(path, idx.length == 0 ? "0" : sb.toString());
  }

  /** Copies the part of the chunk at grid position {@code idx} that lies inside the array into {@code out}. */
  private void place(byte[] chunk, long[] idx, ByteBuffer out) {
    int rank = shape.length;
    int size = type.bytes();
    int[] extent = new int[rank];
    long[] outStride = new long[rank];
    long[] inStride = new long[rank];
    long os = size;
    for (int d = rank - 1; d >= 0; d--) { outStride[d] = os; os *= shape[d]; }
    long is = size;
    for (int i = 0; i < rank; i++) {
      int d = fortran ? i : rank - 1 - i;
      inStride[d] = is;
      is *= chunks[d];
    }
    long base = 0;
    for (int d = 0; d < rank; d++) {
      extent[d] = (int) Math.min(chunks[d], shape[d] - idx[d] * chunks[d]);
      base += idx[d] * chunks[d] * outStride[d];
    }
    byte[] dst = out.array();
    if (rank == 0) { System.arraycopy(chunk, 0, dst, 0, size); return; }
    int last = rank - 1;
    boolean rowCopy = inStride[last] == size;
    int rowLen = rowCopy ? extent[last] : 1;
    int[] pos = new int[rank];
    while (true) {
      long from = 0;
      long to = base;
      for (int d = 0; d < rank; d++) { from += pos[d] * inStride[d]; to += pos[d] * outStride[d]; }
      System.arraycopy(chunk, (int) from, dst, (int) to, rowLen * size);
      int d = last;
      pos[d] += rowLen;
      while (pos[d] >= extent[d]) {
        pos[d] = 0;
        if (--d < 0) return;
        pos[d]++;
      }
    }
  }

  /** Sets every value to fill_value (zarr's value for chunks never written); null and 0 leave zeros. */
  private void fill(ByteBuffer out, String where) {
    double v = fillValue(where);
    if (v == 0 && !(1 / v < 0)) return;
    int n = (int) count();
    for (int i = 0; i < n; i++) {
      int at = i * type.bytes();
      switch (type) {
        case FLOAT64: out.putDouble(at, v); break;
        case FLOAT32: out.putFloat(at, (float) v); break;
        case FLOAT16: out.putShort(at, Hdf5Arrays.halfBits((float) v)); break;
        case COMPLEX64: out.putFloat(at, (float) v); break;
        case COMPLEX128: out.putDouble(at, v); break;
        default: putInteger(out, at, fill instanceof Number num ? num.longValue() : (long) v);
      }
    }
  }

  private void putInteger(ByteBuffer out, int at, long v) {
    switch (type.bytes()) {
      case 1: out.put(at, (byte) v); break;
      case 2: out.putShort(at, (short) v); break;
      case 4: out.putInt(at, (int) v); break;
      default: out.putLong(at, v);
    }
  }

  /** fill_value as a number: null is 0, true 1, "NaN"/"Infinity"/"-Infinity" as named; {@code where} names the .zarray. */
  double fillValue(String where) {
    if (fill == null) return 0;
    if (fill instanceof Boolean b) return b ? 1 : 0;
    if (fill instanceof Number n) return n.doubleValue();
    switch (String.valueOf(fill)) {
      case "NaN": return Double.NaN;
      case "Infinity": return Double.POSITIVE_INFINITY;
      case "-Infinity": return Double.NEGATIVE_INFINITY;
      default: throw new BadInputException(where + ": fill_value '" + fill + "' is not a number; expected a number, null, \"NaN\", \"Infinity\" or \"-Infinity\"");
    }
  }

  String shapeText() {
    StringBuilder sb = new StringBuilder();
    for (long v : shape) sb.append(sb.length() == 0 ? "" : "×").append(v);
    return sb.length() == 0 ? "scalar" : sb.toString();
  }
}
