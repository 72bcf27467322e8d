package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.causalem.data.DataCube4D;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;

/**
 * Writes NumPy {@code .npy} files (version 1.0, or 2.0 when the header needs it), C order, atomically:
 * the file appears complete or not at all. Opens with {@code numpy.load} directly.
 */
public final class NpyWriter {
  private static final int CHUNK = 1 << 16;

  private NpyWriter() {}

  /** Writes float32 values ({@code <f4}) of the given shape (slowest axis first). */
  public static void write(Path file, float[] values, long... shape) throws IOException {
    write(file, Pixels.ofFloats(values), shape);
  }

  /** Writes float64 values ({@code <f8}) of the given shape. */
  public static void write(Path file, double[] values, long... shape) throws IOException {
    write(file, Pixels.ofDoubles(values), shape);
  }

  /** Writes int32 values ({@code <i4}) of the given shape. */
  public static void write(Path file, int[] values, long... shape) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    write(file, Pixels.ofBytes(PixelType.INT32, b, values.length), shape);
  }

  /**
   * Writes pixels in their own type and byte order (float-array pixels as {@code <f4}).
   *
   * @throws IllegalArgumentException if the shape does not hold {@code pixels.count()} values
   */
  public static void write(Path file, Pixels pixels, long... shape) throws IOException {
    Objects.requireNonNull(pixels, "pixels");
    checkShape(pixels.count(), shape);
    ByteBuffer raw = pixels.bytes();
    byte[] header = header(NpyHeader.descr(pixels.type(), raw.order()), shape);
    AtomicFiles.write(file, new PixelBytes(header, raw));
  }

  /** The header, then the pixels' bytes in chunks (a class, not a lambda: a lambda's first use costs more than a small file). */
  private record PixelBytes(byte[] header, ByteBuffer raw) implements AtomicFiles.StreamWriter {
    @Override public void write(java.io.OutputStream out) throws IOException {
      out.write(header);
      byte[] chunk = new byte[CHUNK];
      ByteBuffer src = raw.duplicate();
      while (src.hasRemaining()) {
        int n = Math.min(chunk.length, src.remaining());
        src.get(chunk, 0, n);
        out.write(chunk, 0, n);
      }
    }
  }

  /**
   * Writes a dataset with its shape (slowest first). Cubes are streamed frame by frame as float32
   * ({@code <f4}), never loaded whole; every other kind keeps its pixel type.
   */
  public static void write(Path file, Dataset dataset) throws IOException {
    long[] shape = dataset.shape();
    if (dataset instanceof DataCube4D cube) {
      writeCube(file, cube);
      return;
    }
    Pixels p;
    if (dataset instanceof Image d) p = d.pixels();
    else if (dataset instanceof ImageStack d) p = d.pixels();
    else if (dataset instanceof Spectrum d) p = d.pixels();
    else if (dataset instanceof SpectrumImage d) p = d.pixels();
    else if (dataset instanceof NdArray d) p = d.pixels();
    else throw new IllegalArgumentException("cannot write dataset kind " + dataset.kind());
    write(file, p, shape);
  }

  private static void writeCube(Path file, DataCube4D cube) throws IOException {
    byte[] header = header(NpyHeader.descr(PixelType.FLOAT32, ByteOrder.LITTLE_ENDIAN), cube.shape());
    AtomicFiles.write(file, new CubeFrames(header, cube));
  }

  /** The header, then the cube frame by frame as little-endian float32. */
  private record CubeFrames(byte[] header, DataCube4D cube) implements AtomicFiles.StreamWriter {
    @Override public void write(java.io.OutputStream out) throws IOException {
      int n = cube.detY() * cube.detX();
      out.write(header);
      float[] frame = new float[n];
      ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int ry = 0; ry < cube.scanY(); ry++) {
        for (int rx = 0; rx < cube.scanX(); rx++) {
          cube.readFrame(rx, ry, frame);
          bytes.clear();
          bytes.asFloatBuffer().put(frame);
          out.write(bytes.array(), 0, n * 4);
        }
      }
    }
  }

  /** The complete header (magic, version, length, dict, padding to a multiple of 64 bytes). */
  static byte[] header(String descr, long[] shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + NpyHeader.shapeText(shape) + ", }";
    byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
    int pre = 10;
    int total = align(pre + d.length + 1);
    int major = 1;
    if (total - pre > 0xFFFF) {
      pre = 12;
      total = align(pre + d.length + 1);
      major = 2;
    }
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) b.putShort((short) (total - pre));
    else b.putInt(total - pre);
    b.put(d);
    while (b.position() < total - 1) b.put((byte) ' ');
    b.put((byte) '\n');
    return b.array();
  }

  private static int align(int n) { return (n + 63) / 64 * 64; }

  private static void checkShape(long count, long[] shape) {
    long n = 1;
    for (long s : shape) {
      if (s < 0) throw new IllegalArgumentException("shape has a negative size: " + NpyHeader.shapeText(shape));
      n = Math.multiplyExact(n, s);
    }
    if (n != count) {
      throw new IllegalArgumentException("shape " + NpyHeader.shapeText(shape) + " holds " + n + " values, got " + count);
    }
  }
}
