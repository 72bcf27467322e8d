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
  /** Per chunk, a read-only 64-bit little-endian view (absolute bulk reads only, so shared by all threads). */
  private final AtomicReferenceArray<LongBuffer> longChunks;

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
    this.longChunks = new AtomicReferenceArray<>(chunks.length());
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

  @Override public boolean hasUInt16Frames() { return type == PixelType.UINT16; }

  @Override public void readFrameUInt16(long index, long[] into) {
    if (!hasUInt16Frames()) FrameSource.super.readFrameUInt16(index, into);
    if (index < 0 || index >= frames) throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
    int c = (int) (index / framesPerChunk);
    int base = Math.toIntExact((index - c * framesPerChunk) * strideBytes);
    int n = frameValues;
    if (order == ByteOrder.LITTLE_ENDIAN && n % 4 == 0 && strideBytes % 8 == 0) {
      // little-endian file: each 8-byte group already is four counts in the packed layout
      LongBuffer view = longChunks.get(c);
      if (view == null) {
        longChunks.compareAndSet(c, null, chunk(c).duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer());
        view = longChunks.get(c);
      }
      view.get(base / 8, into, 0, n / 4);   // absolute bulk copy, no allocation
      return;
    }
    MappedByteBuffer chunk = chunk(c);
    int k = 0;
    for (; k + 3 < n; k += 4) {
      int b = base + 2 * k;
      into[k >> 2] = (chunk.getShort(b) & 0xFFFFL) | (chunk.getShort(b + 2) & 0xFFFFL) << 16
          | (chunk.getShort(b + 4) & 0xFFFFL) << 32 | (chunk.getShort(b + 6) & 0xFFFFL) << 48;
    }
    if (k < n) {
      long w = 0;
      for (int i = 0; k + i < n; i++) w |= (chunk.getShort(base + 2 * (k + i)) & 0xFFFFL) << (16 * i);
      into[k >> 2] = w;
    }
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
