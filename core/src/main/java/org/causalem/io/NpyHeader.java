package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.PixelType;

/**
 * The header of a NumPy {@code .npy} file: magic {@code \x93NUMPY}, version, then a Python dict literal
 * with {@code descr}, {@code fortran_order} and {@code shape}.
 *
 * @param dataOffset byte offset of the first value
 * @param shape the array shape, slowest axis first (as written; for Fortran order the first axis is fastest in the file)
 */
record NpyHeader(int major, int minor, String descr, PixelType type, ByteOrder order, boolean fortranOrder,
                 long[] shape, long dataOffset, List<String> fields) {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER_BYTES = 1 << 24;

  /** Number of values (1 for a 0-d array). @throws BadInputException on overflow */
  long count(String fileName) {
    long n = 1;
    for (long s : shape) {
      try {
        n = Math.multiplyExact(n, s);
      } catch (ArithmeticException e) {
        throw new BadInputException(fileName + ": npy shape " + shapeText(shape) + " has more values than fit in 64 bits");
      }
    }
    return n;
  }

  static boolean hasMagic(ByteBuffer head) {
    if (head.limit() < MAGIC.length) return false;
    for (int i = 0; i < MAGIC.length; i++) if (head.get(i) != MAGIC[i]) return false;
    return true;
  }

  /** Reads and validates the header. Every failure is a {@link BadInputException} naming the file. */
  static NpyHeader read(Path file, FileChannel ch) throws IOException {
    String name = file.getFileName().toString();
    return read(name, ch.size(), (dst, pos) -> readFully(ch, dst, pos, name));
  }

  /**
   * Reads and validates the header of an npy held in memory (an entry of an npz archive); {@code name} names it in
   * messages ("archive.npz: entry a.npy").
   */
  static NpyHeader read(String name, ByteBuffer bytes) throws IOException {
    return read(name, bytes.limit(), memory(name, bytes));
  }

  private static Source memory(String name, ByteBuffer bytes) {
    return (dst, pos) -> {
      if (pos + dst.remaining() > bytes.limit()) throw new BadInputException(name + ": unexpected end of data at offset " + bytes.limit());
      dst.put(bytes.duplicate().position((int) pos).limit((int) pos + dst.remaining()));
      dst.flip();
    };
  }

  /** Reads {@code dst.remaining()} bytes at {@code pos} into {@code dst} and flips it. */
  private interface Source {
    void read(ByteBuffer dst, long pos) throws IOException;
  }

  private static NpyHeader read(String name, long size, Source src) throws IOException {
    Raw r = raw(name, size, src);
    PixelType type = pixelType(r.descr(), name);
    ByteOrder order = byteOrder(r.descr(), type, name);
    return new NpyHeader(r.major(), r.minor(), r.descr(), type, order, r.fortranOrder(), r.shape(), r.dataOffset(), r.fields());
  }

  /** A header before its dtype is interpreted. */
  private record Raw(int major, int minor, String descr, boolean fortranOrder, long[] shape, long dataOffset, List<String> fields) {}

  /** A structured dtype's fields: names and dtype strings; {@code subarray} when a field has a shape of its own. */
  private record Fields(List<String> names, List<String> descrs, boolean subarray) {}

  /**
   * The text of an npy in memory holding one string: a 0-d or one-element array of dtype {@code U} (UTF-32) or
   * {@code S} (bytes, read as UTF-8), trailing NULs removed.
   *
   * @throws BadInputException when it holds anything else
   */
  static String text(String name, ByteBuffer bytes) throws IOException {
    Raw r = raw(name, bytes.limit(), memory(name, bytes));
    String d = r.descr();
    String code = !d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0 ? d.substring(1) : d;
    boolean one = r.shape().length == 0 || (r.shape().length == 1 && r.shape()[0] == 1);
    boolean unicode = code.matches("U[0-9]+");
    if (!one || !(unicode || code.matches("S[0-9]+"))) {
      throw new BadInputException(name + ": npy of dtype '" + d + "' and shape " + shapeText(r.shape()) + "; expected one string (dtype U or S, shape ())");
    }
    long n = code.length() > 10 ? Long.MAX_VALUE : Long.parseLong(code.substring(1)) * (unicode ? 4 : 1);
    if (n > bytes.limit() - r.dataOffset()) {
      throw new BadInputException(name + ": npy string of " + n + " bytes from offset " + r.dataOffset() + "; data has " + bytes.limit() + " bytes");
    }
    byte[] b = new byte[(int) n];
    bytes.duplicate().position((int) r.dataOffset()).get(b);
    String t = new String(b, unicode ? (d.charAt(0) == '>' ? Charset.forName("UTF-32BE") : Charset.forName("UTF-32LE")) : StandardCharsets.UTF_8);
    int end = t.length();
    while (end > 0 && t.charAt(end - 1) == 0) end--;
    return t.substring(0, end);
  }

  /** The dtype string of an npy in memory, e.g. {@code <f4}, {@code <U12}, {@code |O}. @throws BadInputException for a structured dtype or a bad header */
  static String descr(String name, ByteBuffer bytes) throws IOException {
    return raw(name, bytes.limit(), memory(name, bytes)).descr();
  }

  private static Raw raw(String name, long size, Source src) throws IOException {
    if (size < 10) throw new BadInputException(name + ": npy file of " + size + " bytes is shorter than the 10-byte preamble");
    ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    if (size < 12) pre.limit((int) size);
    src.read(pre, 0);
    pre.limit(12);
    for (int i = 0; i < MAGIC.length; i++) {
      if (pre.get(i) != MAGIC[i]) throw new BadInputException(name + ": not an npy file (magic bytes differ)");
    }
    int major = pre.get(6) & 0xFF;
    int minor = pre.get(7) & 0xFF;
    long headerLen;
    int preamble;
    if (major == 1) {
      headerLen = pre.getShort(8) & 0xFFFF;
      preamble = 10;
    } else if (major == 2 || major == 3) {
      if (size < 12) throw new BadInputException(name + ": npy version " + major + " file of " + size + " bytes is shorter than its 12-byte preamble");
      headerLen = pre.getInt(8) & 0xFFFFFFFFL;
      preamble = 12;
    } else {
      throw new BadInputException(name + ": npy version " + major + "." + minor + " at offset 6; expected 1.0, 2.0 or 3.0");
    }
    if (headerLen > MAX_HEADER_BYTES || preamble + headerLen > size) {
      throw new BadInputException(name + ": npy header length field (offset 8) says " + headerLen + " bytes; file has "
          + size + " bytes");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
    src.read(hb, preamble);
    String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict = new DictParser(text, name).parseDict();
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shapeObj = dict.get("shape");
    List<String> fields = List.of();
    if (descr instanceof Fields fs && shapeObj instanceof long[] base) {
      if (fs.subarray() || fs.descrs().isEmpty() || fs.descrs().stream().distinct().count() != 1) {
        throw new BadInputException(name + ": npy structured dtype with fields " + fs.names() + " of types " + fs.descrs()
            + "; only fields of one numeric type without sub-shapes (e.g. R, G, B, A) are supported");
      }
      if (Boolean.TRUE.equals(fortran)) throw new BadInputException(name + ": npy structured dtype in Fortran order is not supported; save it in C order");
      descr = fs.descrs().get(0);
      fields = List.copyOf(fs.names());
      shapeObj = java.util.Arrays.copyOf(base, base.length + 1);
      ((long[]) shapeObj)[base.length] = fields.size();
    }
    if (!(descr instanceof String d) || d.isEmpty()) {
      throw new BadInputException(name + ": npy header 'descr' is " + describe(descr)
          + "; expected a simple dtype string such as '<f4' (structured dtypes are not supported)");
    }
    if (!(fortran instanceof Boolean f)) throw new BadInputException(name + ": npy header 'fortran_order' is " + describe(fortran) + "; expected True or False");
    if (!(shapeObj instanceof long[] shape)) throw new BadInputException(name + ": npy header 'shape' is " + describe(shapeObj) + "; expected a tuple of integers");
    for (long s : shape) {
      if (s < 0) throw new BadInputException(name + ": npy shape " + shapeText(shape) + " has a negative size");
    }
    return new Raw(major, minor, d, f, shape, preamble + headerLen, fields);
  }

  static String shapeText(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
    if (shape.length == 1) sb.append(',');
    return sb.append(')').toString();
  }

  /** The npy descr for a pixel type in a byte order, e.g. {@code <f4}. */
  static String descr(PixelType type, ByteOrder order) {
    String code = switch (type) {
      case BOOL -> "b1";
      case INT8 -> "i1";
      case UINT8 -> "u1";
      case INT16 -> "i2";
      case UINT16 -> "u2";
      case INT32 -> "i4";
      case UINT32 -> "u4";
      case INT64 -> "i8";
      case UINT64 -> "u8";
      case FLOAT16 -> "f2";
      case FLOAT32 -> "f4";
      case FLOAT64 -> "f8";
      case COMPLEX64 -> "c8";
      case COMPLEX128 -> "c16";
    };
    char bo = type.bytes() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
    return bo + code;
  }

  private static PixelType pixelType(String d, String name) {
    String code = d.isEmpty() ? d : "<>|=".indexOf(d.charAt(0)) >= 0 ? d.substring(1) : d;
    PixelType t = switch (code) {
      case "b1", "?" -> PixelType.BOOL;
      case "i1", "b" -> PixelType.INT8;
      case "u1", "B" -> PixelType.UINT8;
      case "i2" -> PixelType.INT16;
      case "u2" -> PixelType.UINT16;
      case "i4" -> PixelType.INT32;
      case "u4" -> PixelType.UINT32;
      case "i8" -> PixelType.INT64;
      case "u8" -> PixelType.UINT64;
      case "f2" -> PixelType.FLOAT16;
      case "f4" -> PixelType.FLOAT32;
      case "f8" -> PixelType.FLOAT64;
      case "c8" -> PixelType.COMPLEX64;
      case "c16" -> PixelType.COMPLEX128;
      default -> null;
    };
    if (t == null) {
      throw new BadInputException(name + ": npy dtype '" + d + "' is not supported; expected one of b1, i1..i8, u1..u8, "
          + "f2, f4, f8, c8, c16 with byte order <, > or |");
    }
    return t;
  }

  private static ByteOrder byteOrder(String d, PixelType type, String name) {
    char c = d.charAt(0);
    if (c == '<') return ByteOrder.LITTLE_ENDIAN;
    if (c == '>') return ByteOrder.BIG_ENDIAN;
    if (c == '=') return ByteOrder.nativeOrder();
    if (type.bytes() == 1) return ByteOrder.LITTLE_ENDIAN;
    throw new BadInputException(name + ": npy dtype '" + d + "' of " + type.bytes() + "-byte values has no byte order; expected '<' or '>'");
  }

  private static String describe(Object v) {
    if (v == null) return "missing";
    if (v instanceof long[] a) return shapeText(a);
    if (v instanceof String s) return "'" + s + "'";
    return String.valueOf(v);
  }

  static void readFully(FileChannel ch, ByteBuffer dst, long position, String name) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) throw new BadInputException(name + ": unexpected end of file at offset " + pos);
      pos += n;
    }
    dst.flip();
  }

  /** A parser for the small subset of Python literals npy headers use. */
  private static final class DictParser {
    private final String s;
    private final String name;
    private int i;

    DictParser(String s, String name) {
      this.s = s;
      this.name = name;
    }

    Map<String, Object> parseDict() {
      skip();
      expect('{');
      Map<String, Object> m = new LinkedHashMap<>();
      while (true) {
        skip();
        if (peek() == '}') {
          i++;
          return m;
        }
        String key = parseString();
        skip();
        expect(':');
        m.put(key, parseValue());
        skip();
        if (peek() == ',') i++;
        else if (peek() != '}') throw error("',' or '}'");
      }
    }

    private Object parseValue() {
      skip();
      char c = peek();
      if (c == '\'' || c == '"') return parseString();
      if (c == '(') return parseTuple();
      if (c == '[') return parseFields();
      if (c == '{') return "a structured dtype";
      if (s.startsWith("True", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("None", i)) {
        i += 4;
        return "None";
      }
      throw error("a value");
    }

    /** A list of ('name', 'descr'[, shape]) tuples. */
    private Fields parseFields() {
      expect('[');
      List<String> names = new ArrayList<>();
      List<String> descrs = new ArrayList<>();
      boolean sub = false;
      while (true) {
        skip();
        if (peek() == ']') {
          i++;
          return new Fields(names, descrs, sub);
        }
        expect('(');
        skip();
        names.add(parseString());
        skip();
        expect(',');
        skip();
        if (peek() == '[') throw error("a field dtype string (nested structured dtypes are not supported)");
        descrs.add(parseString());
        skip();
        if (peek() == ',') {
          i++;
          skip();
          if (peek() == '(') sub |= parseTuple().length > 0;
          skip();
        }
        expect(')');
        skip();
        if (peek() == ',') i++;
        else if (peek() != ']') throw error("',' or ']' in the field list");
      }
    }

    private long[] parseTuple() {
      expect('(');
      List<Long> v = new ArrayList<>();
      while (true) {
        skip();
        if (peek() == ')') {
          i++;
          break;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == start) throw error("an integer in the shape tuple");
        try {
          v.add(Long.parseLong(s.substring(start, i)));
        } catch (NumberFormatException e) {
          throw new BadInputException(name + ": npy shape value " + s.substring(start, i) + " does not fit 64 bits");
        }
        if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++;
        skip();
        if (peek() == ',') i++;
        else if (peek() != ')') throw error("',' or ')' in the shape tuple");
      }
      long[] out = new long[v.size()];
      for (int k = 0; k < out.length; k++) out[k] = v.get(k);
      return out;
    }

    private String parseString() {
      char q = peek();
      if (q != '\'' && q != '"') throw error("a quoted string");
      int end = s.indexOf(q, i + 1);
      if (end < 0) throw error("a closing quote");
      String out = s.substring(i + 1, end);
      i = end + 1;
      return out;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private char peek() {
      if (i >= s.length()) throw error("more header text");
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) throw error("'" + c + "'");
      i++;
    }

    private BadInputException error(String expected) {
      String near = s.substring(Math.min(i, s.length()), Math.min(s.length(), i + 20)).replaceAll("[^\\x20-\\x7e]", "?");
      return new BadInputException(name + ": npy header dict malformed at character " + i + " (near \"" + near + "\"); expected " + expected);
    }
  }
}
