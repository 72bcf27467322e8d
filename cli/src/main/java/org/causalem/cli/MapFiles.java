package org.causalem.cli;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.causalem.table.DescriptorTable;

/**
 * Writes the arrays, previews and tables of the {@code eels} and {@code fourd} commands: float32 /
 * int32 C-order NPY (format 1.0), 8-bit grayscale PNG previews, and CSV. Private to the CLI until the
 * shared writers are unified.
 */
final class MapFiles {
  private MapFiles() {}

  /** A little-endian float32 NPY file of the given C-order shape. */
  static void npy(Path file, float[] data, int... shape) throws IOException {
    check(data.length, shape, file);
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    write(file, "<f4", shape, b.array());
  }

  /** A little-endian int32 NPY file of the given C-order shape. */
  static void npy(Path file, int[] data, int... shape) throws IOException {
    check(data.length, shape, file);
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(data);
    write(file, "<i4", shape, b.array());
  }

  /** Rows of equal length stacked into a (rows, cols) or (rows, ...shape) float32 array. */
  static void npy(Path file, float[][] rows, int... innerShape) throws IOException {
    int inner = 1;
    for (int s : innerShape) inner *= s;
    float[] flat = new float[rows.length * inner];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * inner, inner);
    int[] shape = new int[innerShape.length + 1];
    shape[0] = rows.length;
    System.arraycopy(innerShape, 0, shape, 1, innerShape.length);
    npy(file, flat, shape);
  }

  private static void check(int n, int[] shape, Path file) {
    long p = 1;
    for (int s : shape) p *= s;
    if (p != n) throw new IllegalArgumentException(file.getFileName() + ": " + n + " values for shape " + Arrays.toString(shape));
  }

  private static void write(Path file, String dtype, int[] shape, byte[] body) throws IOException {
    StringBuilder sh = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) sh.append(i == 0 ? "" : ", ").append(shape[i]);
    if (shape.length == 1) sh.append(",");
    sh.append(")");
    String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + sh + ", }";
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    StringBuilder header = new StringBuilder(dict);
    while (10 + header.length() + 1 < total) header.append(' ');
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.write(h.length & 0xFF);
      out.write((h.length >> 8) & 0xFF);
      out.write(h);
      out.write(body);
    }
  }

  /**
   * An 8-bit grayscale preview, scaled linearly between the 1st and 99th percentiles of the finite
   * values (NaN black).
   */
  static void png(Path file, float[] map, int width, int height) throws IOException {
    float[] finite = new float[map.length];
    int m = 0;
    for (float v : map) if (Float.isFinite(v)) finite[m++] = v;
    Arrays.sort(finite, 0, m);
    double lo = m == 0 ? 0 : finite[(int) Math.floor(0.01 * (m - 1))];
    double hi = m == 0 ? 1 : finite[(int) Math.ceil(0.99 * (m - 1))];
    if (!(hi > lo)) hi = lo + 1;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < map.length; i++) {
      float v = map[i];
      int g = Float.isFinite(v) ? (int) Math.round(255 * Math.max(0, Math.min(1, (v - lo) / (hi - lo)))) : 0;
      px[i] = (byte) g;
    }
    if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available for " + file);
  }

  /** A CSV with a header row; NaN as an empty field; whole numbers without a decimal point. */
  static void csv(Path file, DescriptorTable table) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", table.names()));
      w.write('\n');
      int n = table.rows();
      double[][] cols = table.columns();
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.setLength(0);
        for (int j = 0; j < cols.length; j++) {
          if (j > 0) sb.append(',');
          double v = cols[j][i];
          if (Double.isNaN(v)) continue;
          if (v == Math.rint(v) && Math.abs(v) < 1e15) sb.append((long) v);
          else sb.append((float) v);
        }
        sb.append('\n');
        w.write(sb.toString());
      }
    }
  }

  /** A file name made safe from an edge or map name ({@code Ti-L23} stays, {@code a/b} becomes {@code a_b}). */
  static String safe(String name) { return name.replaceAll("[^A-Za-z0-9._-]", "_"); }
}
