package org.causalem.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A flat run of pixel values in the file's own pixel type, in C (row-major) order.
 *
 * <p>Backed either by a {@code float[]} (what analyses produce) or by a {@link ByteBuffer} holding
 * the file's bytes (what readers produce; heap or memory-mapped). Values are converted to float only
 * when {@link #toFloatArray()} or {@link #getFloat(long)} is called. Immutable: no method modifies the
 * values.
 */
public final class Pixels {
  private final PixelType type;
  private final long count;
  private final float[] floats;      // non-null for float-array backing
  private final ByteBuffer buffer;   // non-null for byte backing; position 0, order set

  private Pixels(PixelType type, long count, float[] floats, ByteBuffer buffer) {
    this.type = type;
    this.count = count;
    this.floats = floats;
    this.buffer = buffer;
  }

  /** Wraps float values without copying. The caller must not modify {@code values} afterwards. */
  public static Pixels ofFloats(float[] values) {
    return new Pixels(PixelType.FLOAT32, values.length, Objects.requireNonNull(values), null);
  }

  /** Copies double values into float64 storage. */
  public static Pixels ofDoubles(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    return new Pixels(PixelType.FLOAT64, values.length, null, b);
  }

  /**
   * Wraps raw bytes of the given type without copying.
   *
   * @param bytes the values from position 0; its byte order says how multi-byte values are stored
   * @param count number of values
   * @throws IllegalArgumentException if the buffer holds fewer than {@code count} values
   */
  public static Pixels ofBytes(PixelType type, ByteBuffer bytes, long count) {
    Objects.requireNonNull(type);
    long needed = Math.multiplyExact(count, (long) type.bytes());
    if (bytes.remaining() < needed) {
      throw new IllegalArgumentException("buffer has " + bytes.remaining() + " bytes, " + count + " values of "
          + type.numpyName() + " need " + needed);
    }
    ByteBuffer view = bytes.slice().order(bytes.order());
    return new Pixels(type, count, null, view);
  }

  public PixelType type() { return type; }

  /** Number of values. */
  public long count() { return count; }

  /** The value at flat index {@code i} as a double (complex: the modulus). */
  public double getDouble(long i) {
    if (floats != null) return floats[(int) i];
    int idx = Math.toIntExact(i * type.bytes());
    ByteBuffer b = buffer;
    switch (type) {
      case BOOL: case UINT8: return b.get(idx) & 0xFF;
      case INT8: return b.get(idx);
      case INT16: return b.getShort(idx);
      case UINT16: return b.getShort(idx) & 0xFFFF;
      case INT32: return b.getInt(idx);
      case UINT32: return b.getInt(idx) & 0xFFFFFFFFL;
      case INT64: return b.getLong(idx);
      case UINT64: {
        long v = b.getLong(idx);
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      }
      case FLOAT16: return Float16.toFloat(b.getShort(idx));
      case FLOAT32: return b.getFloat(idx);
      case FLOAT64: return b.getDouble(idx);
      case COMPLEX64: return Math.hypot(b.getFloat(idx), b.getFloat(idx + 4));
      case COMPLEX128: return Math.hypot(b.getDouble(idx), b.getDouble(idx + 8));
      default: throw new AssertionError(type);
    }
  }

  /** The value at flat index {@code i} as a float. */
  public float getFloat(long i) {
    if (floats != null) return floats[(int) i];
    return (float) getDouble(i);
  }

  /**
   * All values as floats. For float-array backing this is the backing array itself (do not modify
   * it); otherwise a new converted array.
   *
   * @throws IllegalStateException if there are more than 2^31 − 1 values
   */
  public float[] toFloatArray() {
    if (floats != null) return floats;
    if (count > Integer.MAX_VALUE - 8) throw new IllegalStateException(count + " values do not fit one float array");
    int n = (int) count;
    float[] out = new float[n];
    copyFloats(0, out, 0, n);
    return out;
  }

  /** Converts {@code n} values from flat index {@code from} into {@code dst[dstOffset..]}. */
  public void copyFloats(long from, float[] dst, int dstOffset, int n) {
    if (floats != null) {
      System.arraycopy(floats, Math.toIntExact(from), dst, dstOffset, n);
      return;
    }
    int base = Math.toIntExact(from * type.bytes());
    ByteBuffer b = buffer;
    switch (type) {
      case FLOAT32:
        b.duplicate().order(b.order()).position(base).asFloatBuffer().get(dst, dstOffset, n);
        return;
      case UINT8:
        for (int k = 0; k < n; k++) dst[dstOffset + k] = b.get(base + k) & 0xFF;
        return;
      case UINT16:
        for (int k = 0; k < n; k++) dst[dstOffset + k] = b.getShort(base + 2 * k) & 0xFFFF;
        return;
      case INT16:
        for (int k = 0; k < n; k++) dst[dstOffset + k] = b.getShort(base + 2 * k);
        return;
      case INT32:
        for (int k = 0; k < n; k++) dst[dstOffset + k] = b.getInt(base + 4 * k);
        return;
      case UINT32:
        for (int k = 0; k < n; k++) dst[dstOffset + k] = b.getInt(base + 4 * k) & 0xFFFFFFFFL;
        return;
      default:
        for (int k = 0; k < n; k++) dst[dstOffset + k] = (float) getDouble(from + k);
    }
  }

  /** All values as doubles (a new array). */
  public double[] toDoubleArray() {
    if (count > Integer.MAX_VALUE - 8) throw new IllegalStateException(count + " values do not fit one double array");
    int n = (int) count;
    double[] out = new double[n];
    if (floats != null) {
      for (int i = 0; i < n; i++) out[i] = floats[i];
    } else if (type == PixelType.FLOAT64) {
      buffer.duplicate().order(buffer.order()).asDoubleBuffer().get(out);
    } else {
      for (int i = 0; i < n; i++) out[i] = getDouble(i);
    }
    return out;
  }

  /** A read-only view of the raw bytes (float-array backing: the floats as little-endian float32). */
  public ByteBuffer bytes() {
    if (buffer != null) return buffer.asReadOnlyBuffer().order(buffer.order());
    ByteBuffer b = ByteBuffer.allocate(floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(floats);
    return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A sub-range [from, from+n) sharing storage. */
  public Pixels slice(long from, long n) {
    if (from < 0 || n < 0 || from + n > count) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + (from + n) + ") of " + count + " values");
    }
    if (floats != null) {
      float[] part = new float[Math.toIntExact(n)];
      System.arraycopy(floats, (int) from, part, 0, part.length);
      return ofFloats(part);
    }
    int base = Math.toIntExact(from * type.bytes());
    int len = Math.toIntExact(n * type.bytes());
    ByteBuffer view = buffer.duplicate().position(base).limit(base + len).slice().order(buffer.order());
    return new Pixels(type, n, null, view);
  }
}
