package org.causalem.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;

/**
 * Parses the tag tree of a DM3 or DM4 file.
 *
 * <p>Layout (all structural integers big-endian; DM4 widens counts and sizes to 64 bits):
 * header {@code version, rootLength, byteOrder}; then the root tag group. A group is
 * {@code sorted u8, open u8, entryCount}, then per entry {@code kind u8 (20 group, 21 data),
 * labelLength u16, label} (DM4: then the entry's byte size as int64). A data entry is
 * {@code "%%%%", infoCount, info[infoCount]} followed by its value in the file's byte order.
 *
 * <p>Groups become insertion-ordered maps (an unnamed entry is keyed by its index in the group);
 * scalars become numbers, booleans or strings; short arrays become lists, UTF-16 arrays become
 * strings; image data and other long arrays stay in the file as {@link DmArray}.
 */
final class DmTagParser {
  /** Deepest group nesting accepted (real files nest about 10 deep). */
  static final int MAX_DEPTH = 64;
  /** Longest type description accepted (a struct of 32000 fields). */
  static final int MAX_INFO = 1 << 16;
  /** Arrays up to this many elements are copied into the tree as lists. */
  static final int MAX_LIST = 64;
  /** UTF-16 and char arrays up to this many elements are copied into the tree as text. */
  static final int MAX_TEXT = 4096;

  private static final int GROUP = 20;
  private static final int DATA = 21;

  /** The parsed tree and the facts of the header. */
  record TagFile(int version, ByteOrder byteOrder, Map<String, Object> root) {
    String format() { return version == 4 ? "dm4" : "dm3"; }
  }

  private final DmInput in;
  private final boolean wide;
  private ByteOrder order = ByteOrder.BIG_ENDIAN;

  private DmTagParser(DmInput in, boolean wide) {
    this.in = in;
    this.wide = wide;
  }

  /** Parses the whole tag tree of {@code in}. */
  static TagFile parse(DmInput in) throws IOException {
    in.seek(0);
    int version = in.i32("version");
    if (version != 3 && version != 4) {
      throw new BadInputException(in.name() + ": DM version " + version + " at offset 0x0; expected 3 or 4");
    }
    DmTagParser p = new DmTagParser(in, version == 4);
    long rootLength = p.wide ? in.i64("root length") : in.i32("root length") & 0xFFFFFFFFL;
    long claimed = rootLength + (p.wide ? 24 : 16);
    if (rootLength < 0 || claimed > in.size()) {
      throw new BadInputException(in.name() + ": truncated DM" + version + " file: header at offset 0x4 says "
          + (rootLength < 0 ? "a negative root length " + rootLength : claimed + " bytes") + "; file has "
          + in.size() + " bytes");
    }
    long orderAt = in.position();
    int byteOrder = in.i32("byte order");
    if (byteOrder != 0 && byteOrder != 1) {
      throw new BadInputException(in.name() + ": byte order flag " + byteOrder + " at offset 0x"
          + Long.toHexString(orderAt) + "; expected 0 (big-endian) or 1 (little-endian)");
    }
    p.order = byteOrder == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    Map<String, Object> root = p.group(0, "root");
    return new TagFile(version, p.order, root);
  }

  private long count(String what) throws IOException {
    return wide ? in.i64(what) : in.i32(what);
  }

  private Map<String, Object> group(int depth, String path) throws IOException {
    long at = in.position();
    if (depth > MAX_DEPTH) {
      throw new BadInputException(in.name() + ": tag group " + path + " at offset 0x" + Long.toHexString(at)
          + " is nested " + depth + " deep; at most " + MAX_DEPTH + " expected");
    }
    in.u8("group sorted flag");
    in.u8("group open flag");
    long n = count("group entry count");
    long minEntry = wide ? 11 : 3;
    if (n < 0 || n > in.remaining() / minEntry) {
      throw new BadInputException(in.name() + ": tag group " + path + " at offset 0x" + Long.toHexString(at)
          + " claims " + n + " entries; file has " + in.size() + " bytes");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (long i = 0; i < n; i++) {
      long entryAt = in.position();
      int kind = in.u8("tag kind");
      int labelLength = in.u16("tag label length");
      String label = new String(in.small(labelLength, ByteOrder.BIG_ENDIAN, "tag label").array(),
          StandardCharsets.ISO_8859_1);
      if (wide) {
        long entrySize = in.i64("tag size");
        if (entrySize < 0 || entrySize > in.remaining()) {
          throw new BadInputException(in.name() + ": tag '" + printable(label) + "' in " + path + " at offset 0x"
              + Long.toHexString(entryAt) + " claims " + entrySize + " bytes; file has " + in.size() + " bytes");
        }
      }
      String key = label.isEmpty() ? Long.toString(i) : label;
      String childPath = path.equals("root") ? printable(key) : path + "." + printable(key);
      Object value;
      if (kind == GROUP) {
        value = group(depth + 1, childPath);
      } else if (kind == DATA) {
        value = data(label, childPath);
      } else {
        throw new BadInputException(in.name() + ": entry " + i + " of tag group " + path + " at offset 0x"
            + Long.toHexString(entryAt) + " has kind " + kind + "; expected 20 (group) or 21 (data)");
      }
      String unique = key;
      for (int k = 2; out.containsKey(unique); k++) unique = key + " (" + k + ")";
      out.put(unique, value);
    }
    return out;
  }

  /** A label as it may appear in a message: control characters replaced, at most 48 characters. */
  static String printable(String label) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < label.length() && sb.length() < 48; i++) {
      char c = label.charAt(i);
      sb.append(c < 0x20 || (c >= 0x7F && c < 0xA0) ? '?' : c);
    }
    if (label.length() > 48) sb.append("...");
    return sb.toString();
  }

  private Object data(String label, String path) throws IOException {
    long at = in.position();
    ByteBuffer delimiter = in.small(4, ByteOrder.BIG_ENDIAN, "tag delimiter");
    if (delimiter.getInt(0) != 0x25252525) {
      throw new BadInputException(in.name() + ": data tag " + path + " at offset 0x" + Long.toHexString(at)
          + " starts with 0x" + Integer.toHexString(delimiter.getInt(0)) + "; expected '%%%%'");
    }
    long infoAt = in.position();
    long n = count("type description length");
    int infoBytes = wide ? 8 : 4;
    if (n < 1 || n > MAX_INFO || n > in.remaining() / infoBytes) {
      throw new BadInputException(in.name() + ": data tag " + path + " at offset 0x" + Long.toHexString(infoAt)
          + " claims a type description of " + n + " entries; expected 1 to " + MAX_INFO + " within a file of "
          + in.size() + " bytes");
    }
    long[] info = new long[(int) n];
    for (int i = 0; i < info.length; i++) {
      info[i] = count("type description");
      if (info[i] < 0) {
        throw new BadInputException(in.name() + ": data tag " + path + " at offset 0x" + Long.toHexString(infoAt)
            + " has a negative entry " + info[i] + " in its type description");
      }
    }
    return value(label, path, info, infoAt);
  }

  private Object value(String label, String path, long[] info, long infoAt) throws IOException {
    long code = info[0];
    DmType simple = DmType.of(code);
    if (simple != null) {
      expectLength(info, 1, path, infoAt);
      return scalar(simple, in.small(simple.bytes, order, path), 0);
    }
    if (code == DmType.STRING) {
      expectLength(info, 2, path, infoAt);
      long length = info[1];
      in.require(length, "string " + path);
      if (length > MAX_TEXT) {
        DmArray a = new DmArray(in.position(), length, 1, "char");
        in.skip(length, "string " + path);
        return a;
      }
      return new String(in.small((int) length, order, path).array(), StandardCharsets.ISO_8859_1);
    }
    if (code == DmType.STRUCT) {
      DmType[] fields = structFields(info, 1, path, infoAt);
      expectLength(info, 3 + 2 * fields.length, path, infoAt);
      int bytes = structBytes(fields);
      return struct(fields, in.small(bytes, order, path), 0);
    }
    if (code == DmType.ARRAY) {
      if (info.length < 3) expectLength(info, 3, path, infoAt);
      DmType element = DmType.of(info[1]);
      if (element != null) {
        expectLength(info, 3, path, infoAt);
        return simpleArray(label, path, element, info[2]);
      }
      if (info[1] == DmType.STRUCT) {
        DmType[] fields = structFields(info, 2, path, infoAt);
        expectLength(info, 5 + 2 * fields.length, path, infoAt);
        return structArray(label, path, fields, info[info.length - 1]);
      }
      throw new BadInputException(in.name() + ": data tag " + path + " at offset 0x" + Long.toHexString(infoAt)
          + " is an array of type code " + info[1] + "; expected a simple type (2-12) or a struct (15)");
    }
    throw new BadInputException(in.name() + ": data tag " + path + " at offset 0x" + Long.toHexString(infoAt)
        + " has type code " + code + "; expected 2-12 (simple), 15 (struct), 18 (string) or 20 (array)");
  }

  private void expectLength(long[] info, int expected, String path, long infoAt) {
    if (info.length != expected) {
      throw new BadInputException(in.name() + ": data tag " + path + " at offset 0x" + Long.toHexString(infoAt)
          + " has a type description of " + info.length + " entries; type code " + info[0] + " needs " + expected);
    }
  }

  /** Reads the field types of a struct whose description starts at {@code info[start]} (name length). */
  private DmType[] structFields(long[] info, int start, String path, long infoAt) {
    if (info.length < start + 2) expectLength(info, start + 2, path, infoAt);
    long fields = info[start + 1];
    if (fields > (info.length - start - 2) / 2) {
      throw new BadInputException(in.name() + ": struct in data tag " + path + " at offset 0x"
          + Long.toHexString(infoAt) + " claims " + fields + " fields; its type description has "
          + info.length + " entries");
    }
    DmType[] out = new DmType[(int) fields];
    for (int f = 0; f < out.length; f++) {
      long fieldCode = info[start + 3 + 2 * f];
      out[f] = DmType.of(fieldCode);
      if (out[f] == null) {
        throw new BadInputException(in.name() + ": field " + f + " of struct in data tag " + path + " at offset 0x"
            + Long.toHexString(infoAt) + " has type code " + fieldCode + "; expected a simple type (2-12)");
      }
    }
    return out;
  }

  private static int structBytes(DmType[] fields) {
    int b = 0;
    for (DmType t : fields) b += t.bytes;
    return b;
  }

  private static String structLabel(DmType[] fields) {
    StringBuilder sb = new StringBuilder("struct(");
    for (int f = 0; f < fields.length; f++) sb.append(f == 0 ? "" : ",").append(fields[f].label);
    return sb.append(')').toString();
  }

  private Object simpleArray(String label, String path, DmType element, long count) throws IOException {
    long maxCount = in.remaining() / element.bytes;
    if (count > maxCount) {
      throw new BadInputException(in.name() + ": array tag " + path + " at offset 0x"
          + Long.toHexString(in.position()) + " claims " + count + " elements of " + element.label + " ("
          + multiplyForMessage(count, element.bytes) + " bytes); file has " + in.size() + " bytes");
    }
    long bytes = count * element.bytes;
    boolean textual = element == DmType.UINT16 || element == DmType.CHAR;
    if (!label.equals("Data") && (count <= MAX_LIST || (textual && count <= MAX_TEXT))) {
      ByteBuffer b = in.small((int) bytes, order, path);
      int n = (int) count;
      if (element == DmType.UINT16) {
        String text = utf16Text(b, n);
        if (text != null) return text;
      } else if (element == DmType.CHAR) {
        String text = latin1Text(b, n);
        if (text != null) return text;
      }
      if (n > MAX_LIST) return new DmArray(in.position() - bytes, count, element.bytes, element.label);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(scalar(element, b, i * element.bytes));
      return out;
    }
    DmArray a = new DmArray(in.position(), count, element.bytes, element.label);
    in.skip(bytes, "array " + path);
    return a;
  }

  private Object structArray(String label, String path, DmType[] fields, long count) throws IOException {
    int elementBytes = structBytes(fields);
    if (elementBytes == 0) {
      if (count > MAX_LIST) return new DmArray(in.position(), count, 0, structLabel(fields));
      List<Object> out = new ArrayList<>();
      for (long i = 0; i < count; i++) out.add(List.of());
      return out;
    }
    if (count > in.remaining() / elementBytes) {
      throw new BadInputException(in.name() + ": array tag " + path + " at offset 0x"
          + Long.toHexString(in.position()) + " claims " + count + " elements of " + structLabel(fields) + " ("
          + multiplyForMessage(count, elementBytes) + " bytes); file has " + in.size() + " bytes");
    }
    long bytes = count * elementBytes;
    if (!label.equals("Data") && count <= MAX_LIST) {
      ByteBuffer b = in.small((int) bytes, order, path);
      List<Object> out = new ArrayList<>((int) count);
      for (int i = 0; i < count; i++) out.add(struct(fields, b, i * elementBytes));
      return out;
    }
    DmArray a = new DmArray(in.position(), count, elementBytes, structLabel(fields));
    in.skip(bytes, "array " + path);
    return a;
  }

  private static String multiplyForMessage(long count, long bytes) {
    return BigInteger.valueOf(count).multiply(BigInteger.valueOf(bytes)).toString();
  }

  private static List<Object> struct(DmType[] fields, ByteBuffer b, int at) {
    List<Object> out = new ArrayList<>(fields.length);
    int p = at;
    for (DmType t : fields) {
      out.add(scalar(t, b, p));
      p += t.bytes;
    }
    return out;
  }

  /** Latin-1 text, or null when the bytes do not look like text (control codes). */
  private static String latin1Text(ByteBuffer b, int n) {
    int length = n;
    while (length > 0 && b.get(length - 1) == 0) length--;
    for (int i = 0; i < length; i++) {
      int c = b.get(i) & 0xFF;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0)) return null;
    }
    return new String(b.array(), b.arrayOffset(), length, StandardCharsets.ISO_8859_1);
  }

  /** UTF-16 text, or null when the values do not look like text (control codes, broken surrogates). */
  private static String utf16Text(ByteBuffer b, int n) {
    char[] chars = new char[n];
    int length = n;
    for (int i = 0; i < n; i++) chars[i] = b.getChar(2 * i);
    while (length > 0 && chars[length - 1] == 0) length--;
    for (int i = 0; i < length; i++) {
      char c = chars[i];
      boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
      if (control || c == 0x7F || c == 0xFFFE || c == 0xFFFF) return null;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= length || !Character.isLowSurrogate(chars[i + 1])) return null;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return null;
      }
    }
    return new String(chars, 0, length);
  }

  private static Object scalar(DmType t, ByteBuffer b, int at) {
    switch (t) {
      case INT16: return b.getShort(at);
      case INT32: return b.getInt(at);
      case UINT16: return b.getShort(at) & 0xFFFF;
      case UINT32: return b.getInt(at) & 0xFFFFFFFFL;
      case FLOAT32: return b.getFloat(at);
      case FLOAT64: return b.getDouble(at);
      case BOOL: return b.get(at) != 0;
      case CHAR: return b.get(at);
      case OCTET: return b.get(at) & 0xFF;
      case INT64: return b.getLong(at);
      case UINT64: {
        long v = b.getLong(at);
        return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
      }
      default: throw new AssertionError(t);
    }
  }
}
