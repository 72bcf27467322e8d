package org.causalem.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.causalem.data.FrameSource;
import org.causalem.data.MappedFrames;
import org.causalem.data.UInt16Frame;

/**
 * The frames of a TVIPS recording across its parts, memory-mapped part by part ({@link MappedFrames} skips each frame's
 * header), numbered from frame {@code first} of the recording.
 */
final class TvipsFrames implements FrameSource {
  private final MappedFrames[] parts;
  /** Recording frame number of each part's first frame; one more entry: the total. */
  private final long[] firstFrame;
  private final long first;
  private final int values;

  TvipsFrames(List<Path> files, long[] firstFrame, TvipsHeader h, long first) throws IOException {
    this.parts = new MappedFrames[files.size()];
    this.firstFrame = firstFrame.clone();
    this.first = first;
    this.values = Math.toIntExact((long) h.dimx() * h.dimy());
    try {
      for (int i = 0; i < parts.length; i++) {
        if (firstFrame[i + 1] == firstFrame[i]) continue; // an empty part holds no frame to map
        long skip = (i == 0 ? h.headerBytes() : 0) + h.frameHeaderBytes();
        parts[i] = new MappedFrames(files.get(i), skip, h.recordBytes(), firstFrame[i + 1] - firstFrame[i], values, h.type(),
            ByteOrder.LITTLE_ENDIAN);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override public int frameValues() { return values; }

  /** The part holding recording frame {@code k}. */
  private int part(long k) {
    int i = Arrays.binarySearch(firstFrame, k);
    if (i < 0) i = -i - 2;
    while (i + 1 < parts.length && firstFrame[i + 1] == k) i++; // skip empty parts
    if (k < 0 || i >= parts.length || k >= firstFrame[parts.length]) {
      throw new IndexOutOfBoundsException("frame " + k + " of " + firstFrame[parts.length]);
    }
    return i;
  }

  @Override public void readFrame(long index, float[] into) {
    long k = first + index;
    int i = part(k);
    parts[i].readFrame(k - firstFrame[i], into);
  }

  @Override public boolean hasUInt16Frames() {
    for (MappedFrames p : parts) if (p != null && !p.hasUInt16Frames()) return false;
    return true;
  }

  @Override public void locateUInt16(long index, UInt16Frame into) {
    long k = first + index;
    int i = part(k);
    parts[i].locateUInt16(k - firstFrame[i], into);
  }

  @Override public void close() {
    for (MappedFrames p : parts) if (p != null) p.close();
  }
}
