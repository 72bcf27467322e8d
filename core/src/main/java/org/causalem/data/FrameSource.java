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

  @Override
  default void close() { }
}
