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
   * Whether {@link #locateUInt16} works: every frame is unsigned 16-bit counts, a whole number of
   * 64-bit words, that can be read in place. False by default.
   */
  default boolean hasUInt16Frames() { return false; }

  /**
   * Points {@code into} at the raw counts of frame {@code index} (see {@link UInt16Frame}); nothing
   * is copied or allocated. Only when {@link #hasUInt16Frames()}.
   *
   * @throws UnsupportedOperationException if this source does not hold uint16 frames
   */
  default void locateUInt16(long index, UInt16Frame into) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not hold uint16 frames");
  }

  @Override
  default void close() { }
}
