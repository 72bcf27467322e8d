package org.causalem.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an HDF5 file (file format specification 3.0, what HDF5 1.8 and later and h5py read) holding groups,
 * contiguous little-endian datasets of int32, float32 or float64 in C order and scalar attributes (int32 or UTF-8
 * text): only what {@link EmdWriter} needs, written directly instead of through a general HDF5 library, whose loading
 * cost more than the analyses of small inputs.
 *
 * <p>Structures: a version 2 superblock; version 2 object headers (checksummed), each object's links and attributes
 * stored in its header ("compact" storage: Link Info and Group Info messages with no heap, one Link message per child;
 * Attribute messages); datasets with Datatype, Dataspace (version 2), Fill Value (version 3: allocated early, default
 * fill) and Data Layout (version 3, contiguous) messages. Objects are written one after the other, children before
 * their parents (a parent's links name the addresses of its children), the superblock, which names the root group
 * and the end of the file, last.
 */
final class Hdf5Builder implements Closeable {
  /** The "undefined address" of the specification. */
  private static final long UNDEFINED = -1L;
  private static final int SUPERBLOCK_BYTES = 48;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** A scalar attribute: an {@link Integer} (int32) or a {@link String} (UTF-8, null-terminated). */
  record Attribute(String name, Object value) {
    Attribute {
      if (!(value instanceof Integer) && !(value instanceof String)) {
        throw new IllegalArgumentException("attribute " + name + ": an int or a string, got " + value);
      }
    }
  }

  private final FileChannel channel;
  private final ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long end = SUPERBLOCK_BYTES;

  /** Creates {@code file}, which must not exist. */
  Hdf5Builder(Path file) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** Writes a float32 dataset of the given shape (C order) and returns the address of its object header. */
  long dataset(float[] values, int[] shape, List<Attribute> attributes) throws IOException {
    return datasetHeader(FLOAT32, shape, contiguous(values, values.length, 4), 4L * values.length, attributes);
  }

  /** Writes an int32 dataset of the given shape (C order) and returns the address of its object header. */
  long dataset(int[] values, int[] shape, List<Attribute> attributes) throws IOException {
    return datasetHeader(INT32, shape, contiguous(values, values.length, 4), 4L * values.length, attributes);
  }

  /** Writes a float64 dataset of the given shape (C order) and returns the address of its object header. */
  long dataset(double[] values, int[] shape, List<Attribute> attributes) throws IOException {
    return datasetHeader(FLOAT64, shape, contiguous(values, values.length, 8), 8L * values.length, attributes);
  }

  /**
   * Writes {@code length} values of a float[], int[] or double[] of {@code size}-byte elements at the end of the file,
   * a chunk at a time, and returns where they start.
   */
  private long contiguous(Object values, int length, int size) throws IOException {
    long data = end;
    for (int i = 0; i < length; ) {
      chunk.clear();
      int n = Math.min(length - i, chunk.capacity() / size);
      if (values instanceof float[] f) chunk.asFloatBuffer().put(f, i, n);
      else if (values instanceof int[] v) chunk.asIntBuffer().put(v, i, n);
      else chunk.asDoubleBuffer().put((double[]) values, i, n);
      chunk.limit(size * n);
      write(chunk);
      i += n;
    }
    return data;
  }

  /** Writes a group linking {@code names[i]} to the object header at {@code addresses[i]}; returns its address. */
  long group(List<Attribute> attributes, List<String> names, long[] addresses) throws IOException {
    if (names.size() != addresses.length) throw new IllegalArgumentException(names.size() + " names for " + addresses.length + " addresses");
    Header h = new Header();
    h.message(GROUP_INFO, 2).u8(0).u8(0);   // version 0, no flags
    h.message(LINK_INFO, 18).u8(0).u8(0).u64(UNDEFINED).u64(UNDEFINED);   // no creation order, no heap: compact
    attributes(h, attributes);
    for (int i = 0; i < addresses.length; i++) {
      byte[] name = ascii(names.get(i));
      if (name.length == 0 || name.length > 255) throw new IllegalArgumentException("link name of 1 to 255 characters, got '" + names.get(i) + "'");
      // version 1, flags 0 (a hard link, one byte of name length, ASCII), the name, the address
      h.message(LINK, 3 + name.length + 8).u8(1).u8(0).u8(name.length).bytes(name).u64(addresses[i]);
    }
    return header(h);
  }

  /** Writes the superblock naming {@code root} as the root group, and closes the file. */
  void finish(long root) throws IOException {
    Header s = new Header();
    s.bytes(SIGNATURE).u8(2).u8(8).u8(8).u8(0);   // version 2, 8-byte addresses and lengths, no consistency flags
    s.u64(0).u64(UNDEFINED).u64(end).u64(root);   // base address, no extension, end of file, root group
    s.u32(lookup3(s.buf, 0, s.size));
    channel.write(ByteBuffer.wrap(s.buf, 0, s.size), 0);
    channel.close();
  }

  @Override public void close() throws IOException { channel.close(); }

  // ------------------------------------------------------------------ object headers

  private static final int DATASPACE = 0x01;
  private static final int LINK_INFO = 0x02;
  private static final int DATATYPE = 0x03;
  private static final int FILL_VALUE = 0x05;
  private static final int LINK = 0x06;
  private static final int LAYOUT = 0x08;
  private static final int GROUP_INFO = 0x0A;
  private static final int ATTRIBUTE = 0x0C;

  /** Datatype messages: version 1; class; bit fields; size; properties (offset, precision[, IEEE layout]). */
  private static final byte[] INT32 = {0x10, 0x08, 0, 0, 4, 0, 0, 0, 0, 0, 32, 0};
  private static final byte[] FLOAT32 = {0x11, 0x20, 31, 0, 4, 0, 0, 0, 0, 0, 32, 0, 23, 8, 0, 23, 127, 0, 0, 0};
  private static final byte[] FLOAT64 = {0x11, 0x20, 63, 0, 8, 0, 0, 0, 0, 0, 64, 0, 52, 11, 0, 52, (byte) 0xff, 3, 0, 0};
  /** A scalar dataspace, version 2. */
  private static final byte[] SCALAR = {2, 0, 0, 0};

  private long datasetHeader(byte[] type, int[] shape, long data, long bytes, List<Attribute> attributes) throws IOException {
    Header h = new Header();
    h.message(DATATYPE, type.length).bytes(type);
    h.message(DATASPACE, 4 + 8 * shape.length).u8(2).u8(shape.length).u8(0).u8(1);   // version 2, rank, no maxima, simple
    for (int d : shape) h.u64(d);
    h.message(FILL_VALUE, 2).u8(3).u8(0x09);   // version 3: space allocated early, fill value written if set (default)
    h.message(LAYOUT, 18).u8(3).u8(1).u64(bytes == 0 ? UNDEFINED : data).u64(bytes);   // version 3, contiguous
    attributes(h, attributes);
    return header(h);
  }

  private static void attributes(Header h, List<Attribute> attributes) {
    for (Attribute a : attributes) {
      byte[] name = ascii(a.name());
      byte[] type;
      byte[] value;
      if (a.value() instanceof Integer i) {
        type = INT32;
        value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
      } else {
        byte[] text = ((String) a.value()).getBytes(StandardCharsets.UTF_8);
        value = Arrays.copyOf(text, text.length + 1);   // null-terminated
        // version 1 string, null-terminated, UTF-8, of the text's size with its terminator
        type = new byte[] {0x13, 0x10, 0, 0, (byte) value.length, (byte) (value.length >> 8), (byte) (value.length >> 16), (byte) (value.length >> 24)};
      }
      // version 3, no flags, the sizes of name (with its terminator), datatype and dataspace, ASCII name
      h.message(ATTRIBUTE, 9 + name.length + 1 + type.length + SCALAR.length + value.length).u8(3).u8(0)
          .u16(name.length + 1).u16(type.length).u16(SCALAR.length).u8(0).bytes(name).u8(0).bytes(type).bytes(SCALAR).bytes(value);
    }
  }

  /** Writes {@code h} as a version 2 object header ("OHDR", one chunk, checksum) at the end of the file; returns its address. */
  private long header(Header messages) throws IOException {
    Header h = new Header();
    h.bytes(new byte[] {'O', 'H', 'D', 'R'}).u8(2).u8(0x02).u32(messages.size);   // version 2, a 4-byte chunk size
    h.bytes(Arrays.copyOf(messages.buf, messages.size));
    h.u32(lookup3(h.buf, 0, h.size));
    long at = end;
    write(ByteBuffer.wrap(h.buf, 0, h.size));
    return at;
  }

  private void write(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) end += channel.write(b, end);
  }

  private static byte[] ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7e) throw new IllegalArgumentException("HDF5 name of printable ASCII characters, got '" + s + "'");
    }
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Little-endian bytes in the making. */
  private static final class Header {
    byte[] buf = new byte[256];
    int size;

    /** Starts a message of {@code type} with {@code length} bytes of data: type, length, no flags. */
    Header message(int type, int length) { return u8(type).u16(length).u8(0); }

    Header u8(int v) {
      if (size == buf.length) buf = Arrays.copyOf(buf, 2 * buf.length);
      buf[size++] = (byte) v;
      return this;
    }

    Header u16(int v) { return u8(v).u8(v >> 8); }

    Header u32(int v) { return u16(v).u16(v >>> 16); }

    Header u64(long v) { return u32((int) v).u32((int) (v >>> 32)); }

    Header bytes(byte[] b) {
      for (byte x : b) u8(x);
      return this;
    }
  }

  /** Bob Jenkins' lookup3 hash ({@code hashlittle}, initial value 0) of {@code length} bytes: HDF5's metadata checksum. */
  static int lookup3(byte[] k, int offset, int length) {
    int a = 0xdeadbeef + length;
    int b = a;
    int c = a;
    int i = offset;
    int left = length;
    while (left > 12) {
      a += word(k, i, 4);
      b += word(k, i + 4, 4);
      c += word(k, i + 8, 4);
      a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
      a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
      i += 12;
      left -= 12;
    }
    if (left == 0) return c;
    a += word(k, i, Math.min(left, 4));
    if (left > 4) b += word(k, i + 4, Math.min(left - 4, 4));
    if (left > 8) c += word(k, i + 8, left - 8);
    c ^= b; c -= Integer.rotateLeft(b, 14);
    a ^= c; a -= Integer.rotateLeft(c, 11);
    b ^= a; b -= Integer.rotateLeft(a, 25);
    c ^= b; c -= Integer.rotateLeft(b, 16);
    a ^= c; a -= Integer.rotateLeft(c, 4);
    b ^= a; b -= Integer.rotateLeft(a, 14);
    c ^= b; c -= Integer.rotateLeft(b, 24);
    return c;
  }

  /** Up to 4 bytes from {@code at} as a little-endian int. */
  private static int word(byte[] k, int at, int n) {
    int w = 0;
    for (int j = 0; j < n; j++) w |= (k[at + j] & 0xff) << (8 * j);
    return w;
  }
}
