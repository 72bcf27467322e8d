package org.causalem.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.causalem.data.FrameSource;
import org.causalem.data.MappedFrames;
import org.causalem.data.PixelType;
import org.causalem.data.UInt16Frame;

/**
 * The frames of a MIB file, memory-mapped in chunks of whole frames (≤ 1 GiB each) and decoded on
 * request: big-endian U08/U16/U32, or raw R64 readout (1, 6, 12 or 24 bits, single chip or 2×2 quad).
 * Nothing is copied onto the heap except one frame's scratch space per reading thread.
 *
 * <p>Raw readout comes in 64-bit words whose order within the word is reversed: 8 pixels of 6 bits
 * (one byte each), 4 pixels of 12 bits (two bytes each), or 64 pixels of 1 bit (bit k of the
 * big-endian word is pixel k). 24-bit raw is two 12-bit readouts, the most significant first. In a
 * raw quad each readout row holds one row of each of the four chips, bottom-right chip first; the
 * bottom chips are rotated by 180°.
 */
final class MibFrames implements FrameSource {
  private static final long MAX_CHUNK_BYTES = 1L << 30;
  /** value → float for every 16-bit (and 8-bit) value: a table load is cheaper than a conversion in JDK 17's scalar loops. */
  private static final float[] AS_FLOAT = new float[1 << 16];

  static {
    for (int i = 0; i < AS_FLOAT.length; i++) AS_FLOAT[i] = i;
  }

  private final Path file;
  private final FileChannel channel;
  private final MibHeader header;
  private final long frames;
  private final long stride;
  private final int frameValues;
  private final long framesPerChunk;
  private final AtomicReferenceArray<MappedByteBuffer> chunks;
  private final ThreadLocal<Scratch> scratch;
  /** Processed U16 frames read in place by integer reductions (null for other depths). */
  private final MappedFrames uint16;

  /** Per-thread scratch arrays, sized for one frame. */
  private static final class Scratch {
    final byte[] bytes;
    final short[] shorts;
    final int[] ints;
    final float[] rawImage;

    Scratch(MibHeader h, int values) {
      int n = (int) h.frameBytes();
      bytes = new byte[n];
      shorts = h.type().bytes() == 2 || h.raw() && h.counterDepth() >= 12 ? new short[n / 2] : null;
      ints = !h.raw() && h.type().bytes() == 4 ? new int[n / 4] : null;
      rawImage = h.raw() && h.chips() == 4 ? new float[values] : null;
    }
  }

  MibFrames(Path file, MibHeader header, long frames) throws IOException {
    this.file = file;
    this.header = header;
    this.frames = frames;
    this.stride = header.strideBytes();
    this.frameValues = Math.toIntExact((long) header.width() * header.height());
    this.framesPerChunk = Math.max(1, MAX_CHUNK_BYTES / stride);
    long nChunks = (frames + framesPerChunk - 1) / framesPerChunk;
    this.chunks = new AtomicReferenceArray<>(Math.toIntExact(Math.max(1, nChunks)));
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(header, frameValues));
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.uint16 = !header.raw() && header.type() == PixelType.UINT16 && frameValues % 4 == 0
        ? new MappedFrames(file, header.headerBytes(), stride, frames, frameValues, PixelType.UINT16, ByteOrder.BIG_ENDIAN)
        : null;
  }

  /** Processed (not raw) U16 frames: counts in place, big-endian, after each frame's header. */
  @Override public boolean hasUInt16Frames() { return uint16 != null; }

  @Override public void locateUInt16(long index, UInt16Frame into) {
    if (uint16 == null) FrameSource.super.locateUInt16(index, into);
    uint16.locateUInt16(index, into);
  }

  @Override public int frameValues() { return frameValues; }

  long frames() { return frames; }

  @Override public void readFrame(long index, float[] into) {
    if (index < 0 || index >= frames) throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
    int c = (int) (index / framesPerChunk);
    MappedByteBuffer chunk = chunk(c);
    int base = Math.toIntExact((index - c * framesPerChunk) * stride + header.headerBytes());
    Scratch s = scratch.get();
    if (!header.raw()) {
      decodeUnsigned(chunk, base, into, s);
    } else if (header.chips() == 4) {
      decodeRaw(chunk, base, s.rawImage, s);
      unscrambleQuad(s.rawImage, into, header.height() / 2);
    } else {
      decodeRaw(chunk, base, into, s);
    }
  }

  private void decodeUnsigned(MappedByteBuffer chunk, int base, float[] into, Scratch s) {
    int n = frameValues;
    switch (header.type()) {
      case UINT8 -> {
        byte[] b = s.bytes;
        chunk.get(base, b, 0, n);
        float[] t = AS_FLOAT;
        for (int k = 0; k < n; k++) into[k] = t[b[k] & 0xFF];
      }
      case UINT16 -> {
        short[] v = s.shorts;
        shorts(chunk, base, v, n, s);
        float[] t = AS_FLOAT;
        for (int k = 0; k < n; k++) into[k] = t[v[k] & 0xFFFF];
      }
      default -> {
        int[] v = s.ints;
        if ((base & 3) == 0) {
          chunk.duplicate().order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(base >> 2, v, 0, n);
        } else {
          for (int k = 0; k < n; k++) v[k] = chunk.getInt(base + 4 * k);
        }
        for (int k = 0; k < n; k++) into[k] = v[k] & 0xFFFFFFFFL;
      }
    }
  }

  /** Reads n big-endian 16-bit values at byte offset base. */
  private static void shorts(MappedByteBuffer chunk, int base, short[] v, int n, Scratch s) {
    if ((base & 1) == 0) {
      chunk.duplicate().order(ByteOrder.BIG_ENDIAN).asShortBuffer().get(base >> 1, v, 0, n);
    } else {
      byte[] b = s.bytes;
      chunk.get(base, b, 0, 2 * n);
      for (int k = 0; k < n; k++) v[k] = (short) ((b[2 * k] & 0xFF) << 8 | (b[2 * k + 1] & 0xFF));
    }
  }

  /** Decodes a raw frame (or the whole raw readout of a quad) into {@code out} in readout order. */
  private void decodeRaw(MappedByteBuffer chunk, int base, float[] out, Scratch s) {
    int n = frameValues;
    switch (header.counterDepth()) {
      case 1 -> {
        byte[] b = s.bytes;
        int words = n / 64;
        chunk.get(base, b, 0, words * 8);
        for (int w = 0; w < words; w++) {
          long word = 0;
          for (int j = 0; j < 8; j++) word = word << 8 | (b[8 * w + j] & 0xFF);
          int o = 64 * w;
          for (int k = 0; k < 64; k++) out[o + k] = (word >>> k) & 1L;
        }
      }
      case 6 -> {
        byte[] b = s.bytes;
        chunk.get(base, b, 0, n);
        float[] t = AS_FLOAT;
        for (int g = 0; g < n; g += 8) {
          for (int j = 0; j < 8; j++) out[g + 7 - j] = t[b[g + j] & 0xFF];
        }
      }
      case 12 -> {
        short[] v = s.shorts;
        shorts(chunk, base, v, n, s);
        float[] t = AS_FLOAT;
        for (int g = 0; g < n; g += 4) {
          for (int j = 0; j < 4; j++) out[g + 3 - j] = t[v[g + j] & 0xFFFF];
        }
      }
      default -> { // 24 bits: two 12-bit readouts, most significant first
        short[] v = s.shorts;
        shorts(chunk, base, v, 2 * n, s);
        for (int g = 0; g < n; g += 4) {
          for (int j = 0; j < 4; j++) out[g + 3 - j] = (float) (((v[g + j] & 0xFFFL) << 12) | (v[n + g + j] & 0xFFFL));
        }
      }
    }
  }

  /**
   * Rearranges a raw quad readout (chip side {@code side}; {@code side} rows of 4 × side values,
   * chips in the order bottom-right, bottom-left, top-right, top-left) into a 2·side square image.
   */
  static void unscrambleQuad(float[] raw, float[] out, int side) {
    int rawWidth = 4 * side;
    int outWidth = 2 * side;
    for (int y = 0; y < side; y++) {
      int r = y * rawWidth;
      int top = y * outWidth;
      int bottom = (outWidth - 1 - y) * outWidth;
      for (int x = 0; x < side; x++) {
        out[top + x] = raw[r + 3 * side + x];
        out[top + side + x] = raw[r + 2 * side + x];
        out[bottom + side - 1 - x] = raw[r + side + x];
        out[bottom + outWidth - 1 - x] = raw[r + x];
      }
    }
  }

  private MappedByteBuffer chunk(int c) {
    MappedByteBuffer m = chunks.get(c);
    if (m != null) return m;
    long first = (long) c * framesPerChunk;
    long count = Math.min(framesPerChunk, frames - first);
    long start = first * stride;
    long length = count * stride;
    try {
      m = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot map bytes " + start + ".." + (start + length), e);
    }
    m.order(ByteOrder.BIG_ENDIAN);
    chunks.compareAndSet(c, null, m);
    return chunks.get(c);
  }

  @Override public void close() {
    if (uint16 != null) uint16.close();
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
