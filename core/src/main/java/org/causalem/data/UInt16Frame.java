package org.causalem.data;

import java.nio.LongBuffer;

/**
 * Where one frame's raw unsigned 16-bit counts are, without copying them: {@code words} consecutive
 * 64-bit words of a shared read-only buffer from {@link #offset()}, four counts to a word. A
 * reduction can then add two counts per arithmetic operation and read the file's pages in place.
 *
 * <p>Lane order: in a little-endian file, count {@code 4j + l} of the frame is bits
 * {@code 16l..16l+15} of word {@code j}; in a big-endian file ({@link #reversed()}) it is lane
 * {@code 3 - l}. One locator per reading thread, filled by {@link FrameSource#locateUInt16} for each
 * frame; the buffer is shared between threads and read with absolute gets only.
 */
public final class UInt16Frame {
  private LongBuffer words;
  private int offset;
  private boolean reversed;

  /** Points this locator at a frame. */
  public void set(LongBuffer words, int offset, boolean reversed) {
    this.words = words;
    this.offset = offset;
    this.reversed = reversed;
  }

  /** The buffer holding the frame (shared: absolute reads only). */
  public LongBuffer words() { return words; }

  /** Index in {@link #words()} of the frame's first word. */
  public int offset() { return offset; }

  /** Whether the four counts of a word are in reverse lane order (a big-endian file). */
  public boolean reversed() { return reversed; }

  /** Word {@code j} of the frame. */
  public long word(int j) { return words.get(offset + j); }

  /** Count {@code i} of the frame (slow: one word read per count; for checks and sparse use). */
  public int count(int i) {
    int lane = reversed ? 3 - (i & 3) : i & 3;
    return (int) (words.get(offset + (i >> 2)) >>> (16 * lane)) & 0xFFFF;
  }
}
