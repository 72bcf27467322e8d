package org.causalem.data;

import java.io.Closeable;

/**
 * Where the frames of a {@link DataCube4D} come from: a memory-mapped file ({@link MappedFrames}), an
 * array in memory ({@link ArrayFrames}), or a reader's own decoder. Must allow concurrent reads of
 * different frames from several threads.
 */
public interface FrameSource extends Closeable {
  /** Values per frame (qy × qx). */
  int frameValues();

  /** Decodes frame {@code index} (scan order, rx fastest) into {@code into[0..frameValues)}. */
  void readFrame(long index, float[] into);

  /**
   * Whether {@link #readFrameUInt16} works: the frames hold unsigned 16-bit counts that can be copied
   * without conversion. False by default.
   */
  default boolean hasUInt16Frames() { return false; }

  /**
   * Copies the raw unsigned 16-bit counts of frame {@code index}, four per long: the count of value
   * {@code i} is {@code (into[i / 4] >>> (16 * (i % 4))) & 0xFFFF}; the last long is zero-padded.
   * {@code into} has at least {@code ceil(frameValues / 4)} longs; no allocation. Lets reductions add
   * several counts per arithmetic operation. Only when {@link #hasUInt16Frames()}.
   *
   * @throws UnsupportedOperationException if this source does not hold uint16 frames
   */
  default void readFrameUInt16(long index, long[] into) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not hold uint16 frames");
  }

  @Override
  default void close() { }
}
