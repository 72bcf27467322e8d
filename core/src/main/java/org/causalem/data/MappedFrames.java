package org.causalem.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Frames stored one after another in a file, each {@code strideBytes} apart (so per-frame headers are
 * skipped), memory-mapped in chunks of at most 1 GiB that hold whole frames. Nothing is loaded on
 * the heap; pages come from the operating system's cache as frames are read.
 */
public final class MappedFrames implements FrameSource {
  private static final long MAX_CHUNK_BYTES = 1L << 30;

  private final Path file;
  private final FileChannel channel;
  private final long firstOffset;
  private final long strideBytes;
  private final long frames;
  private final PixelType type;
  private final ByteOrder order;
  private final int frameValues;
  private final int frameBytes;
  private final long framesPerChunk;
  private final AtomicReferenceArray<MappedByteBuffer> chunks;
  /** Per chunk and byte offset modulo 8, a read-only 64-bit view in the file's order (absolute reads only, so shared). */
  private final AtomicReferenceArray<LongBuffer> wordViews;

  /**
   * @param firstOffset byte offset of the first value of frame 0
   * @param strideBytes bytes from the start of one frame's values to the next's (≥ frame size)
   * @throws BadInputException if the file is shorter than the frames claim
   */
  public MappedFrames(Path file, long firstOffset, long strideBytes, long frames, int frameValues, PixelType type,
                      ByteOrder order) throws IOException {
    this.file = file;
    this.firstOffset = firstOffset;
    this.strideBytes = strideBytes;
    this.frames = frames;
    this.type = type;
    this.order = order;
    this.frameValues = frameValues;
    this.frameBytes = Math.multiplyExact(frameValues, type.bytes());
    if (strideBytes < frameBytes) {
      throw new IllegalArgumentException("stride " + strideBytes + " bytes is smaller than a frame of " + frameBytes + " bytes");
    }
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    long needed = frames == 0 ? firstOffset : firstOffset + (frames - 1) * strideBytes + frameBytes;
    if (needed > size) {
      channel.close();
      throw new BadInputException(file.getFileName() + ": " + frames + " frames of " + frameBytes + " bytes from offset "
          + firstOffset + " need " + needed + " bytes; file has " + size);
    }
    this.framesPerChunk = Math.max(1, MAX_CHUNK_BYTES / strideBytes);
    long nChunks = (frames + framesPerChunk - 1) / framesPerChunk;
    this.chunks = new AtomicReferenceArray<>(Math.toIntExact(Math.max(nChunks, 1)));
    this.wordViews = new AtomicReferenceArray<>(8 * chunks.length());
  }

  public Path file() { return file; }

  @Override public int frameValues() { return frameValues; }

  @Override public void readFrame(long index, float[] into) {
    if (index < 0 || index >= frames) throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
    int c = (int) (index / framesPerChunk);
    MappedByteBuffer chunk = chunk(c);
    int base = Math.toIntExact((index - c * framesPerChunk) * strideBytes);
    int n = frameValues;
    switch (type) {
      case UINT8:
        for (int k = 0; k < n; k++) into[k] = chunk.get(base + k) & 0xFF;
        break;
      case INT8:
        for (int k = 0; k < n; k++) into[k] = chunk.get(base + k);
        break;
      case UINT16:
        for (int k = 0; k < n; k++) into[k] = chunk.getShort(base + 2 * k) & 0xFFFF;
        break;
      case INT16:
        for (int k = 0; k < n; k++) into[k] = chunk.getShort(base + 2 * k);
        break;
      case UINT32:
        for (int k = 0; k < n; k++) into[k] = chunk.getInt(base + 4 * k) & 0xFFFFFFFFL;
        break;
      case INT32:
        for (int k = 0; k < n; k++) into[k] = chunk.getInt(base + 4 * k);
        break;
      case FLOAT32:
        for (int k = 0; k < n; k++) into[k] = chunk.getFloat(base + 4 * k);
        break;
      case FLOAT64:
        for (int k = 0; k < n; k++) into[k] = (float) chunk.getDouble(base + 8 * k);
        break;
      default: {
        Pixels p = Pixels.ofBytes(type, chunk.duplicate().position(base).limit(base + frameBytes).slice().order(order), n);
        p.copyFloats(0, into, 0, n);
      }
    }
  }

  /** Uint16 frames of a multiple of four values, each frame a whole number of words. */
  @Override public boolean hasUInt16Frames() { return type == PixelType.UINT16 && frameValues % 4 == 0; }

  @Override public void locateUInt16(long index, UInt16Frame into) {
    if (!hasUInt16Frames()) FrameSource.super.locateUInt16(index, into);
    if (index < 0 || index >= frames) throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
    int c = (int) (index / framesPerChunk);
    int base = Math.toIntExact((index - c * framesPerChunk) * strideBytes);
    // one 64-bit view per chunk and byte offset modulo 8: frames after headers of any size stay readable in place
    int slot = 8 * c + (base & 7);
    LongBuffer view = wordViews.get(slot);
    if (view == null) {
      view = chunk(c).duplicate().position(base & 7).slice().order(order).asLongBuffer();
      wordViews.compareAndSet(slot, null, view);
      view = wordViews.get(slot);
    }
    into.set(view, base >> 3, order == ByteOrder.BIG_ENDIAN);
  }

  private MappedByteBuffer chunk(int c) {
    MappedByteBuffer m = chunks.get(c);
    if (m != null) return m;
    long first = (long) c * framesPerChunk;
    long count = Math.min(framesPerChunk, frames - first);
    long start = firstOffset + first * strideBytes;
    long length = (count - 1) * strideBytes + frameBytes;
    try {
      m = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot map bytes " + start + ".." + (start + length), e);
    }
    m.order(order);
    chunks.compareAndSet(c, null, m);
    return chunks.get(c);
  }

  @Override public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
