package org.causalem.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;

/** Reading HDF5 datasets (through jhdf) into {@link Pixels} in the file's pixel type, and attribute helpers. */
final class Hdf5Arrays {
  /** Datasets above this many bytes are never loaded whole onto the heap. */
  static final long MAX_IN_MEMORY_BYTES = 1L << 30;
  /** Deflate cannot compress better than about 1032:1; a filtered dataset claiming more is a lie. */
  static final long MAX_COMPRESSION = 1100;

  private Hdf5Arrays() {}

  /** The pixel type of a numeric dataset, or null when it is not a plain number type (strings, compounds). */
  static PixelType pixelType(Dataset d) {
    DataType t = d.getDataType();
    if (t instanceof FloatingPoint) {
      switch (t.getSize()) {
        case 2: return PixelType.FLOAT16;
        case 4: return PixelType.FLOAT32;
        case 8: return PixelType.FLOAT64;
        default: return null;
      }
    }
    if (t instanceof FixedPoint f) {
      boolean s = f.isSigned();
      switch (t.getSize()) {
        case 1: return s ? PixelType.INT8 : PixelType.UINT8;
        case 2: return s ? PixelType.INT16 : PixelType.UINT16;
        case 4: return s ? PixelType.INT32 : PixelType.UINT32;
        case 8: return s ? PixelType.INT64 : PixelType.UINT64;
        default: return null;
      }
    }
    return null;
  }

  /** Whether {@code d} is a numeric array with at least one value. */
  static boolean numeric(Dataset d) {
    return !d.isScalar() && !d.isEmpty() && !d.isCompound() && !d.isVariableLength() && pixelType(d) != null;
  }

  /** Byte order of a numeric dataset's values in the file. */
  static ByteOrder order(Dataset d) {
    DataType t = d.getDataType();
    if (t instanceof FixedPoint f) return f.getByteOrder();
    if (t instanceof FloatingPoint f) return f.getByteOrder();
    return ByteOrder.LITTLE_ENDIAN;
  }

  /**
   * Reads every value of a numeric dataset, refusing sizes that cannot be in the file.
   *
   * @param fileSize the file's size: an uncompressed dataset larger than it is a lie
   */
  static Pixels read(Dataset d, String file, long fileSize) {
    PixelType type = pixelType(d);
    if (type == null) throw new BadInputException(file + ": dataset " + d.getPath() + " is not numeric (" + d.getJavaType() + ")");
    long count = count(d, file);
    long bytes = Math.multiplyExact(count, (long) type.bytes());
    if (d.getFilters().isEmpty() && bytes > fileSize) {
      throw new BadInputException(file + ": dataset " + d.getPath() + " claims " + bytes + " bytes of data; file has " + fileSize);
    }
    if (bytes / MAX_COMPRESSION > fileSize) {
      throw new BadInputException(file + ": compressed dataset " + d.getPath() + " claims " + bytes + " bytes of data, more than "
          + MAX_COMPRESSION + " times the file's " + fileSize + " bytes");
    }
    if (bytes > MAX_IN_MEMORY_BYTES) {
      throw new BadInputException(file + ": dataset " + d.getPath() + " holds " + bytes + " bytes; more than "
          + MAX_IN_MEMORY_BYTES + " cannot be loaded into memory");
    }
    return fromJava(d.getDataFlat(), type, count, file + ": dataset " + d.getPath());
  }

  /**
   * Like {@link #read} but memory-maps a contiguous, unfiltered dataset larger than
   * {@code mapAboveBytes} (up to 2 GiB) instead of copying it onto the heap.
   */
  static Pixels readOrMap(Dataset d, java.nio.file.Path file, long fileSize, long mapAboveBytes) throws java.io.IOException {
    String fn = file.getFileName().toString();
    PixelType type = pixelType(d);
    if (type != null && d instanceof io.jhdf.api.dataset.ContiguousDataset c && d.getFilters().isEmpty()) {
      long count = count(d, fn);
      long bytes = Math.multiplyExact(count, (long) type.bytes());
      long address = c.getDataAddress();
      if (bytes > mapAboveBytes && bytes <= Integer.MAX_VALUE && address > 0) {
        if (address + bytes > fileSize) {
          throw new BadInputException(fn + ": dataset " + d.getPath() + " claims " + bytes + " bytes at offset " + address
              + "; file has " + fileSize);
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
          ByteBuffer mapped = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, address, bytes).order(order(d));
          return Pixels.ofBytes(type, mapped, count);
        }
      }
    }
    return read(d, fn, fileSize);
  }

  /** Data above this size is memory-mapped when the layout allows it. */
  static final long MAP_ABOVE_BYTES = 64L << 20;

  /** The number of values a dataset's dimensions claim, checked for overflow. */
  static long count(Dataset d, String file) {
    long n = 1;
    for (long dim : d.getDimensionsAsLong()) {
      if (dim < 0) throw new BadInputException(file + ": dataset " + d.getPath() + " has a negative dimension " + dim);
      try {
        n = Math.multiplyExact(n, dim);
      } catch (ArithmeticException e) {
        throw new BadInputException(file + ": dataset " + d.getPath() + " dimensions overflow", e);
      }
    }
    return n;
  }

  /** Converts jhdf's flat Java array (unsigned types widened) to pixels of {@code type}, little-endian. */
  static Pixels fromJava(Object flat, PixelType type, long count, String what) {
    int n = Array.getLength(flat);
    if (n != count) throw new BadInputException(what + ": read " + n + " values, dimensions say " + count);
    if (type == PixelType.FLOAT32 && flat instanceof float[] f) return Pixels.ofFloats(f);
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, type.bytes())).order(ByteOrder.LITTLE_ENDIAN);
    if (type == PixelType.FLOAT16) {
      float[] f = (float[]) flat;
      for (int i = 0; i < n; i++) b.putShort(2 * i, halfBits(f[i]));
    } else if (type == PixelType.FLOAT64) {
      b.asDoubleBuffer().put((double[]) flat);
    } else if (type.floating()) {
      throw new BadInputException(what + ": unsupported pixel type " + type.numpyName());
    } else {
      int size = type.bytes();
      // jhdf widens unsigned values (uint8/uint16 to int, uint32 to long); narrowing keeps the bits
      if (flat instanceof byte[] a) {
        for (int i = 0; i < n; i++) put(b, i, size, a[i]);
      } else if (flat instanceof short[] a) {
        for (int i = 0; i < n; i++) put(b, i, size, a[i]);
      } else if (flat instanceof int[] a) {
        for (int i = 0; i < n; i++) put(b, i, size, a[i]);
      } else if (flat instanceof long[] a) {
        for (int i = 0; i < n; i++) put(b, i, size, a[i]);
      } else if (flat instanceof BigInteger[] a) {
        for (int i = 0; i < n; i++) put(b, i, size, a[i].longValue());
      } else {
        throw new BadInputException(what + ": unexpected value array " + flat.getClass().getSimpleName());
      }
    }
    return Pixels.ofBytes(type, b, n);
  }

  private static void put(ByteBuffer b, int i, int size, long v) {
    switch (size) {
      case 1: b.put(i, (byte) v); break;
      case 2: b.putShort(2 * i, (short) v); break;
      case 4: b.putInt(4 * i, (int) v); break;
      default: b.putLong(8 * i, v);
    }
  }

  /** The IEEE 754 half-precision bits of {@code f} (round to nearest even); exact for values that are halves. */
  static short halfBits(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    int e = exp - 127 + 15;
    if (e >= 0x1F) return (short) (sign | 0x7C00);
    if (e <= 0) {
      if (e < -10) return (short) sign;
      int m = mant | 0x800000;
      int shift = 14 - e;
      int half = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) == 1)) half++;
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) half++;
    return (short) (sign | half);
  }

  /**
   * A node's attributes, or none when jhdf cannot decode them (an attribute of a type it does not know,
   * such as an opaque pickled value, makes the whole attribute list unreadable); {@link #attributeFailure}
   * says why.
   */
  static Map<String, Attribute> attrs(Node node) {
    try {
      return node.getAttributes();
    } catch (RuntimeException e) {
      if (!undecodableType(e)) throw e;
      return Map.of();
    }
  }

  /** Why a node's attributes cannot be decoded, or null when they can. */
  static String attributeFailure(Node node) {
    try {
      node.getAttributes();
      return null;
    } catch (RuntimeException e) {
      if (!undecodableType(e)) throw e;
      return rootCause(e);
    }
  }

  /**
   * Whether jhdf failed while decoding a datatype (an attribute of a type it does not know), not while
   * reading the file (a truncated or corrupt file still fails as such).
   */
  static boolean undecodableType(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (StackTraceElement f : t.getStackTrace()) {
        if (f.getClassName().startsWith("io.jhdf.object.datatype.")) return true;
      }
    }
    return false;
  }

  /** The innermost cause of {@code e}: its class and message. */
  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** An attribute's value as a string (first element of an array), or null. */
  static String string(Node node, String name) {
    Attribute a = attrs(node).get(name);
    if (a == null) return null;
    Object v = a.getData();
    if (v != null && v.getClass().isArray() && Array.getLength(v) > 0) v = Array.get(v, 0);
    if (v instanceof byte[] bytes) return new String(bytes, StandardCharsets.UTF_8);
    return v == null ? null : v.toString().trim();
  }

  /** An attribute's value as a string, or {@code fallback} when it is absent or empty. */
  static String string(Node node, String name, String fallback) {
    String s = string(node, name);
    return s == null || s.isEmpty() ? fallback : s;
  }

  /** An attribute's value as a number (first element of an array), or NaN. */
  static double number(Node node, String name) {
    Attribute a = attrs(node).get(name);
    if (a == null) return Double.NaN;
    Object v = a.getData();
    if (v != null && v.getClass().isArray() && Array.getLength(v) > 0) v = Array.get(v, 0);
    return toNumber(v);
  }

  /**
   * A boolean attribute (h5py writes numpy booleans as an enum that reads as {@code TRUE}/{@code FALSE};
   * a number counts as true when non-zero), or null when absent or neither.
   */
  static Boolean flag(Node node, String name) {
    Attribute a = attrs(node).get(name);
    if (a == null) return null;
    Object v = a.getData();
    if (v != null && v.getClass().isArray() && Array.getLength(v) > 0) v = Array.get(v, 0);
    if (v instanceof Boolean b) return b;
    if (v instanceof Number n) return n.doubleValue() != 0;
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return Boolean.valueOf(s.strip());
    return null;
  }

  /** A number, or a string holding one, as a double; NaN for anything else. */
  static double toNumber(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** A node's attributes as a metadata tree (arrays as lists). */
  static Map<String, Object> attributes(Node node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Attribute> e : attrs(node).entrySet()) {
      Object v;
      try {
        v = plain(e.getValue().getData());
      } catch (RuntimeException ex) {
        v = "(unreadable: " + ex.getClass().getSimpleName() + ")";
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /** Java arrays of any rank become lists; scalars stay as they are. */
  static Object plain(Object v) {
    if (v == null || !v.getClass().isArray()) {
      return v instanceof Number || v instanceof String || v instanceof Boolean || v == null ? v : v.toString();
    }
    int n = Array.getLength(v);
    if (n == 1) return plain(Array.get(v, 0));
    List<Object> list = new ArrayList<>(Math.min(n, 4096));
    for (int i = 0; i < Math.min(n, 4096); i++) list.add(plain(Array.get(v, i)));
    return list;
  }
}
