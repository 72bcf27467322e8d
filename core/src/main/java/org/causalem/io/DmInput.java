package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.causalem.data.BadInputException;

/**
 * Bounded random-access reads from a DM file: a small window buffer over a {@link FileChannel}. Every
 * read is checked against the file's size first, so a corrupt length is reported, never allocated.
 * Integers of the tag structure are big-endian; tag values use the byte order the file states.
 */
final class DmInput {
  private static final int WINDOW = 1 << 16;

  private final FileChannel channel;
  private final String name;
  private final String format;
  private final long size;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart;
  private int windowLength;
  private long position;

  DmInput(FileChannel channel, String name, String format, long size) {
    this.channel = channel;
    this.name = name;
    this.format = format;
    this.size = size;
    this.windowStart = 0;
    this.windowLength = 0;
  }

  String name() { return name; }

  long size() { return size; }

  long position() { return position; }

  long remaining() { return size - position; }

  /** Moves to {@code offset}, which must lie within the file. */
  void seek(long offset) {
    if (offset < 0 || offset > size) {
      throw new BadInputException(name + ": offset 0x" + Long.toHexString(offset) + " lies outside the file of "
          + size + " bytes");
    }
    position = offset;
  }

  /** Skips {@code n} bytes that must all lie within the file. */
  void skip(long n, String what) {
    require(n, what);
    position += n;
  }

  /** Throws unless {@code n} more bytes are available at the current position. */
  void require(long n, String what) {
    if (n < 0 || n > size - position) {
      throw new BadInputException(name + ": truncated " + format + " file: " + what + " at offset 0x"
          + Long.toHexString(position) + " needs " + (n < 0 ? "a negative number of (" + n + ")" : String.valueOf(n))
          + " bytes; file has " + size + " bytes (" + Math.max(0, size - position) + " left)");
    }
  }

  int u8(String what) throws IOException {
    fill(1, what);
    int v = window.get((int) (position - windowStart)) & 0xFF;
    position += 1;
    return v;
  }

  int u16(String what) throws IOException {
    fill(2, what);
    int v = window.order(ByteOrder.BIG_ENDIAN).getShort((int) (position - windowStart)) & 0xFFFF;
    position += 2;
    return v;
  }

  int i32(String what) throws IOException {
    fill(4, what);
    int v = window.order(ByteOrder.BIG_ENDIAN).getInt((int) (position - windowStart));
    position += 4;
    return v;
  }

  long i64(String what) throws IOException {
    fill(8, what);
    long v = window.order(ByteOrder.BIG_ENDIAN).getLong((int) (position - windowStart));
    position += 8;
    return v;
  }

  /** Reads {@code n} bytes at the current position into a new array-backed buffer of the given byte order. */
  ByteBuffer small(int n, ByteOrder order, String what) throws IOException {
    if (n > WINDOW) {
      require(n, what);
      ByteBuffer b = bulk(position, n, order, what);
      position += n;
      return b;
    }
    fill(n, what);
    byte[] out = new byte[n];
    window.get((int) (position - windowStart), out, 0, n);
    position += n;
    return ByteBuffer.wrap(out).order(order);
  }

  /**
   * Reads {@code n} bytes at {@code offset} into a new heap buffer of the given byte order, after
   * checking they lie within the file. Does not move the current position.
   */
  ByteBuffer bulk(long offset, long n, ByteOrder order, String what) throws IOException {
    if (offset < 0 || n < 0 || offset > size || n > size - offset) {
      throw new BadInputException(name + ": " + what + " at offset 0x" + Long.toHexString(offset) + " claims " + n
          + " bytes; file has " + size + " bytes");
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new BadInputException(name + ": " + what + " holds " + n + " bytes; at most 2 GiB per dataset can be read");
    }
    ByteBuffer out = ByteBuffer.allocate((int) n);
    long at = offset;
    while (out.hasRemaining()) {
      int got = channel.read(out, at);
      if (got < 0) {
        throw new BadInputException(name + ": truncated " + format + " file: " + what + " ends at offset 0x"
            + Long.toHexString(at) + ", expected " + n + " bytes from 0x" + Long.toHexString(offset));
      }
      at += got;
    }
    out.flip();
    return out.order(order);
  }

  private void fill(int n, String what) throws IOException {
    require(n, what);
    if (position >= windowStart && position + n <= windowStart + windowLength) return;
    window.clear();
    windowStart = position;
    long want = Math.min(WINDOW, size - position);
    window.limit((int) want);
    long at = position;
    while (window.hasRemaining()) {
      int got = channel.read(window, at);
      if (got < 0) break;
      at += got;
    }
    windowLength = window.position();
    if (windowLength < n) {
      throw new BadInputException(name + ": truncated " + format + " file: " + what + " at offset 0x"
          + Long.toHexString(position) + " needs " + n + " bytes; only " + windowLength + " could be read");
    }
  }
}
